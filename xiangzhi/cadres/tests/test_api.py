"""/api/v1/cadres: trainings and attendance, standards, calculations, own — JSON errors and scope."""

import json

import pytest

from xiangzhi.cadres.models import Attendance, PayCalculation, TrainingPlan

from .cadres_data import A1, COUNTY, LAST_YEAR, backdate_posts, publish_result, training_payload

pytestmark = pytest.mark.django_db


def post(client, path, payload):
    return client.post(f"/api/v1/cadres{path}", json.dumps(payload), content_type="application/json")


def test_training_and_attendance_through_the_api(personas, login):
    backdate_posts()
    county = login(personas.county)
    payload = training_payload()
    payload["region"] = payload.pop("region_code")
    created = post(county, "/trainings", payload)
    assert created.status_code == 201
    plan_id = created.json()["id"]
    detail = county.get(f"/api/v1/cadres/trainings/{plan_id}").json()
    assert [t["name"] for t in detail["trainees"]] == ["secretary_a1"]
    bad = post(county, f"/trainings/{plan_id}/attendance", {"entries": [{"user": personas.cadre_a1.pk,
                                                                          "status": "present"}]})
    assert bad.status_code == 422 and "不是本次培训的培训对象" in bad.json()["errors"]["attendance.1"][0]
    done = post(county, f"/trainings/{plan_id}/attendance", {"entries": [{"user": personas.secretary_a1.pk,
                                                                           "status": "present"}]})
    assert done.status_code == 200 and done.json()["trainees"][0]["status"] == "present"
    assert Attendance.objects.count() == 1
    assert login(personas.township_b).get(f"/api/v1/cadres/trainings/{plan_id}").status_code == 200
    mine = login(personas.secretary_a1).get("/api/v1/cadres/mine").json()
    assert mine["hours"] == "24.0" and mine["trainings"][0]["status"] == "present"
    county = login(personas.county)
    invalid = post(county, "/trainings", {**payload, "target_roles": ["villager"]})
    assert invalid.status_code == 422 and "培训对象" in invalid.json()["errors"]["target_roles"][0]
    assert post(login(personas.cadre_a1), "/trainings", payload).status_code == 403
    assert TrainingPlan.objects.count() == 1


def test_pay_through_the_api(personas, login):
    backdate_posts()
    county = login(personas.county)
    standard = post(county, "/pay/standards", {"county": COUNTY, "year": LAST_YEAR, "role": "village_cadre",
                                               "monthly_basic": "1800", "performance": "5000", "rule": "grade_bands"})
    assert standard.status_code == 200 and standard.json()["monthly_basic_fen"] == 180000
    publish_result(by=personas.county, grade="excellent", score=93, rank=1)
    township = login(personas.township_a)
    created = post(township, "/pay/calculations", {"village": A1, "year": LAST_YEAR})
    assert created.status_code == 201
    row = created.json()[0]
    assert (row["basic_fen"], row["performance_fen"], row["total_fen"], row["source"]) == (
        2_160_000, 500_000, 2_660_000, "assessment")
    assert row["steps"][1].startswith("绩效:考核结果 93 分 优秀(方案《阳朔县村级实绩考核方案》第 1 名)")
    assert post(login(personas.township_b), "/pay/calculations", {"village": A1, "year": LAST_YEAR}).status_code == 404
    assert login(personas.township_b).get(f"/api/v1/cadres/pay/calculations/{row['id']}").status_code == 404
    mine = login(personas.cadre_a1).get("/api/v1/cadres/mine").json()
    assert [c["total_fen"] for c in mine["calculations"]] == [2_660_000]
    assert login(personas.secretary_a1).get("/api/v1/cadres/mine").json()["calculations"] == []
    county = login(personas.county)
    bad = post(county, "/pay/standards", {"county": COUNTY, "year": LAST_YEAR, "role": "villager",
                                          "monthly_basic": "", "performance": "1", "rule": "x"})
    assert bad.status_code == 422 and set(bad.json()["errors"]) >= {"role", "monthly_basic", "rule"}
    assert PayCalculation.objects.count() == 1
