"""Showing an item's numbers: shares as percentages, counts as numbers, no value as 无数据."""

from django import template
from django.utils.translation import gettext as _

from xiangzhi.assessment.vetoes import allowed_vetoes

register = template.Library()


@register.filter
def measure(value, is_share):
    if value is None:
        return _("无数据")
    return f"{value * 100:.1f}%" if is_share else f"{value:g}"


@register.filter
def percent(fraction):
    return "—" if fraction is None else f"{fraction * 100:.1f}%"


@register.filter
def veto_title(key):
    veto = allowed_vetoes().get(key)
    return veto.title if veto else key
