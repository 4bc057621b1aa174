"""The plan's 儿童主任 coverage (二(五)4): a village counts when it has a child director in office at
the end of the period (today, for a period not yet over) — the same rows as the coverage page."""

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from xiangzhi.regions.indicators import in_units
from xiangzhi.targets.registry import UNITS, Indicator, register

from .models import ChildDirector


def directors_at_end(period, codes):
    """{village: 1} for the villages with a child director in office on the period's last day."""
    day = min(period.last, timezone.localdate())
    villages = (ChildDirector.objects.current(day).filter(in_units("village", codes))
                .values_list("village_id", flat=True).distinct())
    return {code: 1 for code in villages}


def coverage_url(region_code, period):
    return f"{reverse('children:coverage')}?{urlencode({'region': region_code})}"


register(Indicator(
    key="children.child_director_coverage", title="配备儿童主任的村占比", module="children", kind=UNITS,
    compute=directors_at_end, records_url=coverage_url,
    description="期末(本期未结束的按今天)有在任儿童主任的村，占全部村的比例。",
))
