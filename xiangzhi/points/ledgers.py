"""积分管理台账: every points entry of the unit's households in the period, with the household's
balance after it (the balance brought forward is read from the entries before the period)."""

from django.db.models import Prefetch, Sum

from xiangzhi.ledgers.registry import DATETIME_FORMAT, Column, Ledger, register
from xiangzhi.people.models import Relation, Resident

from .models import PointsEntry


def points_rows(region_code, period):
    entries = PointsEntry.objects.within(region_code)
    brought_forward = dict(
        entries.filter(created_at__lt=period.starts).order_by()
        .values_list("household").annotate(total=Sum("points")).values_list("household", "total")
    )
    heads = Prefetch(
        "household__residents", queryset=Resident.objects.filter(relation=Relation.HEAD).order_by("id"),
        to_attr="heads",
    )
    in_period = (
        entries.filter(created_at__gte=period.starts, created_at__lt=period.ends)
        .select_related("village", "household", "rule_item", "created_by")
        .prefetch_related(heads)
        .order_by("created_at", "id")
    )
    balances = dict(brought_forward)
    for entry in in_period:
        balances[entry.household_id] = balances.get(entry.household_id, 0) + entry.points
        yield (
            entry.created_at,
            entry.village.name,
            str(entry.household),
            "、".join(resident.name for resident in entry.household.heads),
            entry.get_kind_display(),
            entry.rule_item.name if entry.rule_item_id else "",
            entry.points,
            entry.reason,
            str(entry.created_by or "系统"),
            balances[entry.household_id],
        )


register(Ledger(
    key="points.entries",
    title="积分管理台账",
    module="points",
    period_kind="month",
    capability="points.view",
    columns=(
        Column("记录时间", 16, DATETIME_FORMAT), Column("村", 12), Column("户编号", 10), Column("户主", 8),
        Column("类别", 8), Column("积分项目", 16), Column("积分", 7, "+0;-0"), Column("事由", 28),
        Column("记录人", 8), Column("记录后余额", 10, "0"),
    ),
    rows=points_rows,
    order=50,
))
