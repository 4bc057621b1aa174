"""Assignments, visits, problems and coverage: actions, pages and API."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from xiangzhi.contact import assignments, coverage, visits
from xiangzhi.contact.models import Assignment, Problem, Visit
from xiangzhi.core.models import AuditEvent
from xiangzhi.grid.models import Event
from xiangzhi.regions.models import Region

from .contact_data import A1, A2, B1, TOWNSHIP_A, assign_village, days_ago, homes, today


@pytest.fixture
def data(personas):
    return homes()


# --- assignments ----------------------------------------------------------------------


def test_township_assigns_a_village_and_the_assignee_sees_it(personas, data):
    assignment = assign_village(personas, personas.township_a)
    assert (assignment.kind, assignment.region_id, assignment.assigned_by) == ("village", A1, personas.township_a)
    event = AuditEvent.objects.get(action="contact_assignment.create")
    assert event.region_code == A1 and event.changes["assignee"] == [None, personas.township_a.pk]
    assert list(assignments.my_assignments(personas.township_a)) == [assignment]


def test_county_leader_is_assigned_a_township_but_not_a_household(personas, data):
    assignment = assignments.assign(personas.county, assignee=personas.county, kind="township", region_code=TOWNSHIP_A)
    assert assignment.region_id == TOWNSHIP_A
    with pytest.raises(ValidationError) as error:
        assignments.assign(personas.county, assignee=personas.county, kind="household", household=data["zhang"])
    assert "没有可担任“联户”的在任县、乡领导职务" in error.value.message_dict["assignee"][0]


def test_assign_refuses_bad_input_and_changes_nothing(personas, data):
    with pytest.raises(ValidationError) as error:
        assignments.assign(personas.township_a, assignee=personas.cadre_a1, kind="village", region_code=A1,
                           starts_on=today(), ends_on=days_ago(1))
    assert error.value.message_dict["ends_on"] == ["终止日期不能早于起始日期。"]
    assert "没有可担任" in error.value.message_dict["assignee"][0]
    with pytest.raises(ValidationError) as error:
        assignments.assign(personas.township_a, assignee=personas.township_a, kind="village", region_code=TOWNSHIP_A)
    assert error.value.message_dict["region"] == ["请选择要联系的村。"]
    assert not Assignment.objects.exists()


def test_assign_scope_and_capability(personas, data):
    with pytest.raises(PermissionDenied):
        assignments.assign(personas.cadre_a1, assignee=personas.township_a, kind="village", region_code=A1)
    with pytest.raises(Http404):
        assignments.assign(personas.township_b, assignee=personas.township_a, kind="village", region_code=A1)
    assert not Assignment.objects.exists()


def test_ending_an_assignment(personas, data):
    assignment = assign_village(personas, personas.township_a)
    assignments.end_assignment(personas.township_a, assignment, ends_on=today())
    assert Assignment.objects.get().ends_on == today()
    with pytest.raises(ValidationError) as error:
        assignments.end_assignment(personas.township_a, assignment, ends_on=days_ago(40))
    assert "不能早于起始日期" in error.value.message_dict["ends_on"][0]


# --- visits -------------------------------------------------------------------------


def test_assignee_logs_a_visit_and_a_problem_becomes_tracked(personas, data):
    assign_village(personas, personas.township_a)
    visit = visits.log_visit(personas.township_a, data["wang"], visited_on=today(), findings=" 家里老人身体好。 ",
                             problems="村道积水", problem_deadline=today())
    visit.refresh_from_db()
    assert (visit.region_id, visit.findings, visit.problems) == (A1, "家里老人身体好。", "村道积水")
    problem = Problem.objects.get()
    assert (problem.owner, problem.state, problem.deadline, problem.region_id) == (
        personas.township_a, "open", today(), A1)
    assert {e.action for e in AuditEvent.objects.all()} >= {"contact_visit.log", "contact_problem.raise"}


def test_visits_only_inside_a_current_assignment(personas, data):
    with pytest.raises(ValidationError) as error:  # no assignment yet
        visits.log_visit(personas.township_a, data["wang"], visited_on=today(), findings="x")
    assert "不能记录走访" in error.value.message_dict["household"][0]
    assign_village(personas, personas.township_a, village=A2)
    with pytest.raises(ValidationError):  # assigned A2, not A1
        visits.log_visit(personas.township_a, data["wang"], visited_on=today(), findings="x")
    with pytest.raises(Http404):  # township B's household is out of scope
        visits.log_visit(personas.township_a, data["sun"], visited_on=today(), findings="x")
    with pytest.raises(PermissionDenied):  # a villager may not visit
        visits.log_visit(personas.villager_a1, data["wang"], visited_on=today(), findings="x")
    assert not Visit.objects.exists()


@pytest.mark.parametrize("values, field, message", [
    ({"visited_on": "2025-13-01", "findings": "x"}, "visited_on", "日期格式应为 年-月-日,如 2025-06-01。"),
    ({"visited_on": "tomorrow", "findings": "x"}, "visited_on", "走访日期不能晚于今天。"),
    ({"visited_on": "today", "findings": "  "}, "findings", "请填写走访情况。"),
    ({"visited_on": "today", "findings": "x", "problems": "漏水"}, "problem_deadline", "反映了问题,请填写办结期限。"),
    ({"visited_on": "today", "findings": "x", "problems": "漏水", "problem_deadline": "yesterday"},
     "problem_deadline", "办结期限不能早于今天。"),
])
def test_visit_bad_input(personas, data, values, field, message):
    import datetime

    assign_village(personas, personas.township_a)
    words = {"today": today(), "tomorrow": today() + datetime.timedelta(days=1), "yesterday": days_ago(1)}
    values = {key: words.get(value, value) for key, value in values.items()}
    with pytest.raises(ValidationError) as error:
        visits.log_visit(personas.township_a, data["wang"], **values)
    assert error.value.message_dict[field] == [message]
    assert not Visit.objects.exists() and not Problem.objects.exists()


def test_a_problem_can_go_to_the_grid_instead(personas, data):
    assign_village(personas, personas.township_a)
    visit = visits.log_visit(personas.township_a, data["zhang"], visited_on=today(), findings="看望",
                             problems="邻里因排水沟争执", grid_category="dispute.neighbour")
    event = Event.objects.get(pk=visit.grid_event_id)
    assert event.household_id == data["zhang"].pk and event.source == "visit"
    assert not Problem.objects.exists()
    with pytest.raises(ValidationError) as error:  # 王五's household is in no grid
        visits.log_visit(personas.township_a, data["wang"], visited_on=today(), findings="看望",
                         problems="漏水", grid_category="dispute.neighbour")
    assert "尚未划入网格" in error.value.message_dict["grid_category"][0]


def test_solving_a_problem(personas, data):
    assign_village(personas, personas.township_a)
    visits.log_visit(personas.township_a, data["wang"], visited_on=today(), findings="x", problems="漏水",
                     problem_deadline=today())
    problem = Problem.objects.get()
    with pytest.raises(PermissionDenied):
        visits.solve_problem(personas.villager_a1, problem, solution="修好了")
    with pytest.raises(Http404):
        visits.solve_problem(personas.township_b, problem, solution="修好了")
    with pytest.raises(ValidationError) as error:
        visits.solve_problem(personas.township_a, problem, solution=" ")
    assert error.value.message_dict["solution"] == ["请填写解决情况。"]
    visits.solve_problem(personas.township_a, problem, solution="已修好屋顶")
    problem.refresh_from_db()
    assert (problem.state, problem.solved_on, problem.solution) == ("solved", today(), "已修好屋顶")
    with pytest.raises(ValidationError):
        visits.solve_problem(personas.township_a, problem, solution="again")


# --- coverage -----------------------------------------------------------------------


def test_coverage_counts_distinct_households_within_the_period(personas, data):
    assign_village(personas, personas.township_a, starts_on=days_ago(100))
    assign_village(personas, personas.township_a, village=A2, starts_on=days_ago(100))
    for day in (days_ago(5), days_ago(3)):  # 张三 twice: one household
        visits.log_visit(personas.township_a, data["zhang"], visited_on=day, findings="x")
    visits.log_visit(personas.township_a, data["liu"], visited_on=days_ago(60), findings="x")  # before the period
    visits.log_visit(personas.township_a, data["zhao"], visited_on=days_ago(10), findings="x", problems="p",
                     problem_deadline=today())
    Problem.objects.update(deadline=days_ago(1))  # now overdue
    township = Region.objects.get(code=TOWNSHIP_A)
    rows = {row.region.code: row for row in coverage.coverage_rows(township, days_ago(10), today())}
    assert (rows[A1].households, rows[A1].visited, rows[A1].unvisited) == (3, 1, 2)
    assert (rows[A2].households, rows[A2].visited, rows[A2].percent) == (1, 1, 100.0)
    assert (rows[A2].open_problems, rows[A2].overdue_problems) == (1, 1)
    # the bounds are inclusive: a period starting on the 60th day counts 刘一
    village = Region.objects.get(code=A1)
    (row,) = coverage.coverage_rows(village, days_ago(60), days_ago(3))
    assert (row.households, row.visited) == (3, 2)
    (row,) = coverage.coverage_rows(village, days_ago(59), days_ago(4))
    assert row.visited == 1
    unvisited = list(coverage.unvisited_households(village, days_ago(10), today()))
    assert unvisited == [data["liu"], data["wang"]]
    county = Region.objects.get(code="450321")
    total = coverage.total(coverage.coverage_rows(county, days_ago(10), today()), county)
    assert (total.households, total.visited) == (5, 2)


def test_coverage_scope(personas, data):
    assert coverage.coverage_region(personas.township_a, A1).code == A1
    with pytest.raises(Http404):
        coverage.coverage_region(personas.township_a, B1)
    with pytest.raises(PermissionDenied):
        coverage.coverage_region(personas.villager_a1, A1)


# --- pages and API ------------------------------------------------------------------


def test_visit_page_logs_a_visit_and_shows_errors(personas, data, login):
    assign_village(personas, personas.township_a)
    client = login(personas.township_a)
    url = reverse("contact:visit_create")
    page = client.get(url)
    assert data["wang"].number in page.content.decode()
    response = client.post(url, {"household": data["wang"].pk, "visited_on": today().isoformat(), "findings": "",
                                 "problems": "漏水"})
    body = response.content.decode()
    assert "请填写走访情况。" in body and not Visit.objects.exists()
    response = client.post(url, {"household": data["wang"].pk, "visited_on": today().isoformat(),
                                 "findings": "情况良好", "problems": "漏水", "problem_deadline": today().isoformat()})
    assert response.status_code == 302 and Visit.objects.count() == 1 and Problem.objects.count() == 1
    assert client.get(reverse("contact:visit_create"), {"household": data["sun"].pk}).status_code == 404
    assert client.put(url).status_code == 405


def test_coverage_page_and_api(personas, data, login):
    assign_village(personas, personas.township_a)
    visits.log_visit(personas.township_a, data["wang"], visited_on=today(), findings="x")
    client = login(personas.township_a)
    page = client.get(reverse("contact:coverage"), {"region": A1})
    assert page.status_code == 200 and "33.3%" in page.content.decode()
    assert client.get(reverse("contact:coverage"), {"region": B1}).status_code == 404
    response = client.get("/api/v1/contact/coverage", {"region": TOWNSHIP_A})
    units = {unit["code"]: unit for unit in response.json()["units"]}
    assert (units[A1]["households"], units[A1]["visited"]) == (3, 1)
    response = client.get("/api/v1/contact/coverage/unvisited", {"region": A1})
    assert [item["id"] for item in response.json()["items"]] == [data["zhang"].pk, data["liu"].pk]
    response = client.get("/api/v1/contact/coverage", {"region": A1, "since": "2025-05-01", "until": "2025-04-01"})
    assert response.status_code == 422 and response.json()["errors"]["until"] == ["结束日期不能早于开始日期。"]


def test_api_visits_and_problems(personas, data, login):
    assign_village(personas, personas.township_a)
    client = login(personas.township_a)
    response = client.post("/api/v1/contact/visits", {
        "household": data["wang"].pk, "visited_on": today().isoformat(), "findings": "好",
        "problems": "漏水", "problem_deadline": today().isoformat()}, content_type="application/json")
    assert response.status_code == 201 and len(response.json()["problem_ids"]) == 1
    problem_id = response.json()["problem_ids"][0]
    response = client.post(f"/api/v1/contact/problems/{problem_id}/solve", {"solution": ""},
                           content_type="application/json")
    assert response.status_code == 422 and response.json()["errors"]["solution"] == ["请填写解决情况。"]
    response = client.post(f"/api/v1/contact/problems/{problem_id}/solve", {"solution": "已修"},
                           content_type="application/json")
    assert response.json()["state"] == "solved"
    other = login(personas.township_b)
    assert other.get(f"/api/v1/contact/problems/{problem_id}/solve").status_code == 405
    assert other.post(f"/api/v1/contact/problems/{problem_id}/solve", {"solution": "x"},
                      content_type="application/json").status_code == 404
    response = other.post("/api/v1/contact/assignments", {"assignee": personas.township_b.pk, "kind": "village",
                                                           "region": A1}, content_type="application/json")
    assert response.status_code == 404
    villager = login(personas.villager_a1)
    assert villager.get("/api/v1/contact/visits").status_code == 403
