"""党员联系农户: linking and ending, coverage arithmetic, unlinked households, indicator and ledger."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from xiangzhi.core.models import AuditEvent
from xiangzhi.ledgers.registry import get as get_ledger
from xiangzhi.party import actions, queries
from xiangzhi.party.indicators import household_links
from xiangzhi.party.models import HouseholdLink, MemberStatus
from xiangzhi.targets.periods import Period

from .party_data import JOINED, party, registry  # noqa: F401

pytestmark = pytest.mark.django_db
A1 = "450321100200"


@pytest.fixture
def zhang(personas, party, registry):
    return actions.register_member(personas.secretary_a1, party.branch_a1, registry.resident(registry.a1_grid, "张三"),
                                   status=MemberStatus.FULL, joined_on=JOINED)


def test_link_two_households_and_coverage(personas, registry, zhang):
    first = actions.link_household(personas.secretary_a1, registry.a1_grid, zhang, linked_on=datetime.date(2024, 1, 5))
    assert first.region_id == registry.a1_grid.region_id
    [row] = queries.coverage(A1)
    assert (row.households, row.linked, row.unlinked, row.percent) == (2, 1, 1, 50)
    assert list(queries.unlinked_households(A1)) == [registry.a1_other]
    actions.link_household(personas.secretary_a1, registry.a1_other, zhang, linked_on=datetime.date(2024, 1, 5))
    rows = {row.village.code: row for row in queries.coverage("450321100")}
    assert (rows[A1].linked, rows[A1].households) == (2, 2)
    assert (rows["450321100202"].linked, rows["450321100202"].households) == (0, 1)
    assert not queries.unlinked_households(A1).exists()
    assert AuditEvent.objects.filter(action="household_link.create").count() == 2


def test_one_current_link_per_household(personas, registry, zhang):
    actions.link_household(personas.secretary_a1, registry.a1_grid, zhang)
    with pytest.raises(ValidationError) as caught:
        actions.link_household(personas.secretary_a1, registry.a1_grid, zhang)
    assert "该户已由党员 张三 联系" in caught.value.message_dict["household"][0]
    assert HouseholdLink.objects.count() == 1


def test_member_of_another_village_is_refused(personas, party, registry, zhang):
    zhao = actions.register_member(personas.township_a, party.branch_a2, registry.resident(registry.a2, "赵六"),
                                   status=MemberStatus.FULL, joined_on=JOINED)
    with pytest.raises(ValidationError) as caught:
        actions.link_household(personas.township_a, registry.a1_grid, zhao)
    assert "不是本村党组织的现有党员" in caught.value.message_dict["member"][0]
    with pytest.raises(ValidationError) as caught:
        actions.link_household(personas.secretary_a1, registry.a1_grid, zhang, linked_on=JOINED - datetime.timedelta(1))
    assert "联系开始日期不能早于" in caught.value.message_dict["linked_on"][0]
    assert not HouseholdLink.objects.exists()


def test_end_link_then_relink(personas, registry, zhang):
    link = actions.link_household(personas.secretary_a1, registry.a1_grid, zhang, linked_on=datetime.date(2024, 3, 1))
    with pytest.raises(ValidationError) as caught:
        actions.end_link(personas.secretary_a1, link, datetime.date(2024, 2, 1))
    assert "结束日期不能早于" in caught.value.message_dict["ended_on"][0]
    actions.end_link(personas.secretary_a1, link, datetime.date(2024, 6, 30))
    assert queries.coverage(A1)[0].linked == 0
    actions.link_household(personas.secretary_a1, registry.a1_grid, zhang, linked_on=datetime.date(2024, 7, 1))
    assert HouseholdLink.objects.count() == 2 and queries.coverage(A1)[0].linked == 1


def test_link_scope_and_capability(personas, registry, zhang):
    with pytest.raises(Http404):
        actions.link_household(personas.cadre_b1, registry.a1_grid, zhang)
    with pytest.raises(PermissionDenied):
        actions.link_household(personas.county, registry.a1_grid, zhang)
    assert not HouseholdLink.objects.exists()


def test_indicator_and_ledger(personas, registry, zhang):
    actions.link_household(personas.secretary_a1, registry.a1_grid, zhang, linked_on=datetime.date(2024, 2, 1))
    link = actions.link_household(personas.secretary_a1, registry.a1_other, zhang, linked_on=datetime.date(2024, 2, 1))
    actions.end_link(personas.secretary_a1, link, datetime.date(2024, 3, 15))
    today = datetime.date.today()
    current = Period.containing("quarter", today)
    values = household_links(current, None)
    assert values[A1] == (1, 2) and values["450321100202"] == (0, 1)
    assert household_links(current, ["450321101200"]) == {"450321101200": (0, 1)}
    rows = list(get_ledger("party.household_links").rows(A1, Period.parse("2024Q1")))
    assert [(row[1], row[4], row[6], row[7]) for row in rows] == [
        ("A1-001", "张三", datetime.date(2024, 2, 1), None),
        ("A1-002", "张三", datetime.date(2024, 2, 1), datetime.date(2024, 3, 15)),
    ]
    assert list(get_ledger("party.household_links").rows(A1, Period.parse("2023Q4"))) == []


# --- pages and API ----------------------------------------------------------------------


def test_link_pages(login, personas, registry, zhang):
    client = login(personas.secretary_a1)
    page = client.get(reverse("party:coverage_village", args=[A1]))
    assert page.status_code == 200 and "已联系 0 / 2 户" in page.content.decode()
    response = client.post(reverse("party:link_create", args=[A1]), {
        "household": registry.a1_grid.pk, "member": zhang.pk, "linked_on": "2024-01-01"})
    assert response.status_code == 302
    response = client.post(reverse("party:link_create", args=[A1]), {
        "household": registry.a1_grid.pk, "member": zhang.pk, "linked_on": "2024-01-01"})
    assert response.status_code == 400 and "该户已由党员 张三 联系" in response.content.decode()
    assert client.get(reverse("party:link_create", args=[A1])).status_code == 405
    overview = client.get(reverse("party:coverage"))
    assert "矮山村委会" in overview.content.decode()
    assert login(personas.cadre_b1).get(reverse("party:coverage_village", args=[A1])).status_code == 404
    link = HouseholdLink.objects.get()
    assert login(personas.cadre_b1).post(reverse("party:link_end", args=[link.pk]), {"ended_on": "2024-02-01"}).status_code == 404
    assert login(personas.county).post(reverse("party:link_end", args=[link.pk]), {"ended_on": "2024-02-01"}).status_code == 403
    link.refresh_from_db()
    assert link.ended_on is None


def test_link_api(login, personas, registry, zhang):
    client = login(personas.secretary_a1)
    response = client.post("/api/v1/party/links", {"household": registry.a1_grid.pk, "member": zhang.pk},
                           content_type="application/json")
    assert response.status_code == 201, response.content
    link_id = response.json()["id"]
    coverage = client.get("/api/v1/party/coverage").json()
    assert coverage == [{"village_code": A1, "village_name": "矮山村委会", "households": 2, "linked": 1, "unlinked": 1}]
    unlinked = client.get(f"/api/v1/party/coverage/{A1}/unlinked").json()
    assert [item["number"] for item in unlinked["items"]] == ["A1-002"]
    bad = client.post(f"/api/v1/party/links/{link_id}/end", {"ended_on": "2000-01-01"}, content_type="application/json")
    assert bad.status_code == 422 and "ended_on" in bad.json()["errors"]
    assert login(personas.cadre_b1).post("/api/v1/party/links", {"household": registry.a1_other.pk, "member": zhang.pk},
                                         content_type="application/json").status_code == 404
    assert login(personas.cadre_b1).get(f"/api/v1/party/coverage/{A1}/unlinked").status_code == 404
    assert login(personas.villager_a1).get("/api/v1/party/links").status_code == 403
    assert HouseholdLink.objects.count() == 1
