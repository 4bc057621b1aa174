from django import template

from xiangzhi.finance.money import format_fen

register = template.Library()


@register.filter
def yuan(fen):
    """Fen shown as yuan: 123450 → "1,234.50"."""
    return format_fen(fen)
