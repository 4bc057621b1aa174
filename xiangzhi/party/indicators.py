"""党员联系农户 coverage per village: the same rows as the coverage page, at the end of a period."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.http import urlencode

from xiangzhi.people.models import Household
from xiangzhi.regions.indicators import in_units, village_of
from xiangzhi.targets.registry import RATIO, Indicator, register

from .models import HouseholdLink


def in_force_at_end(period):
    return Q(linked_on__lte=period.last) & (Q(ended_on__isnull=True) | Q(ended_on__gt=period.last))


def household_links(period, codes):
    """Households with a link in force on the period's last day / households registered by its end."""
    households = (
        Household.objects.filter(in_units("region_id", codes), created_at__lt=period.ends)
        .annotate(village=village_of()).values("village").order_by().annotate(n=Count("id"))
    )
    linked = (
        HouseholdLink.objects.filter(in_units("region_id", codes), in_force_at_end(period),
                                     household__created_at__lt=period.ends)
        .annotate(village=village_of()).values("village").order_by()
        .annotate(n=Count("household_id", distinct=True))
    )
    covered = {row["village"]: row["n"] for row in linked}
    return {row["village"]: (covered.get(row["village"], 0), row["n"]) for row in households}


def coverage_url(region_code, period):
    return f"{reverse('party:coverage')}?{urlencode({'region': region_code})}"


register(Indicator(
    key="party.household_links", title="党员联系农户覆盖率", module="party", kind=RATIO, period_kind="quarter",
    compute=household_links, records_url=coverage_url,
    description="期末已登记的农户中，期末有党员联系（联系已开始且未结束）的比例。",
))
