"""Event pages: report, list, detail with its step forms, comments; scope and bad input."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from xiangzhi.core.models import AuditEvent
from xiangzhi.grid.events import take_step
from xiangzhi.grid.models import Event, EventComment, EventPhoto

from .event_data import (  # noqa: F401
    A1_GRID, A1_TUN, A1_TUN2, B1_TUN, categories, media_in_tmp, new_event, photo, png_bytes,
)
from .test_events import household_with_head

pytestmark = pytest.mark.django_db

REPORT = reverse("grid:event_report")
LIST = reverse("grid:event_list")


def detail(event):
    return reverse("grid:event_detail", args=[event.pk])


def step_url(event, name):
    return reverse("grid:event_step", args=[event.pk, name])


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


# --- reporting -------------------------------------------------------------------------------


def test_report_form_offers_grouped_categories_and_the_villagers_places(personas, categories, login):
    client = login(personas.villager_a1)
    page = text(client.get(REPORT))
    assert '<optgroup label="环境卫生">' in page and "垃圾乱堆乱放" in page and "漓江沿岸垃圾" in page
    assert "旧类别" not in page and "临桂专有小类" not in page
    places = re.findall(r'<option value="(4503[0-9W]+)"', page)
    assert places == ["450321100200", A1_TUN, A1_TUN2, A1_GRID]
    assert 'accept="image/*"' in page and "multiple" in page and "data-geolocate" in page
    assert "household-search" not in page  # villagers do not pick households


def test_reporting_with_a_photo_then_seeing_possible_duplicates(personas, categories, login):
    earlier = new_event(personas.cadre_a1, categories.garbage, region=A1_TUN)
    client = login(personas.villager_a1)
    response = client.post(REPORT, {
        "category": categories.garbage.pk, "description": "屯口垃圾没人清", "urgency": "urgent",
        "region": A1_TUN, "latitude": "", "longitude": "", "address": "屯口",
        "photos": [photo("a.png"), photo("b.png", content=png_bytes(color=(1, 1, 1)))],
    })
    event = Event.objects.exclude(pk=earlier.pk).get()
    assert response.status_code == 302 and response["Location"] == f"{detail(event)}?reported=1"
    assert (event.reporter, event.urgency, event.region_id, event.address) == (
        personas.villager_a1, "urgent", A1_TUN, "屯口")
    assert EventPhoto.objects.filter(event=event).count() == 2
    page = text(client.get(response["Location"]))
    assert "可能重复的事件" in page and f"#{earlier.pk}" in page
    # The villager may not open someone else's event: no link to it.
    assert f'href="{detail(earlier)}"' not in page
    assert page.count(reverse("grid:event_photo", args=[event.pk, 0])[:-2]) >= 2


def test_report_with_bad_input_shows_messages_and_creates_nothing(personas, categories, login):
    client = login(personas.villager_a1)
    response = client.post(REPORT, {"category": "", "description": "", "region": A1_TUN, "urgency": "normal"})
    page = text(response)
    assert response.status_code == 200 and "请选择事件类别。" in page and "请填写事件描述。" in page
    response = client.post(REPORT, {
        "category": categories.garbage.pk, "description": "有情况", "region": A1_TUN, "urgency": "normal",
        "latitude": "24.7", "photos": [photo("x.png", content=b"GIF89a-not-really")],
    })
    page = text(response)
    assert "经度和纬度须同时填写或都不填。" in page and "“x.png”不是图片" in page
    # A place outside the villager's village is not among the choices.
    response = client.post(REPORT, {"category": categories.garbage.pk, "description": "有情况",
                                     "region": B1_TUN, "urgency": "normal"})
    assert "只能上报您所在村(网格)范围内的事件,请从列表中选择发生地。" in text(response)
    assert not Event.objects.exists() and not AuditEvent.objects.exists()


def test_report_page_permissions(personas, categories, login):
    assert login(personas.auditor).get(REPORT).status_code == 403
    assert login(personas.county).get(REPORT).status_code == 403
    assert login(personas.villager_a1).put(REPORT).status_code == 405


def test_cadres_pick_the_household_an_event_is_about(personas, categories, login):
    household = household_with_head(number="A1-123")
    client = login(personas.cadre_a1)
    page = text(client.get(REPORT))
    assert "household-search" in page and "A1-123 · 韦国强" in page
    options = text(client.get(reverse("grid:event_household_options"), {"q": "韦国"}))
    assert f'value="{household.pk}"' in options
    assert f'value="{household.pk}"' not in text(client.get(reverse("grid:event_household_options"), {"q": "没有"}))
    client.post(REPORT, {"category": categories.land_dispute.pk, "description": "宅基地纠纷", "urgency": "normal",
                         "region": A1_TUN2, "household": household.pk})
    event = Event.objects.get()
    assert (event.household, event.region_id, event.grid_id) == (household, A1_TUN, A1_GRID)
    assert login(personas.villager_a1).get(reverse("grid:event_household_options")).status_code == 403
    assert f'value="{household.pk}"' not in text(
        login(personas.cadre_a2).get(reverse("grid:event_household_options"), {"q": "韦"}))


# --- the list ----------------------------------------------------------------------------------


def test_list_filters_and_query_count(personas, categories, login, django_assert_max_num_queries):
    for _n in range(3):
        new_event(personas.villager_a1, categories.garbage)
    road = new_event(personas.cadre_a1, categories.road_damage, region=A1_TUN2)
    take_step(personas.cadre_a1, Event.objects.get(pk=road.pk), "accept")
    Event.objects.filter(pk=road.pk).update(deadline=timezone.now())
    new_event(personas.cadre_b1, categories.garbage, region=B1_TUN)
    client = login(personas.township_a)
    with django_assert_max_num_queries(12):
        page = text(client.get(LIST))
    assert len(re.findall(r'href="/grid/events/\d+/"', page)) == 8  # 4 events × (number + category links)
    assert "共 4 件" in page and "白沙" not in page
    filtered = text(client.get(LIST, {"state": "accepted"}))
    assert "共 1 件" in filtered and "道路破损" in filtered
    assert "共 1 件" in text(client.get(LIST, {"category": categories.roads.pk}))
    overdue = text(client.get(LIST, {"overdue": "1"}))
    assert "共 1 件" in overdue and "已超期" in overdue


def test_list_query_count_does_not_grow_with_the_page(personas, categories, login, django_assert_num_queries):
    new_event(personas.villager_a1, categories.garbage)
    client = login(personas.township_a)
    client.get(LIST)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(LIST)
    for _n in range(10):
        new_event(personas.villager_a1, categories.sewage)
    with CaptureQueriesContext(connection) as eleven:
        client.get(LIST)
    assert len(eleven) == len(one)


def test_a_villager_lists_only_what_they_reported(personas, categories, login):
    mine = new_event(personas.villager_a1, categories.garbage)
    new_event(personas.cadre_a1, categories.sewage)
    page = text(login(personas.villager_a1).get(LIST))
    assert "我上报的事件" in page and "共 1 件" in page and detail(mine) in page
    assert login(personas.auditor).get(LIST).status_code == 403


# --- the detail and its steps ------------------------------------------------------------------


def test_detail_shows_the_steps_each_user_may_take(personas, categories, login):
    event = new_event(personas.villager_a1, categories.garbage)
    village = text(login(personas.cadre_a1).get(detail(event)))
    assert 'id="step-accept"' in village and 'id="step-return"' in village
    assert 'id="step-transfer"' not in village and 'id="step-merge"' not in village
    township = text(login(personas.township_a).get(detail(event)))
    assert all(f'id="step-{name}"' in township for name in ("accept", "return", "transfer", "merge"))
    reporter = text(login(personas.villager_a1).get(detail(event)))
    assert 'id="step-' not in reporter and "村口垃圾堆放多日" in reporter and "待受理" in reporter
    assert login(personas.cadre_a2).get(detail(event)).status_code == 404
    assert login(personas.grid_worker_a1).get(detail(event)).status_code == 404


def test_taking_steps_through_the_page_to_the_rating(personas, categories, login):
    event = new_event(personas.villager_a1, categories.garbage)
    cadre = login(personas.cadre_a1)
    response = cadre.post(step_url(event, "accept"), {"accept-seen_state": "reported", "accept-comment": "收到"})
    assert response.status_code == 302 and Event.objects.get(pk=event.pk).state == "accepted"
    cadre.post(step_url(event, "assign"), {"assign-assignee": personas.secretary_a1.pk})
    assert Event.objects.get(pk=event.pk).assignee == personas.secretary_a1
    cadre.post(step_url(event, "start"), {})
    page = text(cadre.post(step_url(event, "resolve"), {"resolve-comment": ""}))
    assert "请填写办理结果。" in page and Event.objects.get(pk=event.pk).state == "in_progress"
    cadre.post(step_url(event, "resolve"), {"resolve-comment": "已清运"})
    reporter = login(personas.villager_a1)
    page = text(reporter.get(detail(event)))
    assert 'id="step-confirm"' in page and 'name="confirm-rating"' in page and 'id="step-reopen"' in page
    page = text(reporter.post(step_url(event, "confirm"), {"confirm-rating": ""}))
    assert "请给出 1 到 5 分的满意度评价。" in page
    response = reporter.post(step_url(event, "confirm"), {"confirm-rating": "4", "confirm-comment": "满意"})
    assert response.status_code == 302
    closed = Event.objects.get(pk=event.pk)
    assert (closed.state, closed.rating) == ("closed", 4)
    assert "4 / 5" in text(reporter.get(detail(event)))


def test_a_step_taken_by_someone_else_meanwhile(personas, categories, login):
    event = new_event(personas.villager_a1, categories.garbage)
    take_step(personas.cadre_a1, Event.objects.get(pk=event.pk), "accept")
    page = text(login(personas.township_a).post(step_url(event, "accept"), {"accept-seen_state": "reported"}))
    assert "该事件已被他人受理,请刷新后查看。当前状态:已受理。" in page


def test_step_page_refusals(personas, categories, login):
    event = new_event(personas.villager_a1, categories.garbage)
    assert login(personas.cadre_a1).get(step_url(event, "accept")).status_code == 405
    assert login(personas.cadre_a1).post(step_url(event, "escalate"), {}).status_code == 404
    assert login(personas.cadre_a2).post(step_url(event, "accept"), {}).status_code == 404
    assert login(personas.villager_a1).post(step_url(event, "accept"), {}).status_code == 403
    assert Event.objects.get(pk=event.pk).state == "reported"


def test_comments_on_the_page(personas, categories, login):
    event = new_event(personas.villager_a1, categories.garbage)
    url = reverse("grid:event_comment", args=[event.pk])
    response = login(personas.villager_a1).post(url, {"body": "又多了"})
    assert response.status_code == 302
    assert "请填写留言内容。" in text(login(personas.cadre_a1).post(url, {"body": ""}))
    assert login(personas.cadre_a2).post(url, {"body": "x"}).status_code == 404
    assert list(EventComment.objects.values_list("body", flat=True)) == ["又多了"]
    assert "又多了" in text(login(personas.cadre_a1).get(detail(event)))


def test_adding_photos_on_the_page(personas, categories, login):
    event = new_event(personas.villager_a1, categories.garbage)
    url = reverse("grid:event_add_photos", args=[event.pk])
    client = login(personas.cadre_a1)
    client.post(url, {"photos": [photo()]})
    assert EventPhoto.objects.filter(event=event).count() == 1
    page = text(client.post(url, {"photos": [photo("坏.jpg", content=b"nope")]}, follow=True))
    assert "“坏.jpg”不是图片" in page and EventPhoto.objects.count() == 1
