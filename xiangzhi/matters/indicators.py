"""四议两公开 compliance per village, by the supervision page's own rule (queries.bypassed_filings):
a 重大事项备案 of a kind the county's 村级协商目录 covers is a major matter decided by the village;
it went through the procedure when a matter stands behind it whose current round passed ①–④ and
whose decision was published (⑤) — procedure.missing_trail finds nothing missing."""

from collections import defaultdict

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils.http import urlencode

from xiangzhi.core.catalogues import REGION_WIDE
from xiangzhi.finance.models import Filing
from xiangzhi.regions.indicators import in_units, village_of
from xiangzhi.targets.registry import RATIO, Indicator, register

from .catalogue import COUNTY_LENGTH
from .models import CatalogueItem, MatterStep, Notice, NoticeKind, Step


def covered_kinds():
    """{county code: filing kinds its 村级协商目录 covers}, and under REGION_WIDE those of the
    region-wide catalogue (for counties with no row of their own): active items with a filing kind,
    a county's own rows and the region-wide ones it has not replaced (CountyCatalogueQuerySet.for_county)."""
    rows = list(CatalogueItem.objects.values_list("pk", "region_code", "replaces_id", "active", "filing_kind"))
    shared = [(pk, kind) for pk, region_code, _replaces, active, kind in rows
              if region_code == REGION_WIDE and active and kind]
    own, replaced = defaultdict(set), defaultdict(set)
    for _pk, region_code, replaces_id, active, kind in rows:
        if region_code == REGION_WIDE:
            continue
        replaced[region_code].add(replaces_id)
        if active and kind:
            own[region_code].add(kind)
    kinds = {REGION_WIDE: {kind for _pk, kind in shared}}
    for county in replaced:
        kinds[county] = own[county] | {kind for pk, kind in shared if pk not in replaced[county]}
    return kinds


def whole_trail(matter="matter"):
    """The filing's matter passed ①–④ in its current round and published its decision (⑤)."""
    ref = OuterRef(matter)
    passed = [
        Exists(MatterStep.objects.filter(matter=ref, round=OuterRef(f"{matter}__round"), step=step, passed=True))
        for step in Step
    ]
    published = Exists(Notice.objects.filter(matter=ref, kind=NoticeKind.RESOLUTION))
    condition = Q(matter__isnull=False) & Q(published)
    for exists in passed:
        condition &= Q(exists)
    return condition


def four_two_compliance(period, codes):
    """重大事项备案 of a catalogue kind filed in the period: with a whole 四议两公开 trail / filed."""
    rows = (
        Filing.objects.filter(in_units("region_id", codes), created_at__gte=period.starts, created_at__lt=period.ends)
        .annotate(village=village_of()).values("village", "kind").order_by()
        .annotate(lawful=Count("id", filter=whole_trail()), filed=Count("id"))
    )
    kinds = covered_kinds()
    result = {}
    for row in rows:
        county = row["village"][:COUNTY_LENGTH]
        if row["kind"] not in kinds.get(county, kinds[REGION_WIDE]):
            continue
        lawful, filed = result.get(row["village"], (0, 0))
        result[row["village"]] = (lawful + row["lawful"], filed + row["filed"])
    return result


def supervision_url(region_code, period):
    return f"{reverse('matters:supervision')}?{urlencode({'region': region_code})}"


register(Indicator(
    key="matters.four_two_compliance", title="重大事项履行“四议两公开”比例", module="matters", kind=RATIO,
    compute=four_two_compliance, records_url=supervision_url,
    description="本期报备的、属于村级协商目录类别的重大事项中，有对应事项且完整履行“四议”并已决议公开的比例。",
))
