"""The monthly shop statement (积分超市月度台账): per item the stock at the start of the month,
goods in, goods redeemed, returned and written off, the stock at the end, the points redeemed
and the value in 元 — all summed from the append-only stock movements, for the page and for a
三务公开 disclosure table ({"columns", "rows"})."""

import calendar
import datetime
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Q, Sum, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from xiangzhi.finance.money import format_fen

from .models import INCOMING_KINDS, Goods, MovementKind


@dataclass
class StatementLine:
    name: str
    unit: str
    opening: int = 0
    incoming: int = 0
    incoming_value_fen: int = 0
    redeemed: int = 0
    returned: int = 0
    written_off: int = 0
    points: int = 0
    outgoing_value_fen: int = 0

    @property
    def closing(self):
        return self.opening + self.incoming - self.redeemed + self.returned - self.written_off


@dataclass
class Statement:
    shop: object
    year: int
    month: int
    lines: list = field(default_factory=list)

    COLUMNS = ("商品", "月初库存", "入库", "入库价值(元)", "兑换出库", "取消退回", "报损", "月末库存",
               "兑换积分", "出库价值(元)")

    @property
    def title(self):
        return _("%(shop)s %(year)d年%(month)d月积分超市收支台账") % {
            "shop": self.shop.name, "year": self.year, "month": self.month}

    @property
    def totals(self):
        keys = ("incoming", "incoming_value_fen", "redeemed", "returned", "written_off", "points",
                "outgoing_value_fen")
        return {key: sum(getattr(line, key) for line in self.lines) for key in keys}

    def as_table(self):
        rows = [
            [f"{line.name}({line.unit})", line.opening, line.incoming, format_fen(line.incoming_value_fen),
             line.redeemed, line.returned, line.written_off, line.closing, line.points,
             format_fen(line.outgoing_value_fen)]
            for line in self.lines
        ]
        totals = self.totals
        rows.append([_("合计"), "", totals["incoming"], format_fen(totals["incoming_value_fen"]),
                     totals["redeemed"], totals["returned"], totals["written_off"], "", totals["points"],
                     format_fen(totals["outgoing_value_fen"])])
        return {"columns": [_(column) for column in self.COLUMNS], "rows": [[str(c) for c in r] for r in rows]}


def month_range(year, month):
    """The month's bounds as aware datetimes in local time (Asia/Shanghai)."""
    try:
        year, month = int(year), int(month)
        first = datetime.date(year, month, 1)
    except (TypeError, ValueError):
        raise ValidationError({"month": _("月份无效,应为 年-月,如 2025-06。")}) from None
    zone = ZoneInfo(settings.TIME_ZONE)
    following = first + datetime.timedelta(days=calendar.monthrange(year, month)[1])
    start = datetime.datetime.combine(first, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(following, datetime.time.min, tzinfo=zone)
    return year, month, start, end


def parse_month(text):
    """"2025-06" → (2025, 6), with a Chinese message for anything else."""
    parts = (text or "").strip().split("-")
    if len(parts) != 2 or not all(part.isdigit() for part in parts):
        raise ValidationError({"month": _("月份无效,应为 年-月,如 2025-06。")})
    year, month, _start, _end = month_range(int(parts[0]), int(parts[1]))
    if not 2000 <= year <= 2100:
        raise ValidationError({"month": _("月份无效,应为 年-月,如 2025-06。")})
    return year, month


def _sum(condition, column="quantity"):
    return Coalesce(Sum(Case(When(condition, then=column), output_field=IntegerField())), 0)


def monthly_statement(shop, year, month):
    year, month, start, end = month_range(year, month)
    in_month = Q(movements__created_at__gte=start, movements__created_at__lt=end)
    rows = (
        Goods.objects.filter(shop=shop)
        .values("pk", "name", "unit", "active")
        .annotate(
            opening=_sum(Q(movements__created_at__lt=start), "movements__quantity"),
            incoming=_sum(in_month & Q(movements__kind__in=INCOMING_KINDS), "movements__quantity"),
            incoming_value=_sum(in_month & Q(movements__kind__in=INCOMING_KINDS), "movements__value_fen"),
            redeemed=_sum(in_month & Q(movements__kind=MovementKind.REDEMPTION), "movements__quantity"),
            returned=_sum(in_month & Q(movements__kind=MovementKind.RETURN), "movements__quantity"),
            written_off=_sum(in_month & Q(movements__kind=MovementKind.WRITE_OFF), "movements__quantity"),
            points=_sum(in_month, "movements__points"),
            out_value=_sum(in_month & Q(movements__kind__in=(MovementKind.REDEMPTION, MovementKind.WRITE_OFF)),
                           "movements__value_fen"),
            return_value=_sum(in_month & Q(movements__kind=MovementKind.RETURN), "movements__value_fen"),
        )
        .order_by("name", "pk")
    )
    statement = Statement(shop=shop, year=year, month=month)
    for row in rows:
        if not row["active"] and not (row["opening"] or row["incoming"] or row["redeemed"] or row["written_off"]):
            continue  # off the shelf, empty and untouched this month
        statement.lines.append(StatementLine(
            name=row["name"], unit=row["unit"], opening=row["opening"], incoming=row["incoming"],
            incoming_value_fen=row["incoming_value"], redeemed=-row["redeemed"], returned=row["returned"],
            written_off=-row["written_off"], points=row["points"],
            outgoing_value_fen=row["out_value"] - row["return_value"],
        ))
    return statement


def disclosure_table(shop, year, month):
    """{"title", "table"} for a 三务公开 disclosure of the shop's month."""
    statement = monthly_statement(shop, year, month)
    return {"title": statement.title, "table": statement.as_table(), "totals": statement.totals}

