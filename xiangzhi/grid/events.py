"""Grid events (网格事件): reporting, the life cycle, and who may see an event.

The life cycle, declared once with the workflow core:

    reported ─accept→ accepted ─assign→ assigned ─start→ in_progress ─resolve→ resolved
    resolved ─confirm (reporter, rating 1–5)→ closed      resolved ─reopen (reporter, once)→ in_progress
    resolved ─auto_confirm (system, after AUTO_CONFIRM_DAYS)→ closed
    open ─return (handler, for more information)→ returned ─resubmit (reporter)→ reported
    open ─transfer ("不是本单位职责", to the township dispatcher)→ reported
    open ─merge (dispatcher, duplicate of another open event)→ merged
    open ─escalate (system, deadline missed; one level up)→ reported

A rating of 2 or less reopens the event instead of closing it, the first time. Handling
steps need "grid.event.handle" over the handling unit's region, transfer and merge
"grid.event.dispatch"; the reporter's steps are the reporter's (or, for an event about a
household, its head's linked account). The event's `deadline` is the current one: to
accept while it waits, to resolve while it is handled.
"""

from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xiangzhi.accounts.permissions import can, posts_with_capability, require, require_capability
from xiangzhi.core.audit import record_event
from xiangzhi.core.scope import scope_q_for_post
from xiangzhi.core.workflow import Transition, Workflow
from xiangzhi.people.models import Household, Relation, Resident
from xiangzhi.regions.models import Level, Region

from . import calendar, routing
from .duplicates import suggest_duplicates
from .models import (
    Event,
    EventCategory,
    EventComment,
    EventSource,
    EventState,
    HandlerLevel,
    Urgency,
)
from .photos import check_photos, store_photos

__all__ = [
    "report_event", "suggest_duplicates", "event_workflow", "get_event_for_user", "visible_events",
]

REPORT = "grid.event.report"
VIEW = "grid.event.view"
HANDLE = "grid.event.handle"
DISPATCH = "grid.event.dispatch"

AUTO_CONFIRM_DAYS = 7
DESCRIPTION_MAX_LENGTH = 2000
COMMENT_MAX_LENGTH = 2000
LOW_RATING = 2  # and below: dissatisfied; the first time, the event is reopened

OPEN_STATES = (
    EventState.REPORTED, EventState.RETURNED, EventState.ACCEPTED, EventState.ASSIGNED, EventState.IN_PROGRESS,
)
HANDLED_STATES = (EventState.ACCEPTED, EventState.ASSIGNED, EventState.IN_PROGRESS)
FINAL_STATES = (EventState.CLOSED, EventState.MERGED)
PLACE_LEVELS = (Level.COUNTY, Level.TOWNSHIP, Level.VILLAGE, Level.NATURAL_VILLAGE, Level.GRID)


# --- who is who ------------------------------------------------------------------------


def household_head_user_id(event):
    """The account linked to the head of the event's household, if any."""
    if not event.household_id:
        return None
    return (
        Resident.objects.filter(household_id=event.household_id, relation=Relation.HEAD, user__isnull=False)
        .values_list("user__id", flat=True)
        .first()
    )


def is_reporter_party(user, event):
    """The reporter, or the head of the household the event is about (who confirms for it)."""
    if user is None or not user.is_authenticated:
        return False
    if event.reporter_id and event.reporter_id == user.pk:
        return True
    return household_head_user_id(event) == user.pk


def handler_grid(event):
    """A grid's leader handles the events its village handles for that grid."""
    return event.grid_id if event.handler_level == HandlerLevel.VILLAGE else None


# --- deadlines ---------------------------------------------------------------------------


def current_deadline(event, state):
    if state == EventState.REPORTED:
        return event.accept_deadline
    if state in HANDLED_STATES:
        return event.resolve_deadline
    return None


def set_new_deadlines(event, now):
    """Both deadlines counted afresh from now, at the event's current level."""
    event.accept_deadline, event.resolve_deadline = calendar.event_deadlines(
        event.category, event.urgency, calendar.county_of(event.region_id), now
    )


def _save(event, changes, *fields):
    event.deadline = current_deadline(event, event.state)
    event.save(update_fields=[*fields, "deadline"])
    return changes


# --- guards and effects --------------------------------------------------------------------


def _reporter_only(event, actor, data):
    if not is_reporter_party(actor, event):
        return _("只有报告人(或所涉户的户主)可以办理此步骤。")
    return None


def _once_only(event, actor, data):
    if event.reopen_count:
        return _("该事件已重办过一次,不能再次重办。")
    return None


def _rating_given(event, actor, data):
    rating = data.get("rating")
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = None
    if rating is None or not 1 <= rating <= 5:
        return {"rating": _("请给出 1 到 5 分的满意度评价。")}
    data["rating"] = rating
    return None


def _assignee_can_handle(event, actor, data):
    assignee = data.get("assignee")
    if assignee is None or assignee == "":
        return {"assignee": _("请选择承办人。")}
    if not isinstance(assignee, get_user_model()):
        try:
            assignee = get_user_model().objects.filter(pk=int(assignee), is_active=True).first()
        except (TypeError, ValueError):
            assignee = None
    if assignee is None or not can(assignee, HANDLE, event.handler_region_id, handler_grid(event)):
        return {"assignee": _("承办人须为负责处置该事件的单位中有处置权限的人员。")}
    data["assignee"] = assignee
    return None


def _can_go_to_township(event, actor, data):
    if len(event.region_id) < routing.LEVEL_CODE_LENGTH[HandlerLevel.TOWNSHIP]:
        return _("事件发生地在县级,没有可转回的乡镇(街道)。")
    if event.handler_level == HandlerLevel.TOWNSHIP and event.state == EventState.REPORTED:
        return _("该事件已在乡镇(街道)待受理,无需转办。")
    return None


def _merge_target_is_open(event, actor, data):
    target = data.get("merge_into")
    if target in (None, ""):
        return {"merge_into": _("请选择要合并到的事件。")}
    if not isinstance(target, Event):
        try:
            target = visible_events(actor).filter(pk=int(target)).first()
        except (TypeError, ValueError):
            target = None
    elif not visible_events(actor).filter(pk=target.pk).exists():
        target = None
    if target is None:
        return {"merge_into": _("没有找到要合并到的事件。")}
    if target.pk == event.pk:
        return {"merge_into": _("不能把事件合并到它自己。")}
    if target.state in FINAL_STATES:
        return {"merge_into": _("只能合并到未关闭的事件。")}
    if target.region_id[:6] != event.region_id[:6]:
        return {"merge_into": _("只能合并到本县的事件。")}
    data["merge_into"] = target
    return None


def _assign(event, actor, data):
    old = event.assignee_id
    event.assignee = data["assignee"]
    return _save(event, {"assignee": [old, event.assignee_id]}, "assignee")


def _start(event, actor, data):
    if event.assignee_id:
        return None
    event.assignee = actor
    return _save(event, {"assignee": [None, actor.pk]}, "assignee")


def _resolve(event, actor, data):
    event.resolved_at = timezone.now()
    return _save(event, {"resolved_at": [None, event.resolved_at]}, "resolved_at")


def _close_with_rating(event, actor, data):
    event.rating, event.closed_at = data["rating"], timezone.now()
    return _save(event, {"rating": [None, event.rating]}, "rating", "closed_at")


def _reopen(event, actor, data):
    event.reopen_count += 1
    event.resolved_at = None
    old_deadline = event.resolve_deadline
    limit = calendar.time_limit(event.category, event.urgency, calendar.county_of(event.region_id))
    event.resolve_deadline = calendar.add_working_days(
        timezone.now(), limit.resolve_days, calendar.county_of(event.region_id)
    )
    changes = {"reopen_count": [event.reopen_count - 1, event.reopen_count],
               "resolve_deadline": [old_deadline, event.resolve_deadline]}
    if data.get("rating") is not None:
        changes["rating_given"] = [None, data["rating"]]
    return _save(event, changes, "reopen_count", "resolved_at", "resolve_deadline")


def _send_back(event, actor, data):
    old = event.assignee_id
    event.assignee = None
    return _save(event, {"assignee": [old, None]} if old else {}, "assignee")


def _resubmit(event, actor, data):
    set_new_deadlines(event, timezone.now())
    return _save(event, {"accept_deadline": [None, event.accept_deadline]}, "accept_deadline", "resolve_deadline")


def _move_to(event, level, region_code, department, now):
    before = {
        "handler_level": event.handler_level, "handler_region": event.handler_region_id,
        "department": event.department, "assignee": event.assignee_id,
    }
    event.handler_level, event.handler_region_id, event.department = level, region_code, department
    event.assignee = None
    set_new_deadlines(event, now)
    after = {
        "handler_level": level, "handler_region": region_code, "department": department, "assignee": None,
    }
    return {key: [before[key], after[key]] for key in before if before[key] != after[key]}


def _transfer_to_township(event, actor, data):
    township = event.region_id[: routing.LEVEL_CODE_LENGTH[HandlerLevel.TOWNSHIP]]
    rule = routing.county_rules(event.category, event.region_id[:6]).get(HandlerLevel.TOWNSHIP)
    changes = _move_to(event, HandlerLevel.TOWNSHIP, township, routing.unit_of(rule) if rule else "", timezone.now())
    return _save(
        event, changes, "handler_level", "handler_region", "department", "assignee",
        "accept_deadline", "resolve_deadline",
    )


def _merge(event, actor, data):
    event.merged_into, event.closed_at = data["merge_into"], timezone.now()
    return _save(event, {"merged_into": [None, event.merged_into_id]}, "merged_into", "closed_at")


def _escalate(event, actor, data):
    target = data["target"]
    changes = _move_to(event, target.level, target.region_code, target.department, timezone.now())
    event.escalation_count += 1
    changes["escalation_count"] = [event.escalation_count - 1, event.escalation_count]
    return _save(
        event, changes, "handler_level", "handler_region", "department", "assignee",
        "accept_deadline", "resolve_deadline", "escalation_count",
    )


def _auto_close(event, actor, data):
    event.closed_at = timezone.now()
    return _save(event, {}, "closed_at")


def _handler_region(event):
    return event.handler_region_id


def _place(event):
    return event.region_id


def _deadline_of(event, state, now):
    return current_deadline(event, state)


def _handling(name, label, source, target, **options):
    return Transition(
        name, label, source=source, target=target, capability=HANDLE, region=_handler_region, grid=handler_grid,
        **options,
    )


def _reporters(name, label, source, target, guards=(), **options):
    return Transition(
        name, label, source=source, target=target, capability=REPORT, region=_place,
        grid=lambda event: event.grid_id, guards=(_reporter_only, *guards), **options,
    )


def _dispatching(name, label, source, target, **options):
    return Transition(name, label, source=source, target=target, capability=DISPATCH, region=_handler_region, **options)


S = EventState
event_workflow = Workflow(
    "grid_event",
    Event,
    states=EventState,
    initial=S.REPORTED,
    final=FINAL_STATES,
    start_name="report",
    start_label=gettext_lazy("上报"),
    deadline_of=_deadline_of,
    transitions=[
        _handling("accept", gettext_lazy("受理"), (S.REPORTED, S.RETURNED), S.ACCEPTED),
        _handling("assign", gettext_lazy("派遣"), (S.ACCEPTED, S.ASSIGNED), S.ASSIGNED,
                  guards=(_assignee_can_handle,), effect=_assign),
        _handling("start", gettext_lazy("开始处置"), (S.ACCEPTED, S.ASSIGNED), S.IN_PROGRESS, effect=_start),
        _handling("resolve", gettext_lazy("办结"), (S.IN_PROGRESS,), S.RESOLVED,
                  requires_comment=True, effect=_resolve),
        _reporters("confirm", gettext_lazy("确认办结"), (S.RESOLVED,), S.CLOSED,
                   guards=(_rating_given,), effect=_close_with_rating),
        _reporters("reopen", gettext_lazy("要求重办"), (S.RESOLVED,), S.IN_PROGRESS,
                   guards=(_once_only,), effect=_reopen),
        _handling("return", gettext_lazy("退回补充"), (S.REPORTED, *HANDLED_STATES), S.RETURNED,
                  requires_comment=True, effect=_send_back),
        _reporters("resubmit", gettext_lazy("补充后重新上报"), (S.RETURNED,), S.REPORTED,
                   requires_comment=True, effect=_resubmit),
        _dispatching("transfer", gettext_lazy("不是本单位职责,转回调度"), (S.REPORTED, *HANDLED_STATES), S.REPORTED,
                     guards=(_can_go_to_township,), requires_comment=True, effect=_transfer_to_township),
        _dispatching("merge", gettext_lazy("合并重复事件"), OPEN_STATES, S.MERGED,
                     guards=(_merge_target_is_open,), effect=_merge),
        Transition("escalate", gettext_lazy("超期升级"), source=(S.REPORTED, *HANDLED_STATES), target=S.REPORTED,
                   capability="", system=True, effect=_escalate),
        Transition("auto_confirm", gettext_lazy("超时自动确认"), source=(S.RESOLVED,), target=S.CLOSED,
                   capability="", system=True, effect=_auto_close),
    ],
)

# Steps a person takes, with the message shown when the comment they need is missing.
COMMENT_MESSAGES = {
    "resolve": gettext_lazy("请填写办理结果。"),
    "return": gettext_lazy("请填写需要报告人补充的内容。"),
    "resubmit": gettext_lazy("请填写补充的情况。"),
    "transfer": gettext_lazy("请填写不属于本单位职责的理由。"),
}
PERSON_STEPS = [t.name for t in event_workflow.transitions if not t.system]


# --- reading ---------------------------------------------------------------------------------


def visible_events(user):
    """Events the user may see: those in the scope of their posts that may view events,
    those they reported, and those about the household they head."""
    if user is None or not user.is_authenticated:
        return Event.objects.none()
    query = Q(reporter_id=user.pk)
    if user.resident_id:
        headed = Resident.objects.filter(pk=user.resident_id, relation=Relation.HEAD).values("household_id")
        query |= Q(household_id__in=headed)
    for post in posts_with_capability(user, VIEW):
        query |= scope_q_for_post(Event, post)
    return Event.objects.filter(query)


def with_related(queryset):
    return queryset.select_related(
        "category", "category__parent", "region", "grid", "handler_region", "reporter", "assignee", "household",
    )


def get_event_for_user(user, pk):
    """The event, or 404 outside what the user may see."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404(_("未找到该记录。")) from None
    event = with_related(visible_events(user)).filter(pk=pk).first()
    if event is None:
        raise Http404(_("未找到该记录。"))
    return event


def allowed_steps(user, event):
    """The steps this user may take now (for buttons); the reporter's only for the reporter."""
    allowed = event_workflow.allowed_transitions(user, event)
    reporter = None
    result = []
    for transition in allowed:
        if transition.capability == REPORT:
            if reporter is None:
                reporter = is_reporter_party(user, event)
            if not reporter or (transition.name == "reopen" and event.reopen_count):
                continue
        result.append(transition)
    return result


def state_label(state):
    return event_workflow.state_label(state)


# --- reporting -------------------------------------------------------------------------------


def _as_region(value):
    if value is None or value == "":
        return None
    if isinstance(value, Region):
        return value
    return Region.objects.filter(code=str(value).strip()).first()


def _as_household(value):
    if value is None or value == "":
        return None
    if isinstance(value, Household):
        return value
    try:
        return Household.objects.select_related("region", "grid").filter(pk=int(value)).first()
    except (TypeError, ValueError):
        return None


def _reporter_grid(actor):
    for post in posts_with_capability(actor, REPORT):
        if post.region.is_grid:
            return post.region
    return None


def resolve_place(actor, *, region=None, grid=None, household=None):
    """(region, grid, household) of a new event, or a Chinese ValidationError."""
    if household not in (None, ""):
        found = _as_household(household)
        # A household outside the reporter's reach is "not found" too: its existence is not told.
        if found is None or not can(actor, REPORT, found.region_id, found.grid_id):
            raise ValidationError({"household": _("没有找到该户。")})
        household = found
        region = household.region
        grid = household.grid if household.grid_id else grid
    else:
        household = None
        if region not in (None, ""):
            found = _as_region(region)
            if found is None:
                raise ValidationError({"region": _("没有代码为 %(code)s 的区划。") % {"code": region}})
            region = found
        else:
            region = _reporter_grid(actor)
            if region is None:
                raise ValidationError({"region": _("请选择事件发生地。")})
    if region.level not in PLACE_LEVELS:
        raise ValidationError({"region": _("事件发生地须为县(市、区)及以下的区划,“%(name)s”不是。") % {"name": region.name}})
    if region.is_grid:
        grid = region
    elif grid not in (None, ""):
        found = _as_region(grid)
        if found is None or not found.is_grid:
            raise ValidationError({"grid": _("没有该网格。")})
        grid = found
    else:
        grid = _reporter_grid(actor)
    village = region.village_code()
    if grid is not None and (village is None or grid.parent_id != village):
        # A grid serves its own village only.
        grid = None
    return region, grid, household


def _loaded_ancestor(region, code):
    """`region` or one of its parents already loaded with it (select_related) whose code is
    `code`, else None: what answers the reporter names its handler without another query."""
    while region is not None:
        if region.code == code:
            return region
        if not Region.parent.is_cached(region):
            return None
        region = region.parent
    return None


def _category_for(value, county_code):
    if isinstance(value, EventCategory):
        category = value
    elif value in (None, ""):
        return None, _("请选择事件类别。")
    else:
        lookup = Q(code=str(value))
        if str(value).isdigit():
            lookup |= Q(pk=int(value))
        category = EventCategory.objects.select_related("parent").filter(lookup).first()
        if category is None:
            return None, _("没有该事件类别。")
    if category.parent_id is None:
        return None, _("请选择具体的小类,而不是大类“%(name)s”。") % {"name": category.name}
    if not category.active or (category.parent and not category.parent.active):
        return None, _("事件类别“%(name)s”已停用。") % {"name": category.name}
    if category.county_id and category.county_id != county_code:
        return None, _("事件类别“%(name)s”不属于本县。") % {"name": category.name}
    return category, None


def _coordinate(value, low, high, field, label):
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None, {field: _("%(label)s须为数字。") % {"label": label}}
    if not number.is_finite() or not low <= number <= high:
        return None, {field: _("%(label)s须在 %(low)s 到 %(high)s 之间。") % {"label": label, "low": low, "high": high}}
    return number.quantize(Decimal("0.000001")), None


def clean_point(latitude, longitude):
    """(latitude, longitude) as Decimals or (None, None); errors keyed by field."""
    given = [value not in (None, "") for value in (latitude, longitude)]
    if not any(given):
        return None, None, {}
    if not all(given):
        missing = "longitude" if given[0] else "latitude"
        return None, None, {missing: _("经度和纬度须同时填写或都不填。")}
    errors = {}
    lat, error = _coordinate(latitude, -90, 90, "latitude", _("纬度"))
    errors.update(error or {})
    lon, error = _coordinate(longitude, -180, 180, "longitude", _("经度"))
    errors.update(error or {})
    return lat, lon, errors


def report_event(
    actor, *, category, description, urgency=Urgency.NORMAL, region=None, grid=None, household=None,
    latitude=None, longitude=None, address="", photos=(), source=EventSource.WEB, reporter_name="",
):
    """Report an event: checked, routed by the county's matrix, given its deadlines in
    working days, started in the life cycle (history row, audit "grid_event.report")."""
    require_capability(actor, REPORT)
    place, served_by, household = resolve_place(actor, region=region, grid=grid, household=household)
    post = require(actor, REPORT, place.code, served_by.code if served_by else None)
    county_code = calendar.county_of(place.code)

    errors = {}
    category, message = _category_for(category, county_code)
    if message:
        errors["category"] = message
    description = (description or "").strip()
    if not description:
        errors["description"] = _("请填写事件描述。")
    elif len(description) > DESCRIPTION_MAX_LENGTH:
        errors["description"] = _("事件描述不能超过 %(max)d 个字。") % {"max": DESCRIPTION_MAX_LENGTH}
    urgency = urgency or Urgency.NORMAL
    if urgency not in Urgency.values:
        errors["urgency"] = _("紧急程度须为一般、紧急或特急。")
    if source not in EventSource.values:
        errors["source"] = _("不是可选的来源。")
    lat, lon, point_errors = clean_point(latitude, longitude)
    errors.update(point_errors)
    address = (address or "").strip()
    if len(address) > 200:
        errors["address"] = _("地址不能超过 200 个字。")
    reporter_name = (reporter_name or "").strip() or str(actor)
    if len(reporter_name) > 50:
        errors["reporter_name"] = _("报告人姓名不能超过 50 个字。")
    try:
        checked_photos = check_photos(photos)
    except ValidationError as error:
        errors.update(error.message_dict)
        checked_photos = []
    if errors:
        raise ValidationError(errors)

    now = timezone.now()
    handler_level, handler_region, department = routing.route(category, place)
    accept_deadline, resolve_deadline = calendar.event_deadlines(category, urgency, county_code, now)
    event = Event(
        category=category, description=description, urgency=urgency, region=place, grid=served_by,
        household=household, latitude=lat, longitude=lon, address=address, source=source,
        reporter=actor, reporter_name=reporter_name[:50], handler_level=handler_level,
        handler_region_id=handler_region, department=department,
        accept_deadline=accept_deadline, resolve_deadline=resolve_deadline,
    )
    handler = _loaded_ancestor(place, handler_region)
    if handler is not None:
        event.handler_region = handler
    with transaction.atomic():
        event_workflow.start(
            actor, event, post=post, comment=description,
            changes={
                "category": [None, category.code], "urgency": [None, urgency], "region": [None, place.code],
                "grid": [None, served_by.code if served_by else None], "handler_level": [None, handler_level],
                "handler_region": [None, handler_region], "source": [None, source],
            },
        )
        store_photos(event, checked_photos, actor)
    return event


# --- the steps, as actions -----------------------------------------------------------------


def _stale_message(name):
    if name == "accept":
        return _("该事件已被他人受理,请刷新后查看。")
    return _("该事件已被他人处理,请刷新后查看。")


def take_step(actor, event, name, *, comment="", assignee=None, rating=None, merge_into=None,
              expected_state=None, attachments=()):
    """Take one step of the life cycle. `expected_state` is the state the user saw: if the
    event moved since, they are told it was taken. A rating of 2 or less at `confirm`
    reopens the event instead, the first time."""
    transition = event_workflow.transition(name)
    if transition is None or transition.system:
        raise ValidationError(_("没有这个办理步骤。"), code="unknown_step")
    if expected_state and expected_state != event.state:
        raise ValidationError(_stale_message(name) + _("当前状态:%(state)s。") % {"state": state_label(event.state)},
                              code="stale")
    data = {"assignee": assignee, "rating": rating, "merge_into": merge_into}
    if name == "confirm" and _is_low(rating) and event.reopen_count == 0 and event.state == EventState.RESOLVED:
        name = "reopen"
        comment = (comment or "").strip() or _("评价 %(rating)s 分,不满意,要求重办。") % {"rating": int(rating)}
        data["rating"] = int(rating)
    try:
        return event_workflow.advance(actor, event, name, comment=comment, attachments=attachments, data=data)
    except ValidationError as error:
        if getattr(error, "code", None) == "stale":
            raise ValidationError(_stale_message(name), code="stale") from None
        if hasattr(error, "error_dict") and "comment" in error.error_dict and name in COMMENT_MESSAGES:
            raise ValidationError({"comment": str(COMMENT_MESSAGES[name])}, code="required") from None
        raise


def _is_low(rating):
    try:
        return 1 <= int(rating) <= LOW_RATING
    except (TypeError, ValueError):
        return False


# --- comments and photos added later -------------------------------------------------------


def _participant_post(actor, event):
    """The post under which the actor may add to the event: the reporter needs none."""
    if is_reporter_party(actor, event):
        return None
    return require(actor, VIEW, event.region_id, event.grid_id)


def add_comment(actor, event, body):
    post = _participant_post(actor, event)
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("请填写留言内容。")})
    if len(body) > COMMENT_MAX_LENGTH:
        raise ValidationError({"body": _("留言不能超过 %(max)d 个字。") % {"max": COMMENT_MAX_LENGTH}})
    with transaction.atomic():
        comment = EventComment.objects.create(event=event, author=actor, body=body)
        record_event(actor, "grid_event.comment", event, region_code=event.region_id, post=post,
                     changes={"comment": [None, body]})
    return comment


def add_photos(actor, event, photos):
    post = _participant_post(actor, event)
    if event.state in FINAL_STATES:
        raise ValidationError({"photos": _("事件已关闭,不能再添加照片。")})
    photos = [photo for photo in photos if photo]
    if not photos:
        raise ValidationError({"photos": _("请选择照片。")})
    checked = check_photos(photos, already=event.photos.count())
    with transaction.atomic():
        stored = store_photos(event, checked, actor)
        record_event(actor, "grid_event.photo", event, region_code=event.region_id, post=post,
                     changes={"photos": [None, [photo.sha256 for photo in stored]]})
    return stored
