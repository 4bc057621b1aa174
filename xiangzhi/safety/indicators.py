"""The plan's safe-village numbers: 无案村 + 降发案村 by each county's own definition, and the
villages holding the 民主法治示范村 title at region and city level."""

from django.urls import reverse
from django.utils.http import urlencode

from xiangzhi.regions.indicators import in_force_at_end, in_units
from xiangzhi.regions.models import Designation, DesignationLevel
from xiangzhi.targets.registry import COUNT, UNITS, Indicator, register

from .definitions import COUNTY_LENGTH, Definition
from .democracy import TITLE
from .models import ApplicationStatus, CaseCount, CaseStatistics, SafetyDefinition
from .outcomes import Outcome, classify

QUALIFIED = (Outcome.NO_CASE, Outcome.FEWER_CASES)


def case_free_or_declining(period, codes):
    """{village: 1} for each 无案村 or 降发案村 of the period's year (safety.outcomes.classify with the
    county's definition); a village that has not reported is absent (never counted)."""
    year = period.year
    stats = {}
    rows = CaseStatistics.objects.current().filter(in_units("region_id", codes), year__in=[year - 1, year])
    for row in rows.values("region_id", "year", *CaseCount.values):
        code, row_year = row.pop("region_id"), row.pop("year")
        stats[(code, row_year)] = row
    counties = {code[:COUNTY_LENGTH] for code, row_year in stats if row_year == year}
    definitions = {row.region_id: Definition.of(row) for row in SafetyDefinition.objects.filter(region_id__in=counties)}
    # The national defaults, built once: Definition() translates its eight default criteria labels, and
    # one per village (16,000 of them) cost a second; classify reads only the two count lists.
    default = Definition(county="")
    result = {}
    for (code, row_year), counts in stats.items():
        if row_year != year:
            continue
        definition = definitions.get(code[:COUNTY_LENGTH]) or default
        if classify(definition, counts, stats.get((code, year - 1))) in QUALIFIED:
            result[code] = 1
    return result


def democracy_villages(level):
    def compute(period, codes):
        """{village: 1} for the villages holding the title at `level`, in force at the period's end."""
        rows = (
            Designation.objects.filter(in_force_at_end(period), in_units("region_id", codes), title=TITLE, level=level)
            .values_list("region_id", flat=True).distinct()
        )
        return {code: 1 for code in rows}

    return compute


def outcomes_url(region_code, period):
    return f"{reverse('safety:overview')}?{urlencode({'region': region_code, 'year': period.year})}"


def granted_url(region_code, period):
    return f"{reverse('safety:application_list')}?{urlencode({'region': region_code, 'status': ApplicationStatus.GRANTED})}"


register(Indicator(
    key="safety.case_free_or_declining", title="无案村和降发案村占比", module="safety", kind=UNITS,
    compute=case_free_or_declining, records_url=outcomes_url,
    description="按所在县的认定口径，年度无案村或降发案村占全部村的比例；未填报案件统计的村不计为达标。",
))
register(Indicator(
    key="law.democracy_region_villages", title="自治区级民主法治示范村", module="safety", kind=COUNT, unit="个",
    compute=democracy_villages(DesignationLevel.REGION), records_url=granted_url,
    description="期末仍有效的自治区级“民主法治示范村(社区)”称号的村数。",
))
register(Indicator(
    key="law.democracy_city_villages", title="市级民主法治示范村", module="safety", kind=COUNT, unit="个",
    compute=democracy_villages(DesignationLevel.CITY), records_url=granted_url,
    description="期末仍有效的市级“民主法治示范村(社区)”称号的村数。",
))
