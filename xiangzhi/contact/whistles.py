"""吹哨报到: a township calls county departments (乡镇吹哨、部门报到), a village or 屯 calls the
village's party members (村屯吹哨、党员报到). Each called party reports (acknowledges) before
the deadline, then records what it did; only the caller confirms closure."""

import datetime
import statistics

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xiangzhi.accounts.models import Department, Post, Role, User
from xiangzhi.accounts.permissions import post_covers, posts_with_capability, require, require_capability
from xiangzhi.core.audit import record_event
from xiangzhi.regions.models import Level, Region

from .models import WHISTLE_VIEW, Whistle, WhistleCall, WhistleLevel, WhistleState

BLOW = "whistle.blow"
REPORT = "whistle.report"
TEXT_MAX_LENGTH = 2000
MAX_REPORT_HOURS = 30 * 24
UNIT_HOURS = {"hours": 1, "days": 24}
WHISTLE_LEVELS = {
    Level.TOWNSHIP: WhistleLevel.TOWNSHIP,
    Level.VILLAGE: WhistleLevel.VILLAGE,
    Level.NATURAL_VILLAGE: WhistleLevel.VILLAGE,
}


# --- who may be called ----------------------------------------------------------------


def callable_departments(region):
    """Departments with an active county-department post in the township's county, as (code, label)."""
    codes = set(
        Post.objects.active().filter(role=Role.COUNTY_DEPARTMENT, region_id=region.code[:6])
        .exclude(department="").values_list("department", flat=True)
    )
    return [(code, label) for code, label in Department.choices if code in codes]


def callable_members(region):
    """Users whose resident is a current party member of the village (of the 屯)."""
    from xiangzhi.party.queries import current_members

    members = current_members(region.code[:12])
    return User.objects.filter(is_active=True, resident__party_member__in=members).order_by("full_name", "id")


# --- reads --------------------------------------------------------------------------


def _called_q(user, prefix=""):
    """Calls addressed to this user: as a party member, or to a department they serve in."""
    query = Q(**{f"{prefix}member": user})
    for post in posts_with_capability(user, REPORT):
        if post.role == Role.COUNTY_DEPARTMENT and post.department:
            query |= Q(**{f"{prefix}department": post.department, f"{prefix}whistle__region__prefix": post.region_id})
    return query


def calls_to(user):
    if not getattr(user, "is_authenticated", False):
        return WhistleCall.objects.none()
    return WhistleCall.objects.filter(_called_q(user)).select_related("whistle", "whistle__region", "member")


def visible_whistles(user):
    """Whistles in the user's scope, and those that call the user."""
    called = Whistle.objects.filter(pk__in=calls_to(user).values("whistle_id"))
    if posts_with_capability(user, WHISTLE_VIEW):
        return (Whistle.objects.visible_to(user) | called).distinct()
    if not posts_with_capability(user, REPORT):
        require_capability(user, WHISTLE_VIEW)
    return called


def get_whistle_for_user(user, pk):
    whistle = visible_whistles(user).select_related("region", "caller").filter(pk=pk).first()
    if whistle is None:
        raise Http404(_("未找到该吹哨事项。"))
    return whistle


def get_call(whistle, pk):
    call = whistle.calls.select_related("member", "reported_by").filter(pk=pk).first()
    if call is None:
        raise Http404(_("未找到该报到对象。"))
    call.whistle = whistle
    return call


def is_called(user, call):
    if call.member_id is not None:
        return call.member_id == user.pk
    return any(
        post.role == Role.COUNTY_DEPARTMENT and post.department == call.department
        and post_covers(post, call.whistle.region_id)
        for post in posts_with_capability(user, REPORT)
    )


# --- actions ------------------------------------------------------------------------


def _text(value, field, missing, label):
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: missing})
    if len(value) > TEXT_MAX_LENGTH:
        raise ValidationError({field: _("%(label)s不能超过 %(max)d 个字。") % {"label": label, "max": TEXT_MAX_LENGTH}})
    return value


def _report_hours(report_within, unit):
    if unit not in UNIT_HOURS:
        raise ValidationError({"unit": _("报到时限的单位须为小时或天。")})
    try:
        amount = int(report_within)
    except (TypeError, ValueError):
        raise ValidationError({"report_within": _("请填写报到时限(整数)。")}) from None
    hours = amount * UNIT_HOURS[unit]
    if amount < 1 or hours > MAX_REPORT_HOURS:
        raise ValidationError({"report_within": _("报到时限须在 1 小时到 30 天之间。")})
    return hours


def blow_whistle(actor, *, region_code, problem, departments=(), members=(), report_within=None, unit="hours"):
    """A township calls county departments; a village or 屯 calls party members of the village."""
    require_capability(actor, BLOW)
    region = Region.objects.filter(code=(region_code or "").strip()).first()
    if region is None or region.level not in WHISTLE_LEVELS:
        raise ValidationError({"region": _("吹哨单位须为乡镇、村或自然村(屯)。")})
    post = require(actor, BLOW, region.code)
    level = WHISTLE_LEVELS[region.level]
    errors, values = {}, {}
    for field, clean in (
        ("problem", lambda: _text(problem, "problem", _("请填写需要解决的问题。"), _("问题"))),
        ("hours", lambda: _report_hours(report_within, unit)),
    ):
        try:
            values[field] = clean()
        except ValidationError as error:
            errors.update(error.message_dict)
    departments = list(dict.fromkeys(d for d in (departments or ()) if d))
    member_ids = list(dict.fromkeys(getattr(m, "pk", m) for m in (members or ()) if m))
    called_users = []
    if level == WhistleLevel.TOWNSHIP:
        allowed = {code for code, _label in callable_departments(region)}
        if member_ids:
            errors["members"] = [_("乡镇吹哨只能呼叫县级部门。")]
        if not departments:
            errors["departments"] = [_("请选择至少一个报到部门。")]
        unknown = [d for d in departments if d not in allowed]
        if unknown:
            errors["departments"] = [_("本县没有这些在岗的县级部门:%(names)s。") % {"names": "、".join(unknown)}]
    else:
        if departments:
            errors["departments"] = [_("村屯吹哨只能呼叫本村党员。")]
        if not member_ids:
            errors["members"] = [_("请选择至少一名报到党员。")]
        try:
            ids = [int(pk) for pk in member_ids]
        except (TypeError, ValueError):
            ids = None
            errors["members"] = [_("党员编号无效。")]
        if ids:
            called_users = list(callable_members(region).filter(pk__in=ids))
            if len(called_users) != len(set(ids)):
                errors["members"] = [_("所选人员中有人不是本村在册党员。")]
    if errors:
        raise ValidationError(errors)

    now = timezone.now()
    with transaction.atomic():
        whistle = Whistle.objects.create(
            region=region, level=level, caller=actor, problem=values["problem"], blown_at=now,
            report_deadline=now + datetime.timedelta(hours=values["hours"]),
        )
        WhistleCall.objects.bulk_create(
            [WhistleCall(whistle=whistle, department=code) for code in departments]
            + [WhistleCall(whistle=whistle, member=user) for user in called_users]
        )
        record_event(
            actor, "whistle.blow", whistle, region_code=region.code, post=post,
            changes={
                "problem": [None, whistle.problem], "level": [None, level],
                "report_deadline": [None, whistle.report_deadline.isoformat()],
                "departments": [None, departments], "members": [None, [user.pk for user in called_users]],
            },
        )
    return whistle


def _called_post(actor, call):
    """The post a called party acts through; 403 for anyone else who may report here."""
    posts = posts_with_capability(actor, REPORT)
    if not posts and call.member_id != actor.pk:
        raise PermissionDenied(_("您没有此项操作的权限。"))
    if not is_called(actor, call):
        raise PermissionDenied(_("您不是本次吹哨的报到对象。"))
    return next((post for post in posts if post_covers(post, call.whistle.region_id)), None)


def report(actor, call):
    """报到: the called party acknowledges the whistle."""
    post = _called_post(actor, call)
    whistle = call.whistle
    if whistle.state != WhistleState.OPEN:
        raise ValidationError({"__all__": _("该吹哨事项已办结。")})
    now = timezone.now()
    with transaction.atomic():
        updated = WhistleCall.objects.filter(pk=call.pk, reported_at__isnull=True).update(
            reported_at=now, reported_by=actor
        )
        if not updated:
            raise ValidationError({"__all__": _("已经报到过了。")})
        record_event(
            actor, "whistle.report", whistle, region_code=whistle.region_id, post=post,
            changes={"call": [None, call.pk], "party": [None, call.party_name], "reported_at": [None, now.isoformat()],
                     "late": [None, now > whistle.report_deadline]},
        )
    call.refresh_from_db()
    return call


def record_action(actor, call, *, action):
    """The called party records what it did."""
    post = _called_post(actor, call)
    whistle = call.whistle
    action = _text(action, "action", _("请填写处置情况。"), _("处置情况"))
    if whistle.state != WhistleState.OPEN:
        raise ValidationError({"__all__": _("该吹哨事项已办结。")})
    if call.reported_at is None:
        raise ValidationError({"action": _("请先报到,再填写处置情况。")})
    with transaction.atomic():
        call = WhistleCall.objects.select_for_update().get(pk=call.pk)
        call.whistle = whistle
        old = call.action
        call.action, call.acted_at = action, timezone.now()
        call.save(update_fields=["action", "acted_at"])
        record_event(
            actor, "whistle.act", whistle, region_code=whistle.region_id, post=post,
            changes={"call": [None, call.pk], "action": [old, action]},
        )
    return call


def close_whistle(actor, whistle, *, note):
    """The caller confirms the problem is dealt with."""
    post = require(actor, BLOW, whistle.region_id)
    if whistle.caller_id != actor.pk:
        raise PermissionDenied(_("只有吹哨人可以确认办结。"))
    note = _text(note, "note", _("请填写办结情况。"), _("办结情况"))
    now = timezone.now()
    with transaction.atomic():
        updated = Whistle.objects.filter(pk=whistle.pk, state=WhistleState.OPEN).update(
            state=WhistleState.CLOSED, closed_at=now, closing_note=note
        )
        if not updated:
            raise ValidationError({"__all__": _("该吹哨事项已办结。")})
        record_event(
            actor, "whistle.close", whistle, region_code=whistle.region_id, post=post,
            changes={"state": [WhistleState.OPEN, WhistleState.CLOSED], "closing_note": ["", note]},
        )
    whistle.refresh_from_db()
    return whistle


# --- the board ----------------------------------------------------------------------


def board(user, *, since, until, within=""):
    """Open whistles, the median time to report and the calls not reported in time, for
    whistles blown in [since, until] (dates, Shanghai time) in the user's scope."""
    require_capability(user, WHISTLE_VIEW)
    whistles = Whistle.objects.visible_to(user)
    if within:
        whistles = whistles.within(within)
    start = timezone.make_aware(datetime.datetime.combine(since, datetime.time.min))
    end = timezone.make_aware(datetime.datetime.combine(until + datetime.timedelta(days=1), datetime.time.min))
    in_period = whistles.filter(blown_at__gte=start, blown_at__lt=end)
    now = timezone.now()
    calls = list(
        WhistleCall.objects.filter(whistle__in=in_period).select_related("whistle", "whistle__region", "member")
        .order_by("whistle__report_deadline", "id")
    )
    durations = [(call.reported_at - call.whistle.blown_at).total_seconds() / 3600 for call in calls if call.reported_at]
    return {
        "open": list(whistles.open().select_related("region", "caller").order_by("report_deadline", "id")[:100]),
        "calls": len(calls),
        "reported": len(durations),
        "median_hours": round(statistics.median(durations), 1) if durations else None,
        "late": [call for call in calls if call.is_late(now)],
    }
