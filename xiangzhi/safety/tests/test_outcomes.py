"""无案村/降发案村: the default definition, a county's own, 未填报, shares against the target."""

import pytest
from django.test.utils import CaptureQueriesContext
from django.db import connection

from xiangzhi.regions.models import Region
from xiangzhi.safety.definitions import configure
from xiangzhi.safety.models import SafetyDefinition
from xiangzhi.safety.outcomes import outcomes

from .safety_data import A1, A2, B1, COUNTY, TOWNSHIP_A, political_legal, stats

pytestmark = pytest.mark.django_db


def by_code(data):
    return {row["code"]: row["outcome"] for row in data["villages"]}


def test_default_definition_and_not_reported(personas):
    county = Region.objects.get(pk=COUNTY)
    user = personas.county
    stats(A1, 2024, user, criminal=0, public_order=0, civil_to_criminal=2)  # 无案: only 刑事/治安 count
    stats(A2, 2023, user, criminal=3, public_order=2)
    stats(A2, 2024, user, criminal=2, public_order=1)  # 5 → 3: 降发案
    # B1 has 2023 only: 未填报 for 2024, never 无案.
    stats(B1, 2023, user)
    data = outcomes(county, 2024)
    assert by_code(data) == {A1: "no_case", A2: "fewer_cases", B1: "not_reported"}
    assert [row["code"] for row in data["not_reported"]] == [B1]
    summary = data["summary"]
    assert (summary.villages, summary.no_case, summary.fewer_cases, summary.not_reported) == (3, 1, 1, 1)
    assert summary.percent == 66.7 and summary.target_percent == 80 and not summary.meets_target
    townships = {child.code: child for child in data["children"]}
    assert townships[TOWNSHIP_A].percent == 100.0 and townships[TOWNSHIP_A].meets_target
    assert townships["450321101"].percent == 0.0


def test_more_cases_or_no_previous_year_is_neither(personas):
    user = personas.county
    stats(A1, 2023, user, criminal=1)
    stats(A1, 2024, user, criminal=1)  # equal: not fewer
    stats(A2, 2024, user, public_order=4)  # no 2023 row: cannot have fallen
    data = outcomes(Region.objects.get(pk=TOWNSHIP_A), 2024)
    assert by_code(data) == {A1: "neither", A2: "neither"}
    assert data["children"] == []


def test_county_own_definition_changes_the_result(personas):
    zfw = political_legal()
    user = personas.county
    stats(A1, 2023, user, criminal=0, public_order=0, mass_incidents=0)
    stats(A1, 2024, user, criminal=0, public_order=0, mass_incidents=1)
    stats(A2, 2023, user, criminal=1, public_order=0, civil_to_criminal=0)
    stats(A2, 2024, user, criminal=0, public_order=3, civil_to_criminal=0)
    county = Region.objects.get(pk=COUNTY)
    assert by_code(outcomes(county, 2024))[A1] == "no_case"
    assert by_code(outcomes(county, 2024))[A2] == "neither"  # 1 → 3
    # This county also demands no mass incident for 无案村, and judges 降发案 on criminal cases only.
    configure(zfw, county, no_case_counts=["criminal", "public_order", "mass_incidents"],
              fewer_case_counts=["criminal"], target_percent=60)
    data = outcomes(county, 2024)
    assert by_code(data)[A1] == "neither"
    assert by_code(data)[A2] == "fewer_cases"  # criminal 1 → 0, though public-order cases rose
    assert data["summary"].target_percent == 60


def test_configure_bad_input_changes_nothing(personas):
    zfw = political_legal()
    county = Region.objects.get(pk=COUNTY)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as raised:
        configure(zfw, county, no_case_counts=[], fewer_case_counts=["robbery"], target_percent=120)
    errors = raised.value.message_dict
    assert "请至少选择一类案件" in errors["no_case_counts"][0]
    assert "robbery" in errors["fewer_case_counts"][0]
    assert "1 至 100" in errors["target_percent"][0]
    assert not SafetyDefinition.objects.exists()


def test_city_outcomes_in_few_queries(personas):
    """A county of ~150 villages: the computation does not grow with the number of villages."""
    township = Region.objects.get(pk=TOWNSHIP_A)
    for number in range(150):
        code = f"450321100{300 + number}"
        Region.objects.create(code=code, name=f"村{number}", level="village", parent=township)
        stats(code, 2024, personas.county, criminal=number % 2)
    city = Region.objects.get(pk="4503")
    with CaptureQueriesContext(connection) as queries:
        data = outcomes(city, 2024)
    assert len(queries) <= 4
    assert data["summary"].villages == 153
    assert data["summary"].no_case == 75
    assert [child.code for child in data["children"]] == [COUNTY]
