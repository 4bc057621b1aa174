"""Criteria: the ten stars by default; a county may configure its own, which its villages'
appraisals then use. Configuring needs the `rating.criteria` capability (a county post)."""

import json

import pytest

from xiangzhi.ratings import household_ratings
from xiangzhi.ratings.criteria import DEFAULT_CRITERIA, criteria_for
from xiangzhi.ratings.models import Criterion

from .ratings_data import A1, person, this_year

pytestmark = pytest.mark.django_db
API = "/api/v1/ratings"
COUNTY = "450321"


def put(client, items):
    return client.put(f"{API}/criteria/{COUNTY}", json.dumps({"items": items}), content_type="application/json")


def test_the_defaults_are_the_ten_stars(personas, login):
    response = login(personas.cadre_a1).get(f"{API}/criteria/{COUNTY}")
    assert [row["name"] for row in response.json()] == list(DEFAULT_CRITERIA)


def test_a_county_configures_its_own_criteria_for_its_appraisals(personas, login):
    client = login(personas.county)
    response = put(client, [{"name": "爱党爱国", "max_stars": 2}, {"name": "移风易俗", "max_stars": 1}])
    assert response.status_code == 200
    assert [c.name for c in criteria_for(COUNTY)] == ["爱党爱国", "移风易俗"]
    assert [c.name for c in criteria_for("450322")] == list(DEFAULT_CRITERIA)
    cycle = household_ratings.open_cycle(personas.cadre_a1, region=A1, year=this_year(), kind="civilized_family")
    rating = household_ratings.self_report(personas.cadre_a1, cycle, household=person().household, text="好")
    scores = {str(c.pk): c.max_stars for c in criteria_for(COUNTY)}
    household_ratings.record_appraisal(personas.cadre_a1, rating, scores)
    assert rating.stars == 3
    # Reconfiguring retires the old rows; the appraisal keeps what it scored.
    put(login(personas.county), [{"name": "卫生健康", "max_stars": 1}])
    assert [c.name for c in criteria_for(COUNTY)] == ["卫生健康"]
    assert rating.scores.count() == 2 and Criterion.objects.filter(county_id=COUNTY, active=False).count() == 2


@pytest.mark.parametrize("items, message", [
    ([], "至少要有一个评星项目。"),
    ([{"name": " ", "max_stars": 1}], "第 1 项:请填写评星项目名称。"),
    ([{"name": "甲", "max_stars": 1}, {"name": "甲", "max_stars": 1}], "第 2 项:“甲”重复。"),
    ([{"name": "甲", "max_stars": 9}], "第 1 项:星数应为 1 到 5。"),
])
def test_bad_criteria_change_nothing(personas, login, items, message):
    response = put(login(personas.county), items)
    assert response.status_code == 422 and response.json()["errors"]["items"] == [message]
    assert not Criterion.objects.filter(county_id=COUNTY).exists()


def test_only_a_county_post_configures(personas, login):
    assert put(login(personas.cadre_a1), [{"name": "甲", "max_stars": 1}]).status_code == 403
    assert not Criterion.objects.filter(county_id=COUNTY).exists()


def test_another_countys_criteria_are_out_of_reach(personas, login):
    from conftest import make_user
    from xiangzhi.regions.models import Region

    Region.objects.create(code="450322", name="临桂区", level="county", parent_id="4503")
    other = make_user("lingui", "county_department", "450322")
    response = login(other).put(f"{API}/criteria/{COUNTY}", json.dumps({"items": [{"name": "甲", "max_stars": 1}]}),
                                content_type="application/json")
    assert response.status_code == 404
    assert not Criterion.objects.filter(county_id=COUNTY).exists()
