"""Disclosures through the API and the cadre pages: scope personas, bad input, the refusals."""

import json

import pytest

from xiangzhi.disclosure.models import Disclosure, DisclosureState

from .helpers import A1, GENERAL, draft_general, fresh, item, publish_general

pytestmark = pytest.mark.django_db
API = "/api/v1/disclosure"


def post_json(client, url, data):
    return client.post(url, data=json.dumps(data), content_type="application/json")


def test_api_full_procedure(personas, login):
    client = login(personas.cadre_a1)
    response = post_json(client, f"{API}/disclosures", {
        "village": A1, "item": item(GENERAL).pk, "period": "2026年第2季度", "title": "二季度公开", "body": "内容",
    })
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert response.json()["allowed_steps"] == ["submit"]
    assert post_json(client, f"{API}/disclosures/{pk}/submit", {}).json()["state"] == "submitted"
    client = login(personas.supervisor_a1)
    assert post_json(client, f"{API}/disclosures/{pk}/countersign", {}).json()["countersigned_by"] == "supervisor_a1"
    client = login(personas.secretary_a1)
    body = post_json(client, f"{API}/disclosures/{pk}/publish", {}).json()
    assert body["state"] == "published" and body["log_index"] == 0
    assert body["public_url"] == f"/v/{A1}/d/{pk}/"


def test_api_publish_without_countersignature_is_422_with_the_reason(personas, login):
    disclosure = draft_general(personas)
    response = post_json(login(personas.secretary_a1), f"{API}/disclosures/{disclosure.pk}/publish", {})
    assert response.status_code == 422
    assert response.json()["errors"]["__all__"] == ["该公开内容尚未经村务监督委员会会签,不能发布。"]
    assert fresh(disclosure).state == DisclosureState.DRAFT


def test_api_edit_of_a_published_disclosure_is_422(personas, login):
    published = publish_general(personas)
    response = post_json(login(personas.cadre_a1), f"{API}/disclosures/{published.pk}", {"title": "改"})
    assert response.status_code == 422
    assert response.json()["errors"]["__all__"] == ["已公开的内容不能修改;如需更正,请发布一条更正公开。"]
    assert fresh(published).title == "第一季度村务公开"


def test_api_bad_input_names_the_field(personas, login):
    response = post_json(login(personas.cadre_a1), f"{API}/disclosures", {
        "village": A1, "item": item(GENERAL).pk, "period": "二季度", "title": "公开", "body": "内容",
    })
    assert response.status_code == 422
    assert response.json()["errors"] == {"period": ["请按“2026年第3季度”的格式填写公开季度。"]}
    assert not Disclosure.objects.exists()


def test_api_scope_personas(personas, login):
    disclosure = draft_general(personas)
    url = f"{API}/disclosures/{disclosure.pk}"
    assert login(personas.cadre_a2).get(url).status_code == 404
    assert login(personas.township_b).get(url).status_code == 404
    assert login(personas.township_a).get(url).status_code == 200
    assert login(personas.villager_a1).get(url).status_code == 403
    assert login(personas.cadre_a2).get(f"{API}/disclosures").json()["count"] == 0
    assert login(personas.county).get(f"{API}/disclosures").json()["count"] == 1
    # Another village's cadre drafting for A1: 404; a villager: 403.
    payload = {"village": A1, "item": item(GENERAL).pk, "period": "2026年第2季度", "title": "x", "body": "y"}
    assert post_json(login(personas.cadre_a2), f"{API}/disclosures", payload).status_code == 404
    assert post_json(login(personas.villager_a1), f"{API}/disclosures", payload).status_code == 403
    post_json(login(personas.cadre_a1), f"{API}/disclosures/{disclosure.pk}/submit", {})
    assert post_json(login(personas.villager_a1), f"{API}/disclosures/{disclosure.pk}/countersign", {}).status_code == 403
    assert fresh(disclosure).state == DisclosureState.SUBMITTED
    assert login(personas.cadre_a1).get(f"{API}/disclosures/{disclosure.pk}/submit").status_code == 405


def test_pages_list_detail_and_scope(personas, login):
    disclosure = draft_general(personas)
    client = login(personas.cadre_a1)
    page = client.get("/disclosure/")
    assert page.status_code == 200 and "第一季度村务公开" in page.content.decode()
    assert login(personas.cadre_a2).get(f"/disclosure/{disclosure.pk}/").status_code == 404
    assert "第一季度村务公开" not in login(personas.cadre_a2).get("/disclosure/").content.decode()
    assert login(personas.villager_a1).get("/disclosure/").status_code == 403
    assert login(personas.township_b).get(f"/disclosure/{disclosure.pk}/").status_code == 404


def test_page_draft_and_steps(personas, login):
    client = login(personas.cadre_a1)
    response = client.post(f"/disclosure/new/?village={A1}", {
        "village": A1, "item": item(GENERAL).pk, "period": "2026年第2季度", "title": "二季度公开",
        "body": "", "table_text": "项目|金额\n村道|1,200.00",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    disclosure = Disclosure.objects.get()
    assert disclosure.table == {"columns": ["项目", "金额"], "rows": [["村道", "1,200.00"]]}
    assert client.post(f"/disclosure/{disclosure.pk}/submit/", {}).status_code == 302
    # Publishing too early: the page says why, nothing changes.
    response = login(personas.secretary_a1).post(f"/disclosure/{disclosure.pk}/publish/", {})
    assert response.status_code == 422
    assert "尚未经村务监督委员会会签" in response.content.decode()
    assert fresh(disclosure).state == DisclosureState.SUBMITTED
    response = login(personas.supervisor_a1).post(f"/disclosure/{disclosure.pk}/return/", {"reason": ""})
    assert response.status_code == 422 and "请填写退回的理由。" in response.content.decode()
    assert login(personas.supervisor_a1).post(f"/disclosure/{disclosure.pk}/countersign/", {}).status_code == 302
    assert login(personas.secretary_a1).post(f"/disclosure/{disclosure.pk}/publish/", {}).status_code == 302
    assert fresh(disclosure).state == DisclosureState.PUBLISHED
    assert login(personas.cadre_a1).get(f"/disclosure/{disclosure.pk}/publish/").status_code == 405


def test_page_draft_bad_input(personas, login):
    response = login(personas.cadre_a1).post(f"/disclosure/new/?village={A1}", {
        "village": A1, "item": item(GENERAL).pk, "period": "2026年第2季度", "title": "表格",
        "table_text": "项目|金额\n村道",
    })
    assert response.status_code == 200
    assert "表格第 1 行有 1 列,表头有 2 列。" in response.content.decode()
    assert not Disclosure.objects.exists()


def test_page_edit_of_published_is_refused(personas, login):
    published = publish_general(personas)
    client = login(personas.cadre_a1)
    response = client.post(f"/disclosure/{published.pk}/edit/", {"title": "改", "body": "改"})
    assert response.status_code == 422
    assert "已公开的内容不能修改" in response.content.decode()
    assert fresh(published).title == "第一季度村务公开"
