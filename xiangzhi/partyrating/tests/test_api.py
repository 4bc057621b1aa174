"""/api/v1/partyrating: evaluations, screening and rectifications through JSON, scoped and audited."""

import datetime

import pytest
from django.utils import timezone

from xiangzhi.partyrating.models import Evaluation, Rectification, WeakFlag

from .rating_data import A1, A2, YEAR, branches, scores

pytestmark = pytest.mark.django_db
API = "/api/v1/partyrating"


def _json(client, method, path, body):
    return getattr(client, method)(f"{API}{path}", body, content_type="application/json")


def test_evaluation_flow_through_the_api(personas, login):
    orgs = branches()
    client = login(personas.secretary_a1)
    response = _json(client, "post", "/evaluations", {"organisation": orgs[A1].pk, "year": YEAR,
                                                      "scores": {**scores(15), "members": 21}})
    assert response.status_code == 422 and "“党员管理”的得分应为 0 至 20" in response.json()["errors"]["score_members"][0]
    assert _json(client, "post", "/evaluations", {"organisation": orgs[A2].pk, "year": YEAR,
                                                  "scores": scores(15)}).status_code == 404
    response = _json(client, "post", "/evaluations", {"organisation": orgs[A1].pk, "year": YEAR,
                                                      "scores": scores(15), "satisfaction": "72.5"})
    assert response.status_code == 201 and response.json()["self_total"] == 75
    pk = response.json()["id"]
    assert client.post(f"{API}/evaluations/{pk}/submit").json()["state"] == "submitted"
    township = login(personas.township_a)
    response = _json(township, "post", f"/evaluations/{pk}/review", {"approve": True, "scores": scores(19),
                                                                      "opinion": "同意"})
    assert response.json()["state"] == "township_reviewed" and response.json()["score"] == 95
    assert _json(login(personas.cadre_a1), "post", f"/evaluations/{pk}/review",
                 {"approve": True, "scores": scores(19), "opinion": "x"}).status_code == 403
    response = _json(login(personas.county), "post", f"/evaluations/{pk}/review",
                     {"approve": True, "scores": scores(19), "opinion": "同意"})
    assert response.json()["stars"] == 5
    listed = login(personas.township_b).get(f"{API}/evaluations", {"year": YEAR}).json()
    assert listed == []
    assert Evaluation.objects.get().stars == 5


def test_screening_and_rectification_through_the_api(personas, login):
    orgs = branches()
    township = login(personas.township_a)
    response = _json(township, "post", "/screening/run", {"region": "450321100", "year": YEAR})
    # Neither A village had a secretary post or a member in 2025.
    assert {(f["village"], f["trigger"]) for f in response.json()} == {
        (A1, "secretary_vacant"), (A1, "no_new_member"), (A2, "secretary_vacant"), (A2, "no_new_member")}
    response = _json(township, "post", "/screening/flags", {"organisation": orgs[A1].pk, "year": YEAR,
                                                            "trigger": "clan_religious", "reason": "宗族干扰换届"})
    assert response.status_code == 201 and response.json()["manual"]
    deadline = timezone.localdate() + datetime.timedelta(days=60)
    response = _json(township, "post", "/rectifications", {"organisation": orgs[A1].pk, "year": YEAR,
                                                           "problems": "宗族干扰", "deadline": str(deadline)})
    assert response.status_code == 201
    pk = response.json()["id"]
    response = _json(township, "post", f"/rectifications/{pk}/tasks",
                     {"title": "选优配强书记", "owner": "乡党委副书记", "deadline": str(deadline)})
    task = response.json()["id"]
    response = _json(township, "post", f"/rectifications/{pk}/tasks/{task}/done",
                     {"done_on": str(timezone.localdate()), "note": "已选派"})
    assert response.json()["done_on"] == str(timezone.localdate())
    response = _json(township, "post", f"/rectifications/{pk}/close", {"passed": True, "opinion": "销号"})
    assert response.json()["state"] == "passed"
    assert Rectification.objects.get().state == "passed"
    assert login(personas.township_b).get(f"{API}/rectifications/{pk}").status_code == 404
    assert _json(login(personas.township_b), "post", "/screening/flags", {
        "organisation": orgs[A1].pk, "year": YEAR, "trigger": "disunity", "reason": "x"}).status_code == 404
    assert WeakFlag.objects.filter(manual=True).count() == 1
