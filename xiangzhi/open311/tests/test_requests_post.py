"""POST requests: a GeoReport service request becomes a grid event, reported, routed and
audited like any other, as the api_key's user; every refusal is the spec's error list and
leaves the database as it was."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from xiangzhi.accounts import actions as account_actions
from xiangzhi.core.models import AuditEvent
from xiangzhi.grid.models import Event, EventPhoto, ResponsibilityRule

from .spec import (
    BASE,
    POST_RESPONSE_FIELDS,
    REQUEST_FIELDS,
    TUN_A1,
    VILLAGE_A1,
    children,
    json_errors,
    json_of,
    xml_errors,
    xml_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    # A real client sends no CSRF token: the endpoint must not need one.
    return Client(enforce_csrf_checks=True)


def post(api, fmt, **data):
    return api.post(BASE + f"requests.{fmt}", data)


def spec_example(key, **changes):
    """The arguments of the specification's example request, for our place and category."""
    data = {
        "api_key": key, "jurisdiction_id": VILLAGE_A1, "service_code": "t311.road",
        "lat": "24.77812345", "long": "110.49645678", "address_string": "村口大榕树旁",
        "email": "smit333@example.org", "device_id": "tt222111", "account_id": "123456",
        "first_name": "三", "last_name": "张", "phone": "111111111",
        "description": "村口道路塌陷一米见方,影响通行。",
        "media_url": "http://farm3.static.flickr.com/2002/2212426634_5ed477a060.jpg",
    }
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buffer, format="PNG")
    return SimpleUploadedFile("road.png", buffer.getvalue(), content_type="image/png")


def test_a_posted_request_becomes_a_routed_audited_event(api, personas, keys, categories):
    response = post(api, "json", **spec_example(keys["cadre_a1"]))
    assert response.status_code == 200
    [posted] = json_of(response)
    assert list(posted) == POST_RESPONSE_FIELDS  # and no token: the id is returned at once
    event = Event.objects.get()
    assert posted["service_request_id"] == str(event.pk)
    assert posted["account_id"] is None
    assert "前办结" in posted["service_notice"]
    assert event.source == "open311"
    assert event.reporter == personas.cadre_a1
    assert event.reporter_name == "张三"
    assert event.category == categories["road"]
    assert event.region_id == VILLAGE_A1
    assert event.latitude == Decimal("24.778123") and event.longitude == Decimal("110.496457")
    assert event.address == "村口大榕树旁"
    assert event.state == "reported"
    assert (event.handler_level, event.handler_region_id) == ("village", VILLAGE_A1)
    assert event.resolve_deadline is not None
    audit = AuditEvent.objects.get(target_type="grid.event", target_id=str(event.pk))
    assert audit.action == "grid_event.report"
    assert audit.actor == personas.cadre_a1
    assert audit.region_code == VILLAGE_A1
    # Nothing is fetched from media_url and nothing is stored from it.
    assert not EventPhoto.objects.exists()


def test_the_post_response_in_xml(api, keys, categories):
    response = post(api, "xml", **spec_example(keys["cadre_a1"]))
    assert response.status_code == 200
    root = xml_of(response)
    assert root.tag == "service_requests"
    [request] = root
    assert request.tag == "request"
    assert children(request) == POST_RESPONSE_FIELDS
    assert request.findtext("service_request_id") == str(Event.objects.get().pk)
    assert request.find("account_id").text is None


def test_the_matrix_routes_a_posted_request_like_any_other(api, tree, keys, categories):
    ResponsibilityRule.objects.create(
        county=tree["450321"], category=categories["road"], level="township", department="综治中心"
    )
    [posted] = json_of(post(api, "json", **spec_example(keys["cadre_a1"])))
    event = Event.objects.get()
    assert (event.handler_level, event.handler_region_id, event.department) == ("township", "450321100", "综治中心")
    [read] = json_of(Client().get(BASE + f"requests/{event.pk}.json", {"api_key": keys["cadre_a1"]}))
    assert list(read) == REQUEST_FIELDS
    assert read["agency_responsible"] == "阳朔镇 综治中心"
    assert read["service_request_id"] == posted["service_request_id"]
    assert read["address_id"] == VILLAGE_A1


def test_address_id_is_a_region_code_and_media_uploads_are_photos(api, keys, categories):
    data = spec_example(keys["cadre_a1"], jurisdiction_id=None, address_id=TUN_A1, lat=None, long=None)
    response = api.post(BASE + "requests.json", {**data, "media": png()})
    assert response.status_code == 200
    event = Event.objects.get()
    assert event.region_id == TUN_A1
    assert event.latitude is None
    photo = EventPhoto.objects.get(event=event)
    assert photo.content_type == "image/png"
    [read] = json_of(Client().get(BASE + f"requests/{event.pk}.json", {"api_key": keys["cadre_a1"]}))
    assert read["media_url"] == "http://testserver" + reverse("api:grid_event_photo_file", args=[event.pk, photo.pk])


def test_api_key_and_jurisdiction_may_come_in_the_query_string(api, keys, categories):
    data = spec_example(None, jurisdiction_id=None)
    data.pop("api_key", None)
    response = api.post(BASE + f"requests.json?api_key={keys['cadre_a1']}&jurisdiction_id={VILLAGE_A1}", data)
    assert response.status_code == 200
    assert Event.objects.get().region_id == VILLAGE_A1


def test_a_grid_workers_key_reports_in_their_grid_without_a_jurisdiction(api, personas, categories):
    _token, key = account_actions.create_api_token(None, personas.grid_worker_a1)
    response = post(api, "json", **spec_example(key, jurisdiction_id=None))
    assert response.status_code == 200
    event = Event.objects.get()
    assert event.grid_id == "450321100200W01"
    assert event.region_id.startswith(VILLAGE_A1)


# --- refusals: the spec's error list, nothing written ----------------------------------------


def refused(response, fmt, status):
    assert response.status_code == status
    errors = xml_errors(response) if fmt == "xml" else json_errors(response)
    assert all(code == status for code, _description in errors)
    assert not Event.objects.exists()
    assert not AuditEvent.objects.filter(action="grid_event.report").exists()
    return [description for _code, description in errors]


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_without_an_api_key_it_is_403(api, keys, categories, fmt):
    [description] = refused(post(api, fmt, **spec_example(None)), fmt, 403)
    assert "缺少 api_key" in description


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_with_a_wrong_api_key_it_is_403(api, keys, categories, fmt):
    [description] = refused(post(api, fmt, **spec_example("xz_wrong")), fmt, 403)
    assert "api_key 无效" in description


def test_a_key_whose_user_may_not_report_is_403(api, keys, categories):
    [description] = refused(post(api, "json", **spec_example(keys["auditor"])), "json", 403)
    assert "没有上报事件的权限" in description


def test_a_place_outside_the_keys_scope_is_404(api, keys, categories):
    [description] = refused(post(api, "json", **spec_example(keys["cadre_b1"])), "json", 404)
    assert "不在该 api_key 用户可上报的范围内" in description


@pytest.mark.parametrize("fmt", ["xml", "json"])
@pytest.mark.parametrize("changes, status, message", [
    ({"service_code": None}, 400, "请提供 service_code"),
    ({"service_code": "no.such"}, 404, "service_code“no.such”不存在或已停用"),
    ({"service_code": "t311.retired"}, 404, "service_code“t311.retired”不存在或已停用"),
    ({"jurisdiction_id": "sfgov.org"}, 404, "jurisdiction_id“sfgov.org”不存在"),
    ({"lat": None, "long": None, "address_string": None}, 400, "请提供事件位置"),
    ({"long": None}, 400, "lat 与 long 须同时提供"),
    ({"lat": "north"}, 400, "lat:纬度须为数字"),
    ({"long": "190"}, 400, "long:经度须在 -180 到 180 之间"),
    ({"address_id": "450321101200"}, 400, "address_id“450321101200”不在 jurisdiction_id 所指区划内"),
    ({"address_id": "4503219"}, 400, "address_id“4503219”不是已知的区划代码"),
    ({"description": "路" * 2001}, 400, "description:事件描述不能超过 2000 个字"),
    ({"description": None}, 400, "description:请填写事件描述"),
    ({"jurisdiction_id": "4503", "address_id": None}, 400, "jurisdiction_id:事件发生地须为县(市、区)及以下的区划"),
])
def test_bad_arguments_are_refused_in_chinese(api, keys, categories, fmt, changes, status, message):
    descriptions = refused(post(api, fmt, **spec_example(keys["cadre_a1"], **changes)), fmt, status)
    assert any(message in description for description in descriptions), descriptions


def test_without_any_place_the_jurisdiction_is_asked_for(api, keys, categories):
    # A township official has no grid post to fall back on.
    descriptions = refused(post(api, "json", **spec_example(keys["township_a"], jurisdiction_id=None)), "json", 400)
    assert any(description.startswith("jurisdiction_id") for description in descriptions), descriptions


def test_an_upload_that_is_not_an_image_is_refused(api, keys, categories):
    fake = SimpleUploadedFile("road.jpg", b"not an image at all", content_type="image/jpeg")
    response = api.post(BASE + "requests.json", {**spec_example(keys["cadre_a1"]), "media": fake})
    [description] = refused(response, "json", 400)
    assert description.startswith("media") and "不是图片" in description
    assert not EventPhoto.objects.exists()


def test_several_problems_are_listed_together(api, keys, categories):
    data = spec_example(keys["cadre_a1"], lat="north", description="路" * 2001)
    descriptions = refused(post(api, "json", **data), "json", 400)
    assert len(descriptions) == 2
