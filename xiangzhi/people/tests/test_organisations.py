"""Organisations and memberships: actions, pages and API, with the region personas."""

import datetime
import itertools
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from xiangzhi.core.crypto import blind_index
from xiangzhi.core.models import AuditEvent
from xiangzhi.people import citizen_id, organisations
from xiangzhi.people.models import Household, Membership, Organisation, Resident

A1, A2, B1 = "450321100200", "450321100202", "450321101200"
TOWNSHIP_A = "450321100"
_sequence = itertools.count()


def resident(region_code, name, status="present"):
    n = next(_sequence)
    birth = datetime.date(1970, 3, 1) + timedelta(days=113 * n)
    number = citizen_id.make("450321", birth, n % 100, "male")
    household = Household.objects.create(region_id=region_code, number=f"H-{n}")
    return Resident.objects.create(
        household=household, region_id=region_code, name=name, relation="head", gender="male",
        birth_date=birth, status=status, id_number=number, id_number_index=blind_index(number, "citizen_id"),
    )


@pytest.fixture
def committee(personas):
    return Organisation.objects.create(
        region_id=TOWNSHIP_A, name="阳朔镇党委", kind="party_committee", established_on=date(2000, 1, 1)
    )


@pytest.fixture
def branch(personas, committee):
    return organisations.create_organisation(
        personas.secretary_a1, region=A1, name="矮山村党支部", kind="party_branch", parent=committee,
        established_on=date(2010, 7, 1),
    )


@pytest.fixture
def villager(personas):
    return resident("450321100200001", "韦国强")


# --- actions -------------------------------------------------------------------------


def test_create_organisation_under_the_township_committee(personas, branch, committee):
    branch.refresh_from_db()
    assert (branch.region_id, branch.kind, branch.parent, branch.established_on) == (
        A1, "party_branch", committee, date(2010, 7, 1)
    )
    event = AuditEvent.objects.get(action="organisation.create")
    assert event.region_code == A1 and event.actor == personas.secretary_a1
    assert event.changes["name"] == [None, "矮山村党支部"] and event.changes["parent"] == [None, committee.pk]


def test_create_organisation_permissions(personas):
    kwargs = {"region": A1, "name": "矮山村红白理事会", "kind": "weddings_funerals"}
    for user in (personas.cadre_a1, personas.villager_a1, personas.auditor):
        with pytest.raises(PermissionDenied):
            organisations.create_organisation(user, **kwargs)
    with pytest.raises(Http404):
        organisations.create_organisation(personas.township_b, **kwargs)
    assert not Organisation.objects.exists()
    organisations.create_organisation(personas.county, **kwargs)  # 民政 at county level
    organisations.create_organisation(personas.township_a, region="450321100200001", name="矮山屯理事会", kind="tun_council")
    assert Organisation.objects.count() == 2


def test_create_organisation_bad_input(personas, committee):
    other = Organisation.objects.create(region_id="450321101", name="白沙镇党委", kind="party_committee")
    inside = Organisation.objects.create(region_id="450321100200001", name="矮山屯党小组", kind="party_group")
    cases = [
        ({"name": " ", "kind": "party_branch"}, "name", "请填写组织名称。"),
        ({"name": "x" * 101, "kind": "party_branch"}, "name", "名称不能超过 100 个字。"),
        ({"name": "矮山村党支部", "kind": "club"}, "kind", "请选择组织类型。"),
        ({"name": "矮山村党支部", "kind": "party_branch", "parent": other}, "parent", "上级组织须在本组织所在区划或其上级区划。"),
        ({"name": "矮山村党支部", "kind": "party_branch", "parent": inside}, "parent", "上级组织须在本组织所在区划或其上级区划。"),
        ({"name": "矮山村党支部", "kind": "party_branch", "parent": 999999}, "parent", "上级组织须在本组织所在区划或其上级区划。"),
        ({"name": "矮山村党支部", "kind": "party_branch", "established_on": timezone.localdate() + timedelta(days=1)},
         "established_on", "成立日期不能晚于今天。"),
    ]
    for kwargs, field, message in cases:
        with pytest.raises(ValidationError) as caught:
            organisations.create_organisation(personas.secretary_a1, region=A1, **kwargs)
        assert caught.value.message_dict[field] == [message], kwargs
    with pytest.raises(ValidationError) as caught:
        organisations.create_organisation(personas.secretary_a1, region="450321100200999", name="x", kind="tun_council")
    assert caught.value.message_dict == {"region": ["没有代码为 450321100200999 的区划。"]}
    assert Organisation.objects.count() == 3
    assert not AuditEvent.objects.exists()


def test_add_member_and_end_membership(personas, branch, villager):
    membership = organisations.add_member(
        personas.secretary_a1, branch, villager, position="书记", starts_on=date(2021, 1, 5)
    )
    assert (membership.resident, membership.position, membership.ends_on) == (villager, "书记", None)
    organisations.end_membership(personas.secretary_a1, membership, date(2024, 1, 4))
    membership.refresh_from_db()
    assert membership.ends_on == date(2024, 1, 4)
    # A later term for the same person is fine once the first has ended.
    organisations.add_member(personas.secretary_a1, branch, villager, position="委员", starts_on=date(2024, 2, 1))
    assert Membership.objects.filter(resident=villager).count() == 2
    actions = list(AuditEvent.objects.filter(action__startswith="membership.").order_by("id").values_list("action", flat=True))
    assert actions == ["membership.add", "membership.end", "membership.add"]
    end = AuditEvent.objects.get(action="membership.end")
    assert end.changes == {"ends_on": [None, "2024-01-04"]} and end.region_code == A1


def test_add_member_refuses_overlaps_outsiders_and_bad_terms(personas, branch, villager):
    organisations.add_member(personas.secretary_a1, branch, villager, position="书记", starts_on=date(2021, 1, 5))
    neighbour = resident("450321100202001", "莫丽华")
    gone = resident("450321100200001", "李已迁", status="moved_out")
    cases = [
        (villager, {"starts_on": date(2023, 1, 1)}, "resident", "韦国强 在该期间已是本组织成员。"),
        (villager, {"starts_on": date(2019, 1, 1), "ends_on": date(2021, 1, 5)}, "resident", "韦国强 在该期间已是本组织成员。"),
        (neighbour, {"starts_on": date(2023, 1, 1)}, "resident", "莫丽华 不住在本组织所在区划内。"),
        (gone, {"starts_on": date(2023, 1, 1)}, "resident", "李已迁 不是在册村民。"),
        (resident("450321100200001", "黄新"), {"starts_on": date(2023, 2, 1), "ends_on": date(2023, 1, 1)},
         "ends_on", "任期结束不能早于任期开始。"),
        (resident("450321100200001", "黄早"), {"starts_on": date(2009, 1, 1)}, "starts_on", "任期开始不能早于组织成立日期。"),
    ]
    for person, kwargs, field, message in cases:
        with pytest.raises(ValidationError) as caught:
            organisations.add_member(personas.secretary_a1, branch, person, position="委员", **kwargs)
        assert caught.value.message_dict[field] == [message], person.name
    # Ending before 2021-01-05 leaves 2019–2020 free.
    organisations.add_member(
        personas.secretary_a1, branch, villager, position="委员", starts_on=date(2019, 1, 1), ends_on=date(2020, 12, 31)
    )
    assert Membership.objects.count() == 2


def test_membership_permissions(personas, branch, villager):
    for user in (personas.cadre_a1, personas.villager_a1):
        with pytest.raises(PermissionDenied):
            organisations.add_member(user, branch, villager, position="委员", starts_on=date(2023, 1, 1))
    for user in (personas.township_b, ):
        with pytest.raises(Http404):
            organisations.add_member(user, branch, villager, position="委员", starts_on=date(2023, 1, 1))
    assert not Membership.objects.exists()


def test_end_membership_bad_input(personas, branch, villager):
    membership = organisations.add_member(personas.secretary_a1, branch, villager, position="委员", starts_on=date(2021, 1, 5))
    with pytest.raises(ValidationError) as caught:
        organisations.end_membership(personas.secretary_a1, membership, date(2020, 1, 1))
    assert caught.value.message_dict == {"ends_on": ["任期结束不能早于任期开始(2021-01-05)。"]}
    organisations.end_membership(personas.secretary_a1, membership, date(2022, 1, 1))
    with pytest.raises(ValidationError) as caught:
        organisations.end_membership(personas.secretary_a1, membership, date(2023, 1, 1))
    assert caught.value.messages == ["该任期已于 2022-01-01 结束。"]
    with pytest.raises(Http404):
        organisations.end_membership(personas.township_b, membership, date(2021, 6, 1))
    with pytest.raises(PermissionDenied):
        organisations.end_membership(personas.cadre_a1, membership, date(2021, 6, 1))
    membership.refresh_from_db()
    assert membership.ends_on == date(2022, 1, 1)


def test_dissolve_ends_current_terms(personas, committee, branch, villager):
    membership = organisations.add_member(personas.secretary_a1, branch, villager, position="委员", starts_on=date(2021, 1, 5))
    with pytest.raises(ValidationError) as caught:
        organisations.dissolve_organisation(personas.township_a, committee, timezone.localdate())
    assert caught.value.messages == ["该组织还有未撤销的下级组织,请先撤销下级组织。"]
    with pytest.raises(ValidationError) as caught:
        organisations.dissolve_organisation(personas.secretary_a1, branch, date(2009, 1, 1))
    assert caught.value.message_dict == {"dissolved_on": ["撤销日期不能早于成立日期。"]}
    organisations.dissolve_organisation(personas.secretary_a1, branch, date(2024, 6, 30))
    membership.refresh_from_db()
    branch.refresh_from_db()
    assert branch.dissolved_on == date(2024, 6, 30) and membership.ends_on == date(2024, 6, 30)
    with pytest.raises(ValidationError):
        organisations.dissolve_organisation(personas.secretary_a1, branch, date(2024, 7, 1))
    with pytest.raises(ValidationError) as caught:
        organisations.add_member(personas.secretary_a1, branch, resident("450321100200001", "黄新"),
                                 position="委员", starts_on=date(2024, 7, 1))
    assert caught.value.messages == ["该组织已撤销,不能再添加成员。"]
    event = AuditEvent.objects.get(action="organisation.dissolve")
    assert event.changes == {"dissolved_on": [None, "2024-06-30"], "memberships_ended": [None, 1]}


# --- scope ------------------------------------------------------------------------------


def test_who_sees_which_organisation(personas, committee, branch):
    b1_branch = Organisation.objects.create(region_id=B1, name="白沙村党支部", kind="party_branch")

    def seen(user):
        return set(Organisation.objects.visible_to(user).values_list("name", flat=True))

    assert seen(personas.cadre_a1) == {"矮山村党支部"}
    assert seen(personas.township_a) == {"阳朔镇党委", "矮山村党支部"}
    assert seen(personas.county) == {"阳朔镇党委", "矮山村党支部", "白沙村党支部"}
    assert seen(personas.cadre_a2) == set()
    assert seen(personas.villager_a1) == set()
    assert b1_branch.pk


def test_list_page(personas, committee, branch, login):
    Organisation.objects.create(region_id=A1, name="矮山村红白理事会", kind="weddings_funerals")
    client = login(personas.cadre_a1)
    page = client.get(reverse("people:organisation_list")).content.decode()
    assert "矮山村党支部" in page and "矮山村红白理事会" in page and "阳朔镇党委" not in page
    assert "新建组织" not in page  # a cadre reads, the secretary manages
    filtered = client.get(reverse("people:organisation_list"), {"kind": "party_branch"}).content.decode()
    assert "矮山村党支部" in filtered and "矮山村红白理事会" not in filtered
    assert "新建组织" in login(personas.secretary_a1).get(reverse("people:organisation_list")).content.decode()
    assert login(personas.villager_a1).get(reverse("people:organisation_list")).status_code == 403
    assert "矮山村党支部" not in login(personas.cadre_a2).get(reverse("people:organisation_list")).content.decode()


def test_detail_page_scope_and_forms(personas, branch, villager, login):
    organisations.add_member(personas.secretary_a1, branch, villager, position="书记", starts_on=date(2021, 1, 5))
    url = reverse("people:organisation_detail", args=[branch.pk])
    page = login(personas.cadre_a1).get(url).content.decode()
    assert "韦国强" in page and "书记" in page and "2021-01-05" in page and "至今" in page
    assert "添加成员" not in page
    page = login(personas.secretary_a1).get(url).content.decode()
    assert "添加成员" in page and "结束任期" in page
    found = login(personas.secretary_a1).get(url, {"q": "韦国"}).content.decode()
    assert f'<option value="{villager.pk}">' in found
    assert login(personas.cadre_a2).get(url).status_code == 404
    assert login(personas.villager_a1).get(url).status_code == 404


def test_pages_that_write(personas, committee, villager, login):
    client = login(personas.secretary_a1)
    assert client.get(reverse("people:organisation_create")).status_code == 200
    response = client.post(reverse("people:organisation_create"), {
        "region": A1, "kind": "party_branch", "name": "矮山村党支部", "parent": committee.pk, "established_on": "2010-07-01",
    })
    branch = Organisation.objects.get(name="矮山村党支部")
    assert response.status_code == 302 and response["Location"] == reverse("people:organisation_detail", args=[branch.pk])
    assert branch.parent == committee

    response = client.post(reverse("people:organisation_create"), {"region": A1, "kind": "", "name": ""})
    page = response.content.decode()
    assert "请选择组织类型。" in page and "请填写组织名称。" in page

    add_url = reverse("people:organisation_add_member", args=[branch.pk])
    response = client.post(add_url, {"resident": villager.pk, "position": "书记", "starts_on": "2021-01-05"})
    assert response.status_code == 302
    membership = Membership.objects.get()
    response = client.post(add_url, {"resident": villager.pk, "position": "委员", "starts_on": "2022-01-05"})
    assert "韦国强 在该期间已是本组织成员。" in response.content.decode()
    response = client.post(add_url, {"resident": "", "starts_on": "2022-01-05"})
    assert "请先查找并选择村民。" in response.content.decode()
    assert client.get(add_url).status_code == 405
    assert login(personas.cadre_a1).post(add_url, {"resident": villager.pk, "starts_on": "2022-01-05"}).status_code == 403
    assert login(personas.cadre_b1).post(add_url, {"resident": villager.pk, "starts_on": "2022-01-05"}).status_code == 404
    assert Membership.objects.count() == 1

    client = login(personas.secretary_a1)  # the test client is shared by every login()
    end_url = reverse("people:organisation_end_membership", args=[branch.pk, membership.pk])
    response = client.post(end_url, {"ends_on": "2020-01-01"})
    assert "任期结束不能早于任期开始(2021-01-05)。" in response.content.decode()
    assert client.post(end_url, {"ends_on": "2024-01-04"}).status_code == 302
    membership.refresh_from_db()
    assert membership.ends_on == date(2024, 1, 4)

    dissolve_url = reverse("people:organisation_dissolve", args=[branch.pk])
    assert login(personas.cadre_a1).post(dissolve_url, {"dissolved_on": "2024-06-30"}).status_code == 403
    client = login(personas.secretary_a1)
    assert client.post(dissolve_url, {"dissolved_on": "2024-06-30"}).status_code == 302
    branch.refresh_from_db()
    assert branch.dissolved_on == date(2024, 6, 30)


# --- API --------------------------------------------------------------------------------


def test_api(personas, committee, villager, login):
    client = login(personas.secretary_a1)
    response = client.post("/api/v1/organisations", {
        "region": A1, "name": "矮山村党支部", "kind": "party_branch", "parent": committee.pk,
    }, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["kind_label"] == "党支部" and body["region_code"] == A1 and body["members"] == []
    branch_id = body["id"]

    response = client.post(f"/api/v1/organisations/{branch_id}/members", {
        "resident": villager.pk, "position": "书记", "starts_on": "2021-01-05",
    }, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["resident_name"] == "韦国强"

    body = login(personas.cadre_a1).get(f"/api/v1/organisations/{branch_id}").json()
    assert [(m["resident_name"], m["position"], m["ends_on"]) for m in body["members"]] == [("韦国强", "书记", None)]
    listed = login(personas.township_a).get("/api/v1/organisations", {"kind": "party_branch"}).json()
    assert [item["name"] for item in listed["items"]] == ["矮山村党支部"] and listed["items"][0]["member_count"] == 1
    assert login(personas.cadre_a2).get("/api/v1/organisations").json()["items"] == []


def test_api_errors(personas, committee, villager, login):
    branch = Organisation.objects.create(region_id=A1, name="矮山村党支部", kind="party_branch")
    client = login(personas.secretary_a1)
    response = client.post("/api/v1/organisations", {"region": A1, "name": "x", "kind": "club"},
                           content_type="application/json")
    assert response.status_code == 422 and response.json()["errors"] == {"kind": ["不是可选的值。"]}
    response = client.post("/api/v1/organisations", {"region": B1, "name": "x", "kind": "party_branch"},
                           content_type="application/json")
    assert response.status_code == 404
    response = login(personas.cadre_a1).post("/api/v1/organisations", {"region": A1, "name": "x", "kind": "party_branch"},
                                             content_type="application/json")
    assert response.status_code == 403
    client = login(personas.secretary_a1)  # the test client is shared by every login()
    members = f"/api/v1/organisations/{branch.pk}/members"
    response = client.post(members, {"resident": villager.pk, "starts_on": "2021-13-01"}, content_type="application/json")
    assert response.status_code == 422 and response.json()["errors"] == {"starts_on": ["日期格式应为 YYYY-MM-DD。"]}
    outsider = resident(B1 + "001", "潘志明")
    response = client.post(members, {"resident": outsider.pk, "starts_on": "2021-01-01"}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"] == {"resident": [f"本组织所在区划内没有编号为 {outsider.pk} 的村民。"]}
    assert login(personas.cadre_b1).get(f"/api/v1/organisations/{branch.pk}").status_code == 404
    assert login(personas.villager_a1).get("/api/v1/organisations").status_code == 403
    assert login(personas.cadre_b1).post(members, {"resident": villager.pk, "starts_on": "2021-01-01"},
                                         content_type="application/json").status_code == 404
    assert not Membership.objects.exists()
    assert Organisation.objects.count() == 2
