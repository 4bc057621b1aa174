"""The county's yearly scheme: criteria, star bands and triggers; page and API; defaults."""

import pytest

from xiangzhi.core.models import AuditEvent
from xiangzhi.partyrating.models import RatingScheme
from xiangzhi.partyrating.schemes import scheme_for

from xiangzhi.partyrating.evaluations import review, self_assess, submit

from .rating_data import A1, COUNTY, YEAR, branch

pytestmark = pytest.mark.django_db


def _form(**overrides):
    data = {"year": YEAR, "label_1": "组织建设", "max_1": 30, "label_2": "发展治理", "max_2": 20,
            "star_bands": "20,30,40,45", "secretary_vacant_days": 60, "satisfaction_below": 70,
            "no_new_member_years": "", "bottom_share": 5, "last_place": "on"}
    data.update(overrides)
    return data


def test_county_sets_a_scheme_and_its_bands_give_the_stars(personas, login):
    assert scheme_for(COUNTY, YEAR).bottom_share == 10 and not scheme_for(COUNTY, YEAR).own
    client = login(personas.county)
    assert "本县尚未设置" in client.get("/partyrating/scheme/", {"year": YEAR}).content.decode()
    assert client.post("/partyrating/scheme/", _form()).status_code == 302
    row = RatingScheme.objects.get(region_id=COUNTY, year=YEAR)
    assert [c["max_score"] for c in row.criteria] == [30, 20] and row.star_bands == [20, 30, 40, 45]
    assert (row.secretary_vacant_days, row.satisfaction_below, row.no_new_member_years) == (60, 70, None)
    assert row.last_place and not row.mass_incident and row.bottom_share == 5
    assert AuditEvent.objects.get(action="partyrating.configure").changes["bottom_share"] == [10, 5]
    org = branch(A1)
    evaluation = self_assess(personas.secretary_a1, org, YEAR, scores={"c1": 28, "c2": 14})
    submit(personas.secretary_a1, evaluation)
    review(personas.township_a, evaluation, approve=True, scores={"c1": 28, "c2": 14}, opinion="好")
    evaluation = review(personas.county, evaluation, approve=True, scores={"c1": 28, "c2": 14}, opinion="同意")
    assert (evaluation.score, evaluation.stars) == (42, 4)


def test_bad_scheme_is_refused_with_the_field_named(personas, login):
    client = login(personas.county)
    response = client.post("/partyrating/scheme/", _form(star_bands="30,20,40,45", bottom_share=50, max_2=0))
    text = response.content.decode()
    assert response.status_code == 422 and "第 2 项标准的满分应为 1 至 100 之间的整数" in text
    assert "排名靠后比例应为 0 至 20 之间的整数" in text
    response = client.post("/partyrating/scheme/", _form(star_bands="30,20,40,45"))
    assert response.status_code == 422 and "星级分数线应逐级升高" in response.content.decode()
    assert not RatingScheme.objects.exists()


def test_scheme_scope_and_capability(personas, login):
    assert login(personas.township_a).post("/partyrating/scheme/", _form()).status_code == 403
    assert login(personas.county).post("/partyrating/scheme/?region=45", _form()).status_code == 404
    assert not RatingScheme.objects.exists()


def test_scheme_through_the_api(personas, login):
    client = login(personas.county)
    body = {"criteria": [{"label": "组织建设", "max_score": 50}, {"label": "发展治理", "max_score": 50}],
            "star_bands": [60, 70, 80, 90], "secretary_vacant_days": 90, "bottom_share": 8}
    response = client.put(f"/api/v1/partyrating/scheme/{COUNTY}/{YEAR}", body, content_type="application/json")
    assert response.status_code == 200 and response.json()["bottom_share"] == 8 and response.json()["own"]
    response = client.put(f"/api/v1/partyrating/scheme/{COUNTY}/{YEAR}", {**body, "star_bands": [1, 2]},
                          content_type="application/json")
    assert response.status_code == 422 and "星级分数线应为 4 个整数" in response.json()["errors"]["star_bands"][0]
    assert login(personas.township_a).get(f"/api/v1/partyrating/scheme/{COUNTY}/{YEAR}").status_code == 404
