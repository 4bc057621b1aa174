"""/api/v1/assessment: schemes, vetoes, compute, publish, results — JSON errors, scope and capability."""

import json

import pytest

from xiangzhi.assessment.models import Result, Scheme, UnitVeto

from .conftest import TOWNSHIP_A, TOWNSHIP_B, YEAR, township_items, value

pytestmark = pytest.mark.django_db

PAYLOAD = {"title": "乡镇考核", "year": YEAR, "level": "township", "items": township_items(),
           "vetoes": ["public_security"]}


def post(client, path, payload=None):
    return client.post(f"/api/v1/assessment{path}", json.dumps(payload or {}), content_type="application/json")


def test_allowlist_lists_each_vetos_basis(personas, login):
    vetoes = login(personas.township_a).get("/api/v1/assessment/vetoes").json()
    assert {v["key"] for v in vetoes} == {"public_security", "work_safety"}
    assert all(v["basis"].startswith("《") and v["level"] in ("central", "regional") for v in vetoes)


def test_create_compute_publish_and_read(personas, login):
    value(TOWNSHIP_A, "assessment_test.advisors", YEAR, 1, 2)
    county = login(personas.county)
    created = post(county, "/schemes", PAYLOAD)
    assert created.status_code == 201
    scheme_id = created.json()["id"]
    assert created.json()["items"][1]["bands"] == [[100, 100], [90, 80], [60, 40]]
    ranking = post(county, f"/schemes/{scheme_id}/compute").json()
    assert [(r["region"], r["rank"]) for r in ranking] == [(TOWNSHIP_A, 1), (TOWNSHIP_B, 2)]
    assert ranking[0]["details"][0]["band"] == 2 and ranking[0]["score"] == 30.0
    assert post(county, f"/schemes/{scheme_id}/publish").json()["status"] == "published"
    mine = login(personas.township_a).get("/api/v1/assessment/results").json()
    assert [(r["region"], r["score"], r["grade_label"]) for r in mine] == [(TOWNSHIP_A, 30.0, "不合格")]
    assert login(personas.township_b).get(f"/api/v1/assessment/results/{mine[0]['id']}").status_code == 404


def test_bad_input_is_422_and_changes_nothing(personas, login):
    county = login(personas.county)
    response = post(county, "/schemes", {**PAYLOAD, "items": [{"target": "advisors", "weight": 90}],
                                         "vetoes": ["petitions_ranking"]})
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert "权重合计应为 100" in errors["items"][0] and "不在一票否决允许清单内" in errors["vetoes"][0]
    assert not Scheme.objects.exists()


def test_capability_and_scope(personas, login, other_county):
    assert post(login(personas.township_a), "/schemes", PAYLOAD).status_code == 403
    assert not Scheme.objects.exists()
    scheme_id = post(login(personas.county), "/schemes", PAYLOAD).json()["id"]
    other = login(other_county)
    assert other.get(f"/api/v1/assessment/schemes/{scheme_id}").status_code == 404
    assert post(other, f"/schemes/{scheme_id}/compute").status_code == 404
    veto = post(other, f"/schemes/{scheme_id}/vetoes", {"region": TOWNSHIP_A, "veto_key": "public_security",
                                                        "reason": "x", "evidence": "y"})
    assert veto.status_code == 404 and not UnitVeto.objects.exists() and not Result.objects.exists()
    assert login(personas.county).get(f"/api/v1/assessment/schemes/{scheme_id}/compute").status_code == 405


def test_veto_and_revise_through_the_api(personas, login):
    county = login(personas.county)
    scheme_id = post(county, "/schemes", PAYLOAD).json()["id"]
    bad = post(county, f"/schemes/{scheme_id}/vetoes", {"region": TOWNSHIP_A, "veto_key": "work_safety",
                                                        "reason": "事故", "evidence": "通报"})
    assert bad.status_code == 422 and "本方案列明" in bad.json()["errors"]["veto_key"][0]
    good = post(county, f"/schemes/{scheme_id}/vetoes", {"region": TOWNSHIP_A, "veto_key": "public_security",
                                                         "reason": "重大刑事案件", "evidence": "县综治办通报"})
    assert good.status_code == 201
    post(county, f"/schemes/{scheme_id}/compute")
    post(county, f"/schemes/{scheme_id}/publish")
    assert county.put(f"/api/v1/assessment/schemes/{scheme_id}", json.dumps(PAYLOAD),
                      content_type="application/json").status_code == 422
    revision = post(county, f"/schemes/{scheme_id}/revise", {"reason": "否决事实有误"})
    assert revision.status_code == 201 and revision.json()["version"] == 2
    assert revision.json()["supersedes"] == scheme_id and revision.json()["correction_reason"] == "否决事实有误"
    assert UnitVeto.objects.filter(scheme_id=revision.json()["id"]).count() == 1
