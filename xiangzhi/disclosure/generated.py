"""Disclosures made from other modules' records, never typed: the monthly finance statement
(村级财务收支) comes from the posted vouchers of the village's ledger."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .calendar import local_today
from .models import Cadence, Generator


def generate(item, village, period):
    """{"title", "table", "figures"} for a generated item's period, or None for a typed item."""
    if item.generator != Generator.FINANCE_MONTHLY:
        return None
    from xiangzhi.finance.statements import monthly_statement

    if period.cadence != Cadence.MONTHLY:
        raise ValidationError({"period": _("财务收支须按月公开。")})
    if period.next().first_day > local_today():
        raise ValidationError({"period": _("%(period)s尚未结束,只能公开已结束月份的财务收支。") % {"period": period.label}})
    statement = monthly_statement(village.code, period.year, period.number)
    return {
        "title": statement.title,
        "table": statement.as_table(),
        "figures": {
            "totals": dict(statement.totals),
            "accounts": [
                {"name": line.name, "opening_fen": line.opening_fen, "income_fen": line.income_fen,
                 "expense_fen": line.expense_fen, "closing_fen": line.closing_fen}
                for line in statement.accounts
            ],
            "voucher_count": len(statement.vouchers),
        },
    }
