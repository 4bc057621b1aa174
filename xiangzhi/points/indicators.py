"""积分制 reach: the households of a village with a points entry in the period."""

from django.db.models import Count
from django.urls import reverse
from django.utils.http import urlencode

from xiangzhi.people.models import Household
from xiangzhi.regions.indicators import in_units, village_of
from xiangzhi.targets.registry import RATIO, Indicator, register

from .models import PointsEntry


def households_by_village(period, codes):
    """{village: households registered before the period ended} (屯 households count for their village)."""
    rows = (
        Household.objects.filter(in_units("region_id", codes), created_at__lt=period.ends)
        .annotate(village=village_of()).values("village").order_by().annotate(n=Count("id"))
    )
    return {row["village"]: row["n"] for row in rows}


def household_coverage(period, codes):
    """Households with at least one points entry in the period / households registered by its end."""
    entered = (
        PointsEntry.objects.filter(in_units("village_id", codes), created_at__gte=period.starts,
                                   created_at__lt=period.ends)
        .annotate(unit=village_of("village_id")).values("unit").order_by().annotate(n=Count("household_id", distinct=True))
    )
    seen = {row["unit"]: row["n"] for row in entered}
    return {village: (seen.get(village, 0), total) for village, total in households_by_village(period, codes).items()}


def ledger_url(region_code, period):
    return f"{reverse('points:entry_list')}?{urlencode({'village': region_code})}"


register(Indicator(
    key="points.household_coverage", title="参与积分管理的农户占比", module="points", kind=RATIO,
    compute=household_coverage, records_url=ledger_url,
    description="期末已登记的农户中，本期有积分记录(加分、扣分、兑换等)的比例。",
))
