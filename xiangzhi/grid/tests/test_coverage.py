"""Grid coverage: households and residents per grid, warnings beyond the guidance, grid posts,
households in no grid, and assigning households to a grid (action, page and API)."""

import datetime
import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from conftest import make_user
from xiangzhi.core.crypto import blind_index
from xiangzhi.core.models import AuditEvent
from xiangzhi.grid import coverage
from xiangzhi.people import citizen_id
from xiangzhi.people.models import Household, Resident
from xiangzhi.people.tallies import adjust_tally
from xiangzhi.regions.models import Region

A1, A2, B1 = "450321100200", "450321100202", "450321101200"
A1_TUN, A1_TUN2, A1_GRID, A1_GRID2 = "450321100200001", "450321100200002", "450321100200W01", "450321100200W02"
A2_TUN, B1_TUN = "450321100202001", "450321101200001"
_sequence = itertools.count()


def add_resident(household, name, relation="head", status="present"):
    n = next(_sequence)
    birth = datetime.date(1950, 1, 1) + datetime.timedelta(days=101 * n)
    number = citizen_id.make("450321", birth, n % 100, "male")
    return Resident.objects.create(
        household=household, region_id=household.region_id, name=name, relation=relation, gender="male",
        birth_date=birth, status=status, id_number=number, id_number_index=blind_index(number, "citizen_id"),
    )


def make_household(region, number, names=("黄秀英",), grid=None, away=()):
    """A household as the registry leaves it (the first name is the 户主), tallies included."""
    household = Household.objects.create(region_id=region, grid_id=grid, number=number)
    for index, name in enumerate(names):
        add_resident(household, name, "head" if index == 0 else "child")
    for name in away:
        add_resident(household, name, "child", status="moved_out")
    adjust_tally(region[:12], households=1, residents=len(names))
    return household


def add_grid(code, name, village):
    return Region.objects.create(code=code, name=name, level="grid", parent_id=village)


@pytest.fixture
def homes(personas):
    """A1: two households in grid W01 (3 present, 1 moved out), one in no grid; A2 and B1: one each, no grid."""
    return {
        "zhang": make_household(A1_TUN, "A1-001", ("张三", "李四"), grid=A1_GRID, away=("张远",)),
        "liu": make_household(A1_TUN, "A1-002", ("刘一",), grid=A1_GRID),
        "wang": make_household(A1_TUN2, "A1-003", ("王五",)),
        "zhao": make_household(A2_TUN, "A2-001", ("赵六",)),
        "sun": make_household(B1_TUN, "B1-001", ("孙七",)),
    }


def grid_row(village_coverage, code):
    return next(row for row in village_coverage.grids if row.grid.code == code)


# --- numbers and warnings ----------------------------------------------------------------


def test_counts_households_present_residents_posts_and_gaps_per_village(personas, homes):
    add_grid(A1_GRID2, "矮山第二网格", A1)
    leader = make_user("leader_a1", "grid_leader", A1_GRID)
    a1, a2 = coverage.coverage_of(Region.objects.filter(code__in=[A1, A2]).order_by("code"))

    first = grid_row(a1, A1_GRID)
    assert (first.households, first.residents) == (2, 3)  # the moved-out son does not count
    assert first.workers == [personas.grid_worker_a1] and first.leaders == [leader]
    assert first.warnings == []
    second = grid_row(a1, A1_GRID2)
    assert (second.households, second.residents) == (0, 0)
    assert second.warnings == ["尚未配备网格长和网格员。"]
    assert a1.unassigned == 1
    assert a2.grids == [] and a2.unassigned == 1


def test_a_grid_beyond_300_households_is_flagged_and_300_is_not(personas):
    Household.objects.bulk_create(
        [Household(region_id=A1_TUN, grid_id=A1_GRID, number=f"A1-{n:03d}") for n in range(300)]
    )
    [a1] = coverage.coverage_of([Region.objects.get(code=A1)])
    assert grid_row(a1, A1_GRID).warnings == []

    Household.objects.create(region_id=A1_TUN, grid_id=A1_GRID, number="A1-301")
    [a1] = coverage.coverage_of([Region.objects.get(code=A1)])
    row = grid_row(a1, A1_GRID)
    assert row.households == 301 and row.too_many_households
    assert row.warnings == ["服务 301 户,超过每格约 300 户的标准。"]


def test_more_than_2500_people_is_flagged(personas):
    grid = Region.objects.get(code=A1_GRID)
    assert coverage.GridCoverage(grid, households=250, residents=2500, workers=[object()]).warnings == []
    crowded = coverage.GridCoverage(grid, households=250, residents=2501, workers=[object()])
    assert crowded.warnings == ["服务 2501 人,超过每格不超过 2500 人的标准。"]


def test_posts_that_ended_are_not_shown(personas):
    post = personas.grid_worker_a1.posts.get()
    post.starts_on = datetime.date(2020, 1, 1)
    post.ends_on = datetime.date(2021, 1, 1)
    post.save()
    [a1] = coverage.coverage_of([Region.objects.get(code=A1)])
    assert grid_row(a1, A1_GRID).workers == []


def test_coverage_of_a_page_of_villages_takes_a_fixed_number_of_queries(personas, homes, django_assert_num_queries):
    villages = list(Region.objects.filter(code__in=[A1, A2, B1]))
    with django_assert_num_queries(5):
        result = coverage.coverage_of(villages)
    assert [v.village.code for v in result] == sorted([A1, A2, B1])


# --- pages -----------------------------------------------------------------------------------


def test_township_sees_its_villages_grids_and_gaps(personas, homes, login):
    response = login(personas.township_a).get(reverse("grid:coverage"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "矮山村委会" in html and "骥马村委会" in html and "白沙村委会" not in html
    assert "矮山第一网格" in html and "grid_a1" in html
    assert "1 户未划入网格" in html


def test_other_township_sees_nothing_of_township_a(personas, homes, login):
    client = login(personas.township_b)
    html = client.get(reverse("grid:coverage")).content.decode()
    assert "白沙村委会" in html and "矮山村委会" not in html
    assert client.get(reverse("grid:coverage_village", args=[A1])).status_code == 404


def test_village_cadre_goes_straight_to_their_village(personas, homes, login):
    response = login(personas.cadre_a1).get(reverse("grid:coverage"))
    assert response.status_code == 302
    assert response["Location"] == reverse("grid:coverage_village", args=[A1])


def test_without_the_capability_coverage_is_forbidden(personas, login):
    assert login(personas.villager_a1).get(reverse("grid:coverage")).status_code == 403
    assert login(personas.grid_worker_a1).get(reverse("grid:coverage")).status_code == 403


def test_village_page_lists_households_in_no_grid(personas, homes, login):
    response = login(personas.cadre_a1).get(reverse("grid:coverage_village", args=[A1]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "王五" in html and "岩口屯" in html
    assert "张三" not in html  # served by a grid already
    assert f'value="{homes["wang"].pk}"' in html


def test_the_list_of_households_in_no_grid_pages(personas, login):
    Household.objects.bulk_create([Household(region_id=A1_TUN, number=f"N-{n:03d}") for n in range(51)])
    client = login(personas.cadre_a1)
    first = client.get(reverse("grid:coverage_village", args=[A1])).content.decode()
    assert first.count('name="households"') == 50 and "page=2" in first
    second = client.get(reverse("grid:coverage_village", args=[A1]) + "?page=2").content.decode()
    assert second.count('name="households"') == 1


# --- assigning households --------------------------------------------------------------------


def test_assign_puts_households_into_the_grid_and_audits(personas, homes):
    grid = Region.objects.get(code=A1_GRID)
    moved = coverage.assign_households(personas.cadre_a1, grid, [homes["wang"]])
    assert moved == 1
    assert Household.objects.get(pk=homes["wang"].pk).grid_id == A1_GRID
    event = AuditEvent.objects.get(action="household.assign_grid")
    assert event.region_code == A1 and event.target_id == A1_GRID
    assert event.changes["households"] == [None, [homes["wang"].pk]]
    assert event.changes["previous_grid"] == [{"": [homes["wang"].pk]}, A1_GRID]


def test_assign_can_move_a_household_between_grids_of_the_village(personas, homes):
    second = add_grid(A1_GRID2, "矮山第二网格", A1)
    coverage.assign_households(personas.township_a, second, [homes["liu"].pk, homes["wang"].pk])
    assert set(Household.objects.filter(grid=second).values_list("pk", flat=True)) == {homes["liu"].pk, homes["wang"].pk}
    changes = AuditEvent.objects.get(action="household.assign_grid").changes
    assert changes["previous_grid"][0] == {A1_GRID: [homes["liu"].pk], "": [homes["wang"].pk]}


@pytest.mark.parametrize(
    "households, message",
    [
        ([], "请选择要划入网格的户。"),
        (["x"], "户的编号“x”无效。"),
        ([999999], "所选户中有 1 户不存在。"),
    ],
)
def test_assign_refuses_bad_input_and_changes_nothing(personas, homes, households, message):
    with pytest.raises(ValidationError) as caught:
        coverage.assign_households(personas.cadre_a1, Region.objects.get(code=A1_GRID), households)
    assert caught.value.message_dict == {"households": [message]}
    assert not AuditEvent.objects.filter(action="household.assign_grid").exists()


def test_assign_refuses_households_of_another_village(personas, homes):
    with pytest.raises(ValidationError) as caught:
        coverage.assign_households(
            personas.township_a, Region.objects.get(code=A1_GRID), [homes["wang"].pk, homes["zhao"].pk]
        )
    assert "不在本村" in caught.value.message_dict["households"][0]
    assert Household.objects.get(pk=homes["wang"].pk).grid_id is None  # nothing changed, not even the good one


def test_assign_needs_a_grid(personas, homes):
    with pytest.raises(ValidationError) as caught:
        coverage.assign_households(personas.cadre_a1, Region.objects.get(code=A1_TUN), [homes["wang"].pk])
    assert caught.value.message_dict == {"grid": ["请选择一个网格。"]}


def test_assign_permission_and_scope(personas, homes):
    grid = Region.objects.get(code=A1_GRID)
    with pytest.raises(PermissionDenied):
        coverage.assign_households(personas.villager_a1, grid, [homes["wang"].pk])
    with pytest.raises(PermissionDenied):
        coverage.assign_households(personas.auditor, grid, [homes["wang"].pk])
    with pytest.raises(Http404):
        coverage.assign_households(personas.cadre_b1, grid, [homes["wang"].pk])
    with pytest.raises(Http404):  # a grid worker may not take households into the grid
        coverage.assign_households(personas.grid_worker_a1, grid, [homes["wang"].pk])
    assert Household.objects.get(pk=homes["wang"].pk).grid_id is None


def test_assign_through_the_page(personas, homes, login):
    client = login(personas.cadre_a1)
    url = reverse("grid:coverage_assign", args=[A1])
    response = client.post(url, {"grid": A1_GRID, "households": [homes["wang"].pk]})
    assert response.status_code == 302
    assert Household.objects.get(pk=homes["wang"].pk).grid_id == A1_GRID
    follow = client.get(response["Location"]).content.decode()
    assert "已把 1 户划入“矮山第一网格”。" in follow
    assert "本村所有户都已划入网格。" in follow


def test_assign_page_shows_the_reason_and_changes_nothing(personas, homes, login):
    client = login(personas.cadre_a1)
    url = reverse("grid:coverage_assign", args=[A1])
    response = client.post(url, {"grid": A1_TUN, "households": [homes["wang"].pk]})
    assert response.status_code == 200 and "请选择本村的网格。" in response.content.decode()
    response = client.post(url, {"grid": A1_GRID})
    assert "请选择要划入网格的户。" in response.content.decode()
    assert Household.objects.get(pk=homes["wang"].pk).grid_id is None


def test_assign_page_method_and_scope(personas, homes, login):
    url = reverse("grid:coverage_assign", args=[A1])
    assert login(personas.cadre_a1).get(url).status_code == 405
    assert login(personas.cadre_b1).post(url, {"grid": A1_GRID, "households": [homes["wang"].pk]}).status_code == 404
    assert login(personas.villager_a1).post(url, {"grid": A1_GRID, "households": [homes["wang"].pk]}).status_code == 403
    assert Household.objects.get(pk=homes["wang"].pk).grid_id is None


# --- API --------------------------------------------------------------------------------------


def test_api_grids_with_counts_in_scope(personas, homes, login):
    body = login(personas.township_a).get("/api/v1/grid/grids").json()
    assert body["count"] == 1
    [grid] = body["items"]
    assert grid["code"] == A1_GRID and grid["village_name"] == "矮山村委会"
    assert (grid["households"], grid["residents"]) == (2, 3)
    assert grid["workers"] == [{"id": personas.grid_worker_a1.pk, "name": "grid_a1"}]
    assert login(personas.township_b).get("/api/v1/grid/grids").json() == {"items": [], "count": 0}
    assert login(personas.grid_worker_a1).get("/api/v1/grid/grids").json()["count"] == 1
    assert login(personas.villager_a1).get("/api/v1/grid/grids").status_code == 403


def test_api_unassigned_households(personas, homes, login):
    body = login(personas.township_a).get("/api/v1/grid/coverage/unassigned").json()
    assert {row["head_name"] for row in body["items"]} == {"王五", "赵六"}
    body = login(personas.township_a).get(f"/api/v1/grid/coverage/unassigned?region={A2}").json()
    assert [row["village_code"] for row in body["items"]] == [A2]
    body = login(personas.township_b).get("/api/v1/grid/coverage/unassigned").json()
    assert [row["head_name"] for row in body["items"]] == ["孙七"]


def test_api_assign(personas, homes, login):
    url = f"/api/v1/grid/grids/{A1_GRID}/households"
    response = login(personas.cadre_a1).post(url, {"households": [homes["wang"].pk]}, content_type="application/json")
    assert response.status_code == 200 and response.json() == {"grid": A1_GRID, "assigned": 1}
    assert Household.objects.get(pk=homes["wang"].pk).grid_id == A1_GRID

    response = login(personas.cadre_a1).post(url, {"households": [homes["zhao"].pk]}, content_type="application/json")
    assert response.status_code == 422 and "不在本村" in response.json()["errors"]["households"][0]
    assert Household.objects.get(pk=homes["zhao"].pk).grid_id is None
    response = login(personas.cadre_b1).post(url, {"households": [homes["wang"].pk]}, content_type="application/json")
    assert response.status_code == 404
