"""Power lists: adopting the default, versions (copy → edit draft → activate), read-only versions in
force, items and steps, through the actions, the pages and the API, with the region personas."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from xiangzhi.core.models import AuditEvent
from xiangzhi.powers import lists
from xiangzhi.powers.defaults import DEFAULT_ITEMS
from xiangzhi.powers.models import PowerItem, PowerList, PowerStep
from xiangzhi.regions.models import Region

from .power_data import A1, A2, TOWNSHIP_A, adopt_all, item_of, run_to_end, start

NEW_ITEM = {
    "code": "09", "name": "村级临时救助申请初审", "category": "livelihood",
    "legal_basis": "《社会救助暂行办法》第四十七条", "responsible": "村民委员会", "responsible_role": "village_director",
    "time_limit": "5", "time_limit_unit": "working", "required_evidence": "申请书",
    "negative_list": "不得优亲厚友\n\n  不得收受财物  ", "public": "on",
}


def region(code):
    return Region.objects.get(code=code)


# --- adopting the default list ---------------------------------------------------------


def test_adopt_default_list_for_a_village_and_a_township(personas):
    village_list = lists.adopt_default_list(personas.secretary_a1, region(A1))
    township_list = lists.adopt_default_list(personas.township_a, region(TOWNSHIP_A))

    assert (village_list.version, village_list.state, village_list.adopted_by) == (1, "active", personas.secretary_a1)
    assert village_list.items.count() == 8
    assert set(village_list.items.values_list("name", flat=True)) == {item["name"] for item in DEFAULT_ITEMS}
    welfare = village_list.items.get(code="01")
    assert [step.name for step in welfare.steps.order_by("order")] == [
        "受理申请", "入户调查", "民主评议", "村两委审核", "公示", "上报乡镇",
    ]
    assert "不得优亲厚友、为不符合条件的人员申报" in welfare.prohibitions()
    assert welfare.legal_basis.startswith("《社会救助暂行办法》")
    # The township list holds the items a township office exercises itself.
    assert set(township_list.items.values_list("code", flat=True)) == {"05", "06"}
    event = AuditEvent.objects.get(action="power_list.adopt", region_code=A1)
    assert event.changes == {"version": [None, 1], "state": [None, "active"], "items": [None, 8]}
    assert event.actor == personas.secretary_a1


def test_adopt_refuses_a_second_list_a_grid_and_people_without_the_capability(personas):
    lists.adopt_default_list(personas.secretary_a1, region(A1))
    with pytest.raises(ValidationError) as caught:
        lists.adopt_default_list(personas.secretary_a1, region(A1))
    assert caught.value.message_dict["region"] == ["矮山村委会已有小微权力清单,请通过新版本修改。"]
    with pytest.raises(ValidationError) as caught:
        lists.adopt_default_list(personas.secretary_a1, region("450321100200001"))
    assert caught.value.message_dict["region"] == ["小微权力清单只能由乡镇或村制定,“矮山屯”不是。"]
    with pytest.raises(PermissionDenied):
        lists.adopt_default_list(personas.cadre_a1, region(A2))  # a cadre does not manage lists
    with pytest.raises(PermissionDenied):
        lists.adopt_default_list(personas.villager_a1, region(A2))
    with pytest.raises(Http404):
        lists.adopt_default_list(personas.secretary_a1, region(A2))  # another village
    with pytest.raises(Http404):
        lists.adopt_default_list(personas.township_b, region(TOWNSHIP_A))
    assert PowerList.objects.count() == 1


def test_adopt_page(personas, login):
    client = login(personas.secretary_a1)
    page = client.get(reverse("powers:index"))
    assert "为矮山村委会采用默认清单" in page.content.decode()
    assert client.get(reverse("powers:adopt")).status_code == 405
    response = client.post(reverse("powers:adopt"), {"region": A1})
    power_list = PowerList.objects.get(region_id=A1)
    assert response.status_code == 302 and response.url == reverse("powers:list_detail", args=[power_list.pk])
    assert "为矮山村委会采用默认清单" not in client.get(reverse("powers:index")).content.decode()
    assert login(personas.cadre_a1).post(reverse("powers:adopt"), {"region": A1}).status_code == 403
    assert login(personas.cadre_b1).post(reverse("powers:adopt"), {"region": A1}).status_code == 403
    assert login(personas.township_b).post(reverse("powers:adopt"), {"region": A2}).status_code == 404
    assert PowerList.objects.count() == 1


# --- versions --------------------------------------------------------------------------


def test_new_version_is_a_draft_copy_and_activation_supersedes_the_old(personas):
    first = lists.adopt_default_list(personas.secretary_a1, region(A1))
    draft = lists.start_new_version(personas.secretary_a1, first)
    assert (draft.version, draft.state, draft.based_on) == (2, "draft", first)
    assert draft.items.count() == 8 and PowerStep.objects.filter(item__power_list=draft).count() == PowerStep.objects.filter(
        item__power_list=first
    ).count()
    with pytest.raises(ValidationError) as caught:
        lists.start_new_version(personas.secretary_a1, first)
    assert caught.value.messages == ["已有第 2 版草稿,请先修改并生效或删除它。"]

    certificate = draft.items.get(code="06")
    lists.update_item(personas.secretary_a1, certificate, {**NEW_ITEM, "code": "06", "name": "出具证明(简化)"})
    lists.activate_list(personas.secretary_a1, draft, note="2025年村民代表会议通过")

    first.refresh_from_db()
    draft.refresh_from_db()
    assert first.state == "superseded" and first.superseded_at is not None
    assert draft.state == "active" and draft.adoption_note == "2025年村民代表会议通过"
    assert draft.adopted_by == personas.secretary_a1
    # The old version's rows are untouched.
    assert first.items.get(code="06").name == "出具证明"
    assert item_of(A1).name == "出具证明(简化)"
    event = AuditEvent.objects.get(action="power_list.activate")
    assert event.changes["state"] == ["draft", "active"] and event.changes["superseded_version"] == [None, 1]


def test_old_cases_keep_their_version_after_a_new_one_is_activated(personas):
    first = lists.adopt_default_list(personas.secretary_a1, region(A1))
    running = start(personas)
    done = run_to_end(personas.cadre_a1, start(personas))
    draft = lists.start_new_version(personas.secretary_a1, first)
    lists.activate_list(personas.secretary_a1, draft, note="换届后修订")

    for case in (running, done):
        case.refresh_from_db()
        assert case.item.power_list_id == first.pk
        assert case.item.power_list.version == 1
    new_case = start(personas)
    assert new_case.item.power_list_id == draft.pk
    # A running case under the old version still runs to its end on the old steps.
    run_to_end(personas.cadre_a1, running)
    assert running.state == "concluded" and running.item.power_list.state == "superseded"


def test_versions_in_force_and_superseded_are_read_only(personas):
    first = lists.adopt_default_list(personas.secretary_a1, region(A1))
    item = first.items.get(code="06")
    step = item.steps.first()
    refusal = "第 1 版清单现行,不能修改;请创建新版本后在草稿中修改。"
    for call in (
        lambda: lists.update_item(personas.secretary_a1, item, NEW_ITEM),
        lambda: lists.add_item(personas.secretary_a1, first, NEW_ITEM),
        lambda: lists.remove_item(personas.secretary_a1, item),
        lambda: lists.add_step(personas.secretary_a1, item, {"name": "补充", "responsible": "村委会"}),
        lambda: lists.update_step(personas.secretary_a1, step, {"name": "改名", "responsible": "村委会"}),
        lambda: lists.remove_step(personas.secretary_a1, step),
        lambda: lists.activate_list(personas.secretary_a1, first, note="再次生效"),
    ):
        with pytest.raises(ValidationError) as caught:
            call()
        assert caught.value.messages == [refusal]
    lists.activate_list(personas.secretary_a1, lists.start_new_version(personas.secretary_a1, first), note="修订")
    first.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        lists.update_item(personas.secretary_a1, first.items.get(code="06"), NEW_ITEM)
    assert caught.value.messages == ["第 1 版清单已废止,不能修改;请创建新版本后在草稿中修改。"]
    assert first.items.get(code="06").name == "出具证明"
    assert not AuditEvent.objects.filter(action__startswith="power_item").exists()


def test_editing_an_active_version_is_refused_on_the_pages_and_the_api(personas, login):
    first = lists.adopt_default_list(personas.secretary_a1, region(A1))
    item = first.items.get(code="06")
    client = login(personas.secretary_a1)
    response = client.post(reverse("powers:item_edit", args=[item.pk]), NEW_ITEM, follow=True)
    assert "第 1 版清单现行,不能修改" in response.content.decode()
    response = client.put(f"/api/v1/powers/items/{item.pk}", NEW_ITEM | {"time_limit": 5}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"]["__all__"] == ["第 1 版清单现行,不能修改;请创建新版本后在草稿中修改。"]
    item.refresh_from_db()
    assert item.name == "出具证明"


def test_activation_refuses_an_empty_item_and_needs_a_note(personas):
    first = lists.adopt_default_list(personas.secretary_a1, region(A1))
    draft = lists.start_new_version(personas.secretary_a1, first)
    lists.add_item(personas.secretary_a1, draft, NEW_ITEM)
    with pytest.raises(ValidationError) as caught:
        lists.activate_list(personas.secretary_a1, draft, note="  ")
    assert caught.value.message_dict == {"note": ["请填写生效说明(如通过的会议及日期)。"]}
    with pytest.raises(ValidationError) as caught:
        lists.activate_list(personas.secretary_a1, draft, note="会议通过")
    assert caught.value.messages == ["事项“村级临时救助申请初审”没有办理步骤,不能生效。"]
    first.refresh_from_db()
    draft.refresh_from_db()
    assert (first.state, draft.state) == ("active", "draft")


def test_only_one_version_is_ever_active(personas):
    from django.db import IntegrityError, transaction

    first = lists.adopt_default_list(personas.secretary_a1, region(A1))
    draft = lists.start_new_version(personas.secretary_a1, first)
    with pytest.raises(IntegrityError), transaction.atomic():
        PowerList.objects.filter(pk=draft.pk).update(state="active")
    lists.activate_list(personas.secretary_a1, draft, note="会议通过")
    # A second activation of the same (now active) version is refused, not applied twice.
    with pytest.raises(ValidationError):
        lists.activate_list(personas.secretary_a1, draft, note="会议通过")
    assert list(PowerList.objects.filter(region_id=A1).values_list("version", "state")) == [
        (2, "active"), (1, "superseded"),
    ]


# --- items and steps in a draft -------------------------------------------------------


@pytest.fixture
def draft(personas):
    return lists.start_new_version(personas.secretary_a1, lists.adopt_default_list(personas.secretary_a1, region(A1)))


def test_add_item_and_steps_to_a_draft(personas, draft):
    item = lists.add_item(personas.secretary_a1, draft, NEW_ITEM)
    assert item.negative_list == "不得优亲厚友\n不得收受财物"
    assert item.prohibitions() == ["不得优亲厚友", "不得收受财物"]
    assert item.order == 9 and item.public
    lists.add_step(personas.secretary_a1, item, {
        "name": "受理", "responsible": "村委会", "time_limit_days": "1", "evidence_required": "on",
        "evidence_description": "申请书",
    })
    second = lists.add_step(personas.secretary_a1, item, {"name": "审核", "responsible": "村委会主任"})
    assert [(s.order, s.name, s.evidence_required) for s in item.steps.order_by("order")] == [
        (1, "受理", True), (2, "审核", False),
    ]
    lists.update_step(personas.secretary_a1, second, {"order": 3, "name": "审核签批", "responsible": "村委会主任"})
    second.refresh_from_db()
    assert (second.order, second.name) == (3, "审核签批")
    assert AuditEvent.objects.filter(action="power_step.update").get().changes["name"] == ["审核", "审核签批"]
    lists.activate_list(personas.secretary_a1, draft, note="会议通过")
    assert item_of(A1, "09").steps.count() == 2


def test_item_and_step_bad_input_names_the_field_and_changes_nothing(personas, draft):
    cases = [
        ({**NEW_ITEM, "name": " "}, "name", "请填写事项名称。"),
        ({**NEW_ITEM, "code": "06"}, "code", "本清单已有编号为 06 的事项。"),
        ({**NEW_ITEM, "category": "weather"}, "category", "请选择有效的类别。"),
        ({**NEW_ITEM, "time_limit": "三天"}, "time_limit", "办理时限须为整数。"),
        ({**NEW_ITEM, "time_limit": "0"}, "time_limit", "办理时限须在 1 到 365 之间。"),
        ({**NEW_ITEM, "time_limit_unit": "weeks"}, "time_limit_unit", "请选择有效的时限单位。"),
        ({**NEW_ITEM, "legal_basis": ""}, "legal_basis", "请填写法律政策依据。"),
        ({**NEW_ITEM, "responsible_role": "king"}, "responsible_role", "请选择有效的责任角色。"),
    ]
    for values, field, message in cases:
        with pytest.raises(ValidationError) as caught:
            lists.add_item(personas.secretary_a1, draft, values)
        assert caught.value.message_dict[field] == [message]
    item = draft.items.get(code="06")
    step_cases = [
        ({"name": "", "responsible": "村委会"}, "name", "请填写步骤名称。"),
        ({"name": "补充", "responsible": "村委会", "order": "1"}, "order", "顺序 1 已被步骤“受理申请”占用。"),
        ({"name": "补充", "responsible": "村委会", "time_limit_days": "-1"}, "time_limit_days", "步骤时限须在 0 到 365 之间。"),
        ({"name": "补充", "responsible": "村委会", "evidence_required": True}, "evidence_description",
         "须上传证明材料的步骤请写明所需的证明材料。"),
    ]
    for values, field, message in step_cases:
        with pytest.raises(ValidationError) as caught:
            lists.add_step(personas.secretary_a1, item, values)
        assert caught.value.message_dict[field] == [message]
    assert draft.items.count() == 8 and item.steps.count() == 4
    assert not AuditEvent.objects.filter(action__startswith="power_item").exists()
    assert not AuditEvent.objects.filter(action__startswith="power_step").exists()


def test_item_form_page_shows_chinese_errors_and_saves(personas, login, draft):
    client = login(personas.secretary_a1)
    url = reverse("powers:item_create", args=[draft.pk])
    response = client.post(url, {**NEW_ITEM, "time_limit": "abc"})
    assert response.status_code == 200
    assert "办理时限须为整数。" in response.content.decode()
    assert draft.items.count() == 8
    response = client.post(url, NEW_ITEM)
    item = draft.items.get(code="09")
    assert response.status_code == 302 and response.url == reverse("powers:item_detail", args=[item.pk])
    response = client.post(reverse("powers:step_create", args=[item.pk]), {"name": "受理", "responsible": "村委会"})
    assert response.status_code == 302 and item.steps.get().name == "受理"
    detail = client.get(reverse("powers:item_detail", args=[item.pk])).content.decode()
    assert 'class="flowchart"' in detail and "1. 受理" in detail and "不得收受财物" in detail


def test_list_pages_scope(personas, login):
    adopted = adopt_all(personas)
    url = reverse("powers:list_detail", args=[adopted[A1].pk])
    assert login(personas.cadre_a1).get(url).status_code == 200
    assert login(personas.township_a).get(url).status_code == 200
    assert login(personas.county).get(url).status_code == 200
    assert login(personas.cadre_a2).get(url).status_code == 404
    assert login(personas.township_b).get(url).status_code == 404
    assert login(personas.villager_a1).get(url).status_code == 403
    assert login(personas.villager_a1).get(reverse("powers:index")).status_code == 403
    item_url = reverse("powers:item_detail", args=[item_of(A1).pk])
    assert login(personas.cadre_b1).get(item_url).status_code == 404
    # A village cadre may read but not manage: no new version from them.
    response = login(personas.cadre_a1).post(reverse("powers:list_new_version", args=[adopted[A1].pk]))
    assert response.status_code == 403
    response = login(personas.cadre_b1).post(reverse("powers:list_new_version", args=[adopted[A1].pk]))
    assert response.status_code == 404
    assert login(personas.secretary_a1).get(reverse("powers:list_new_version", args=[adopted[A1].pk])).status_code == 405
    assert PowerList.objects.filter(region_id=A1).count() == 1


def test_new_version_and_activate_through_the_pages(personas, login):
    first = lists.adopt_default_list(personas.secretary_a1, region(A1))
    client = login(personas.secretary_a1)
    response = client.post(reverse("powers:list_new_version", args=[first.pk]), {"note": "换届修订"})
    draft = PowerList.objects.get(region_id=A1, version=2)
    assert response.url == reverse("powers:list_detail", args=[draft.pk])
    response = client.post(reverse("powers:list_activate", args=[draft.pk]), {"note": ""})
    assert response.status_code == 422 and "请填写生效说明" in response.content.decode()
    draft.refresh_from_db()
    assert draft.state == "draft"
    client.post(reverse("powers:list_activate", args=[draft.pk]), {"note": "2025年3月村民代表会议通过"})
    assert list(PowerList.objects.filter(region_id=A1).values_list("version", "state")) == [
        (2, "active"), (1, "superseded"),
    ]
    page = client.get(reverse("powers:list_detail", args=[first.pk])).content.decode()
    assert "本版本只读" in page and "已废止" in page


def test_lists_api(personas, login):
    adopted = adopt_all(personas)
    client = login(personas.cadre_a1)
    body = client.get("/api/v1/powers/lists").json()
    assert [row["region"]["code"] for row in body["items"]] == [A1]
    assert login(personas.township_a).get("/api/v1/powers/lists").json()["count"] == 3
    assert login(personas.villager_a1).get("/api/v1/powers/lists").status_code == 403
    assert login(personas.cadre_a2).get(f"/api/v1/powers/lists/{adopted[A1].pk}").status_code == 404
    detail = login(personas.cadre_a1).get(f"/api/v1/powers/items/{item_of(A1).pk}").json()
    assert detail["name"] == "出具证明", detail
    assert [s["name"] for s in detail["steps"]][0] == "受理申请"
    assert detail["negative_list"][0] == "不得出具法律法规未要求由村出具的证明"

    client = login(personas.secretary_a1)
    response = client.post(f"/api/v1/powers/lists/{adopted[A1].pk}/new-version", {"note": ""}, content_type="application/json")
    assert response.status_code == 201 and response.json()["state"] == "draft"
    draft_id = response.json()["id"]
    response = client.post(f"/api/v1/powers/lists/{draft_id}/items", {**NEW_ITEM, "time_limit": 5, "public": True}, content_type="application/json")
    assert response.status_code == 201
    item_id = response.json()["id"]
    response = client.post(f"/api/v1/powers/items/{item_id}/steps", {"name": "", "responsible": "村委会"}, content_type="application/json")
    assert response.status_code == 422 and response.json()["errors"]["name"] == ["请填写步骤名称。"]
    client.post(f"/api/v1/powers/items/{item_id}/steps", {"name": "受理", "responsible": "村委会"}, content_type="application/json")
    response = client.post(f"/api/v1/powers/lists/{draft_id}/activate", {"note": "会议通过"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["state"] == "active"
    assert PowerItem.objects.get(pk=item_id).power_list.state == "active"
    response = login(personas.cadre_a1).post(f"/api/v1/powers/lists/{draft_id}/new-version", {}, content_type="application/json")
    assert response.status_code == 403
