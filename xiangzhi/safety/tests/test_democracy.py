"""民主法治示范村: apply with a self-assessment, township then county review, a city grant through
the foundation's designations, revocation with reason; personas and bad input."""

import datetime

import pytest
from conftest import make_user
from django.urls import reverse

from xiangzhi.core.models import AuditEvent
from xiangzhi.regions.models import Designation
from xiangzhi.safety.models import DemocracyApplication

from .safety_data import A1, A2

pytestmark = pytest.mark.django_db
SCORES = {"organisation": 14, "election": 9, "decision": 13, "management": 9, "supervision": 8,
          "publicity": 12, "lawful_conduct": 14, "safety": 10}


def form(scores=SCORES, year="2024", village=A1):
    data = {"village": village, "year": year, "summary": "村务监督委员会健全"}
    data.update({f"score_{key}": str(value) for key, value in scores.items()})
    return data


def apply_as(client, **kwargs):
    return client.post(reverse("safety:application_create"), form(**kwargs))


def test_full_flow_to_grant_then_revoke(personas, login):
    city = make_user("city", "city_official", "4503")
    assert apply_as(login(personas.secretary_a1)).status_code == 302
    application = DemocracyApplication.objects.get()
    assert application.self_score == sum(SCORES.values()) and application.status == "submitted"

    # The county cannot take the township's turn.
    review_url = reverse("safety:application_review", args=[application.pk])
    assert login(personas.county).post(review_url, {"decision": "pass", "opinion": "好"}).status_code == 403
    assert login(personas.township_b).post(review_url, {"decision": "pass", "opinion": "好"}).status_code == 404
    assert login(personas.township_a).post(review_url, {"decision": "pass", "opinion": "材料齐全"}).status_code == 302
    assert login(personas.county).post(review_url, {"decision": "pass", "opinion": "同意推荐"}).status_code == 302
    application.refresh_from_db()
    assert application.status == "county_passed" and application.township_opinion == "材料齐全"

    grant_url = reverse("safety:application_grant", args=[application.pk])
    # A county official holds designation.grant but cannot name at city level.
    assert login(personas.county).post(grant_url, {"level": "city", "granted_on": "2024-12-01"}).status_code == 403
    response = login(city).post(grant_url, {"level": "city", "granted_on": "2024-12-01", "document_number": "市法〔2024〕8号"})
    assert response.status_code == 302
    application.refresh_from_db()
    designation = Designation.objects.get()
    assert application.status == "granted" and application.designation == designation
    assert (designation.title, designation.level, designation.region_id) == ("democracy_law_village", "city", A1)
    targets = login(city).get("/api/v1/safety/democracy/targets").json()
    assert {t["level"]: t["count"] for t in targets} == {"region": 0, "city": 1}

    revoke_url = reverse("safety:application_revoke", args=[application.pk])
    response = login(city).post(revoke_url, {"reason": ""})
    assert response.status_code == 422 and "请填写撤销理由" in response.content.decode()
    assert Designation.objects.get().revoked_on is None
    assert login(city).post(revoke_url, {"reason": "发生重大违法事件"}).status_code == 302
    application.refresh_from_db()
    designation.refresh_from_db()
    assert application.status == "revoked" and designation.revoke_reason == "发生重大违法事件"
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"democracy_village.apply", "democracy_village.review_township", "democracy_village.review_county",
            "designation.grant", "democracy_village.grant", "designation.revoke", "democracy_village.revoke"} <= actions


def test_rejection_ends_and_allows_a_new_application(personas, login):
    assert apply_as(login(personas.cadre_a1)).status_code == 302
    application = DemocracyApplication.objects.get()
    url = reverse("safety:application_review", args=[application.pk])
    response = login(personas.township_a).post(url, {"decision": "reject", "opinion": ""})
    assert response.status_code == 422 and "请填写审核意见" in response.content.decode()
    assert login(personas.township_a).post(url, {"decision": "reject", "opinion": "民主监督台账不全"}).status_code == 302
    application.refresh_from_db()
    assert application.status == "rejected"
    assert login(personas.township_a).post(url, {"decision": "pass", "opinion": "再审"}).status_code == 422
    assert apply_as(login(personas.cadre_a1)).status_code == 302
    assert DemocracyApplication.objects.count() == 2


def test_apply_bad_input_and_personas(personas, login):
    client = login(personas.cadre_a1)
    response = apply_as(client, scores={**SCORES, "organisation": 16, "election": ""}, year="2099")
    assert response.status_code == 422
    body = response.content.decode()
    assert "“组织健全”的自评分应为 0 至 15" in body and "“民主选举”的自评分" in body and "年度应在" in body
    assert not DemocracyApplication.objects.exists()
    assert apply_as(client, village=A2).status_code == 404  # another village
    assert apply_as(login(personas.villager_a1)).status_code == 403
    client = login(personas.cadre_a1)
    assert client.get(reverse("safety:application_review", args=[1])).status_code == 405
    assert apply_as(client).status_code == 302
    response = apply_as(client)
    assert response.status_code == 422 and "已有在办或已命名的申报" in response.content.decode()


def test_scope_of_detail_and_api(personas, client):
    client.force_login(personas.cadre_a1)
    response = client.post("/api/v1/safety/democracy/applications",
                           {"village": A1, "year": 2024, "scores": SCORES}, content_type="application/json")
    assert response.status_code == 201
    pk = response.json()["id"]
    client.force_login(personas.cadre_b1)
    assert client.get(f"/api/v1/safety/democracy/applications/{pk}").status_code == 404
    assert client.get(reverse("safety:application_detail", args=[pk])).status_code == 404
    assert client.get("/api/v1/safety/democracy/applications").json() == []
    client.force_login(personas.township_a)
    response = client.post(f"/api/v1/safety/democracy/applications/{pk}/review",
                           {"approve": True, "opinion": "同意"}, content_type="application/json")
    assert response.json()["status"] == "township_passed"
    region_official = make_user("gx", "region_official", "45")
    client.force_login(personas.county)
    client.post(f"/api/v1/safety/democracy/applications/{pk}/review", {"approve": True, "opinion": "同意"},
                content_type="application/json")
    client.force_login(region_official)
    response = client.post(f"/api/v1/safety/democracy/applications/{pk}/grant",
                           {"level": "county", "granted_on": "2024-11-01"}, content_type="application/json")
    assert response.status_code == 422 and "level" in response.json()["errors"]
    response = client.post(f"/api/v1/safety/democracy/applications/{pk}/grant",
                           {"level": "region", "granted_on": str(datetime.date.today())}, content_type="application/json")
    assert response.status_code == 200 and response.json()["designation_level"] == "region"
