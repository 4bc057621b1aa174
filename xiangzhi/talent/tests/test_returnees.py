"""回引计划: returnees with status steps and their history."""

import pytest

from xiangzhi.core.models import AuditEvent
from xiangzhi.talent.models import Returnee, ReturneeStep

from .talent_data import A1, B1, person, post

pytestmark = pytest.mark.django_db


def _returnee(client, village=A1):
    return post(client, "/api/v1/talent/returnees",
                {"village": village, "name": "黄返乡", "kind": "graduate", "whereabouts": "南宁"})


def test_returnee_story(personas, login):
    client = login(personas.cadre_a1)
    created = _returnee(client)
    assert created.status_code == 201 and created.json()["status_label"] == "已联系"
    pk = created.json()["id"]
    skip = post(client, f"/api/v1/talent/returnees/{pk}/status", {"status": "appointed"})
    assert skip.status_code == 422 and "不能从“已联系”改为“已任用”" in skip.json()["errors"]["status"][0]
    assert post(client, f"/api/v1/talent/returnees/{pk}/status", {"status": "returned", "note": "已回村"}).json()[
        "status"] == "returned"
    no_reserve = post(client, f"/api/v1/talent/returnees/{pk}/status", {"status": "in_pool"})
    assert no_reserve.status_code == 422 and "后备人才" in no_reserve.json()["errors"]["reserve"][0]
    reserve = post(client, "/api/v1/talent/reserves",
                   {"resident_id": person(name="黄返乡").pk, "category": "committee", "added_on": "2025-03-01"}).json()
    in_pool = post(client, f"/api/v1/talent/returnees/{pk}/status", {"status": "in_pool", "reserve_id": reserve["id"]})
    assert in_pool.status_code == 200 and in_pool.json()["reserve_id"] == reserve["id"]
    history = client.get(f"/api/v1/talent/returnees/{pk}").json()["history"]
    assert [step["to_status"] for step in history] == ["contacted", "returned", "in_pool"]
    assert history[1]["note"] == "已回村"
    assert AuditEvent.objects.filter(action="talent_returnee.status").count() == 2


def test_returnee_bad_input_scope_and_capability(personas, login):
    bad = post(login(personas.cadre_a1), "/api/v1/talent/returnees", {"village": A1, "name": "", "kind": "hero"})
    assert bad.status_code == 422 and set(bad.json()["errors"]) == {"name", "kind"}
    assert _returnee(login(personas.cadre_a1), B1).status_code == 404
    assert _returnee(login(personas.villager_a1)).status_code == 403
    assert not Returnee.objects.exists() and not ReturneeStep.objects.exists()
    pk = _returnee(login(personas.cadre_a1)).json()["id"]
    assert post(login(personas.cadre_b1), f"/api/v1/talent/returnees/{pk}/status",
                {"status": "returned"}).status_code == 404
    assert Returnee.objects.get().status == "contacted"
