"""The audit log page and API: who sees which events, and the filters."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse

from conftest import make_user
from xiangzhi.core.audit import record_event
from xiangzhi.core.models import AuditEvent
from xiangzhi.people.models import Household
from xiangzhi.regions.models import Region

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
A1, B1 = "450321100200", "450321101200"
OTHER_COUNTY_VILLAGE = "450322100201"


def at(year, month, day, hour=12):
    return datetime.datetime(year, month, day, hour, tzinfo=SHANGHAI)


def event(actor, action, region_code, when=None, changes=None):
    if when is None:
        return record_event(actor, action, region_code=region_code, changes=changes or {}, target_repr="测试对象")
    # Events are append-only; an event at a chosen time is written as such from the start.
    return AuditEvent.objects.create(
        actor=actor, actor_name=str(actor), action=action, region_code=region_code,
        changes=changes or {}, occurred_at=when, target_repr="测试对象",
    )


@pytest.fixture
def events(personas):
    Region.objects.create(code="450322", name="临桂区", level="county", parent_id="4503")
    return {
        "a1": event(personas.cadre_a1, "household.edit", A1, changes={"number": ["A1-1", "A1-2"]}),
        "b1": event(personas.cadre_b1, "household_transfer.accept", B1, changes={"state": ["requested", "accepted"]}),
        "other": event(personas.cadre_a1, "household.edit", OTHER_COUNTY_VILLAGE),
    }


def listed_ids(response):
    return {item["id"] for item in response.json()["items"]}


def test_auditor_sees_county_events_not_other_county(personas, events, login):
    client = login(personas.auditor)
    response = client.get(reverse("core:audit"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "household_transfer.accept" in page
    assert "requested → accepted" in page
    assert "A1-1 → A1-2" in page
    assert OTHER_COUNTY_VILLAGE not in page
    assert listed_ids(client.get("/api/v1/audit")) == {events["a1"].pk, events["b1"].pk}


def test_detail_is_404_outside_scope(personas, events, login):
    client = login(personas.auditor)
    response = client.get(reverse("core:audit_detail", args=[events["b1"].pk]))
    assert response.status_code == 200
    assert "cadre_b1" in response.content.decode()
    assert client.get(reverse("core:audit_detail", args=[events["other"].pk])).status_code == 404
    assert client.get(reverse("core:audit_detail", args=[999999])).status_code == 404


def test_posts_without_audit_view_get_403(personas, events, login):
    for user in (personas.township_a, personas.county, personas.cadre_a1, personas.villager_a1):
        client = login(user)
        assert client.get(reverse("core:audit")).status_code == 403, user
        assert client.get(reverse("core:audit_detail", args=[events["a1"].pk])).status_code == 403
        assert client.get("/api/v1/audit").status_code == 403
    assert login(personas.auditor).post("/api/v1/audit").status_code == 405


def test_township_auditor_and_region_wide_sysadmin(personas, events, login):
    township_auditor = make_user("auditor_b", "auditor", "450321101")
    assert listed_ids(login(township_auditor).get("/api/v1/audit")) == {events["b1"].pk}
    sysadmin = make_user("admin", "sysadmin", "45")
    assert listed_ids(login(sysadmin).get("/api/v1/audit")) == {e.pk for e in events.values()}


def test_filters(personas, events, login):
    client = login(personas.auditor)

    def ids(**params):
        response = client.get("/api/v1/audit", params)
        assert response.status_code == 200, response.content
        return listed_ids(response)

    assert ids(person="cadre_b1") == {events["b1"].pk}
    assert ids(person="cadre_") == {events["a1"].pk, events["b1"].pk}  # part of a name
    assert ids(action="household.edit") == {events["a1"].pk}
    assert ids(action="household_transfer") == {events["b1"].pk}
    assert ids(action="household") == {events["a1"].pk}  # every verb of the noun
    assert ids(action="househ") == set()  # a piece of a noun is not a noun
    assert ids(region="450321101") == {events["b1"].pk}
    page = client.get(reverse("core:audit"), {"person": "cadre_b1"}).content.decode()
    assert "household_transfer.accept" in page and "household.edit" not in page


def test_dates_are_whole_days_in_shanghai(personas, login):
    late_evening = event(personas.cadre_a1, "household.edit", A1, when=at(2025, 3, 1, 23))  # 15:00 UTC
    next_morning = event(personas.cadre_a1, "household.edit", A1, when=at(2025, 3, 2, 7))  # 23:00 UTC on 1 March
    client = login(personas.auditor)
    response = client.get("/api/v1/audit", {"date_from": "2025-03-01", "date_to": "2025-03-01"})
    assert listed_ids(response) == {late_evening.pk}
    response = client.get("/api/v1/audit", {"date_from": "2025-03-02", "date_to": "2025-03-02"})
    assert listed_ids(response) == {next_morning.pk}
    page = client.get(reverse("core:audit"), {"date_from": "2025-03-02"}).content.decode()
    assert "2025-03-02 07:00:00" in page and "2025-03-01 23:00:00" not in page


def test_bad_filters_are_refused_in_chinese(personas, events, login):
    client = login(personas.auditor)
    response = client.get("/api/v1/audit", {"region": "450322"})
    assert response.status_code == 422
    assert response.json()["errors"] == {"region": ["该区划不在您的查看范围内。"]}
    response = client.get("/api/v1/audit", {"date_from": "2025-13-01"})
    assert response.json()["errors"] == {"date_from": ["日期格式应为 YYYY-MM-DD。"]}
    response = client.get("/api/v1/audit", {"date_from": "2025-03-02", "date_to": "2025-03-01"})
    assert response.json()["errors"] == {"date_to": ["截止日期不能早于起始日期。"]}
    page = client.get(reverse("core:audit"), {"region": "450322"}).content.decode()
    assert "该区划不在您的查看范围内。" in page
    assert OTHER_COUNTY_VILLAGE not in page


def test_page_shows_50_newest_first(personas, login):
    for day in range(1, 56):
        event(personas.cadre_a1, f"household.edit_{day:02d}", A1, when=at(2025, 1, 1) + datetime.timedelta(days=day))
    client = login(personas.auditor)
    first = client.get(reverse("core:audit")).content.decode()
    assert first.count("<tr>") - 1 == 50  # minus the header row
    assert first.index("household.edit_55") < first.index("household.edit_54")
    assert "household.edit_05" not in first
    second = client.get(reverse("core:audit"), {"page": 2}).content.decode()
    assert second.count("<tr>") - 1 == 5 and "household.edit_01" in second
    api = client.get("/api/v1/audit", {"limit": 3}).json()
    assert api["count"] == 55
    assert [item["action"] for item in api["items"]] == ["household.edit_55", "household.edit_54", "household.edit_53"]


def test_an_action_taken_through_the_api_shows_actor_post_role_ip_and_changes(personas, login):
    household = Household.objects.create(region_id="450321100200001", number="A1-009")
    response = login(personas.cadre_a1).post(
        "/api/v1/transfers", {"household": household.pk, "to_region": B1, "reason": "婚嫁"},
        content_type="application/json", REMOTE_ADDR="10.20.30.40",
    )
    assert response.status_code == 201
    item = login(personas.auditor).get("/api/v1/audit").json()["items"][0]
    assert item["action"] == "household_transfer.request" and item["region_code"] == A1
    assert item["actor"] == "cadre_a1" and item["role"] == "village_cadre" and item["role_label"] == "村干部"
    assert item["post"] == "矮山村委会 村干部"
    assert item["ip"] == "10.20.30.40"
    assert item["changes"]["state"] == [None, "requested"]
    assert item["changes"]["to_region"] == [None, B1]
