"""/api/v1/partylife: meetings and attendance, compliance, gaps and the county schedule."""

import datetime

import pytest

from xiangzhi.core.models import AuditEvent
from xiangzhi.partylife.models import Meeting, ScheduleRule

from .partylife_data import party  # noqa: F401

pytestmark = pytest.mark.django_db
API = "/api/v1/partylife"


def payload(party, **extra):
    return {"organisation": party.branch.pk, "kind": "lecture", "held_on": "2025-04-08", "topic": "专题党课",
            "present": [m.pk for m in party.members[:3]], **extra}


def test_record_and_read_a_meeting(party, personas, login):
    client = login(personas.secretary_a1)
    response = client.post(f"{API}/meetings", payload(party), content_type="application/json")
    assert response.status_code == 201
    body = response.json()
    assert body["kind_label"] == "党课" and len(body["attendance"]) == 5
    assert sum(row["present"] for row in body["attendance"]) == 3
    assert Meeting.objects.get().topic == "专题党课"
    listed = client.get(f"{API}/meetings?year=2025").json()
    assert [(row["id"], row["present"], row["members"]) for row in listed] == [(body["id"], 3, 5)]
    attendance = login(personas.township_a).get(f"{API}/meetings/{body['id']}/attendance").json()
    assert {row["name"] for row in attendance if not row["present"]} == {"赵党员", "钱党员"}


def test_api_refusals(party, personas, login):
    client = login(personas.secretary_a1)
    response = client.post(f"{API}/meetings", payload(party, present=[party.b1_member.pk]),
                           content_type="application/json")
    assert response.status_code == 422 and "不是" in response.json()["errors"]["present"][0]
    assert client.post(f"{API}/meetings", payload(party, held_on="2025-13-01"),
                       content_type="application/json").json()["errors"]["held_on"][0].startswith("请填写有效的会议日期")
    assert login(personas.cadre_b1).post(f"{API}/meetings", payload(party),
                                         content_type="application/json").status_code == 404
    assert login(personas.villager_a1).post(f"{API}/meetings", payload(party),
                                            content_type="application/json").status_code == 403
    assert not Meeting.objects.exists()
    meeting = Meeting.objects.create(organisation=party.branch, kind="lecture", held_on=datetime.date(2025, 1, 3),
                                     topic="党课", region_id=party.branch.region_id)
    assert login(personas.cadre_b1).get(f"{API}/meetings/{meeting.pk}").status_code == 404
    assert login(personas.cadre_b1).get(f"{API}/compliance/{party.branch.pk}").status_code == 404


def test_compliance_and_gaps(party, personas, login):
    Meeting.objects.create(organisation=party.branch, kind="theme_day", held_on=datetime.date(2024, 5, 9),
                           topic="主题党日", region_id=party.branch.region_id)
    client = login(personas.township_a)
    body = client.get(f"{API}/compliance/{party.branch.pk}?year=2024").json()
    theme = next(row for row in body["kinds"] if row["kind"] == "theme_day")
    may = next(period for period in theme["periods"] if period["period"] == "2024-05")
    assert may["state"] == "held" and may["meetings"] == ["2024-05-09"]
    assert "主题党日(2024年4月)" in body["missing"]
    gaps = client.get(f"{API}/gaps?year=2024").json()
    assert [row["organisation_name"] for row in gaps] == ["矮山村党支部"]
    assert gaps[0]["held"] == 1 and gaps[0]["due"] == len(gaps[0]["missing"]) + 1
    assert login(personas.township_a).get(f"{API}/gaps?region=450321101").status_code == 404


def test_schedule(party, personas, login):
    client = login(personas.county)
    assert client.get(f"{API}/schedule").json()["rules"][0] == {
        "kind": "branch_assembly", "label": "支部党员大会", "frequency": "quarter", "default": "quarter"}
    response = client.put(f"{API}/schedule", {"county": "450321", "frequencies": {"theme_day": "quarter"}},
                          content_type="application/json")
    assert response.status_code == 200
    assert list(ScheduleRule.objects.values_list("kind", "frequency")) == [("theme_day", "quarter")]
    assert AuditEvent.objects.get(action="partylife_schedule.update").changes == {"theme_day": ["month", "quarter"]}
    bad = client.put(f"{API}/schedule", {"frequencies": {"lecture": "weekly"}}, content_type="application/json")
    assert bad.status_code == 422 and bad.json()["errors"]["lecture"] == ["请选择“党课”的频次。"]
    assert login(personas.township_a).put(f"{API}/schedule", {"frequencies": {"lecture": "year"}},
                                          content_type="application/json").status_code == 403
    assert ScheduleRule.objects.count() == 1
