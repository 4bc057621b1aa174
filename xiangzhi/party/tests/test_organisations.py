"""The party-organisation tree: branches with their members and warnings, create and dissolve."""

import pytest
from django.urls import reverse

from xiangzhi.party import actions, queries
from xiangzhi.party.models import MemberStatus
from xiangzhi.people import actions as registry_actions
from xiangzhi.people.models import Organisation, OrganisationKind
from xiangzhi.people.organisations import add_member
from xiangzhi.people.tests.registry_data import A1_TUN, member

from .party_data import JOINED, party, registry  # noqa: F401

pytestmark = pytest.mark.django_db


def villagers(cadre, count, start=100):
    household = registry_actions.register_household(cadre, region=A1_TUN, members=[
        member(f"党员{n}", "head" if n == 0 else "child", start + n) for n in range(count)
    ])
    return list(household.residents.order_by("id"))


def branch_a1(user):
    return next(o for o, _depth in queries.as_tree(queries.party_organisations(user)) if o.name == "矮山村党支部")


def test_warnings_follow_the_members(personas, party, registry):
    people = villagers(personas.cadre_a1, 7)
    assert branch_a1(personas.township_a).warnings == ["正式党员仅 0 名,不足 3 名。"]
    for resident in people[:3]:
        actions.register_member(personas.secretary_a1, party.branch_a1, resident, status=MemberStatus.FULL,
                                joined_on=JOINED)
    assert branch_a1(personas.township_a).warnings == []
    for resident in people[3:]:
        actions.register_member(personas.secretary_a1, party.branch_a1, resident,
                                status=MemberStatus.PROBATIONARY, joined_on=JOINED)
    [warning] = branch_a1(personas.township_a).warnings
    assert "应选举产生支部委员会" in warning
    for resident, position in zip(people, ["书记", "副书记", "委员"]):
        add_member(personas.township_a, party.branch_a1, resident, position=position, starts_on=JOINED)
    assert branch_a1(personas.township_a).warnings == []


def test_tree_order_and_scope(personas, party, registry):
    tree = [(o.name, depth) for o, depth in queries.as_tree(queries.party_organisations(personas.township_a))]
    assert tree == [("阳朔镇党委", 0), ("矮山村党支部", 1), ("骥马村党支部", 1)]
    county = [o.name for o, _d in queries.as_tree(queries.party_organisations(personas.county))]
    assert "白沙村党支部" in county and len(county) == 4


def test_tree_page(login, personas, party, registry):
    page = login(personas.township_a).get(reverse("party:organisations")).content.decode()
    assert "矮山村党支部" in page and "白沙村党支部" not in page and "不足 3 名" in page
    assert login(personas.township_a).get(reverse("party:organisations") + "?region=450321101").status_code == 404
    assert login(personas.villager_a1).get(reverse("party:organisations")).status_code == 403
    detail = login(personas.cadre_b1).get(reverse("party:organisation_detail", args=[party.branch_a1.pk]))
    assert detail.status_code == 404


def test_create_and_dissolve_from_the_party_pages(login, personas, party, registry):
    client = login(personas.township_a)
    response = client.post(reverse("party:organisation_create"), {
        "region": "450321100200", "kind": OrganisationKind.PARTY_BRANCH, "name": "矮山屯党支部",
        "parent": party.committee_a.pk})
    created = Organisation.objects.get(name="矮山屯党支部")
    assert response.status_code == 302 and created.parent == party.committee_a
    bad = client.post(reverse("party:organisation_create"), {"region": "450321100200", "kind": "village_committee",
                                                              "name": "x"})
    assert bad.status_code == 200 and "请选择组织类型" in bad.content.decode()
    response = client.post(reverse("party:organisation_dissolve", args=[created.pk]), {"dissolved_on": "2999-01-01"})
    created.refresh_from_db()
    assert created.dissolved_on is None
    response = client.post(reverse("party:organisation_dissolve", args=[created.pk]), {"dissolved_on": "2024-01-01"})
    created.refresh_from_db()
    assert str(created.dissolved_on) == "2024-01-01"
    assert login(personas.cadre_a1).post(
        reverse("party:organisation_dissolve", args=[party.branch_a1.pk]), {"dissolved_on": "2024-01-01"}
    ).status_code == 403


def test_organisation_api(login, personas, party, registry):
    rows = login(personas.township_a).get("/api/v1/party/organisations").json()["items"]
    assert {row["name"] for row in rows} == {"阳朔镇党委", "矮山村党支部", "骥马村党支部"}
    branch = next(row for row in rows if row["name"] == "矮山村党支部")
    assert branch["warnings"] == ["正式党员仅 0 名,不足 3 名。"]
    assert login(personas.township_b).get(f"/api/v1/party/organisations/{party.branch_a1.pk}").status_code == 404
