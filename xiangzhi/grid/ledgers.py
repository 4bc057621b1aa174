"""网格走访台账: each household visit logged in the unit in the period, by date."""

from django.db.models import Prefetch

from xiangzhi.ledgers.registry import DATE_FORMAT, Column, Ledger, register
from xiangzhi.people.models import Relation, Resident

from .models import Visit


def visit_rows(region_code, period):
    heads = Prefetch(
        "household__residents", queryset=Resident.objects.filter(relation=Relation.HEAD).order_by("id"),
        to_attr="heads",
    )
    visits = (
        Visit.objects.within(region_code)
        .filter(visited_on__range=(period.first, period.last))
        .select_related("region", "grid", "household", "visitor", "event__category")
        .prefetch_related(heads)
        .order_by("visited_on", "id")
    )
    for visit in visits:
        household = visit.household
        head = "、".join(resident.name for resident in household.heads)
        event = f"{visit.event.category.name}（事件 {visit.event_id}）" if visit.event_id else ""
        yield (
            visit.visited_on,
            visit.region.name,
            visit.grid.name if visit.grid_id else "",
            str(household),
            head,
            household.address,
            str(visit.visitor),
            visit.findings,
            event,
        )


register(Ledger(
    key="grid.visits",
    title="网格走访台账",
    module="grid",
    period_kind="month",
    capability="grid.event.view",
    columns=(
        Column("走访日期", 11, DATE_FORMAT), Column("屯/村", 12), Column("网格", 14), Column("户编号", 10),
        Column("户主", 8), Column("住址", 18), Column("走访人", 8), Column("走访情况", 36),
        Column("生成事件", 16),
    ),
    rows=visit_rows,
    order=40,
))
