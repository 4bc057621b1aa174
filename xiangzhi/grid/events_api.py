"""/api/v1/grid: events (report, list, detail, steps, comments, photos) and the categories.

POST /events takes JSON, or multipart/form-data with the same fields plus `photos` files.
"""

import json
from datetime import datetime
from decimal import Decimal
from typing import Literal

import pydantic
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, Query, Router, Schema, Status, UploadedFile
from ninja.errors import ValidationError as SchemaValidationError
from ninja.pagination import paginate

from xiangzhi.accounts.permissions import posts_with_capability, require_capability
from xiangzhi.core.uploads import stored_file_response

from . import events
from .events import REPORT, VIEW, event_workflow
from .models import EventCategory, EventSource

router = Router(tags=[_("网格事件")])


# --- schemas ----------------------------------------------------------------------------------


class CategoryRef(Schema):
    code: str
    name: str
    parent_code: str
    parent_name: str


class EventOut(Schema):
    id: int
    category: CategoryRef
    description: str
    urgency: str
    state: str
    state_label: str
    overdue: bool
    region_code: str
    region_name: str
    grid_code: str | None
    household_id: int | None
    latitude: Decimal | None
    longitude: Decimal | None
    address: str
    source: str
    reporter_name: str
    handler_level: str
    handler_region_code: str
    handler_region_name: str
    department: str
    assignee_id: int | None
    assignee_name: str | None
    accept_deadline: datetime | None
    resolve_deadline: datetime | None
    deadline: datetime | None = Field(..., description="当前期限:待受理时为受理期限,处置中为办结期限")
    escalation_count: int
    rating: int | None
    reopen_count: int
    merged_into_id: int | None
    resolved_at: datetime | None
    closed_at: datetime | None
    created_at: datetime

    @staticmethod
    def resolve_category(event):
        category = event.category
        return {
            "code": category.code, "name": category.name,
            "parent_code": category.parent.code if category.parent_id else "",
            "parent_name": category.parent.name if category.parent_id else "",
        }

    @staticmethod
    def resolve_state_label(event):
        return str(event_workflow.state_label(event.state))

    @staticmethod
    def resolve_overdue(event):
        return event_workflow.is_overdue(event)

    @staticmethod
    def resolve_region_code(event):
        return event.region_id

    @staticmethod
    def resolve_region_name(event):
        return event.region.name

    @staticmethod
    def resolve_grid_code(event):
        return event.grid_id

    @staticmethod
    def resolve_reporter_name(event):
        return event.reporter_name or (str(event.reporter) if event.reporter_id else "")

    @staticmethod
    def resolve_handler_region_code(event):
        return event.handler_region_id

    @staticmethod
    def resolve_handler_region_name(event):
        return event.handler_region.name

    @staticmethod
    def resolve_assignee_name(event):
        return str(event.assignee) if event.assignee_id else None


class PhotoOut(Schema):
    id: int
    url: str
    content_type: str
    size: int
    sha256: str
    created_at: datetime

    @staticmethod
    def resolve_url(photo):
        return reverse("api:grid_event_photo_file", args=[photo.event_id, photo.pk])


class CommentOut(Schema):
    id: int
    author: str
    body: str
    created_at: datetime

    @staticmethod
    def resolve_author(comment):
        return str(comment.author)


class StepOut(Schema):
    transition: str
    label: str
    from_state: str
    to_state: str
    actor: str
    comment: str
    occurred_at: datetime


class EventDetailOut(EventOut):
    photos: list[PhotoOut]
    comments: list[CommentOut]
    history: list[StepOut]
    allowed_transitions: list[str] = Field(..., description="当前用户现在可以办理的步骤")

    @staticmethod
    def resolve_photos(event):
        return list(event.photos.all())

    @staticmethod
    def resolve_comments(event):
        return list(event.comments.select_related("author"))


class EventIn(Schema):
    category: str = Field(..., description="类别编码(小类,Open311 service_code)或编号")
    description: str
    urgency: Literal["normal", "urgent", "critical"] = "normal"
    region: str | None = Field(None, description="发生地区划代码(村、屯或网格);不填则用涉及户的所在地或本人所在网格")
    grid: str | None = Field(None, description="网格代码(通常自动确定)")
    household: int | None = Field(None, description="涉及户的编号")
    latitude: float | str | None = None
    longitude: float | str | None = None
    address: str = ""
    reporter_name: str = ""


class TransitionIn(Schema):
    comment: str = ""
    assignee_id: int | None = Field(None, description="派遣(assign)的承办人用户编号")
    rating: int | None = Field(None, description="确认(confirm)的满意度 1–5;2 分及以下首次会重办")
    merge_into: int | None = Field(None, description="合并(merge)到的事件编号")
    expected_state: str | None = Field(None, description="您看到的状态;事件已被他人处理时拒绝")


class CommentIn(Schema):
    body: str


class SubcategoryOut(Schema):
    code: str
    name: str
    description: str
    county_code: str | None


class CategoryOut(SubcategoryOut):
    children: list[SubcategoryOut]


class EventFilter(Schema):
    state: str = ""
    category: str = Field("", description="类别编码(大类或小类)")
    overdue: bool = False
    region: str = Field("", description="只看该区划(代码前缀)")


# --- helpers ----------------------------------------------------------------------------------


def detail_of(request, event):
    event.history = [
        {
            "transition": step.transition,
            "label": str(event_workflow.step_label(step.transition)),
            "from_state": step.from_state,
            "to_state": step.to_state,
            "actor": str(step.actor),
            "comment": step.comment,
            "occurred_at": step.occurred_at,
        }
        for step in event_workflow.history(event)
    ]
    event.allowed_transitions = [transition.name for transition in events.allowed_steps(request.user, event)]
    return event


def _require_reader(user):
    if not (posts_with_capability(user, VIEW) or posts_with_capability(user, REPORT)):
        raise PermissionDenied(_("您没有此项操作的权限。"))


def _report_payload(request):
    """(fields, photos) of POST /events, from JSON or from multipart/form-data."""
    if request.content_type == "multipart/form-data":
        fields = {key: request.POST.get(key) for key in request.POST}
        photos = request.FILES.getlist("photos")
    else:
        try:
            fields = json.loads(request.body or b"{}")
        except ValueError:
            raise SchemaValidationError([{"type": "json_invalid", "loc": ("body",)}]) from None
        photos = []
    if not isinstance(fields, dict):
        raise SchemaValidationError([{"type": "model_attributes_type", "loc": ("body",)}])
    fields = {key: (None if value == "" and key in ("region", "grid", "household") else value)
              for key, value in fields.items()}
    try:
        payload = EventIn.model_validate(fields)
    except pydantic.ValidationError as error:
        raise SchemaValidationError(error.errors(include_url=False, include_context=False)) from None
    return payload, photos


def _report_body():
    """The OpenAPI request body of POST /events: EventIn as JSON, or as a form with photos."""
    fields = EventIn.model_json_schema()
    with_photos = {
        **fields,
        "properties": {
            **fields["properties"],
            "photos": {"type": "array", "items": {"type": "string", "format": "binary"}, "description": "照片"},
        },
    }
    return {
        "requestBody": {
            "content": {"application/json": {"schema": fields}, "multipart/form-data": {"schema": with_photos}},
            "required": True,
        }
    }


# --- endpoints --------------------------------------------------------------------------------


@router.get("/events", response=list[EventOut], summary=_("事件列表(本人范围内及本人上报的)"))
@paginate
def list_events(request, filters: Query[EventFilter]):
    _require_reader(request.user)
    queryset = events.with_related(events.visible_events(request.user)).order_by("-created_at", "-id")
    if filters.state:
        queryset = queryset.filter(state=filters.state)
    if filters.category:
        queryset = queryset.filter(Q(category__code=filters.category) | Q(category__parent__code=filters.category))
    if filters.region:
        queryset = queryset.filter(region__prefix=filters.region)
    if filters.overdue:
        queryset = event_workflow.overdue(queryset, timezone.now())
    return queryset


@router.post(
    "/events", response={201: EventDetailOut}, summary=_("上报事件(JSON,或 multipart 带照片 photos)"),
    openapi_extra=_report_body(),
)
def create_event(request):
    require_capability(request.user, REPORT)
    payload, photos = _report_payload(request)
    event = events.report_event(
        request.user, category=payload.category, description=payload.description, urgency=payload.urgency,
        region=payload.region, grid=payload.grid, household=payload.household,
        latitude=payload.latitude, longitude=payload.longitude, address=payload.address,
        photos=photos, source=EventSource.API, reporter_name=payload.reporter_name,
    )
    return Status(201, detail_of(request, events.get_event_for_user(request.user, event.pk)))


@router.get("/events/{int:event_id}", response=EventDetailOut, summary=_("事件详情"))
def get_event(request, event_id: int):
    return detail_of(request, events.get_event_for_user(request.user, event_id))


@router.post(
    "/events/{int:event_id}/transitions/{name}", response=EventDetailOut,
    summary=_("办理一步:accept、assign、start、resolve、confirm、reopen、return、resubmit、transfer、merge"),
)
def take_transition(request, event_id: int, name: str, payload: TransitionIn):
    event = events.get_event_for_user(request.user, event_id)
    if name not in events.PERSON_STEPS:
        raise Http404
    events.take_step(
        request.user, event, name, comment=payload.comment, assignee=payload.assignee_id,
        rating=payload.rating, merge_into=payload.merge_into, expected_state=payload.expected_state,
    )
    return detail_of(request, events.get_event_for_user(request.user, event_id))


@router.post("/events/{int:event_id}/comments", response={201: CommentOut}, summary=_("留言"))
def post_comment(request, event_id: int, payload: CommentIn):
    event = events.get_event_for_user(request.user, event_id)
    return Status(201, events.add_comment(request.user, event, payload.body))


@router.post("/events/{int:event_id}/photos", response={201: list[PhotoOut]}, summary=_("补充照片(multipart,photos)"))
def post_photos(request, event_id: int, photos: File[list[UploadedFile]] = None):
    event = events.get_event_for_user(request.user, event_id)
    return Status(201, events.add_photos(request.user, event, photos or []))


@router.get("/events/{int:event_id}/photos/{int:photo_id}", url_name="grid_event_photo_file", summary=_("照片文件"))
def photo_file(request, event_id: int, photo_id: int):
    event = events.get_event_for_user(request.user, event_id)
    photo = event.photos.filter(pk=photo_id).first()
    if photo is None:
        raise Http404
    return stored_file_response(photo.image, photo.content_type)


@router.get("/categories", response=list[CategoryOut], summary=_("事件类别(大类及其小类)"))
def list_categories(request, county: str = ""):
    """The shared taxonomy plus the county's own (the county of the user's first post unless given)."""
    if not county:
        posts = posts_with_capability(request.user, REPORT) or posts_with_capability(request.user, VIEW)
        county = posts[0].region_id[:6] if posts else ""
    categories = list(
        EventCategory.objects.active().for_county(county[:6] or None).order_by("order", "code")
    )
    tops = [category for category in categories if category.parent_id is None]
    children = {}
    for category in categories:
        if category.parent_id:
            children.setdefault(category.parent_id, []).append(category)
    return [
        {
            "code": top.code, "name": top.name, "description": top.description, "county_code": top.county_id,
            "children": [
                {"code": c.code, "name": c.name, "description": c.description, "county_code": c.county_id}
                for c in children.get(top.pk, [])
            ],
        }
        for top in tops
    ]
