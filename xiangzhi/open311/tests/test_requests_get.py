"""GET requests and GET requests/{id}: the api_key rule, the fields of the spec's table, status
open/closed, datetimes with offsets, the default window (90 days, 1000 requests), the
filters, and scope (a key sees only what its user may see)."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from xiangzhi.accounts import actions as account_actions
from xiangzhi.accounts.models import ApiToken
from xiangzhi.grid.models import Event, EventState

from .spec import (
    BASE,
    REQUEST_FIELDS,
    TUN_A1,
    VILLAGE_A1,
    VILLAGE_B1,
    children,
    json_errors,
    json_of,
    xml_errors,
    xml_of,
)

pytestmark = pytest.mark.django_db


def get(client, path, key=None, **params):
    if key is not None:
        params["api_key"] = key
    return client.get(BASE + path, params)


def ids(response):
    return [request["service_request_id"] for request in json_of(response)]


def png(name="photo.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def age(event, days):
    Event.objects.filter(pk=event.pk).update(created_at=timezone.now() - timedelta(days=days))


# --- the api_key -----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["xml", "json"])
@pytest.mark.parametrize("path", ["requests", "requests/1"])
def test_reading_requests_without_an_api_key_is_403(client, categories, personas, fmt, path):
    response = get(client, f"{path}.{fmt}")
    assert response.status_code == 403
    [(code, description)] = xml_errors(response) if fmt == "xml" else json_errors(response)
    assert code == 403 and "缺少 api_key" in description


def test_a_wrong_or_revoked_api_key_is_403(client, categories, personas, keys):
    response = get(client, "requests.json", "xz_not-a-key")
    assert response.status_code == 403
    assert "api_key 无效" in json_errors(response)[0][1]
    account_actions.revoke_api_token(personas.township_a, ApiToken.objects.get(user=personas.township_a))
    assert get(client, "requests.json", keys["township_a"]).status_code == 403


# --- fields ------------------------------------------------------------------------------


@pytest.fixture
def pothole(personas, report):
    return report(
        personas.cadre_a1, TUN_A1, latitude=Decimal("24.778123"), longitude=Decimal("110.496456"),
        address="村口大榕树旁",
    )


def test_requests_xml_has_every_field_of_the_spec_table_in_order(client, keys, pothole):
    root = xml_of(get(client, "requests.xml", keys["township_a"]))
    assert root.tag == "service_requests"
    [request] = root
    assert request.tag == "request"
    assert children(request) == REQUEST_FIELDS
    value = request.findtext
    assert value("service_request_id") == str(pothole.pk)
    assert value("status") == "open"
    assert value("status_notes") == "待受理"
    assert value("service_name") == "道路损毁(测试)"
    assert value("service_code") == "t311.road"
    assert value("description") == "村口道路塌陷一米见方。"
    assert value("agency_responsible") == pothole.handler_region.name
    assert value("requested_datetime") == timezone.localtime(pothole.created_at).isoformat(timespec="seconds")
    assert value("requested_datetime").endswith("+08:00")
    assert value("expected_datetime") == timezone.localtime(pothole.resolve_deadline).isoformat(timespec="seconds")
    assert value("address") == "村口大榕树旁, 矮山屯, 矮山村委会, 阳朔镇, 阳朔县"
    assert value("address_id") == TUN_A1
    assert request.find("zipcode").text is None
    assert value("lat") == "24.778123" and value("long") == "110.496456"
    assert request.find("media_url").text is None
    assert "前办结" in value("service_notice")


def test_requests_json_has_the_same_fields_with_string_ids_and_numeric_coordinates(client, keys, pothole):
    [request] = json_of(get(client, "requests.json", keys["township_a"]))
    assert list(request) == REQUEST_FIELDS
    assert request["service_request_id"] == str(pothole.pk)
    assert request["lat"] == 24.778123 and request["long"] == 110.496456
    assert request["zipcode"] is None and request["media_url"] is None
    assert request["status"] == "open"
    assert request["updated_datetime"].endswith("+08:00")


def test_a_single_request_in_both_formats(client, keys, pothole):
    root = xml_of(get(client, f"requests/{pothole.pk}.xml", keys["cadre_a1"]))
    assert root.tag == "service_requests"
    assert [child.tag for child in root] == ["request"]
    assert root.find("request/service_request_id").text == str(pothole.pk)
    [request] = json_of(get(client, f"requests/{pothole.pk}.json", keys["cadre_a1"]))
    assert list(request) == REQUEST_FIELDS
    assert request["service_request_id"] == str(pothole.pk)


@pytest.mark.parametrize("request_id", ["999999", "abc", "1;2"])
def test_an_unknown_request_is_404(client, keys, pothole, request_id):
    response = get(client, f"requests/{request_id}.json", keys["county"])
    assert response.status_code == 404
    [(code, description)] = json_errors(response)
    assert code == 404 and request_id in description


def test_closed_and_merged_events_are_closed_everything_else_open(client, personas, keys, report):
    events = {state: report(personas.cadre_a1, VILLAGE_A1, description=f"事件 {state}") for state in EventState}
    closed_at = timezone.now() - timedelta(hours=3)
    for state, event in events.items():
        Event.objects.filter(pk=event.pk).update(state=state)
    Event.objects.filter(pk=events[EventState.CLOSED].pk).update(closed_at=closed_at)
    Event.objects.filter(pk=events[EventState.MERGED].pk).update(merged_into=events[EventState.REPORTED])
    by_id = {r["service_request_id"]: r for r in json_of(get(client, "requests.json", keys["township_a"]))}
    status = {state: by_id[str(event.pk)]["status"] for state, event in events.items()}
    assert status == {
        state: "closed" if state in (EventState.CLOSED, EventState.MERGED) else "open" for state in EventState
    }
    closed = by_id[str(events[EventState.CLOSED].pk)]
    assert closed["updated_datetime"] == timezone.localtime(closed_at).isoformat(timespec="seconds")
    assert closed["service_notice"] is None
    merged = by_id[str(events[EventState.MERGED].pk)]
    assert merged["status_notes"] == f"已合并到事件 {events[EventState.REPORTED].pk}。"
    assert by_id[str(events[EventState.IN_PROGRESS].pk)]["status_notes"] == "处置中"


def test_media_url_is_the_first_photo_fetchable_with_the_same_key(client, personas, keys, report):
    event = report(personas.cadre_a1, VILLAGE_A1, photos=[png("a.png"), png("b.png")])
    first = event.photos.order_by("id").first()
    [request] = json_of(get(client, "requests.json", keys["township_a"]))
    path = reverse("api:grid_event_photo_file", args=[event.pk, first.pk])
    assert request["media_url"] == "http://testserver" + path
    photo = client.get(path, HTTP_AUTHORIZATION=f"Bearer {keys['township_a']}")
    assert photo.status_code == 200 and photo["Content-Type"] == "image/png"
    assert b"".join(photo.streaming_content) == first.image.open("rb").read()
    # Another township's key cannot fetch it.
    assert client.get(path, HTTP_AUTHORIZATION=f"Bearer {keys['township_b']}").status_code == 404


def test_listing_does_not_query_per_request(client, personas, keys, report, django_assert_max_num_queries):
    for number in range(12):
        report(personas.cadre_a1, TUN_A1, description=f"第 {number} 件", photos=[png()] if number % 3 == 0 else [])
    with django_assert_max_num_queries(5):
        assert len(ids(get(client, "requests.json", keys["township_a"]))) == 12


# --- the default window and the filters ------------------------------------------------------


def test_the_default_window_is_the_most_recent_90_days(client, personas, keys, report):
    recent, old = report(personas.cadre_a1, VILLAGE_A1), report(personas.cadre_a1, VILLAGE_A1)
    age(recent, 89)
    age(old, 91)
    assert ids(get(client, "requests.json", keys["township_a"])) == [str(recent.pk)]
    start = (timezone.now() - timedelta(days=100)).strftime("%Y-%m-%dT%H:%M:%SZ")
    listed = ids(get(client, "requests.json", keys["township_a"], start_date=start))
    assert listed == [str(recent.pk), str(old.pk)]


def test_at_most_1000_requests_newest_first(client, personas, keys, report):
    template = report(personas.cadre_a1, VILLAGE_A1)
    fields = ("category", "description", "region", "source", "reporter", "handler_level", "handler_region", "state")
    Event.objects.bulk_create(
        [Event(**{field: getattr(template, field) for field in fields}) for _ in range(1000)]
    )
    age(template, 1)
    listed = ids(get(client, "requests.json", keys["township_a"]))
    assert len(listed) == 1000
    assert str(template.pk) not in listed  # the oldest of 1001 is left out
    assert listed == sorted(listed, key=int, reverse=True)


def test_start_and_end_date_select_by_requested_datetime(client, personas, keys, report):
    events = [report(personas.cadre_a1, VILLAGE_A1) for _ in range(3)]
    for event, days in zip(events, (40, 20, 5)):
        age(event, days)
    now = timezone.now()
    start = (now - timedelta(days=30)).isoformat(timespec="seconds")
    end = (now - timedelta(days=10)).isoformat(timespec="seconds")
    assert ids(get(client, "requests.json", keys["township_a"], start_date=start, end_date=end)) == [str(events[1].pk)]
    # Only an end: the 90 days before it.
    assert ids(get(client, "requests.json", keys["township_a"], end_date=end)) == [str(events[1].pk), str(events[0].pk)]


def test_a_plus_sign_sent_unencoded_still_reads_as_an_offset(client, personas, keys, report):
    event = report(personas.cadre_a1, VILLAGE_A1)
    start = timezone.localtime(timezone.now() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%S+08:00")
    response = client.get(BASE + f"requests.json?api_key={keys['township_a']}&start_date={start}")
    assert ids(response) == [str(event.pk)]


@pytest.mark.parametrize("params, message", [
    ({"start_date": "yesterday"}, "start_date“yesterday”不是 W3C 日期时间"),
    ({"end_date": "2025-13-45T00:00:00Z"}, "end_date“2025-13-45T00:00:00Z”不是 W3C 日期时间"),
    ({"start_date": "2025-01-01T00:00:00Z", "end_date": "2025-06-01T00:00:00Z"}, "不能超过 90 天"),
    ({"start_date": "2025-02-01T00:00:00Z", "end_date": "2025-01-01T00:00:00Z"}, "end_date 早于 start_date"),
    ({"status": "pending"}, "status 只能是 open 或 closed"),
])
@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_bad_filters_are_400_with_a_chinese_message(client, keys, categories, params, message, fmt):
    response = get(client, f"requests.{fmt}", keys["township_a"], **params)
    assert response.status_code == 400
    [(code, description)] = xml_errors(response) if fmt == "xml" else json_errors(response)
    assert code == 400 and message in description


def test_status_filter(client, personas, keys, report):
    open_event, closed_event = report(personas.cadre_a1, VILLAGE_A1), report(personas.cadre_a1, VILLAGE_A1)
    Event.objects.filter(pk=closed_event.pk).update(state=EventState.CLOSED)
    key = keys["township_a"]
    assert ids(get(client, "requests.json", key, status="open")) == [str(open_event.pk)]
    assert ids(get(client, "requests.json", key, status="closed")) == [str(closed_event.pk)]
    assert len(ids(get(client, "requests.json", key, status="open,closed"))) == 2


def test_service_code_filter_takes_a_comma_list(client, personas, keys, report, categories):
    road = report(personas.cadre_a1, VILLAGE_A1)
    light = report(personas.cadre_a1, VILLAGE_A1, category=categories["light"])
    key = keys["township_a"]
    assert ids(get(client, "requests.json", key, service_code="t311.light")) == [str(light.pk)]
    assert set(ids(get(client, "requests.json", key, service_code="t311.road,t311.light"))) == {
        str(road.pk), str(light.pk)
    }
    assert ids(get(client, "requests.json", key, service_code="no.such")) == []


def test_service_request_id_overrides_the_other_arguments(client, personas, keys, report):
    first, second, third = (report(personas.cadre_a1, VILLAGE_A1) for _ in range(3))
    age(first, 200)  # far outside the default window
    listed = ids(get(client, "requests.json", keys["township_a"],
                     service_request_id=f"{first.pk},{third.pk},junk", status="closed", service_code="t311.light"))
    assert listed == [str(third.pk), str(first.pk)]


# --- scope ---------------------------------------------------------------------------------


def test_a_key_sees_only_what_its_user_may_see(client, personas, keys, report):
    in_a = report(personas.cadre_a1, VILLAGE_A1)
    in_b = report(personas.cadre_b1, VILLAGE_B1)
    assert ids(get(client, "requests.json", keys["township_a"])) == [str(in_a.pk)]
    assert ids(get(client, "requests.json", keys["township_b"])) == [str(in_b.pk)]
    assert ids(get(client, "requests.json", keys["county"])) == [str(in_b.pk), str(in_a.pk)]
    # Asking for the other township's request by id is the same as asking for one that does not exist.
    assert get(client, f"requests/{in_b.pk}.json", keys["township_a"]).status_code == 404
    assert ids(get(client, "requests.json", keys["township_a"], service_request_id=str(in_b.pk))) == []


def test_a_villager_sees_the_events_they_reported_and_no_others(client, personas, keys, report):
    own = report(personas.villager_a1, VILLAGE_A1)
    report(personas.cadre_a1, VILLAGE_A1)
    assert ids(get(client, "requests.json", keys["villager_a1"])) == [str(own.pk)]


def test_a_key_without_any_grid_capability_sees_nothing(client, personas, keys, report):
    report(personas.cadre_a1, VILLAGE_A1)
    assert ids(get(client, "requests.json", keys["auditor"])) == []


def test_jurisdiction_id_narrows_the_list(client, personas, keys, report):
    in_a = report(personas.cadre_a1, VILLAGE_A1)
    report(personas.cadre_b1, VILLAGE_B1)
    assert ids(get(client, "requests.json", keys["county"], jurisdiction_id="450321100")) == [str(in_a.pk)]
    response = get(client, "requests.xml", keys["county"], jurisdiction_id="45999")
    assert response.status_code == 404
    assert "jurisdiction_id“45999”不存在" in xml_errors(response)[0][1]
    assert get(client, f"requests/{in_a.pk}.json", keys["county"], jurisdiction_id=VILLAGE_B1).status_code == 404
