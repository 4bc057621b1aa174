"""Topic pages, the API and the portal section: thin adapters, scope personas, anonymity."""

import json

import pytest

from xiangzhi.topics import actions
from xiangzhi.topics.models import Rating, Topic, TopicReply

from .topic_data import A2, fresh, link_household, media_in_tmp, move_to, photo, raise_one, villager  # noqa: F401

pytestmark = pytest.mark.django_db


def test_villager_raises_on_the_page_with_a_photo_and_sees_it(personas, login):
    client = login(personas.villager_a1)
    response = client.post("/topics/new/", {"title": "水渠堵塞", "body": "三队水渠堵了", "anonymous": "on",
                                            "photos": photo()})
    topic = Topic.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/topics/{topic.pk}/"
    assert topic.anonymous and topic.photos.count() == 1
    page = client.get(f"/topics/{topic.pk}/").content.decode()
    assert "水渠堵塞" in page and f"/topics/{topic.pk}/photos/{topic.photos.get().pk}/" in page
    assert client.get(f"/topics/{topic.pk}/photos/{topic.photos.get().pk}/")["Content-Type"] == "image/png"


def test_bad_input_on_the_page_names_the_field_and_saves_nothing(personas, login):
    response = login(personas.villager_a1).post("/topics/new/", {"title": "", "body": "内容"})
    assert response.status_code == 422 and "请填写标题。" in response.content.decode()
    assert not Topic.objects.exists()


def test_pages_refuse_wrong_methods_capabilities_and_scope(personas, login, client):
    topic = raise_one(personas.villager_a1)
    assert login(personas.cadre_a1).get(f"/topics/{topic.pk}/answer/").status_code == 405
    assert login(personas.cadre_a1).get("/topics/new/").status_code == 403
    assert login(personas.auditor).get("/topics/").status_code == 403
    assert login(personas.cadre_a2).get(f"/topics/{topic.pk}/").status_code == 404
    assert login(personas.cadre_b1).post(f"/topics/{topic.pk}/answer/", {"reply": "答复"}).status_code == 404
    assert login(villager("neighbour_a1")).get(f"/topics/{topic.pk}/").status_code == 404  # not public yet
    assert not TopicReply.objects.exists()


def test_cadre_answers_moves_and_records_progress_on_the_page(personas, login):
    topic = raise_one(personas.villager_a1)
    client = login(personas.cadre_a1)
    assert client.post(f"/topics/{topic.pk}/answer/", {"reply": "明天派人查看"}).status_code == 302
    assert client.post(f"/topics/{topic.pk}/steps/implement/", {"comment": ""}).status_code == 302
    response = client.post(f"/topics/{topic.pk}/progress/", {"milestone": "已清淤", "progress": "150"})
    assert response.status_code == 422 and "办理进度须为 0 到 100 之间的整数。" in response.content.decode()
    assert client.post(f"/topics/{topic.pk}/progress/", {"milestone": "已清淤", "progress": "60"}).status_code == 302
    topic = fresh(topic)
    assert (topic.state, topic.progress, topic.replies.get().body) == ("implementing", 60, "明天派人查看")


def test_anonymous_author_hidden_from_villagers_pages_api_and_portal_but_not_cadres(personas, login, client):
    topic = raise_one(personas.villager_a1, title="匿名议题", anonymous=True)
    personas.villager_a1.full_name = "韦国强"
    personas.villager_a1.save(update_fields=["full_name"])
    move_to(topic, "implementing", personas.cadre_a1)
    neighbour = villager("neighbour_a1")
    for user in (neighbour, None):
        web = (login(user) if user else client)
        pages = [web.get("/v/450321100200/").content.decode()]
        if user:
            pages += [web.get("/topics/").content.decode(), web.get(f"/topics/{topic.pk}/").content.decode(),
                      json.dumps(web.get(f"/api/v1/topics/{topic.pk}").json(), ensure_ascii=False),
                      json.dumps(web.get("/api/v1/topics").json(), ensure_ascii=False)]
        for page in pages:
            assert "匿名议题" in page
            assert "韦国强" not in page and "韦**" not in page and "villager_a1" not in page
        client.logout()
    cadre = login(personas.cadre_a1)
    assert "韦国强" in cadre.get(f"/topics/{topic.pk}/").content.decode()
    assert cadre.get(f"/api/v1/topics/{topic.pk}").json()["author"] == "韦国强"


def test_portal_shows_status_average_and_count_and_masks_named_authors(personas, client):
    link_household(personas.villager_a1)
    personas.villager_a1.full_name = "韦国强"
    personas.villager_a1.save(update_fields=["full_name"])
    topic = move_to(raise_one(personas.villager_a1, title="修路灯"), "evaluating", personas.cadre_a1)
    neighbour = villager("neighbour_a1")
    link_household(neighbour)
    actions.rate_topic(personas.villager_a1, topic, score=5)
    actions.rate_topic(neighbour, topic, score=4)
    raise_one(neighbour, title="未受理的议题")
    page = client.get("/v/450321100200/").content.decode()
    assert "说议办评" in page and "修路灯" in page and "评·评价中" in page
    assert "4.5 分(2 户评价)" in page and "韦**" in page and "韦国强" not in page
    assert "未受理的议题" not in page
    assert "修路灯" not in client.get("/v/450321100202/").content.decode()


def test_api_raise_answer_step_progress_rate(personas, login):
    link_household(personas.villager_a1)
    villager_client = login(personas.villager_a1)
    response = villager_client.post("/api/v1/topics", {"title": "垃圾池满了", "body": "请清运", "anonymous": "true",
                                                      "photos": photo()})
    assert response.status_code == 201, response.content
    topic_id = response.json()["id"]
    assert response.json()["photos"] == 1 and response.json()["state"] == "raised"
    cadre = login(personas.cadre_a1)
    assert cadre.post(f"/api/v1/topics/{topic_id}/answer", {"reply": ""}, content_type="application/json").json()[
        "errors"] == {"reply": ["请填写答复。"]}
    for step in ("implement", "finish"):
        response = cadre.post(f"/api/v1/topics/{topic_id}/steps/{step}", {}, content_type="application/json")
        assert response.status_code == 200, response.content
    assert response.json()["progress"] == 100 and response.json()["state"] == "evaluating"
    response = cadre.post(f"/api/v1/topics/{topic_id}/progress", {"progress": 50, "milestone": "x"},
                          content_type="application/json")
    assert response.status_code == 422
    villager_client = login(personas.villager_a1)
    response = villager_client.post(f"/api/v1/topics/{topic_id}/rate", {"score": 9}, content_type="application/json")
    assert response.status_code == 422 and response.json()["errors"]["score"] == ["评分须为 1 到 5 之间的整数。"]
    response = villager_client.post(f"/api/v1/topics/{topic_id}/rate", {"score": 4}, content_type="application/json")
    assert response.status_code == 201 and (response.json()["rating_average"], response.json()["rating_count"]) == (4.0, 1)
    assert villager_client.post(f"/api/v1/topics/{topic_id}/rate", {"score": 4},
                                content_type="application/json").status_code == 422
    assert Rating.objects.count() == 1


def test_api_scope_personas(personas, login):
    topic = raise_one(personas.villager_a1)
    assert login(personas.cadre_a2).get(f"/api/v1/topics/{topic.pk}").status_code == 404
    assert login(personas.auditor).get("/api/v1/topics").status_code == 403
    assert login(personas.cadre_b1).post(f"/api/v1/topics/{topic.pk}/steps/implement", {},
                                         content_type="application/json").status_code == 404
    assert login(personas.villager_a1).post(f"/api/v1/topics/{topic.pk}/steps/implement", {},
                                            content_type="application/json").status_code == 403
    assert login(villager("villager_a2", village=A2)).get(f"/api/v1/topics/{topic.pk}").status_code == 404
    assert login(personas.township_a).get("/api/v1/topics").json()["count"] == 1
    assert fresh(topic).state == "raised"
