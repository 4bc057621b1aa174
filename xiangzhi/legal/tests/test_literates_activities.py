"""法律明白人 from the registry with training records; 普法 activities."""

import pytest

from xiangzhi.customs.tests.customs_data import household, resident
from xiangzhi.legal.models import LegalActivity, LegalLiterate, Training

from .legal_data import A1, B1

pytestmark = pytest.mark.django_db


def test_register_literate_and_training(personas, login):
    person = resident(household("450321100200001"), name="覃明白")
    client = login(personas.cadre_a1)
    created = client.post("/api/v1/legal/literates", {"resident_id": person.pk, "trained_on": "2025-03-01"},
                          content_type="application/json")
    assert created.status_code == 201 and created.json()["village"] == A1
    pk = created.json()["id"]
    again = client.post("/api/v1/legal/literates", {"resident_id": person.pk, "trained_on": "2025-03-01"},
                        content_type="application/json")
    assert again.status_code == 422 and "已登记" in again.json()["errors"]["resident"][0]
    bad = client.post(f"/api/v1/legal/literates/{pk}/trainings", {"date": "2999-01-01", "topic": "", "hours": "abc"},
                      content_type="application/json")
    assert bad.status_code == 422 and set(bad.json()["errors"]) == {"date", "topic", "hours"}
    good = client.post(f"/api/v1/legal/literates/{pk}/trainings", {"date": "2025-04-01", "topic": "民法典",
                                                                   "hours": "2.5"}, content_type="application/json")
    assert good.status_code == 201 and good.json()["trainings"] == 1
    assert str(Training.objects.get().hours) == "2.5"
    assert login(personas.cadre_b1).post(f"/api/v1/legal/literates/{pk}/trainings",
                                         {"date": "2025-04-01", "topic": "x", "hours": "1"},
                                         content_type="application/json").status_code == 404
    assert LegalLiterate.objects.count() == 1


def test_other_village_resident_is_not_found(personas, login):
    person = resident(household("450321101200001"))
    response = login(personas.cadre_a1).post("/api/v1/legal/literates",
                                             {"resident_id": person.pk, "trained_on": "2025-03-01"},
                                             content_type="application/json")
    assert response.status_code == 404 and not LegalLiterate.objects.exists()


def test_activities_logged_in_scope(personas, login):
    client = login(personas.township_a)
    created = client.post("/api/v1/legal/activities", {
        "region": "450321100", "kind": "civil_code", "date": "2025-05-20", "place": "镇文化广场",
        "topic": "民法典宣传月", "attendance": "120"}, content_type="application/json")
    assert created.status_code == 201 and created.json()["kind_label"] == "民法典进万家"
    bad = client.post("/api/v1/legal/activities", {
        "region": A1, "kind": "to_countryside", "date": "2025-05-20", "place": "", "topic": "送法",
        "attendance": "0"}, content_type="application/json")
    assert bad.status_code == 422 and set(bad.json()["errors"]) == {"place", "attendance"}
    assert client.post("/api/v1/legal/activities", {
        "region": B1, "kind": "constitution", "date": "2025-05-20", "place": "村部", "topic": "宪法",
        "attendance": "30"}, content_type="application/json").status_code == 404
    assert LegalActivity.objects.count() == 1
    assert len(login(personas.cadre_a1).get("/api/v1/legal/activities").json()) == 0
    assert len(login(personas.county).get("/api/v1/legal/activities").json()) == 1
