"""/api/v1/grid/events and /api/v1/grid/categories: JSON and multipart reports, steps,
comments, photos; 403/404/405/422 in Chinese."""

import json

import pytest

from xiangzhi.accounts.models import ApiToken
from xiangzhi.core.models import AuditEvent
from xiangzhi.grid.events import take_step
from xiangzhi.grid.models import Event, EventComment, EventPhoto

from .event_data import A1, A1_TUN, B1_TUN, categories, media_in_tmp, new_event, photo, png_bytes  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client):
    def for_user(user):
        key = ApiToken.generate_key()
        ApiToken.objects.create(user=user, key_prefix=key[:8], key_hash=ApiToken.hash_key(key))
        headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}

        class Api:
            def get(self, path, params=None):
                return client.get(f"/api/v1/grid{path}", params or {}, **headers)

            def post(self, path, body=None):
                return client.post(f"/api/v1/grid{path}", json.dumps(body or {}), content_type="application/json",
                                   **headers)

            def post_form(self, path, data):
                return client.post(f"/api/v1/grid{path}", data, **headers)

            def put(self, path):
                return client.put(f"/api/v1/grid{path}", "{}", content_type="application/json", **headers)

        return Api()

    return for_user


def test_report_with_json(personas, categories, api):
    response = api(personas.villager_a1).post("/events", {
        "category": "HJWS-01", "description": "垃圾堆在路边", "region": A1_TUN, "urgency": "urgent",
        "latitude": 24.778, "longitude": 110.496,
    })
    assert response.status_code == 201, response.content
    body = response.json()
    event = Event.objects.get()
    assert body["id"] == event.pk and body["state"] == "reported" and body["state_label"] == "待受理"
    assert body["category"] == {"code": "HJWS-01", "name": "垃圾乱堆乱放", "parent_code": "HJWS",
                                "parent_name": "环境卫生"}
    assert (body["handler_level"], body["handler_region_code"], body["region_code"]) == ("village", A1, A1_TUN)
    assert body["deadline"] == body["accept_deadline"] and body["allowed_transitions"] == []
    assert [step["transition"] for step in body["history"]] == ["report"]
    assert (event.source, event.urgency, str(event.latitude)) == ("api", "urgent", "24.778000")


def test_report_with_photos_as_multipart(personas, categories, api):
    response = api(personas.villager_a1).post_form("/events", {
        "category": str(categories.garbage.pk), "description": "带照片", "region": A1_TUN,
        "photos": [photo("1.png"), photo("2.jpg", content=png_bytes(image_format="JPEG"))],
    })
    assert response.status_code == 201, response.content
    photos = response.json()["photos"]
    assert [p["content_type"] for p in photos] == ["image/png", "image/jpeg"]
    file = api(personas.cadre_a1).get(photos[1]["url"].removeprefix("/api/v1/grid"))
    assert file.status_code == 200 and file["Content-Type"] == "image/jpeg"
    assert api(personas.cadre_a2).get(photos[1]["url"].removeprefix("/api/v1/grid")).status_code == 404


def test_report_errors_are_422_in_chinese_and_change_nothing(personas, categories, api):
    client = api(personas.villager_a1)
    response = client.post("/events", {"category": "NO-SUCH", "description": " ", "region": A1_TUN})
    assert response.status_code == 422
    assert response.json()["errors"] == {"category": ["没有该事件类别。"], "description": ["请填写事件描述。"]}
    response = client.post("/events", {"description": "x"})
    assert response.status_code == 422 and response.json()["errors"] == {"category": ["此字段为必填项。"]}
    response = client.post("/events", {"category": "HJWS-01", "description": "x", "urgency": "someday"})
    assert response.json()["errors"] == {"urgency": ["不是可选的值。"]}
    response = client.post("/events", {"category": "HJWS-01", "description": "x"})
    assert response.json()["errors"] == {"region": ["请选择事件发生地。"]}
    response = client.post_form("/events", {"category": "HJWS-01", "description": "x", "region": A1_TUN,
                                            "photos": [photo("big.png", content=png_bytes() + b"\0" * 5_300_000)]})
    assert response.status_code == 422 and response.json()["errors"] == {"photos": ["照片“big.png”超过 5 MB。"]}
    assert client.post("/events", {"category": "HJWS-01", "description": "x", "region": B1_TUN}).status_code == 404
    assert api(personas.auditor).post("/events", {"category": "HJWS-01", "description": "x"}).status_code == 403
    assert not Event.objects.exists() and not EventPhoto.objects.exists()


def test_list_is_scoped_filtered_and_paginated(personas, categories, api):
    mine = new_event(personas.villager_a1, categories.garbage)
    road = new_event(personas.cadre_a1, categories.road_damage)
    new_event(personas.cadre_b1, categories.garbage, region=B1_TUN)
    take_step(personas.cadre_a1, Event.objects.get(pk=road.pk), "accept")
    township = api(personas.township_a)
    body = township.get("/events").json()
    assert body["count"] == 2 and {item["id"] for item in body["items"]} == {mine.pk, road.pk}
    assert [i["id"] for i in township.get("/events", {"state": "accepted"}).json()["items"]] == [road.pk]
    assert [i["id"] for i in township.get("/events", {"category": "HJWS"}).json()["items"]] == [mine.pk]
    assert township.get("/events", {"overdue": "true"}).json()["count"] == 0
    assert township.get("/events", {"limit": 1}).json()["items"][0]["id"] == road.pk
    assert [i["id"] for i in api(personas.villager_a1).get("/events").json()["items"]] == [mine.pk]
    assert api(personas.auditor).get("/events").status_code == 403


def test_steps_through_the_api(personas, categories, api):
    event = new_event(personas.villager_a1, categories.garbage)
    cadre = api(personas.cadre_a1)
    body = cadre.get(f"/events/{event.pk}").json()
    assert body["allowed_transitions"] == ["accept", "return"]
    assert cadre.post(f"/events/{event.pk}/transitions/accept", {"comment": "收到"}).json()["state"] == "accepted"
    again = api(personas.township_a).post(f"/events/{event.pk}/transitions/accept", {"expected_state": "reported"})
    assert again.status_code == 422 and "该事件已被他人受理" in again.json()["errors"]["__all__"][0]
    body = cadre.post(f"/events/{event.pk}/transitions/assign", {"assignee_id": personas.secretary_a1.pk}).json()
    assert body["state"] == "assigned" and body["assignee_id"] == personas.secretary_a1.pk
    cadre.post(f"/events/{event.pk}/transitions/start")
    refused = cadre.post(f"/events/{event.pk}/transitions/resolve", {"comment": ""})
    assert refused.status_code == 422 and refused.json()["errors"] == {"comment": ["请填写办理结果。"]}
    cadre.post(f"/events/{event.pk}/transitions/resolve", {"comment": "已清运"})
    reporter = api(personas.villager_a1)
    assert reporter.get(f"/events/{event.pk}").json()["allowed_transitions"] == ["confirm", "reopen"]
    body = reporter.post(f"/events/{event.pk}/transitions/confirm", {"rating": 1}).json()
    assert (body["state"], body["reopen_count"]) == ("in_progress", 1)
    assert cadre.post(f"/events/{event.pk}/transitions/escalate").status_code == 404
    assert cadre.post(f"/events/{event.pk}/transitions/nonsense").status_code == 404
    assert api(personas.cadre_a2).post(f"/events/{event.pk}/transitions/resolve", {"comment": "x"}).status_code == 404
    assert api(personas.villager_a1).post(f"/events/{event.pk}/transitions/resolve",
                                          {"comment": "x"}).status_code == 403
    assert cadre.put(f"/events/{event.pk}/transitions/resolve").status_code == 405
    assert Event.objects.get(pk=event.pk).state == "in_progress"


def test_comments_and_photos_through_the_api(personas, categories, api):
    event = new_event(personas.villager_a1, categories.garbage)
    response = api(personas.villager_a1).post(f"/events/{event.pk}/comments", {"body": "补充:有异味"})
    assert response.status_code == 201 and response.json()["body"] == "补充:有异味"
    assert api(personas.cadre_a1).post(f"/events/{event.pk}/comments", {"body": ""}).json()["errors"] == {
        "body": ["请填写留言内容。"]}
    assert api(personas.cadre_b1).post(f"/events/{event.pk}/comments", {"body": "x"}).status_code == 404
    response = api(personas.cadre_a1).post_form(f"/events/{event.pk}/photos", {"photos": [photo()]})
    assert response.status_code == 201 and len(response.json()) == 1
    bad = api(personas.cadre_a1).post_form(f"/events/{event.pk}/photos", {"photos": [photo("a.png", content=b"x")]})
    assert bad.status_code == 422 and "不是图片" in bad.json()["errors"]["photos"][0]
    assert EventComment.objects.count() == 1 and EventPhoto.objects.count() == 1
    assert AuditEvent.objects.filter(action__in=["grid_event.comment", "grid_event.photo"]).count() == 2
    detail = api(personas.cadre_a1).get(f"/events/{event.pk}").json()
    assert [c["body"] for c in detail["comments"]] == ["补充:有异味"] and len(detail["photos"]) == 1


def test_categories_are_the_shared_taxonomy_and_the_countys_own(personas, categories, api):
    ours = {"HJWS", "DLSS", "MDJF"}  # the fixture's; a data migration may ship more
    body = [top for top in api(personas.villager_a1).get("/categories").json() if top["code"] in ours]
    assert [top["code"] for top in body] == ["HJWS", "DLSS", "MDJF"]
    environment = body[0]
    assert [c["code"] for c in environment["children"]] == ["HJWS-01", "HJWS-02", "YS-01"]
    assert [c["name"] for c in body[2]["children"]] == ["土地纠纷"]
    elsewhere = api(personas.villager_a1).get("/categories", {"county": "450312"}).json()
    assert [c["code"] for c in next(t for t in elsewhere if t["code"] == "HJWS")["children"]] == [
        "HJWS-01", "HJWS-02", "LG-01"]


def test_openapi_documents_both_ways_of_reporting(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    body = paths["/api/v1/grid/events"]["post"]["requestBody"]["content"]
    assert set(body) == {"application/json", "multipart/form-data"}
    assert "photos" in body["multipart/form-data"]["schema"]["properties"]
    assert "category" in body["application/json"]["schema"]["required"]
    assert "/api/v1/grid/events/{event_id}/transitions/{name}" in paths
