"""县级以上文明村镇占比: villages holding a 文明村镇 title of county level or above at the period's end."""

import datetime

import pytest
from django.db.models import Q

from conftest import make_user
from xiangzhi.people.models import Household
from xiangzhi.regions.actions import grant_designation, revoke_designation
from xiangzhi.regions.indicators import in_units, village_of
from xiangzhi.regions.models import DesignationTitle, Region
from xiangzhi.targets.periods import Period
from xiangzhi.targets.registry import get

pytestmark = pytest.mark.django_db
A1, A2, B1, TOWNSHIP_A = "450321100200", "450321100202", "450321101200", "450321100"
CIVILIZED = DesignationTitle.CIVILIZED_VILLAGE


def test_civilised_villages(personas):
    official = make_user("region_official", "region_official", "45")
    a1, a2, b1, township = (Region.objects.get(pk=code) for code in (A1, A2, B1, TOWNSHIP_A))
    grant_designation(official, a1, title=CIVILIZED, level="county", year=2024, granted_on=datetime.date(2024, 5, 1))
    grant_designation(official, a2, title=CIVILIZED, level="city", year=2025, granted_on=datetime.date(2025, 5, 1))
    revoked = grant_designation(official, b1, title=CIVILIZED, level="region", year=2024,
                                granted_on=datetime.date(2024, 5, 1))
    revoke_designation(official, revoked, "不再符合条件")
    # A township holding the title is not a village.
    grant_designation(official, township, title=CIVILIZED, level="city", year=2024,
                      granted_on=datetime.date(2024, 5, 1))
    compute = get("moral.civilised_villages").compute
    assert compute(Period.parse("2024"), None) == {A1: 1, B1: 1}  # B1's title was revoked later
    assert compute(Period.parse("2025"), None) == {A1: 1, A2: 1, B1: 1}
    assert compute(Period.containing("year"), None) == {A1: 1, A2: 1}  # revoked this year
    assert compute(Period.parse("2025"), [A2, B1]) == {A2: 1, B1: 1}
    indicator = get("moral.civilised_villages")
    assert (indicator.kind, indicator.module) == ("units", "regions")
    assert indicator.records_url(A1, Period.parse("2025")) == "/regions/designations/?title=civilized_village"


def test_units_helpers_group_tun_records_by_village(tree):
    for region in ("450321100200001", "450321100200002", A1, "450321100202001", "450321101200001"):
        Household.objects.create(region_id=region)
    rows = (Household.objects.filter(in_units("region_id", [A1, B1])).annotate(village=village_of())
            .values_list("village", flat=True))
    assert sorted(rows) == [A1, A1, A1, B1]
    assert Household.objects.filter(in_units("region_id", None)).count() == 5
    assert not Household.objects.filter(in_units("region_id", [])).exists()
    assert in_units("region_id", None) == Q()
