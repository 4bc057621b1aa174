"""The monthly statement (月度财务收支情况), computed from posted vouchers only.

The disclosure module snapshots `monthly_statement(...).as_table()` into a finance
disclosure, so the figures are generated here and never typed again.
"""

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Case, F, Sum, When
from django.utils.translation import gettext as _

from .models import CATEGORY_LABELS, Direction, FundAccount, Voucher, VoucherState
from .money import format_fen


@dataclass
class AccountLine:
    name: str
    opening_fen: int
    income_fen: int
    expense_fen: int
    closing_fen: int


@dataclass
class MonthlyStatement:
    region_code: str
    region_name: str
    year: int
    month: int
    accounts: list = field(default_factory=list)
    income_by_category: list = field(default_factory=list)
    expense_by_category: list = field(default_factory=list)
    vouchers: list = field(default_factory=list)
    totals: dict = field(default_factory=dict)

    @property
    def title(self):
        return _("%(village)s %(year)d年%(month)d月财务收支情况") % {
            "village": self.region_name, "year": self.year, "month": self.month,
        }

    COLUMNS = ("凭证号", "日期", "收支", "类别", "对方单位/个人", "摘要", "金额(元)")

    def as_table(self):
        """{"columns", "rows"}: every posted voucher of the month, then the month's totals."""
        rows = [
            [v["number"], v["date"], v["direction"], v["category"], v["counterparty"], v["summary"],
             format_fen(v["amount_fen"])]
            for v in self.vouchers
        ]
        blank = [""] * 5
        rows.append([*blank, _("月初余额"), format_fen(self.totals["opening_fen"])])
        for label, amount in self.income_by_category:
            rows.append([*blank, _("收入·%(label)s") % {"label": label}, format_fen(amount)])
        rows.append([*blank, _("本月收入合计"), format_fen(self.totals["income_fen"])])
        for label, amount in self.expense_by_category:
            rows.append([*blank, _("支出·%(label)s") % {"label": label}, format_fen(amount)])
        rows.append([*blank, _("本月支出合计"), format_fen(self.totals["expense_fen"])])
        for account in self.accounts:
            rows.append([*blank, _("%(name)s月末余额") % {"name": account.name}, format_fen(account.closing_fen)])
        rows.append([*blank, _("月末余额合计"), format_fen(self.totals["closing_fen"])])
        return {"columns": [_(c) for c in self.COLUMNS], "rows": rows}


def month_bounds(year, month):
    if not (1 <= int(month) <= 12) or not (1900 <= int(year) <= 9999):
        raise ValueError("month out of range")
    first = datetime.date(year, month, 1)
    last = datetime.date(year, month, calendar.monthrange(year, month)[1])
    return first, last


def _signed_delta():
    """A voucher's effect on its account's balance, as an SQL expression."""
    sign = Case(When(reverses__isnull=True, then=1), default=-1)
    direction = Case(When(direction=Direction.INCOME, then=1), default=-1)
    return F("total_fen") * sign * direction


def monthly_statement(region_code: str, year: int, month: int) -> MonthlyStatement:
    from xiangzhi.regions.models import Region

    first, last = month_bounds(year, month)
    region = Region.objects.filter(code=region_code).first()
    statement = MonthlyStatement(region_code, region.name if region else region_code, year, month)
    posted = Voucher.objects.within(region_code).filter(state=VoucherState.POSTED)
    before = dict(
        posted.filter(posted_on__lt=first).values("account").order_by("account")
        .annotate(net=Sum(_signed_delta())).values_list("account", "net")
    )
    in_month = list(
        posted.filter(posted_on__gte=first, posted_on__lte=last)
        .select_related("reverses").order_by("posted_on", "number", "id")
    )
    income = defaultdict(int)
    expense = defaultdict(int)
    by_income_category = defaultdict(int)
    by_expense_category = defaultdict(int)
    for voucher in in_month:
        if voucher.direction == Direction.INCOME:
            income[voucher.account_id] += voucher.signed_fen
            by_income_category[voucher.category] += voucher.signed_fen
        else:
            expense[voucher.account_id] += voucher.signed_fen
            by_expense_category[voucher.category] += voucher.signed_fen
        summary = voucher.summary
        statement.vouchers.append({
            "number": voucher.number,
            "date": voucher.posted_on.isoformat(),
            "direction": str(voucher.get_direction_display()),
            "category": str(voucher.category_label),
            "counterparty": voucher.counterparty,
            "summary": summary,
            "amount_fen": voucher.signed_fen,
        })
    accounts = FundAccount.objects.within(region_code).filter(opened_on__lte=last).order_by("region_id", "kind", "id")
    for account in accounts:
        opening = account.opening_balance_fen + (before.get(account.pk) or 0)
        statement.accounts.append(AccountLine(
            name=account.name, opening_fen=opening, income_fen=income[account.pk], expense_fen=expense[account.pk],
            closing_fen=opening + income[account.pk] - expense[account.pk],
        ))
    statement.income_by_category = _ordered(by_income_category)
    statement.expense_by_category = _ordered(by_expense_category)
    statement.totals = {
        key: sum(getattr(line, key) for line in statement.accounts)
        for key in ("opening_fen", "income_fen", "expense_fen", "closing_fen")
    }
    return statement


def _ordered(by_category):
    order = list(CATEGORY_LABELS)
    return [
        (str(CATEGORY_LABELS[key]), amount)
        for key, amount in sorted(by_category.items(), key=lambda item: order.index(item[0]))
    ]
