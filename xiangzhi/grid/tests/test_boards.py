"""The work views: a grid worker's list (open events, households due a visit), a township
dispatcher's board and the county's view, with their scope and drill-down links."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from xiangzhi.grid import boards
from xiangzhi.grid.events import report_event
from xiangzhi.grid.models import Event, EventCategory, Visit
from xiangzhi.regions.models import Region

from .test_coverage import A1_GRID, A1_TUN, A2_TUN, B1_TUN, make_household


def category(code):
    return EventCategory.objects.get(code=code)


def report(actor, code, description, **place):
    return report_event(actor, category=category(code), description=description, **place)


def set_state(event, **values):
    Event.objects.filter(pk=event.pk).update(**values)


@pytest.fixture
def scene(personas):
    """Events across the persona tree, one overdue, two closed (one on time, one late)."""
    now = timezone.now()
    zhang = make_household(A1_TUN, "A1-001", ("张三",), grid=A1_GRID)
    fresh = report(personas.grid_worker_a1, "dispute.neighbour", "张家与邻居争执排水沟。", household=zhang)
    late = report(personas.grid_worker_a1, "environment.garbage", "村口垃圾堆放多日。", region=A1_GRID)
    set_state(late, deadline=now - timedelta(hours=2), created_at=now - timedelta(days=3))
    a2 = report(personas.cadre_a2, "infrastructure.road", "骥马屯道路塌陷。", region=A2_TUN)
    b1 = report(personas.cadre_b1, "environment.garbage", "白沙屯垃圾未清运。", region=B1_TUN)
    on_time = report(personas.grid_worker_a1, "environment.garbage", "已清理的垃圾点。", region=A1_GRID)
    deadline = Event.objects.get(pk=on_time.pk).resolve_deadline
    set_state(on_time, state="closed", deadline=None, resolved_at=deadline - timedelta(days=1),
              closed_at=deadline - timedelta(hours=20), rating=5)
    overran = report(personas.cadre_a1, "environment.garbage", "拖了很久的垃圾点。", region=A1_TUN)
    deadline = Event.objects.get(pk=overran.pk).resolve_deadline
    set_state(overran, state="closed", deadline=None, resolved_at=deadline + timedelta(days=2),
              closed_at=deadline + timedelta(days=3), rating=2)
    return {"fresh": fresh, "late": late, "a2": a2, "b1": b1, "on_time": on_time, "overran": overran, "zhang": zhang}


# --- the grid worker's list ----------------------------------------------------------------


def test_grid_worker_sees_their_grids_open_events_overdue_first(personas, scene, login):
    response = login(personas.grid_worker_a1).get(reverse("grid:my_work"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("村口垃圾堆放多日。") < html.index("张家与邻居争执排水沟。")  # overdue first
    for elsewhere in ("骥马屯道路塌陷。", "白沙屯垃圾未清运。", "已清理的垃圾点。"):
        assert elsewhere not in html
    assert '<strong id="open-count">2</strong>' in html and '<strong id="overdue-count">1</strong>' in html
    assert reverse("grid:event_detail", args=[scene["late"].pk]) in html


def test_households_due_a_visit(personas, scene, login):
    today = timezone.localdate()
    recent = scene["zhang"]
    long_ago = make_household(A1_TUN, "A1-002", ("刘一",), grid=A1_GRID)
    never = make_household(A1_TUN, "A1-003", ("陈二",), grid=A1_GRID)
    make_household(A1_TUN, "A1-004", ("不在网格",))
    for household, days in ((recent, 10), (long_ago, 100)):
        Visit.objects.create(household=household, region_id=A1_TUN, grid_id=A1_GRID, visitor=personas.grid_worker_a1,
                             visited_on=today - timedelta(days=days), findings="x")
    due = list(boards.households_due(personas.grid_worker_a1))
    assert [h.head_name for h in due] == ["陈二", "刘一"]
    assert due[1].last_visit == today - timedelta(days=100)

    html = login(personas.grid_worker_a1).get(reverse("grid:my_work")).content.decode()
    assert "从未走访" in html and f"?household={never.pk}" in html and f"?household={recent.pk}" not in html
    assert "不在网格" not in html


def test_a_visit_90_days_ago_is_due_again(personas, scene):
    Visit.objects.create(household=scene["zhang"], region_id=A1_TUN, grid_id=A1_GRID,
                         visitor=personas.grid_worker_a1, visited_on=timezone.localdate() - timedelta(days=90),
                         findings="x")
    assert [h.pk for h in boards.households_due(personas.grid_worker_a1)] == [scene["zhang"].pk]
    Visit.objects.create(household=scene["zhang"], region_id=A1_TUN, grid_id=A1_GRID,
                         visitor=personas.grid_worker_a1, visited_on=timezone.localdate() - timedelta(days=89),
                         findings="x")
    assert list(boards.households_due(personas.grid_worker_a1)) == []


def test_due_households_page(personas, login):
    from xiangzhi.people.models import Household

    Household.objects.bulk_create([Household(region_id=A1_TUN, grid_id=A1_GRID, number=f"N{n}") for n in range(51)])
    client = login(personas.grid_worker_a1)
    first = client.get(reverse("grid:my_work")).content.decode()
    assert first.count("记录走访</a>") == 50 and "page=2" in first
    assert client.get(reverse("grid:my_work") + "?page=2").content.decode().count("记录走访</a>") == 1


def test_my_work_needs_visit_logging(personas, login):
    assert login(personas.villager_a1).get(reverse("grid:my_work")).status_code == 403
    assert login(personas.township_a).get(reverse("grid:my_work")).status_code == 403
    assert login(personas.grid_worker_a1).post(reverse("grid:my_work")).status_code == 405


def test_my_work_queries_do_not_grow_with_rows(personas, scene, login, django_assert_max_num_queries):
    client = login(personas.grid_worker_a1)
    client.get(reverse("grid:my_work"))
    for n in range(10):
        make_household(A1_TUN, f"X{n}", (f"户主{n}",), grid=A1_GRID)
        report(personas.grid_worker_a1, "environment.garbage", f"垃圾点{n}", region=A1_GRID)
    with django_assert_max_num_queries(9):
        assert client.get(reverse("grid:my_work")).status_code == 200


# --- the dispatcher's board ------------------------------------------------------------------


def test_township_board_lists_unaccepted_overdue_and_categories(personas, scene, login):
    response = login(personas.township_a).get(reverse("grid:board"))
    assert response.status_code == 200
    html = response.content.decode()
    for description in ("张家与邻居争执排水沟。", "村口垃圾堆放多日。", "骥马屯道路塌陷。"):
        assert description in html
    assert "白沙屯垃圾未清运。" not in html and "已清理的垃圾点。" not in html
    assert '<strong id="unaccepted-count">3</strong>' in html
    assert '<strong id="overdue-count">1</strong>' in html and '<strong id="open-count">3</strong>' in html
    garbage = category("environment.garbage")
    assert f"?category={garbage.pk}&amp;overdue=1" in html
    assert reverse("grid:event_list") + "?state=reported" in html

    rows = {row["category"].code: row for row in boards.counts_by_category(
        boards.dispatch_scope(personas.township_a), timezone.now())}
    assert (rows["environment.garbage"]["open"], rows["environment.garbage"]["overdue"]) == (1, 1)
    assert set(rows) == {"environment.garbage", "dispute.neighbour", "infrastructure.road"}


def test_board_narrowed_to_a_village(personas, scene, login):
    html = login(personas.township_a).get(reverse("grid:board") + "?region=450321100202").content.decode()
    assert "骥马屯道路塌陷。" in html and "村口垃圾堆放多日。" not in html
    assert "region=450321100202" in html


def test_township_b_sees_nothing_of_township_a(personas, scene, login):
    html = login(personas.township_b).get(reverse("grid:board")).content.decode()
    assert "白沙屯垃圾未清运。" in html
    for description in ("张家与邻居争执排水沟。", "村口垃圾堆放多日。", "骥马屯道路塌陷。"):
        assert description not in html
    html = login(personas.township_b).get(reverse("grid:board") + "?region=450321100").content.decode()
    assert "骥马屯道路塌陷。" not in html and '<strong id="open-count">0</strong>' in html


def test_board_needs_dispatch(personas, login):
    assert login(personas.cadre_a1).get(reverse("grid:board")).status_code == 403
    assert login(personas.grid_worker_a1).get(reverse("grid:board")).status_code == 403


def test_board_queries_are_fixed(personas, scene, login, django_assert_max_num_queries):
    client = login(personas.township_a)
    for n in range(10):
        report(personas.cadre_a1, "dispute.family", f"家庭纠纷{n}", region=A1_TUN)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("grid:board")).status_code == 200


# --- the county's view -------------------------------------------------------------------------


def test_county_view_by_township_and_category(personas, scene, login):
    response = login(personas.county).get(reverse("grid:county"))
    assert response.status_code == 200
    units = {row.unit.code: row for row in response.context["units"]}
    a, b = units["450321100"], units["450321101"]
    assert (a.reported, a.closed, a.on_time, a.overdue) == (5, 2, 1, 1)
    assert a.on_time_rate == 50 and a.average_rating == pytest.approx(3.5)
    assert (b.reported, b.closed, b.on_time_rate, b.average_rating, b.overdue) == (1, 0, None, None, 0)
    garbage = next(row for row in response.context["categories"] if row.unit.code == "environment.garbage")
    assert (garbage.reported, garbage.closed, garbage.on_time_rate, garbage.overdue) == (4, 2, 50, 1)
    total = response.context["total"]
    assert (total.reported, total.closed, total.overdue) == (6, 2, 1)

    html = response.content.decode()
    assert '<strong id="total-reported">6</strong>' in html
    assert "?region=450321100&amp;state=closed" in html
    assert f"?region=450321&amp;category={category('environment.garbage').pk}&amp;overdue=1" in html


def test_county_view_drills_into_a_township(personas, scene, login):
    response = login(personas.county).get(reverse("grid:county") + "?region=450321100")
    units = {row.unit.code: row for row in response.context["units"]}
    assert set(units) == {"450321100200", "450321100202"}
    assert units["450321100200"].reported == 4 and units["450321100202"].reported == 1
    assert "阳朔镇网格事件统计" in response.content.decode()


def test_county_view_ignores_regions_outside_the_county(personas, scene, login):
    Region.objects.create(code="450323", name="灵川县", level="county", parent_id="4503")
    response = login(personas.county).get(reverse("grid:county") + "?region=450323")
    assert response.context["region"].code == "450321"


def test_county_view_needs_a_county_level_post(personas, login):
    assert login(personas.township_a).get(reverse("grid:county")).status_code == 403
    assert login(personas.cadre_a1).get(reverse("grid:county")).status_code == 403
    assert login(personas.auditor).get(reverse("grid:county")).status_code == 403


def test_county_view_queries_are_fixed(personas, scene, login, django_assert_max_num_queries):
    client = login(personas.county)
    for n in range(5):
        report(personas.cadre_b1, "dispute.land_forest", f"山林纠纷{n}", region=B1_TUN)
    with django_assert_max_num_queries(11):
        assert client.get(reverse("grid:county")).status_code == 200


def test_empty_units_show_zeroes(personas, login):
    response = login(personas.county).get(reverse("grid:county"))
    assert [(row.unit.code, row.reported) for row in response.context["units"]] == [("450321100", 0), ("450321101", 0)]
    assert response.context["total"].on_time_rate is None


def test_an_escalated_event_is_not_on_time_even_if_resolved_before_its_new_deadline(personas, scene, login):
    on_time = scene["on_time"]
    set_state(on_time, escalation_count=1)
    response = login(personas.county).get(reverse("grid:county"))
    township_a = {row.unit.code: row for row in response.context["units"]}["450321100"]
    assert (township_a.closed, township_a.on_time, township_a.on_time_rate) == (2, 0, 0)
