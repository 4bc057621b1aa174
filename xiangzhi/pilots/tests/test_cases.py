"""Writing a case on the pages: create, edit and delete a draft; scope, capability and bad input."""

import pytest

from xiangzhi.core.models import AuditEvent
from xiangzhi.pilots.models import CaseState, PilotCase

from .pilots_data import A1, B1, COUNTY, TOWNSHIP_A, draft

pytestmark = pytest.mark.django_db

FORM = {"region": COUNTY, "kind": "brand", "title": "“阳朔积分制”品牌", "year": "2024",
        "summary": "积分制推进乡村治理。", "body": "第一段做法。\n\n第二段成效。", "tags": "积分制,清单制 三治融合"}


def test_county_creates_a_draft_with_tags(personas, login):
    response = login(personas.county).post("/pilots/new/", FORM)
    case = PilotCase.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/pilots/cases/{case.pk}/"
    assert (case.region_id, case.kind, case.state, case.year) == (COUNTY, "brand", CaseState.DRAFT, 2024)
    assert [tag.name for tag in case.tags.all()] == ["积分制", "清单制", "三治融合"]
    assert case.paragraphs == ["第一段做法。", "第二段成效。"]
    event = AuditEvent.objects.get(action="pilot_case.draft")
    assert event.actor == personas.county and event.region_code == COUNTY
    page = login(personas.county).get(f"/pilots/cases/{case.pk}/").content.decode()
    assert "第二段成效。" in page and "草稿" in page and "提交上级审核发布" in page


def test_create_form_offers_the_places_under_the_post(personas, login):
    page = login(personas.township_a).get("/pilots/new/").content.decode()
    assert 'value="450321100200"' in page and 'value="450321101200"' not in page


def test_create_refused_without_capability_and_outside_scope(personas, login):
    assert login(personas.cadre_a1).post("/pilots/new/", FORM | {"region": A1}).status_code == 403
    assert login(personas.villager_a1).get("/pilots/new/").status_code == 403
    assert login(personas.township_b).post("/pilots/new/", FORM | {"region": A1}).status_code == 404
    assert not PilotCase.objects.exists()


@pytest.mark.parametrize("changes, field, message", [
    ({"title": ""}, "title", "请填写标题。"),
    ({"year": "二〇二四"}, "year", "年度须为数字。"),
    ({"kind": "pilot_county", "region": A1}, "region", "“全国乡村治理体系建设试点县”案例应登记在县(市、区),矮山村委会不是。"),
    ({"tags": "一二三四五六七八九十一二三四五六七八九十一"}, "tags", "超过 20 个字"),
    ({"region": "999999"}, "region", "请选择有效的县、乡镇或村。"),
])
def test_bad_input_names_the_field_and_saves_nothing(personas, login, changes, field, message):
    response = login(personas.county).post("/pilots/new/", FORM | changes)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not PilotCase.objects.exists()


def test_edit_a_draft_and_refuse_once_submitted(personas, login):
    case = draft(personas.township_a, A1)
    client = login(personas.township_a)
    response = client.post(f"/pilots/cases/{case.pk}/edit/", FORM | {"title": "新标题", "tags": "清单制"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.title == "新标题" and [tag.name for tag in case.tags.all()] == ["清单制"]
    assert AuditEvent.objects.get(action="pilot_case.update").changes["title"] == ["积分制管理村务", "新标题"]
    assert client.post(f"/pilots/cases/{case.pk}/edit/", FORM | {"summary": ""}).status_code == 422
    client.post(f"/pilots/cases/{case.pk}/submit/")
    response = client.post(f"/pilots/cases/{case.pk}/edit/", FORM | {"title": "再改"})
    assert response.status_code == 422 and "只有草稿可以修改" in response.content.decode()
    case.refresh_from_db()
    assert case.title == "新标题" and case.state == CaseState.SUBMITTED


def test_other_township_and_villages_see_only_their_scope(personas, login):
    case = draft(personas.township_a, A1)
    assert login(personas.township_b).get(f"/pilots/cases/{case.pk}/").status_code == 404
    assert login(personas.cadre_b1).get(f"/pilots/cases/{case.pk}/").status_code == 404
    assert login(personas.cadre_a1).get(f"/pilots/cases/{case.pk}/").status_code == 200
    assert login(personas.auditor).get("/pilots/").content.decode().count(case.title) == 1
    assert case.title not in login(personas.cadre_b1).get("/pilots/").content.decode()
    assert login(personas.villager_a1).get("/pilots/").status_code == 403
    assert login(personas.township_b).post(f"/pilots/cases/{case.pk}/edit/", FORM).status_code == 404
    assert login(personas.cadre_a1).post(f"/pilots/cases/{case.pk}/edit/", FORM).status_code == 403


def test_delete_a_draft_only(personas, login):
    case = draft(personas.county, TOWNSHIP_A)
    assert login(personas.county).get(f"/pilots/cases/{case.pk}/delete/").status_code == 405
    assert login(personas.township_b).post(f"/pilots/cases/{case.pk}/delete/").status_code == 404
    assert login(personas.county).post(f"/pilots/cases/{case.pk}/delete/").status_code == 302
    assert not PilotCase.objects.exists()
    assert AuditEvent.objects.filter(action="pilot_case.delete").count() == 1
    other = draft(personas.county, B1)
    login(personas.county).post(f"/pilots/cases/{other.pk}/submit/")
    login(personas.county).post(f"/pilots/cases/{other.pk}/delete/")
    assert PilotCase.objects.filter(pk=other.pk, state=CaseState.SUBMITTED).exists()


def test_wrong_methods(personas, login):
    case = draft(personas.county)
    client = login(personas.county)
    for url in ("submit", "publish", "return", "withdraw", "files"):
        assert client.get(f"/pilots/cases/{case.pk}/{url}/").status_code == 405
    assert client.put("/pilots/new/").status_code == 405
