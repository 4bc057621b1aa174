"""Household transfer between villages: actions, pages and API, with the region personas."""

import datetime
import itertools
import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from xiangzhi.core.crypto import blind_index
from xiangzhi.core.models import AuditEvent, WorkflowStep
from xiangzhi.people import citizen_id, transfers
from xiangzhi.people.models import Household, HouseholdTransfer, Resident, VillageTally
from xiangzhi.people.tallies import adjust_tally
from xiangzhi.regions.models import Region

A1, A2, B1 = "450321100200", "450321100202", "450321101200"
A1_TUN, B1_TUN = "450321100200001", "450321101200001"
A1_GRID = "450321100200W01"
_sequence = itertools.count()


def add_resident(household, name, relation="head", status="present", gender="male"):
    n = next(_sequence)
    birth = datetime.date(1960, 1, 1) + timedelta(days=97 * n)
    number = citizen_id.make("450321", birth, n % 100, gender)
    return Resident.objects.create(
        household=household, region_id=household.region_id, name=name, relation=relation,
        gender=gender, birth_date=birth, status=status,
        id_number=number, id_number_index=blind_index(number, "citizen_id"),
    )


def make_household(region_code, number, members=("黄秀英", "李强"), grid=None, away=()):
    """A household as the registry would leave it, tallies included."""
    household = Household.objects.create(region_id=region_code, grid_id=grid, number=number)
    for index, name in enumerate(members):
        add_resident(household, name, "head" if index == 0 else "child")
    for name in away:
        add_resident(household, name, "child", status="moved_out")
    adjust_tally(region_code[:12], households=1, residents=len(members))
    return household


def tally(village):
    row = VillageTally.objects.filter(village_id=village).first()
    return (row.households, row.residents) if row else (0, 0)


@pytest.fixture
def household(personas):
    return make_household(A1_TUN, "A1-001", members=("黄秀英", "李强", "李小红"), grid=A1_GRID, away=("李远",))


@pytest.fixture
def requested(personas, household):
    return transfers.request_transfer(personas.cadre_a1, household, to_region=B1, reason="婚嫁迁入白沙村")


def refreshed(transfer):
    return HouseholdTransfer.objects.get(pk=transfer.pk)


# --- the procedure, through the actions -----------------------------------------------


def test_full_flow_moves_household_residents_and_tallies(personas, household):
    other = make_household(B1_TUN, "B1-001", members=("韦春花",))
    assert tally(A1) == (1, 3) and tally(B1) == (1, 1)

    transfer = transfers.request_transfer(personas.cadre_a1, household, to_region=B1, reason="婚嫁迁入白沙村")
    transfer = refreshed(transfer)
    assert transfer.state == "requested"
    assert transfer.from_region_id == A1 and transfer.to_region_id == B1
    assert timedelta(days=14, hours=23) < transfer.deadline - timezone.now() <= timedelta(days=15)

    transfers.accept_transfer(personas.cadre_b1, transfer, destination=B1_TUN, comment="同意接收")

    transfer = refreshed(transfer)
    assert transfer.state == "accepted" and transfer.destination_id == B1_TUN and transfer.deadline is None
    household.refresh_from_db()
    assert household.region_id == B1_TUN and household.grid_id is None
    assert set(Resident.objects.filter(household=household).values_list("region_id", flat=True)) == {B1_TUN}
    # Three present members move; the one who had moved out does not count.
    assert tally(A1) == (0, 0)
    assert tally(B1) == (2, 4)
    other.refresh_from_db()
    assert other.region_id == B1_TUN
    # Now B1 sees the household and A1 no longer does.
    assert Household.objects.visible_to(personas.cadre_b1).filter(pk=household.pk).exists()
    assert not Household.objects.visible_to(personas.cadre_a1).filter(pk=household.pk).exists()


def test_every_step_writes_an_audit_event(personas, household):
    transfer = transfers.request_transfer(personas.cadre_a1, household, to_region=B1, reason="投靠子女")
    transfers.accept_transfer(personas.cadre_b1, transfer, destination=B1)
    second = make_household(A1_TUN, "A1-002")
    rejected = transfers.request_transfer(personas.cadre_a1, second, to_region=B1, reason="投靠子女")
    transfers.reject_transfer(personas.cadre_b1, rejected, reason="材料不全")
    cancelled = transfers.request_transfer(personas.cadre_a1, second, to_region=A2, reason="投靠子女")
    transfers.cancel_transfer(personas.cadre_a1, cancelled, comment="申请有误")

    events = list(AuditEvent.objects.order_by("id").values_list("action", "region_code", "actor__username"))
    assert events == [
        ("household_transfer.request", A1, "cadre_a1"),
        ("household.move", A1_TUN, "cadre_b1"),
        ("household_transfer.accept", B1, "cadre_b1"),
        ("household_transfer.request", A1, "cadre_a1"),
        ("household_transfer.reject", B1, "cadre_b1"),
        ("household_transfer.request", A1, "cadre_a1"),
        ("household_transfer.cancel", A1, "cadre_a1"),
    ]
    accept = AuditEvent.objects.get(action="household_transfer.accept")
    assert accept.changes["state"] == ["requested", "accepted"]
    assert accept.changes["household.region"] == [A1_TUN, B1]
    assert accept.post.user == personas.cadre_b1
    reject = AuditEvent.objects.get(action="household_transfer.reject")
    assert reject.changes["comment"] == [None, "材料不全"]


def test_request_refuses_bad_input_and_changes_nothing(personas, household):
    cases = [
        ({"to_region": "", "reason": "x"}, "to_region", "请选择迁入村。"),
        ({"to_region": "450321999999", "reason": "x"}, "to_region", "没有代码为 450321999999 的区划。"),
        ({"to_region": A1, "reason": "x"}, "to_region", "迁入村不能是本村。"),
        ({"to_region": "450321101", "reason": "x"}, "to_region", "迁入地须为村(社区),“白沙镇”不是。"),
        ({"to_region": B1_TUN, "reason": "x"}, "to_region", "迁入地须为村(社区),“白沙屯”不是。"),
        ({"to_region": B1, "reason": "   "}, "reason", "请填写迁移原因。"),
    ]
    for kwargs, field, message in cases:
        with pytest.raises(ValidationError) as caught:
            transfers.request_transfer(personas.cadre_a1, household, **kwargs)
        assert caught.value.message_dict[field] == [message]
    assert not HouseholdTransfer.objects.exists()
    assert not AuditEvent.objects.exists()


def test_only_one_open_transfer_per_household(personas, household, requested):
    with pytest.raises(ValidationError) as caught:
        transfers.request_transfer(personas.cadre_a1, household, to_region=A2, reason="改迁骥马村")
    assert "已有待接收的迁移申请" in caught.value.message_dict["household"][0]
    assert HouseholdTransfer.objects.count() == 1
    # Once answered, a new request is possible.
    transfers.reject_transfer(personas.cadre_b1, requested, reason="不符合条件")
    transfers.request_transfer(personas.cadre_a1, household, to_region=A2, reason="改迁骥马村")
    assert HouseholdTransfer.objects.filter(state="requested").count() == 1


def test_request_permissions(personas, household):
    with pytest.raises(PermissionDenied):
        transfers.request_transfer(personas.villager_a1, household, to_region=B1, reason="x")
    with pytest.raises(PermissionDenied):  # grid workers see households but do not move them
        transfers.request_transfer(personas.grid_worker_a1, household, to_region=B1, reason="x")
    with pytest.raises(Http404):
        transfers.request_transfer(personas.cadre_a2, household, to_region=B1, reason="x")
    # The township above the sending village may request too.
    transfers.request_transfer(personas.township_a, household, to_region=B1, reason="集中安置")
    assert HouseholdTransfer.objects.get().requested_by == personas.township_a


def test_reject_needs_a_reason(personas, requested):
    with pytest.raises(ValidationError) as caught:
        transfers.reject_transfer(personas.cadre_b1, requested, reason="  ")
    assert caught.value.message_dict == {"reason": ["请填写退回的理由。"]}
    assert refreshed(requested).state == "requested"
    transfers.reject_transfer(personas.cadre_b1, requested, reason="户主本人未到场确认")
    assert refreshed(requested).state == "rejected"
    household = Household.objects.get(pk=requested.household_id)
    assert household.region_id == A1_TUN


def test_wrong_village_cannot_accept(personas, requested):
    for outsider in (personas.cadre_a2, personas.cadre_a1, personas.township_a):
        with pytest.raises(Http404):
            transfers.accept_transfer(outsider, refreshed(requested), destination=B1)
    with pytest.raises(PermissionDenied):
        transfers.accept_transfer(personas.villager_a1, refreshed(requested), destination=B1)
    assert refreshed(requested).state == "requested"


def test_accept_destination_must_be_in_receiving_village(personas, requested):
    for destination, message in [
        ("", "请选择迁入的屯。"),
        (A1_TUN, "迁入屯须为迁入村下的自然村/屯或该村本身。"),
        ("450321101", "迁入屯须为迁入村下的自然村/屯或该村本身。"),
    ]:
        with pytest.raises(ValidationError) as caught:
            transfers.accept_transfer(personas.cadre_b1, refreshed(requested), destination=destination)
        assert caught.value.message_dict == {"destination": [message]}
    assert refreshed(requested).state == "requested"
    assert Household.objects.get(pk=requested.household_id).region_id == A1_TUN


def test_double_accept_is_refused(personas, requested):
    transfers.accept_transfer(personas.cadre_b1, refreshed(requested), destination=B1_TUN)
    with pytest.raises(ValidationError) as caught:
        transfers.accept_transfer(personas.cadre_b1, refreshed(requested), destination=B1)
    assert caught.value.messages == ["当前状态下不能执行此操作。"]
    # A second cadre acting on the page they loaded before the first accepted.
    stale = requested  # still says "requested" in memory
    with pytest.raises(ValidationError) as caught:
        transfers.accept_transfer(personas.township_b, stale, destination=B1)
    assert caught.value.messages == ["该事项已被他人处理,请刷新后重试。"]
    assert tally(B1) == (1, 3)
    assert Household.objects.get(pk=requested.household_id).region_id == B1_TUN
    assert WorkflowStep.objects.filter(transition="accept").count() == 1


def test_cancel_by_sending_village_only_while_requested(personas, requested):
    with pytest.raises(Http404):
        transfers.cancel_transfer(personas.cadre_b1, refreshed(requested))
    transfers.cancel_transfer(personas.cadre_a1, refreshed(requested), comment="户主改变主意")
    assert refreshed(requested).state == "cancelled"
    with pytest.raises(ValidationError):
        transfers.accept_transfer(personas.cadre_b1, refreshed(requested), destination=B1)


def test_transfer_to_a_village_in_another_county(personas, household, tree):
    Region.objects.create(code="450322", name="临桂区", level="county", parent_id="4503")
    Region.objects.create(code="450322100", name="临桂镇", level="township", parent_id="450322")
    Region.objects.create(code="450322100201", name="大岗埠村委会", level="village", parent_id="450322100")
    transfer = transfers.request_transfer(personas.cadre_a1, household, to_region="450322100201", reason="购房迁居")
    assert transfer.to_region_id == "450322100201"
    assert not HouseholdTransfer.objects.visible_to(personas.cadre_b1).exists()


# --- scope -----------------------------------------------------------------------------


def test_both_villages_and_their_superiors_see_the_transfer(personas, requested):
    def sees(user):
        return HouseholdTransfer.objects.visible_to(user).filter(pk=requested.pk).exists()

    for user in (personas.cadre_a1, personas.cadre_b1, personas.township_a, personas.township_b, personas.county):
        assert sees(user), user
    for user in (personas.cadre_a2, personas.villager_a1, personas.grid_worker_a1, personas.auditor):
        assert not sees(user), user


def test_list_page_tabs_and_scope(personas, requested, login):
    client = login(personas.cadre_b1)
    response = client.get(reverse("people:transfer_list"))
    assert response.status_code == 200
    assert "A1-001" in response.content.decode()
    response = client.get(reverse("people:transfer_list"), {"direction": "outgoing"})
    assert "A1-001" not in response.content.decode()
    client = login(personas.cadre_a1)
    assert "A1-001" in client.get(reverse("people:transfer_list"), {"direction": "outgoing"}).content.decode()
    assert "A1-001" not in client.get(reverse("people:transfer_list")).content.decode()
    client = login(personas.cadre_a2)
    for direction in ("incoming", "outgoing"):
        assert "A1-001" not in client.get(reverse("people:transfer_list"), {"direction": direction}).content.decode()
    assert login(personas.villager_a1).get(reverse("people:transfer_list")).status_code == 403
    assert login(personas.cadre_b1).post(reverse("people:transfer_list")).status_code == 405


def test_list_flags_overdue_transfers(personas, requested, login):
    client = login(personas.cadre_b1)
    assert "已超期" not in client.get(reverse("people:transfer_list")).content.decode()
    HouseholdTransfer.objects.filter(pk=requested.pk).update(deadline=timezone.now() - timedelta(hours=1))
    page = client.get(reverse("people:transfer_list")).content.decode()
    assert "已超期" in page
    only = client.get(reverse("people:transfer_list"), {"overdue": "1"}).content.decode()
    assert "A1-001" in only


def test_list_is_paginated(personas, login):
    for index in range(25):
        household = make_household(A1_TUN, f"A1-{index:03d}", members=("黄秀英",))
        transfers.request_transfer(personas.cadre_a1, household, to_region=B1, reason="整体搬迁")
    client = login(personas.cadre_b1)
    first = client.get(reverse("people:transfer_list")).content.decode()
    second = client.get(reverse("people:transfer_list"), {"page": 2}).content.decode()
    row_link = re.compile(r'href="/people/transfers/\d+/"')
    assert len(row_link.findall(first)) == 20
    assert len(row_link.findall(second)) == 5
    assert "第 1 / 2 页" in first


def test_receiving_cadre_sees_summary_but_not_household_page(personas, requested, login):
    client = login(personas.cadre_b1)
    page = client.get(reverse("people:transfer_detail", args=[requested.pk])).content.decode()
    assert "A1-001" in page and "黄秀英" in page
    assert '<dd id="member-count">3</dd>' in page
    assert "李强" not in page  # members other than the head are not shown
    assert not Household.objects.visible_to(personas.cadre_b1).filter(pk=requested.household_id).exists()
    assert 'action="/people/transfers/%d/accept/"' % requested.pk in page
    assert 'action="/people/transfers/%d/cancel/"' % requested.pk not in page
    # The destination choices are B1 itself and its 屯.
    assert f'value="{B1_TUN}"' in page and f'value="{A1_TUN}"' not in page


def test_detail_scope(personas, requested, login):
    url = reverse("people:transfer_detail", args=[requested.pk])
    assert login(personas.cadre_a1).get(url).status_code == 200
    assert login(personas.township_b).get(url).status_code == 200
    assert login(personas.cadre_a2).get(url).status_code == 404
    assert login(personas.villager_a1).get(url).status_code == 404
    page = login(personas.cadre_a1).get(url).content.decode()
    assert f"/people/transfers/{requested.pk}/cancel/" in page
    assert f"/people/transfers/{requested.pk}/accept/" not in page


# --- pages that write --------------------------------------------------------------------


def test_create_page_requests_a_transfer(personas, household, login):
    client = login(personas.cadre_a1)
    url = reverse("people:transfer_create") + f"?household={household.pk}"
    page = client.get(url).content.decode()
    assert f'value="{A2}"' in page  # the neighbouring village is offered at once
    response = client.post(url, {"to_region": B1, "reason": "婚嫁迁入白沙村"})
    transfer = HouseholdTransfer.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("people:transfer_detail", args=[transfer.pk])
    assert transfer.to_region_id == B1 and transfer.reason == "婚嫁迁入白沙村"
    step = WorkflowStep.objects.get()
    assert step.transition == "request" and step.comment == "婚嫁迁入白沙村"


def test_create_page_bad_input_and_permissions(personas, household, login):
    url = reverse("people:transfer_create") + f"?household={household.pk}"
    response = login(personas.cadre_a1).post(url, {"to_region": A1, "reason": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert "迁入村不能是本村。" in page or "请填写迁移原因。" in page
    assert "请填写迁移原因。" in page
    response = login(personas.cadre_a1).post(url, {"to_region": A1, "reason": "回迁"})
    assert "迁入村不能是本村。" in response.content.decode()
    assert not HouseholdTransfer.objects.exists()
    assert login(personas.cadre_a2).get(url).status_code == 404
    assert login(personas.villager_a1).get(url).status_code == 404
    assert login(personas.grid_worker_a1).get(url).status_code == 403
    assert login(personas.cadre_a1).get(reverse("people:transfer_create") + "?household=abc").status_code == 404


def test_village_search_finds_villages_by_name_pinyin_and_code(personas, household, login):
    client = login(personas.cadre_a1)
    url = reverse("people:transfer_village_options")
    by_pinyin = client.get(url, {"household": household.pk, "q": "baisha"}).content.decode()
    assert f'value="{B1}"' in by_pinyin
    by_name = client.get(url, {"household": household.pk, "q": "白沙"}).content.decode()
    assert f'value="{B1}"' in by_name and 'value="450321101"' not in by_name
    by_code = client.get(url, {"household": household.pk, "q": "4503211012"}).content.decode()
    assert f'value="{B1}"' in by_code
    own = client.get(url, {"household": household.pk, "q": "矮山"}).content.decode()
    assert f'value="{A1}"' not in own


def test_detail_page_steps(personas, requested, login):
    accept_url = reverse("people:transfer_step", args=[requested.pk, "accept"])
    reject_url = reverse("people:transfer_step", args=[requested.pk, "reject"])
    client = login(personas.cadre_b1)
    assert client.get(accept_url).status_code == 405
    response = client.post(reject_url, {"reason": ""})
    assert "请填写退回的理由。" in response.content.decode()
    response = client.post(accept_url, {"destination": A1_TUN})
    assert "迁入屯须为迁入村下的自然村/屯或该村本身。" in response.content.decode()
    assert refreshed(requested).state == "requested"
    assert login(personas.cadre_a2).post(accept_url, {"destination": B1}).status_code == 404
    assert login(personas.cadre_a1).post(accept_url, {"destination": B1}).status_code == 404
    assert login(personas.villager_a1).post(accept_url, {"destination": B1}).status_code == 404
    response = login(personas.cadre_b1).post(accept_url, {"destination": B1_TUN, "comment": "同意"})
    assert response.status_code == 302
    assert refreshed(requested).state == "accepted"
    again = login(personas.cadre_b1).post(accept_url, {"destination": B1_TUN})
    assert "当前状态下不能执行此操作。" in again.content.decode()
    page = login(personas.cadre_b1).get(reverse("people:transfer_detail", args=[requested.pk])).content.decode()
    assert "已接收" in page and "同意" in page and "cadre_b1" in page


# --- API ---------------------------------------------------------------------------------


def test_api_full_flow(personas, household, login):
    client = login(personas.cadre_a1)
    response = client.post(
        "/api/v1/transfers", {"household": household.pk, "to_region": B1, "reason": "婚嫁"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["state"] == "requested" and body["state_label"] == "待接收"
    assert body["head_name"] == "黄秀英" and body["member_count"] == 3
    assert body["allowed_steps"] == ["cancel"]
    transfer_id = body["id"]

    client = login(personas.cadre_b1)
    listed = client.get("/api/v1/transfers", {"direction": "incoming"}).json()
    assert [item["id"] for item in listed["items"]] == [transfer_id]
    assert client.get("/api/v1/transfers", {"direction": "outgoing"}).json()["items"] == []
    response = client.post(
        f"/api/v1/transfers/{transfer_id}/accept", {"destination": B1_TUN}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["state"] == "accepted" and body["destination"] == {"code": B1_TUN, "name": "白沙屯"}
    assert [step["transition"] for step in body["history"]] == ["request", "accept"]
    assert Household.objects.get(pk=household.pk).region_id == B1_TUN


def test_api_errors(personas, requested, login):
    url = f"/api/v1/transfers/{requested.pk}"
    client = login(personas.cadre_b1)
    response = client.post(url + "/reject", {"reason": ""}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"] == {"reason": ["请填写退回的理由。"]}
    response = client.post(url + "/accept", {}, content_type="application/json")
    assert response.status_code == 422 and "destination" in response.json()["errors"]
    assert login(personas.cadre_a2).get(url).status_code == 404
    assert login(personas.cadre_a2).post(url + "/accept", {"destination": B1}, content_type="application/json").status_code == 404
    assert login(personas.villager_a1).get("/api/v1/transfers").status_code == 403
    assert login(personas.villager_a1).post(
        "/api/v1/transfers", {"household": requested.household_id, "to_region": B1, "reason": "x"},
        content_type="application/json",
    ).status_code == 403
    response = login(personas.cadre_a1).post(
        "/api/v1/transfers", {"household": requested.household_id, "to_region": A2, "reason": "x"},
        content_type="application/json",
    )
    assert response.status_code == 422 and "household" in response.json()["errors"]
    response = login(personas.cadre_a1).get("/api/v1/transfers", {"direction": "sideways"})
    assert response.status_code == 422
    assert refreshed(requested).state == "requested"


def test_api_overdue_filter(personas, requested, login):
    client = login(personas.township_a)
    assert client.get("/api/v1/transfers", {"overdue": "true"}).json()["items"] == []
    HouseholdTransfer.objects.filter(pk=requested.pk).update(deadline=timezone.now() - timedelta(days=1))
    items = client.get("/api/v1/transfers", {"overdue": "true"}).json()["items"]
    assert [item["id"] for item in items] == [requested.pk] and items[0]["overdue"] is True


def test_create_page_without_a_household_points_to_the_registry(personas, login):
    page = login(personas.cadre_a1).get(reverse("people:transfer_create")).content.decode()
    assert "请在户籍村民中找到要迁出的户" in page
    assert login(personas.villager_a1).get(reverse("people:transfer_create")).status_code == 403
