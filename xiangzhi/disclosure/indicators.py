"""Periodic disclosures published on time, from each village's cadence calendar (compliance.calendars_for:
the county's catalogue, the first publication of each item and period, the due dates)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from xiangzhi.regions.models import Region
from xiangzhi.targets.registry import RATIO, Indicator, register

from .calendar import Status
from .compliance import calendars_for

SETTLED = (Status.ON_TIME, Status.LATE, Status.OVERDUE)


def disclosures_on_time(period, codes, now=None):
    """Periodic disclosures whose due date falls in the period and has passed: published by the due
    date / due. The calendars are read as they stood at the period's end (or now, if earlier)."""
    now = min(now or timezone.now(), period.ends)
    villages = Region.objects.villages().order_by("code")
    if codes is not None:
        villages = villages.filter(code__in=codes)
    result = {}
    for calendar in calendars_for(list(villages.only("code", "name")), now):
        due = [entry for entry in calendar.entries
               if period.first <= entry.due_date <= period.last and entry.status in SETTLED]
        if due:
            on_time = sum(1 for entry in due if entry.status == Status.ON_TIME)
            result[calendar.village.code] = (on_time, len(due))
    return result


def calendar_url(region_code, period):
    if len(region_code) >= 12:
        return f"{reverse('disclosure:calendar')}?{urlencode({'village': region_code})}"
    return f"{reverse('disclosure:compliance')}?{urlencode({'region': region_code})}"


register(Indicator(
    key="disclosure.on_time", title="村务按期公开率", module="disclosure", kind=RATIO,
    compute=disclosures_on_time, records_url=calendar_url,
    description="公开期限在本期内且已届满的定期公开事项中，在期限内首次公开的比例。",
))
