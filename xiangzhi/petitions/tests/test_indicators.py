"""信访代办 replied within the handling deadline per village, and the county 矛调中心 standardised."""

import datetime

import pytest

from xiangzhi.petitions import actions
from xiangzhi.regions.models import Region
from xiangzhi.targets.periods import Period
from xiangzhi.targets.registry import get

from .petitions_data import A1, A2, B1, B1_TUN, TOWNSHIP_A, TOWNSHIP_B, resident

pytestmark = pytest.mark.django_db
D = datetime.date
COUNTY = "450321"


def petition(user, village, received, accepted=None, replied=None):
    tun = B1_TUN if village == B1 else ("450321100202001" if village == A2 else "450321100200001")
    created = actions.register_petition(user, village=Region.objects.get(code=village), petitioner=resident(tun),
                                        subject="宅基地被占", facts="邻居建房占用我家宅基地", received_on=received)
    if accepted:
        actions.accept_petition(user, created, on=accepted)
    if replied:
        actions.reply_petition(user, created, on=replied)
    return created


def test_petitions_replied_on_time(personas):
    petition(personas.cadre_a1, A1, D(2025, 1, 2), D(2025, 1, 5), D(2025, 2, 1))  # on time
    petition(personas.cadre_a1, A1, D(2025, 1, 2), D(2025, 1, 5), D(2025, 4, 1))  # 86 days: late
    petition(personas.cadre_a1, A1, D(2025, 6, 1), D(2025, 6, 1))  # due 2025-07-31, never replied
    petition(personas.cadre_a1, A1, D(2025, 12, 1))  # not accepted: no handling deadline yet
    petition(personas.cadre_a2, A2, D(2024, 3, 1), D(2024, 3, 2), D(2024, 4, 1))  # another year
    petition(personas.cadre_b1, B1, D(2025, 3, 1), D(2025, 3, 2), D(2025, 4, 30))  # day 59: on time
    compute = get("petitions.on_time").compute
    assert compute(Period.parse("2025"), None) == {A1: (1, 3), B1: (1, 1)}
    assert compute(Period.parse("2024"), None) == {A2: (1, 1)}
    assert compute(Period.parse("2025"), [B1]) == {B1: (1, 1)}
    assert compute(Period.parse("2025Q1"), None) == {A1: (1, 1)}


def test_county_mediation_centre_standardised(personas):
    county, township_a, township_b = (Region.objects.get(pk=code) for code in (COUNTY, TOWNSHIP_A, TOWNSHIP_B))
    actions.register_centre(personas.county, region=county, kind="mediation", name="阳朔县矛调中心",
                            standardised=True, standardised_on="2024-06-01")
    actions.register_centre(personas.county, region=county, kind="comprehensive", name="阳朔县综治中心",
                            standardised=True, standardised_on="2023-06-01")
    actions.register_centre(personas.county, region=township_a, kind="mediation", name="阳朔镇矛调中心",
                            standardised=True, standardised_on="2023-01-01")
    actions.register_centre(personas.county, region=township_b, kind="mediation", name="白沙镇矛调中心")
    indicator = get("petitions.county_centre_standardised")
    assert (indicator.kind, indicator.level) == ("units", "county")
    assert indicator.compute(Period.parse("2024"), None) == {COUNTY: 1}
    assert indicator.compute(Period.parse("2023"), None) == {}  # standardised in 2024
    assert indicator.compute(Period.parse("2024"), ["450322"]) == {}
    assert indicator.records_url(COUNTY, Period.parse("2024")) == "/petitions/centres/"
