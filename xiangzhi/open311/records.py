"""The GeoReport v2 records, field by field in the order of the specification's tables:
the discovery document, a service, a service definition and a service request."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from xiangzhi.accounts.models import Department
from xiangzhi.grid.events import state_label
from xiangzhi.regions.models import CODE_LENGTHS, Level, Region

from .formats import w3_datetime
from .queries import CLOSED_STATES

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
# The discovery document and the service definitions (which have no attributes) change only
# with this interface; the service list itself is read fresh on every call.
CHANGESET = "2026-11-26 00:00"
FORMAT_TYPES = ["text/xml", "application/json"]


def discovery_record(request):
    url = request.build_absolute_uri(reverse("open311:root")).rstrip("/")
    return {
        "changeset": CHANGESET,
        "contact": _("请联系所在县(市、区)的网格化服务管理中心或本平台系统管理员。"),
        "key_service": _(
            "api_key 即本平台的 API 令牌:登录后在“账号安全”页面生成,或由管理员运行 "
            "manage.py create_api_token 用户名 生成。提交和查询事件都需要 api_key,"
            "只能看到该用户管辖范围内的事件和本人上报的事件。"
        ),
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": url,
                "changeset": CHANGESET,
                "type": "production",
                "formats": FORMAT_TYPES,
            }
        ],
    }


def service_record(category):
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.description or None,
        "metadata": False,
        "type": "realtime",
        "keywords": None,
        "group": category.parent.name,
    }


def service_definition_record(category):
    return {"service_code": category.code, "attributes": []}


def posted_record(event):
    return {
        "service_request_id": str(event.pk),
        "service_notice": service_notice(event),
        "account_id": None,
    }


def request_records(events, request):
    events = list(events)
    places = _place_names(events)
    return [_request_record(event, places, request) for event in events]


def status_of(event):
    return "closed" if event.state in CLOSED_STATES else "open"


def agency_of(event):
    department = dict(Department.choices).get(event.department, event.department)
    return " ".join(part for part in (event.handler_region.name, str(department or "")) if part)


def service_notice(event):
    if status_of(event) == "closed" or event.resolve_deadline is None:
        return None
    deadline = timezone.localtime(event.resolve_deadline)
    return _("由%(agency)s办理,应于%(deadline)s前办结。") % {
        "agency": agency_of(event), "deadline": deadline.strftime("%Y-%m-%d %H:%M"),
    }


def _request_record(event, places, request):
    photos = list(event.photos.all())
    return {
        "service_request_id": str(event.pk),
        "status": status_of(event),
        "status_notes": _status_notes(event),
        "service_name": event.category.name,
        "service_code": event.category.code,
        "description": event.description,
        "agency_responsible": agency_of(event),
        "service_notice": service_notice(event),
        "requested_datetime": w3_datetime(event.created_at),
        "updated_datetime": w3_datetime(_updated_at(event)),
        "expected_datetime": w3_datetime(event.resolve_deadline),
        "address": _address(event, places),
        "address_id": event.region_id,
        "zipcode": None,
        "lat": float(event.latitude) if event.latitude is not None else None,
        "long": float(event.longitude) if event.longitude is not None else None,
        "media_url": _photo_url(request, photos[0]) if photos else None,
    }


def _photo_url(request, photo):
    """The JSON API's photo file: it answers the same token (Authorization: Bearer <api_key>)
    as well as a signed-in browser, whereas the page's photo URL needs a session."""
    return request.build_absolute_uri(reverse("api:grid_event_photo_file", args=[photo.event_id, photo.pk]))


def _status_notes(event):
    if event.merged_into_id:
        return _("已合并到事件 %(id)s。") % {"id": event.merged_into_id}
    return str(state_label(event.state))


def _updated_at(event):
    # For a closed request the spec wants the date it was closed.
    if status_of(event) == "closed" and event.closed_at:
        return event.closed_at
    return event.state_changed_at


def _address(event, places):
    """Most specific to most general, as the spec asks: the typed address, then the 屯 or
    grid, village, township and county."""
    parts = [event.address] if event.address else []
    parts += [places[code] for code in reversed(_place_codes(event.region_id)) if code in places]
    return ", ".join(parts) or None


def _place_codes(code):
    """The region's own code and its ancestors' codes down from the county."""
    codes = [c for c in Region(code=code).ancestor_codes() if len(c) >= CODE_LENGTHS[Level.COUNTY]]
    return [*codes, code]


def _place_names(events):
    codes = {c for event in events for c in _place_codes(event.region_id)}
    return dict(Region.objects.filter(code__in=codes).values_list("code", "name")) if codes else {}
