"""Registering, changing, transferring and removing party members: rules, scope, pages and API."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from xiangzhi.core.models import AuditEvent
from xiangzhi.party import actions
from xiangzhi.party.models import HouseholdLink, MemberStatus, PartyMember
from xiangzhi.party.queries import current_members

from .party_data import JOINED, party, registry  # noqa: F401

pytestmark = pytest.mark.django_db


def register(actor, organisation, resident, **extra):
    values = {"status": MemberStatus.FULL, "joined_on": JOINED, "full_on": JOINED + datetime.timedelta(days=365)}
    values.update(extra)
    return actions.register_member(actor, organisation, resident, **values)


def test_register_member_keeps_registry_flag_and_audits(personas, party, registry):
    lisi = registry.resident(registry.a1_grid, "李四")
    member = register(personas.secretary_a1, party.branch_a1, lisi)
    lisi.refresh_from_db()
    assert lisi.is_party_member is True
    assert member.region_id == "450321100200" and member.organisation == party.branch_a1
    assert list(current_members(party.branch_a1)) == [member]
    assert list(current_members("450321100")) == [member]
    assert not current_members("450321101").exists()
    event = AuditEvent.objects.get(action="party_member.register")
    assert event.changes["status"] == [None, "full"]
    assert AuditEvent.objects.filter(action="resident.update", target_id=str(lisi.pk)).exists()


def test_a_member_in_two_branches_is_refused(personas, party, registry):
    zhang = registry.resident(registry.a1_grid, "张三")
    register(personas.township_a, party.branch_a1, zhang)
    with pytest.raises(ValidationError) as caught:
        register(personas.township_a, party.committee_a, zhang)
    assert "不能同时在两个党组织" in caught.value.message_dict["resident"][0]
    assert PartyMember.objects.get().organisation == party.branch_a1


@pytest.mark.parametrize("extra, field, text", [
    ({"full_on": JOINED - datetime.timedelta(days=1)}, "full_on", "转正日期不能早于入党日期"),
    ({"status": MemberStatus.PROBATIONARY}, "full_on", "预备党员还没有转正日期"),
    ({"joined_on": datetime.date(2999, 1, 1), "full_on": None}, "joined_on", "入党日期不能晚于今天"),
    ({"mobile": True, "whereabouts": " "}, "whereabouts", "流动去向"),
    ({"status": "honorary"}, "status", "党员类别"),
])
def test_bad_member_input_changes_nothing(personas, party, registry, extra, field, text):
    lisi = registry.resident(registry.a1_grid, "李四")
    with pytest.raises(ValidationError) as caught:
        register(personas.secretary_a1, party.branch_a1, lisi, **extra)
    assert text in caught.value.message_dict[field][0]
    assert not PartyMember.objects.exists()
    lisi.refresh_from_db()
    assert lisi.is_party_member is False


def test_resident_outside_the_branch_region_is_refused(personas, party, registry):
    zhao = registry.resident(registry.a2, "赵六")
    with pytest.raises(ValidationError) as caught:
        register(personas.township_a, party.branch_a1, zhao)
    assert "不住在该党组织所在区划内" in caught.value.message_dict["resident"][0]


def test_scope_and_capability(personas, party, registry):
    sun = registry.resident(registry.b1, "孙七")
    with pytest.raises(Http404):
        register(personas.township_a, party.branch_b1, sun)
    with pytest.raises(PermissionDenied):
        register(personas.county, party.branch_b1, sun)
    assert not PartyMember.objects.exists()


def test_transfer_moves_member_and_ends_links_of_the_old_village(personas, party, registry):
    zhang = registry.resident(registry.a1_grid, "张三")
    member = register(personas.township_a, party.branch_a1, zhang)
    link = actions.link_household(personas.township_a, registry.a1_other, member, linked_on=JOINED)
    actions.transfer_member(personas.township_a, member, party.branch_a2, transferred_on=datetime.date(2024, 3, 1))
    member.refresh_from_db()
    link.refresh_from_db()
    assert (member.organisation, member.region_id) == (party.branch_a2, "450321100202")
    assert link.ended_on == datetime.date(2024, 3, 1)
    event = AuditEvent.objects.get(action="party_member.transfer")
    assert event.changes["organisation"] == [party.branch_a1.pk, party.branch_a2.pk]
    assert event.changes["links_ended"] == [None, 1]
    # Township A cannot send a member to township B's branch: not in its reach.
    with pytest.raises(Http404):
        actions.transfer_member(personas.township_a, member, party.branch_b1)


def test_mobile_flags_and_leave(personas, party, registry):
    zhang = registry.resident(registry.a1_grid, "张三")
    member = register(personas.secretary_a1, party.branch_a1, zhang)
    actions.update_member(personas.secretary_a1, member, mobile=True, whereabouts="广东省东莞市",
                          identity_shown=True, household_plaque=True)
    member.refresh_from_db()
    assert (member.mobile, member.whereabouts, member.identity_shown, member.household_plaque) == (
        True, "广东省东莞市", True, True)
    with pytest.raises(ValidationError):
        actions.member_leaves(personas.secretary_a1, member, JOINED - datetime.timedelta(days=1))
    actions.member_leaves(personas.secretary_a1, member, datetime.date(2024, 5, 1))
    member.refresh_from_db()
    zhang.refresh_from_db()
    assert member.left_on == datetime.date(2024, 5, 1)
    assert zhang.is_party_member is False
    assert not current_members(party.branch_a1).exists()
    # Rejoining later reuses the row: no second member, a new join date.
    again = register(personas.secretary_a1, party.branch_a1, zhang, joined_on=datetime.date(2024, 6, 1), full_on=None)
    assert again.pk == member.pk and again.left_on is None and PartyMember.objects.count() == 1


# --- pages ----------------------------------------------------------------------------


def test_member_pages(login, personas, party, registry):
    client = login(personas.secretary_a1)
    lisi = registry.resident(registry.a1_grid, "李四")
    assert client.get(reverse("party:member_create")).status_code == 200
    response = client.post(reverse("party:member_create"), {
        "resident": lisi.pk, "organisation": party.branch_a1.pk, "status": "probationary",
        "joined_on": "2024-01-02",
    })
    member = PartyMember.objects.get()
    assert response.status_code == 302 and member.status == MemberStatus.PROBATIONARY
    page = client.get(reverse("party:member_list"))
    assert "李四" in page.content.decode()
    response = client.post(reverse("party:member_edit", args=[member.pk]), {"status": "full", "full_on": "2023-01-01"})
    assert response.status_code == 400 and "转正日期不能早于入党日期" in response.content.decode()
    member.refresh_from_db()
    assert member.status == MemberStatus.PROBATIONARY
    assert client.get(reverse("party:member_edit", args=[member.pk])).status_code == 405


def test_member_pages_scope(login, personas, party, registry):
    member = register(personas.township_b, party.branch_b1, registry.resident(registry.b1, "孙七"))
    assert login(personas.cadre_a1).get(reverse("party:member_detail", args=[member.pk])).status_code == 404
    assert login(personas.villager_a1).get(reverse("party:member_list")).status_code == 403
    response = login(personas.cadre_a1).post(reverse("party:member_leave", args=[member.pk]), {"left_on": "2024-01-01"})
    assert response.status_code == 404
    # The county's party.view reads it, but cannot change it.
    county = login(personas.county)
    assert county.get(reverse("party:member_detail", args=[member.pk])).status_code == 200
    assert county.post(reverse("party:member_leave", args=[member.pk]), {"left_on": "2024-01-01"}).status_code == 403
    member.refresh_from_db()
    assert member.left_on is None


# --- API ------------------------------------------------------------------------------


def test_api_members(login, personas, party, registry):
    client = login(personas.township_a)
    zhang = registry.resident(registry.a1_grid, "张三")
    payload = {"resident": zhang.pk, "organisation": party.branch_a1.pk, "status": "full", "joined_on": "2010-07-01"}
    response = client.post("/api/v1/party/members", payload, content_type="application/json")
    assert response.status_code == 201, response.content
    member_id = response.json()["id"]
    again = client.post("/api/v1/party/members", {**payload, "organisation": party.committee_a.pk},
                        content_type="application/json")
    assert again.status_code == 422 and "两个党组织" in again.json()["errors"]["resident"][0]
    response = client.patch(f"/api/v1/party/members/{member_id}", {"mobile": True, "whereabouts": "南宁"},
                            content_type="application/json")
    assert response.status_code == 200 and response.json()["whereabouts"] == "南宁"
    bad = client.patch(f"/api/v1/party/members/{member_id}", {"mobile": True, "whereabouts": ""},
                       content_type="application/json")
    assert bad.status_code == 422 and "whereabouts" in bad.json()["errors"]
    assert PartyMember.objects.get().whereabouts == "南宁"
    listed = client.get("/api/v1/party/members?mobile=true").json()
    assert [row["name"] for row in listed["items"]] == ["张三"]
    assert login(personas.township_b).get(f"/api/v1/party/members/{member_id}").status_code == 404
    other = login(personas.township_b).post("/api/v1/party/members", {**payload, "resident": zhang.pk},
                                            content_type="application/json")
    assert other.status_code == 404
    assert login(personas.villager_a1).get("/api/v1/party/members").status_code == 403
    assert not HouseholdLink.objects.exists()
