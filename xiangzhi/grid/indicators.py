"""Grid work measured per village: events closed on time and to the reporter's satisfaction (the
county view's own rules, boards.performance), and households visited."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from xiangzhi.people.models import Household
from xiangzhi.regions.indicators import in_units, village_of
from xiangzhi.targets.registry import RATIO, Indicator, register

from .boards import performance
from .events import LOW_RATING
from .models import Event, Visit


def _closed_in(period, codes):
    return (
        Event.objects.filter(in_units("region_id", codes), closed_at__gte=period.starts, closed_at__lt=period.ends)
        .annotate(village=village_of()).values("village").order_by()
    )


def events_on_time(period, codes):
    """Events closed in the period: closed on time (never escalated, resolved by the resolve
    deadline) / closed."""
    measures = performance(timezone.now())
    rows = _closed_in(period, codes).annotate(on_time=measures["on_time"], closed=measures["closed"])
    return {row["village"]: (row["on_time"], row["closed"]) for row in rows if row["closed"]}


def event_satisfaction(period, codes):
    """Events closed in the period with the reporter's rating: rated above LOW_RATING / rated."""
    rows = _closed_in(period, codes).filter(rating__isnull=False).annotate(
        satisfied=Count("id", filter=Q(rating__gt=LOW_RATING)), rated=Count("id"),
    )
    return {row["village"]: (row["satisfied"], row["rated"]) for row in rows}


def visit_coverage(period, codes):
    """Households visited at least once in the period / households registered by its end."""
    households = (
        Household.objects.filter(in_units("region_id", codes), created_at__lt=period.ends)
        .annotate(village=village_of()).values("village").order_by().annotate(n=Count("id"))
    )
    visited = (
        Visit.objects.filter(in_units("region_id", codes), visited_on__range=(period.first, period.last))
        .annotate(village=village_of()).values("village").order_by()
        .annotate(n=Count("household_id", distinct=True))
    )
    seen = {row["village"]: row["n"] for row in visited}
    return {row["village"]: (seen.get(row["village"], 0), row["n"]) for row in households}


def events_url(region_code, period):
    return f"{reverse('grid:event_list')}?{urlencode({'region': region_code})}"


def visits_url(region_code, period):
    return f"{reverse('grid:visit_list')}?{urlencode({'region': region_code})}"


register(Indicator(
    key="grid.events_on_time", title="网格事件按期办结率", module="grid", kind=RATIO, period_kind="quarter",
    compute=events_on_time, records_url=events_url,
    description="本期关闭的网格事件中，未被升级且在办结期限内办结的比例。",
))
register(Indicator(
    key="grid.event_satisfaction", title="网格事件群众满意率", module="grid", kind=RATIO, period_kind="quarter",
    compute=event_satisfaction, records_url=events_url,
    description=f"本期关闭并经报告人评价的网格事件中，评价高于 {LOW_RATING} 分的比例。",
))
register(Indicator(
    key="grid.visit_coverage", title="网格走访户覆盖率", module="grid", kind=RATIO, period_kind="quarter",
    compute=visit_coverage, records_url=visits_url,
    description="期末已登记的农户中，本期至少走访一次的比例。",
))
