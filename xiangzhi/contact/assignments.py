"""包乡联村、包村联户: who is assigned which township, village or household, for which term.

County leaders (posts held at a county) are assigned townships and villages; township
leaders (posts held at a township) villages and households. The one who assigns needs
contact.assign over the place; the assignee needs an active post there that may visit.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xiangzhi.accounts.capabilities import capabilities_of
from xiangzhi.accounts.models import Post
from xiangzhi.accounts.permissions import require, require_capability
from xiangzhi.core.audit import record_event
from xiangzhi.people.models import Household
from xiangzhi.regions.models import Level, Region

from .models import CONTACT_VIEW, Assignment, AssignmentKind

ASSIGN = "contact.assign"
VISIT = "contact.visit"
# What a leader holding a post at this level may be assigned.
KINDS_FOR_POST_LEVEL = {
    Level.COUNTY: (AssignmentKind.TOWNSHIP, AssignmentKind.VILLAGE),
    Level.TOWNSHIP: (AssignmentKind.VILLAGE, AssignmentKind.HOUSEHOLD),
}
TARGET_LEVEL = {AssignmentKind.TOWNSHIP: Level.TOWNSHIP, AssignmentKind.VILLAGE: Level.VILLAGE}


# --- reads --------------------------------------------------------------------------


def visible_assignments(user):
    require_capability(user, CONTACT_VIEW)
    return Assignment.objects.visible_to(user).select_related("assignee", "region", "household")


def get_assignment_for_user(user, pk):
    assignment = visible_assignments(user).filter(pk=pk).first()
    if assignment is None:
        raise Http404(_("未找到该联系安排。"))
    return assignment


def my_assignments(user, on=None):
    return Assignment.objects.filter(assignee=user).current(on).select_related("region", "household")


def assignee_post(user, kind, region_code, on):
    """The assignee's active post that makes them a leader for this kind of duty here."""
    for post in Post.objects.active(on).filter(user=user).select_related("region"):
        if kind not in KINDS_FOR_POST_LEVEL.get(post.region.level, ()):
            continue
        if VISIT in capabilities_of(post) and region_code.startswith(post.region_id):
            return post
    return None


# --- actions ------------------------------------------------------------------------


def _clean_dates(starts_on, ends_on):
    errors = {}
    if not isinstance(starts_on, datetime.date):
        errors["starts_on"] = [_("请填写起始日期。")]
    if ends_on is not None and not isinstance(ends_on, datetime.date):
        errors["ends_on"] = [_("终止日期格式应为 年-月-日。")]
    elif ends_on is not None and isinstance(starts_on, datetime.date) and ends_on < starts_on:
        errors["ends_on"] = [_("终止日期不能早于起始日期。")]
    return errors


def _target(kind, region_code, household):
    """(region, household) the assignment is about, or {field: message}."""
    if kind == AssignmentKind.HOUSEHOLD:
        if not isinstance(household, Household):
            return None, None, {"household": [_("请选择联系户。")]}
        village = Region.objects.filter(code=household.region_id[:12]).first()
        return village, household, {}
    region = Region.objects.filter(code=(region_code or "").strip()).first()
    if region is None or region.level != TARGET_LEVEL[kind]:
        label = _("乡镇") if kind == AssignmentKind.TOWNSHIP else _("村")
        return None, None, {"region": [_("请选择要联系的%(label)s。") % {"label": label}]}
    return region, None, {}


def assign(actor, *, assignee, kind, region_code="", household=None, starts_on=None, ends_on=None):
    """Give a leader a township, village or household to contact for a term."""
    require_capability(actor, ASSIGN)
    if kind not in AssignmentKind.values:
        raise ValidationError({"kind": _("联系类型须为包乡、联村或联户。")})
    region, household, errors = _target(kind, region_code, household)
    if errors:
        raise ValidationError(errors)
    post = require(actor, ASSIGN, household.region_id if household else region.code)
    starts_on = starts_on or timezone.localdate()
    errors = _clean_dates(starts_on, ends_on)
    if assignee is None or not getattr(assignee, "pk", None):
        errors["assignee"] = [_("请选择联系领导。")]
    elif assignee_post(assignee, kind, region.code, max(starts_on, timezone.localdate())) is None:
        errors["assignee"] = [_("%(name)s 在%(place)s没有可担任“%(kind)s”的在任县、乡领导职务。") % {
            "name": assignee, "place": region.name, "kind": AssignmentKind(kind).label}]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        duplicate = Assignment.objects.current(starts_on).filter(
            assignee=assignee, kind=kind, region=region, household=household
        ).exists()
        if duplicate:
            raise ValidationError({"assignee": [_("%(name)s 已在任期内联系该对象。") % {"name": assignee}]})
        assignment = Assignment.objects.create(
            assignee=assignee, kind=kind, region=region, household=household,
            starts_on=starts_on, ends_on=ends_on, assigned_by=actor,
        )
        record_event(
            actor, "contact_assignment.create", assignment, region_code=region.code, post=post,
            changes={
                "assignee": [None, assignee.pk], "kind": [None, kind], "region": [None, region.code],
                "household": [None, household.pk if household else None],
                "starts_on": [None, starts_on.isoformat()], "ends_on": [None, ends_on.isoformat() if ends_on else None],
            },
        )
    return assignment


def end_assignment(actor, assignment, *, ends_on=None):
    """End a term (the record stays: visits made under it keep their assignment)."""
    post = require(actor, ASSIGN, assignment.region_id)
    ends_on = ends_on or timezone.localdate()
    if not isinstance(ends_on, datetime.date):
        raise ValidationError({"ends_on": _("终止日期格式应为 年-月-日。")})
    if ends_on < assignment.starts_on:
        raise ValidationError({"ends_on": _("终止日期不能早于起始日期 %(date)s。") % {"date": assignment.starts_on}})
    with transaction.atomic():
        assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
        if assignment.ends_on is not None and assignment.ends_on <= ends_on:
            raise ValidationError({"ends_on": _("该联系安排已于 %(date)s 结束。") % {"date": assignment.ends_on}})
        old = assignment.ends_on
        assignment.ends_on = ends_on
        assignment.save(update_fields=["ends_on"])
        record_event(
            actor, "contact_assignment.end", assignment, region_code=assignment.region_id, post=post,
            changes={"ends_on": [old.isoformat() if old else None, ends_on.isoformat()]},
        )
    return assignment
