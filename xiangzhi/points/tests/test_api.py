"""/api/v1/points: rules, proposals, approval, reversal, balances, appeals; scope and bad input."""

import json

import pytest

from xiangzhi.points import ledger
from xiangzhi.points.models import Appeal, PointsEntry, Proposal, RuleSet

from .points_data import A1, B1_TUN, adopted_rules, item, link_villager, make_household, png_upload, seed_points

pytestmark = pytest.mark.django_db
API = "/api/v1/points"


def post_json(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_rules_api_drafts_adds_items_and_adopts(personas, login):
    client = login(personas.cadre_a1)
    response = post_json(client, f"{API}/rules", {"village": A1, "title": "积分管理细则"})
    assert response.status_code == 201, response.content
    rule_set_id = response.json()["id"]
    response = post_json(client, f"{API}/rules/{rule_set_id}/items",
                         {"code": "yard_clean", "name": "庭院整洁", "points": 5})
    assert response.status_code == 201
    response = post_json(client, f"{API}/rules/{rule_set_id}/items", {"code": "x", "name": "零分", "points": 0})
    assert response.status_code == 422
    assert "非零整数" in response.json()["errors"]["points"][0]
    response = post_json(client, f"{API}/rules/{rule_set_id}/adopt", {"body": "representatives"})
    assert response.status_code == 422 and "adopted_on" in response.json()["errors"]
    response = post_json(client, f"{API}/rules/{rule_set_id}/adopt",
                         {"body": "representatives", "adopted_on": "2025-03-01"})
    assert response.status_code == 200 and response.json()["state"] == "adopted"
    assert [i["code"] for i in response.json()["items"]] == ["yard_clean"]
    listed = client.get(f"{API}/rules").json()["items"]
    assert [r["id"] for r in listed] == [rule_set_id]
    assert login(personas.cadre_b1).get(f"{API}/rules").json()["items"] == []
    assert login(personas.cadre_b1).post(f"{API}/rules/{rule_set_id}/adopt", "{}",
                                         content_type="application/json").status_code == 404


def test_rules_api_refuses_villagers_and_other_regions(personas, login):
    assert post_json(login(personas.villager_a1), f"{API}/rules", {"village": A1, "title": "x"}).status_code == 403
    assert post_json(login(personas.cadre_b1), f"{API}/rules", {"village": A1, "title": "x"}).status_code == 404
    assert login(personas.cadre_a1).get(f"{API}/rules/1/adopt").status_code == 405
    assert not RuleSet.objects.exists()


def test_proposal_approval_reversal_and_balances(personas, login, client):
    rule_set = adopted_rules(personas.cadre_a1)
    household = make_household()
    cadre = login(personas.cadre_a1)
    response = cadre.post(f"{API}/proposals", {
        "household": household.pk, "rule_item": item(rule_set, "illegal_building").pk, "note": "河边乱搭",
    })
    assert response.status_code == 422
    assert response.json()["errors"]["photo"] == ["“乱搭乱建”须附证据:请上传照片或关联网格事件。"]
    response = cadre.post(f"{API}/proposals", {
        "household": household.pk, "rule_item": item(rule_set, "yard_clean").pk, "note": "院子干净",
    })
    assert response.status_code == 201, response.content
    proposal_id = response.json()["id"]
    assert post_json(cadre, f"{API}/proposals/{proposal_id}/approve", {}).status_code == 403
    assert post_json(login(personas.cadre_b1), f"{API}/proposals/{proposal_id}/approve", {}).status_code == 403
    secretary = login(personas.secretary_a1)
    response = post_json(secretary, f"{API}/proposals/{proposal_id}/approve", {"note": "同意"})
    assert response.status_code == 200, response.content
    entry = response.json()
    assert (entry["points"], entry["kind"], entry["rule_version"]) == (5, "award", 1)
    assert secretary.get(f"{API}/balances/{household.pk}").json()["balance"] == 5
    response = post_json(secretary, f"{API}/entries/{entry['id']}/reverse", {"reason": ""})
    assert response.status_code == 422 and response.json()["errors"]["reason"] == ["请填写冲正理由。"]
    response = post_json(secretary, f"{API}/entries/{entry['id']}/reverse", {"reason": "记错户"})
    assert response.status_code == 201 and response.json()["refers_to_id"] == entry["id"]
    response = post_json(secretary, f"{API}/entries/{entry['id']}/reverse", {"reason": "再冲"})
    assert response.status_code == 422
    assert ledger.balance(household) == 0
    entries = secretary.get(f"{API}/entries?household={household.pk}").json()["items"]
    assert [(e["kind"], e["reversed"]) for e in entries] == [("reversal", False), ("award", True)]
    balances = login(personas.township_a).get(f"{API}/balances").json()["items"]
    assert [b["household_id"] for b in balances] == [household.pk]
    assert login(personas.township_b).get(f"{API}/balances/{household.pk}").status_code == 404
    assert login(personas.villager_a1).get(f"{API}/balances").status_code == 403


def test_proposal_api_with_photo_and_bad_household(personas, login):
    rule_set = adopted_rules(personas.cadre_a1)
    household = make_household()
    cadre = login(personas.cadre_a1)
    response = cadre.post(f"{API}/proposals", {
        "household": household.pk, "rule_item": item(rule_set, "illegal_building").pk, "photo": png_upload(),
    })
    assert response.status_code == 201 and response.json()["has_photo"] is True
    b1_household = make_household(B1_TUN)
    response = cadre.post(f"{API}/proposals", {
        "household": b1_household.pk, "rule_item": item(rule_set, "yard_clean").pk, "note": "x",
    })
    assert response.status_code == 404
    assert login(personas.villager_a1).post(f"{API}/proposals", {
        "household": household.pk, "rule_item": item(rule_set, "yard_clean").pk, "note": "x",
    }).status_code == 403
    response = cadre.post(f"{API}/proposals", {"household": "abc", "rule_item": 1})
    assert response.status_code == 422
    assert Proposal.objects.count() == 1


def test_villager_sees_own_points_and_appeals(personas, login):
    rule_set = adopted_rules(personas.cadre_a1)
    household = make_household()
    link_villager(personas.villager_a1, household)
    entry = seed_points(personas.cadre_a1, household, 8)
    other_entry = seed_points(personas.cadre_a1, make_household(head="李四"), 3)
    villager = login(personas.villager_a1)
    mine = villager.get(f"{API}/mine").json()
    assert (mine["household_id"], mine["balance"], [e["id"] for e in mine["entries"]]) == (household.pk, 8, [entry.pk])
    response = post_json(villager, f"{API}/appeals", {"entry": other_entry.pk, "reason": "x"})
    assert response.status_code == 404
    response = post_json(villager, f"{API}/appeals", {"entry": entry.pk, "reason": ""})
    assert response.status_code == 422 and response.json()["errors"]["reason"] == ["请填写申诉理由。"]
    response = post_json(villager, f"{API}/appeals", {"entry": entry.pk, "reason": "分数记少了"})
    assert response.status_code == 201
    appeal_id = response.json()["id"]
    assert post_json(villager, f"{API}/appeals/{appeal_id}/answer", {"uphold": True, "answer": "x"}).status_code == 403
    assert post_json(login(personas.cadre_a2), f"{API}/appeals/{appeal_id}/answer",
                     {"uphold": True, "answer": "x"}).status_code == 404
    response = post_json(login(personas.cadre_a1), f"{API}/appeals/{appeal_id}/answer",
                         {"uphold": False, "answer": "核实无误"})
    assert response.status_code == 200 and response.json()["state"] == "rejected"
    assert Appeal.objects.get().answer == "核实无误"
    assert PointsEntry.objects.filter(household=household).count() == 1
    assert rule_set.state == "adopted"
