"""The safety app's plan indicators: 无案村/降发案村 per village by the county's definition, and the
villages holding the 民主法治示范村 title at the end of a year."""

import datetime

import pytest

from conftest import make_user
from xiangzhi.regions.actions import grant_designation, revoke_designation
from xiangzhi.regions.models import DesignationTitle, Region
from xiangzhi.safety.definitions import configure
from xiangzhi.targets.periods import Period
from xiangzhi.targets.registry import get

from .safety_data import A1, A2, B1, COUNTY, political_legal, stats

pytestmark = pytest.mark.django_db
YEAR_2024 = Period.parse("2024")


def compute(key, period=YEAR_2024, codes=None):
    return get(key).compute(period, codes)


def test_case_free_or_declining_per_village(personas):
    user = personas.county
    stats(A1, 2024, user, civil_to_criminal=2)  # 无案村: the default counts only 刑事/治安
    stats(A2, 2023, user, criminal=3, public_order=2)
    stats(A2, 2024, user, criminal=2, public_order=1)  # 5 → 3: 降发案村
    stats(B1, 2023, user)  # nothing for 2024: 未填报, never counted
    stats(B1, 2025, user)  # a clean year outside the period
    assert compute("safety.case_free_or_declining") == {A1: 1, A2: 1}
    assert compute("safety.case_free_or_declining", Period.parse("2025")) == {B1: 1}
    assert compute("safety.case_free_or_declining", codes=[A2]) == {A2: 1}
    indicator = get("safety.case_free_or_declining")
    assert indicator.kind == "units" and indicator.level == "village"
    assert indicator.records_url(A1, YEAR_2024) == f"/safety/?region={A1}&year=2024"


def test_the_counties_own_definition_decides(personas):
    user = personas.county
    stats(A1, 2024, user, mass_incidents=1)
    stats(A2, 2023, user, criminal=1)
    stats(A2, 2024, user, public_order=3)  # 1 → 3 by default: neither
    assert compute("safety.case_free_or_declining") == {A1: 1}
    configure(political_legal(), Region.objects.get(pk=COUNTY), no_case_counts=["criminal", "mass_incidents"],
              fewer_case_counts=["criminal"], target_percent=80)
    # Now a mass incident spoils 无案村, and 降发案 is judged on criminal cases only (1 → 0).
    assert compute("safety.case_free_or_declining") == {A2: 1}


def test_democracy_villages_in_force_at_year_end(personas):
    region = make_user("region_official", "region_official", "45")
    a1, a2, b1 = (Region.objects.get(pk=code) for code in (A1, A2, B1))
    title = DesignationTitle.DEMOCRACY_LAW_VILLAGE
    grant_designation(region, a1, title=title, level="region", year=2024, granted_on=datetime.date(2024, 6, 1))
    grant_designation(region, a2, title=title, level="city", year=2024, granted_on=datetime.date(2024, 3, 1))
    revoked = grant_designation(region, b1, title=title, level="region", year=2023,
                                granted_on=datetime.date(2023, 5, 1))
    revoke_designation(region, revoked, "发生重大违法事件")
    revoked.refresh_from_db()
    # Another title of the same level does not count.
    grant_designation(region, a2, title=DesignationTitle.CIVILIZED_VILLAGE, level="region", year=2024,
                      granted_on=datetime.date(2024, 3, 1))
    assert compute("law.democracy_region_villages") == {A1: 1, B1: 1}  # B1's title was revoked later
    assert compute("law.democracy_city_villages") == {A2: 1}
    # Before A1 was named; this year B1 no longer holds its title.
    assert compute("law.democracy_region_villages", Period.parse("2023")) == {B1: 1}
    assert revoked.revoked_on.year == Period.containing("year").year
    assert compute("law.democracy_region_villages", Period.containing("year")) == {A1: 1}
    assert compute("law.democracy_region_villages", codes=[A2, B1]) == {B1: 1}
    assert get("law.democracy_region_villages").kind == "count"
