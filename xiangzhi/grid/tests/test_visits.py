"""Patrol visits (走访): logging one, reporting an event from it, and who may do what —
action, pages and API."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from xiangzhi.core.models import AuditEvent
from xiangzhi.grid import visits
from xiangzhi.grid.models import Event, Visit

from .test_coverage import A1_GRID, A1_TUN, A1_TUN2, B1_TUN, make_household


@pytest.fixture
def homes(personas):
    return {
        "zhang": make_household(A1_TUN, "A1-001", ("张三", "李四"), grid=A1_GRID),
        "wang": make_household(A1_TUN2, "A1-003", ("王五",)),  # in no grid
        "sun": make_household(B1_TUN, "B1-001", ("孙七",)),
    }


def today():
    return timezone.localdate()


# --- the action --------------------------------------------------------------------------------


def test_grid_worker_logs_a_visit_to_a_household_of_their_grid(personas, homes):
    visit = visits.log_visit(personas.grid_worker_a1, homes["zhang"], visited_on=today(),
                             findings="  老人身体状况良好,反映村道路灯不亮。 ")
    visit.refresh_from_db()
    assert visit.household_id == homes["zhang"].pk and visit.visitor == personas.grid_worker_a1
    assert (visit.region_id, visit.grid_id) == (A1_TUN, A1_GRID)
    assert visit.findings == "老人身体状况良好,反映村道路灯不亮。" and visit.event_id is None
    event = AuditEvent.objects.get(action="grid_visit.log")
    assert event.region_code == A1_TUN and event.target_id == str(visit.pk)
    assert event.changes["visited_on"] == [None, today().isoformat()]


def test_visit_can_report_an_event_about_the_household(personas, homes):
    visit = visits.log_visit(
        personas.grid_worker_a1, homes["zhang"], visited_on=today() - datetime.timedelta(days=1),
        findings="与邻居因排水沟发生争执。",
        spawn_event={"category": "dispute.neighbour", "description": "两户因排水沟争执,需调解。", "urgency": "urgent"},
    )
    event = Event.objects.get(pk=visit.event_id)
    assert event.source == "visit" and event.household_id == homes["zhang"].pk
    assert event.category.code == "dispute.neighbour" and event.urgency == "urgent"
    assert (event.region_id, event.grid_id) == (A1_TUN, A1_GRID)
    assert event.description == "两户因排水沟争执,需调解。" and event.state == "reported"
    assert event.reporter == personas.grid_worker_a1
    assert AuditEvent.objects.get(action="grid_visit.log").changes["event"] == [None, event.pk]


def test_the_event_description_defaults_to_the_findings(personas, homes):
    visit = visits.log_visit(personas.cadre_a1, homes["wang"], visited_on=today(), findings="屋后山体出现裂缝。",
                             spawn_event={"category": "geohazard.ground_crack"})
    event = Event.objects.get(pk=visit.event_id)
    assert event.description == "屋后山体出现裂缝。" and event.urgency == "normal"


@pytest.mark.parametrize("values, field, message", [
    ({"visited_on": "tomorrow", "findings": "x"}, "visited_on", "走访日期不能晚于今天。"),
    ({"visited_on": None, "findings": "x"}, "visited_on", "请填写走访日期。"),
    ({"visited_on": "2025-13-01", "findings": "x"}, "visited_on", "走访日期格式应为 年-月-日,如 2025-06-01。"),
    ({"visited_on": "long ago", "findings": "x"}, "visited_on", "走访日期不能早于一年前。"),
    ({"visited_on": "today", "findings": "  "}, "findings", "请填写走访情况。"),
    ({"visited_on": "today", "findings": "x" * 2001}, "findings", "走访情况不能超过 2000 个字。"),
    ({"visited_on": "today", "findings": "x", "spawn_event": {"category": "no.such"}}, "spawn_event.category",
     "没有这个事件类别:no.such。"),
    ({"visited_on": "today", "findings": "x", "spawn_event": {"category": ""}}, "spawn_event.category",
     "请选择事件类别。"),
    ({"visited_on": "today", "findings": "x", "spawn_event": {"category": "dispute", "urgency": "normal"}},
     "spawn_event.category", "请选择具体的小类,而不是大类“矛盾纠纷”。"),
    ({"visited_on": "today", "findings": "x", "spawn_event": {"category": "dispute.labour", "urgency": "now"}},
     "spawn_event.urgency", "紧急程度须为以下之一:一般、紧急、特急。"),
])
def test_bad_input_is_refused_and_nothing_is_written(personas, homes, values, field, message):
    dates = {"today": today(), "tomorrow": today() + datetime.timedelta(days=1),
             "long ago": today() - datetime.timedelta(days=400)}
    values = {**values, "visited_on": dates.get(values["visited_on"], values["visited_on"])}
    with pytest.raises(ValidationError) as caught:
        visits.log_visit(personas.grid_worker_a1, homes["zhang"], **values)
    assert caught.value.message_dict[field] == [message]
    assert not Visit.objects.exists() and not Event.objects.exists()
    assert not AuditEvent.objects.filter(action__in=["grid_visit.log", "grid_event.report"]).exists()


def test_who_may_log_a_visit(personas, homes):
    with pytest.raises(PermissionDenied):
        visits.log_visit(personas.villager_a1, homes["zhang"], visited_on=today(), findings="x")
    with pytest.raises(Http404):  # not a household of the worker's grid
        visits.log_visit(personas.grid_worker_a1, homes["wang"], visited_on=today(), findings="x")
    with pytest.raises(Http404):
        visits.log_visit(personas.cadre_b1, homes["zhang"], visited_on=today(), findings="x")
    assert not Visit.objects.exists()
    assert visits.log_visit(personas.cadre_a1, homes["wang"], visited_on=today(), findings="x")


def test_visits_are_seen_within_scope(personas, homes):
    mine = visits.log_visit(personas.grid_worker_a1, homes["zhang"], visited_on=today(), findings="x")
    other = visits.log_visit(personas.cadre_a1, homes["wang"], visited_on=today(), findings="y")
    b1 = visits.log_visit(personas.cadre_b1, homes["sun"], visited_on=today(), findings="z")
    assert set(visits.visible_visits(personas.grid_worker_a1)) == {mine}
    assert set(visits.visible_visits(personas.township_a)) == {mine, other}
    assert set(visits.visible_visits(personas.township_b)) == {b1}
    with pytest.raises(PermissionDenied):
        visits.visible_visits(personas.villager_a1)
    with pytest.raises(Http404):
        visits.get_visit_for_user(personas.township_b, mine.pk)


# --- pages -------------------------------------------------------------------------------------


def test_logging_a_visit_on_the_page(personas, homes, login):
    client = login(personas.grid_worker_a1)
    url = reverse("grid:visit_create") + f"?household={homes['zhang'].pk}"
    form = client.get(url)
    assert form.status_code == 200 and "张三" in form.content.decode()
    assert f'type="date" name="visited_on" value="{today().isoformat()}"' in form.content.decode()
    response = client.post(reverse("grid:visit_create"), {
        "household": homes["zhang"].pk, "visited_on": today().isoformat(), "findings": "家中一切正常。"})
    assert response.status_code == 302 and response["Location"] == reverse("grid:my_work")
    assert Visit.objects.get().findings == "家中一切正常。"
    assert "已记录走访。" in client.get(response["Location"]).content.decode()


def test_logging_a_visit_with_an_event_on_the_page(personas, homes, login):
    client = login(personas.grid_worker_a1)
    response = client.post(reverse("grid:visit_create"), {
        "household": homes["zhang"].pk, "visited_on": today().isoformat(), "findings": "院墙开裂。",
        "spawn": "on", "event_category": "work_safety.self_built_house", "event_urgency": "urgent"})
    assert response.status_code == 302
    visit = Visit.objects.get()
    assert visit.event.category.code == "work_safety.self_built_house" and visit.event.urgency == "urgent"


def test_the_page_shows_why_and_writes_nothing(personas, homes, login):
    client = login(personas.grid_worker_a1)
    tomorrow = (today() + datetime.timedelta(days=1)).isoformat()
    response = client.post(reverse("grid:visit_create"), {
        "household": homes["zhang"].pk, "visited_on": tomorrow, "findings": "x"})
    assert response.status_code == 200 and "走访日期不能晚于今天。" in response.content.decode()
    response = client.post(reverse("grid:visit_create"), {
        "household": homes["zhang"].pk, "visited_on": today().isoformat(), "findings": "x", "spawn": "on"})
    assert "请选择事件类别。" in response.content.decode()
    response = client.post(reverse("grid:visit_create"), {
        "household": homes["zhang"].pk, "visited_on": today().isoformat(), "findings": ""})
    assert "请填写走访情况。" in response.content.decode()
    assert not Visit.objects.exists() and not Event.objects.exists()


def test_visit_pages_scope_and_methods(personas, homes, login):
    client = login(personas.grid_worker_a1)
    assert client.get(reverse("grid:visit_create") + f"?household={homes['wang'].pk}").status_code == 404
    assert client.get(reverse("grid:visit_create") + "?household=abc").status_code == 404
    assert client.put(reverse("grid:visit_create")).status_code == 405
    assert client.post(reverse("grid:visit_list")).status_code == 405
    assert login(personas.villager_a1).get(reverse("grid:visit_create") + f"?household={homes['zhang'].pk}").status_code == 403
    assert login(personas.villager_a1).get(reverse("grid:visit_list")).status_code == 403


def test_picking_a_household_to_visit(personas, homes, login):
    client = login(personas.grid_worker_a1)
    html = client.get(reverse("grid:visit_create")).content.decode()
    assert "张三" in html and "王五" not in html
    html = client.get(reverse("grid:visit_create") + "?q=李四").content.decode()
    assert "张三" in html
    html = client.get(reverse("grid:visit_create") + "?q=孙七").content.decode()
    assert "没有找到符合条件的户。" in html


def test_visit_list_page(personas, homes, login):
    visits.log_visit(personas.grid_worker_a1, homes["zhang"], visited_on=today(), findings="路灯不亮。")
    html = login(personas.township_a).get(reverse("grid:visit_list")).content.decode()
    assert "路灯不亮。" in html and "张三" in html
    assert "路灯不亮。" not in login(personas.township_b).get(reverse("grid:visit_list")).content.decode()
    html = login(personas.township_a).get(reverse("grid:visit_list") + f"?household={homes['wang'].pk}").content.decode()
    assert "路灯不亮。" not in html


# --- API ---------------------------------------------------------------------------------------


def test_api_logs_and_lists_visits(personas, homes, login):
    client = login(personas.grid_worker_a1)
    response = client.post("/api/v1/grid/visits", {
        "household": homes["zhang"].pk, "visited_on": today().isoformat(), "findings": "反映饮水管破裂。",
        "spawn_event": {"category": "infrastructure.water_supply", "urgency": "urgent"},
    }, content_type="application/json")
    assert response.status_code == 201
    body = response.json()
    assert body["head_name"] == "张三" and body["grid_code"] == A1_GRID and body["event_id"]
    assert Event.objects.get(pk=body["event_id"]).description == "反映饮水管破裂。"
    listed = client.get("/api/v1/grid/visits").json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == body["id"]
    assert login(personas.township_b).get("/api/v1/grid/visits").json()["count"] == 0


def test_api_refuses_bad_input_and_out_of_scope(personas, homes, login):
    client = login(personas.grid_worker_a1)
    tomorrow = (today() + datetime.timedelta(days=1)).isoformat()
    response = client.post("/api/v1/grid/visits", {
        "household": homes["zhang"].pk, "visited_on": tomorrow, "findings": "x"}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"] == {"visited_on": ["走访日期不能晚于今天。"]}
    response = client.post("/api/v1/grid/visits", {
        "household": homes["zhang"].pk, "visited_on": today().isoformat(), "findings": "x",
        "spawn_event": {"category": "nope"}}, content_type="application/json")
    assert response.status_code == 422 and "spawn_event.category" in response.json()["errors"]
    response = client.post("/api/v1/grid/visits", {
        "household": homes["wang"].pk, "visited_on": today().isoformat(), "findings": "x"},
        content_type="application/json")
    assert response.status_code == 404
    response = login(personas.villager_a1).post("/api/v1/grid/visits", {
        "household": homes["zhang"].pk, "visited_on": today().isoformat(), "findings": "x"},
        content_type="application/json")
    assert response.status_code == 403
    assert not Visit.objects.exists() and not Event.objects.exists()
