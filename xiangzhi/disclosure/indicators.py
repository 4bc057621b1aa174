"""Periodic disclosures published on time, from each village's cadence calendar (calendar.owed: the
county's catalogue, the first publication of each item and period, the due dates)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from xiangzhi.regions.models import Region
from xiangzhi.targets.registry import RATIO, Indicator, register

from .calendar import Status, entry_status, first_publication, local_today, owed
from .catalogue import COUNTY_LENGTH
from .compliance import first_publications, items_by_county

SETTLED = (Status.ON_TIME, Status.LATE, Status.OVERDUE)


def disclosures_on_time(period, codes, now=None):
    """Periodic disclosures whose due date falls in the period and has passed: published by the due
    date / due. The calendars are read as they stood at the period's end (or now, if earlier).

    The entries a village's calendar lists depend on its county only (the catalogue), so they are
    listed once per county; a village is then read from its own publications — most entries have
    none, and a village without any is the county's count of entries past due (the whole region's
    16,681 calendars built one by one cost some 4 s)."""
    now = min(now or timezone.now(), period.ends)
    today = local_today(now)
    villages = Region.objects.villages().order_by("code")
    if codes is not None:
        villages = villages.filter(code__in=codes)
    village_codes = list(villages.values_list("code", flat=True))
    items = items_by_county(code[:COUNTY_LENGTH] for code in village_codes)
    published = first_publications(village_codes)
    due_in = {}  # county: [(period, keys)] due in the period
    for county, county_items in items.items():
        due_in[county] = [(owed_period, keys) for _item, owed_period, keys in owed(county_items, today)
                          if period.first <= owed_period.due_date <= period.last]
    overdue_unpublished = {county: sum(1 for owed_period, _keys in entries if now >= owed_period.due_at)
                           for county, entries in due_in.items()}
    result = {}
    for code in village_codes:
        county = code[:COUNTY_LENGTH]
        first_published = published.get(code)
        if not first_published:
            counts = (0, overdue_unpublished.get(county, 0))
        else:
            on_time = due = 0
            for owed_period, keys in due_in.get(county, ()):
                status = entry_status(owed_period, first_publication(first_published, keys), now)
                if status in SETTLED:
                    due += 1
                    on_time += status == Status.ON_TIME
            counts = (on_time, due)
        if counts[1]:
            result[code] = counts
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
