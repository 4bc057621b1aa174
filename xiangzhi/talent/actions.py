"""Talent writes: the 后备人才 pool and its training, 回引计划 returnees, 第一书记 and 驻村工作队
assignments and their work logs. Each takes the acting user first, checks the capability in the
village, runs in one transaction and writes an audit event."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xiangzhi.accounts.models import User
from xiangzhi.accounts.permissions import can, require
from xiangzhi.core import inputs
from xiangzhi.core.audit import diff, record_event, snapshot
from xiangzhi.regions.models import CODE_LENGTHS, Level, Region

from .models import (
    Assignment, AssignmentRole, PoolTarget, Reserve, ReserveCategory, ReserveStatus, Returnee, ReturneeKind,
    ReturneeStatus, ReturneeStep, Training, WorkLog,
)

MANAGE = "talent.manage"
ASSIGN = "talent.assign"
CONFIG = "talent.config"
VILLAGE_LENGTH = CODE_LENGTHS[Level.VILLAGE]
COUNTY_LENGTH = CODE_LENGTHS[Level.COUNTY]


def _date(errors, field, label, value, *, required=True):
    """Any valid date (terms may start or end in the future)."""
    if isinstance(value, datetime.date):
        return value
    raw = str(value or "").strip()
    if not raw:
        if required:
            errors[field] = _("请填写%(label)s。") % {"label": label}
        return None
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        errors[field] = _("请填写有效的%(label)s(如 2025-05-01)。") % {"label": label}
        return None


def _status_refused(label_from, label_to):
    return ValidationError({"status": _("不能从“%(old)s”改为“%(new)s”。") % {"old": label_from, "new": label_to}})


# --- pool target -----------------------------------------------------------------------------


def set_pool_target(actor, county_code, *, per_village):
    county = Region.objects.filter(pk=(county_code or "").strip(), level=Level.COUNTY).first()
    if county is None:
        raise ValidationError({"county": _("请选择有效的县。")})
    post = require(actor, CONFIG, county.code)
    errors = {}
    value = inputs.number(errors, "per_village", _("每村后备人才目标人数"), per_village, minimum=1, maximum=20)
    inputs.raise_if(errors)
    with transaction.atomic():
        target = PoolTarget.objects.select_for_update().filter(region=county).first()
        old = target.per_village if target else None
        if target is None:
            target = PoolTarget.objects.create(region=county, per_village=value, updated_by=actor)
        else:
            target.per_village, target.updated_by = value, actor
            target.save(update_fields=["per_village", "updated_by", "updated_at"])
        record_event(actor, "talent_target.set", target, region_code=county.code, post=post,
                     changes={"per_village": [old, value]} if old != value else {})
    return target


# --- 后备人才 pool ------------------------------------------------------------------------------


def add_reserve(actor, resident, *, category, added_on):
    village_code = resident.region_id[:VILLAGE_LENGTH]
    post = require(actor, MANAGE, village_code)
    errors = {}
    inputs.choice(errors, "category", _("类别"), category, ReserveCategory)
    day = inputs.past_date(errors, "added_on", _("入库日期"), added_on)
    if resident.status != "present":
        errors["resident"] = _("%(name)s 不是本村在册村民。") % {"name": resident.name}
    inputs.raise_if(errors)
    with transaction.atomic():
        if Reserve.objects.select_for_update().filter(resident=resident, status=ReserveStatus.ACTIVE).exists():
            raise ValidationError({"resident": _("%(name)s 已在后备人才库中。") % {"name": resident.name}})
        reserve = Reserve.objects.create(
            region_id=village_code, resident=resident, category=category, added_on=day, added_by=actor,
        )
        record_event(actor, "talent_reserve.add", reserve, region_code=village_code, post=post,
                     changes={"resident": [None, resident.pk], "category": [None, category],
                              "added_on": [None, day.isoformat()]})
    return reserve


def change_reserve_status(actor, reserve, *, status, note=""):
    post = require(actor, MANAGE, reserve.region_id)
    errors = {}
    inputs.choice(errors, "status", _("状态"), status, ReserveStatus)
    note = inputs.text(errors, "note", _("说明"), note, max_length=200, required=status == ReserveStatus.REMOVED)
    inputs.raise_if(errors)
    with transaction.atomic():
        current = Reserve.objects.select_for_update().get(pk=reserve.pk)
        if status not in Reserve.TRANSITIONS.get(current.status, ()):
            raise _status_refused(current.get_status_display(), ReserveStatus(status).label)
        today = timezone.localdate()
        Reserve.objects.filter(pk=current.pk).update(status=status, status_changed_on=today, status_note=note)
        record_event(actor, "talent_reserve.status", current, region_code=current.region_id, post=post,
                     changes={"status": [current.status, status], "status_note": [current.status_note, note]})
    reserve.refresh_from_db()
    return reserve


def add_training(actor, reserve, *, date, topic, hours):
    post = require(actor, MANAGE, reserve.region_id)
    errors = {}
    values = {
        "date": inputs.past_date(errors, "date", _("培训日期"), date),
        "topic": inputs.text(errors, "topic", _("培训内容"), topic, max_length=100),
        "hours": inputs.number(errors, "hours", _("学时"), hours, minimum=Decimal("0.5"), maximum=99, decimal=True),
    }
    if reserve.status != ReserveStatus.ACTIVE:
        errors["reserve"] = _("只能为在库的后备人才记录培训。")
    inputs.raise_if(errors)
    with transaction.atomic():
        training = Training.objects.create(reserve=reserve, recorded_by=actor, **values)
        record_event(actor, "talent_training.add", reserve, region_code=reserve.region_id, post=post,
                     changes={"training": [None, f"{values['date']:%Y-%m-%d} {values['topic']} {values['hours']}"]})
    return training


# --- 回引计划 ----------------------------------------------------------------------------------


def add_returnee(actor, village_code, *, name, kind, whereabouts="", note=""):
    village = inputs.village(village_code)
    post = require(actor, MANAGE, village.code)
    errors = {}
    values = {
        "name": inputs.text(errors, "name", _("姓名"), name, max_length=50),
        "kind": inputs.choice(errors, "kind", _("类别"), kind, ReturneeKind),
        "whereabouts": inputs.text(errors, "whereabouts", _("现工作地或单位"), whereabouts, max_length=100,
                                   required=False),
    }
    note = inputs.text(errors, "note", _("说明"), note, max_length=200, required=False)
    inputs.raise_if(errors)
    with transaction.atomic():
        returnee = Returnee.objects.create(region=village, created_by=actor, **values)
        ReturneeStep.objects.create(returnee=returnee, to_status=returnee.status, on=timezone.localdate(),
                                    note=note, actor=actor)
        record_event(actor, "talent_returnee.add", returnee, region_code=village.code, post=post,
                     changes={key: [None, value] for key, value in values.items()})
    return returnee


def change_returnee_status(actor, returnee, *, status, note="", reserve=None):
    """One step of a returnee's story. Entering the pool names their 后备人才 entry of the village."""
    post = require(actor, MANAGE, returnee.region_id)
    errors = {}
    inputs.choice(errors, "status", _("状态"), status, ReturneeStatus)
    note = inputs.text(errors, "note", _("说明"), note, max_length=200, required=False)
    if status == ReturneeStatus.IN_POOL and (
        reserve is None or reserve.region_id != returnee.region_id or reserve.status != ReserveStatus.ACTIVE
    ):
        errors["reserve"] = _("纳入后备库时请选择本村在库的后备人才。")
    inputs.raise_if(errors)
    with transaction.atomic():
        current = Returnee.objects.select_for_update().get(pk=returnee.pk)
        if status not in Returnee.TRANSITIONS.get(current.status, ()):
            raise _status_refused(current.get_status_display(), ReturneeStatus(status).label)
        before = snapshot(current, ["status", "reserve"])
        current.status = status
        if status == ReturneeStatus.IN_POOL:
            current.reserve = reserve
        current.save(update_fields=["status", "reserve"])
        ReturneeStep.objects.create(returnee=current, from_status=before["status"], to_status=status,
                                    on=timezone.localdate(), note=note, actor=actor)
        record_event(actor, "talent_returnee.status", current, region_code=current.region_id, post=post,
                     changes=diff(before, snapshot(current, ["status", "reserve"])))
    returnee.refresh_from_db()
    return returnee


# --- 第一书记 and 驻村工作队 ---------------------------------------------------------------------


def _account(username, errors):
    username = (username or "").strip()
    if not username:
        return None
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        errors["username"] = _("没有账号“%(name)s”。") % {"name": username}
    return user


def assign(actor, village_code, *, role, name, sending_unit, starts_on, ends_on=None, username=""):
    village = inputs.village(village_code)
    post = require(actor, ASSIGN, village.code)
    errors = {}
    inputs.choice(errors, "role", _("职务"), role, AssignmentRole)
    user = _account(username, errors)
    values = {
        "name": inputs.text(errors, "name", _("姓名"), name or (user.full_name if user else ""), max_length=50),
        "sending_unit": inputs.text(errors, "sending_unit", _("派出单位"), sending_unit, max_length=100),
        "starts_on": _date(errors, "starts_on", _("任期开始日期"), starts_on),
        "ends_on": _date(errors, "ends_on", _("任期结束日期"), ends_on, required=False),
    }
    if values["starts_on"] and values["ends_on"] and values["ends_on"] < values["starts_on"]:
        errors["ends_on"] = _("任期结束日期不能早于开始日期。")
    inputs.raise_if(errors)
    with transaction.atomic():
        # Lock the village row: two officials assigning at once cannot both pass the overlap check.
        Region.objects.select_for_update().filter(pk=village.code).first()
        if role == AssignmentRole.FIRST_SECRETARY:
            _refuse_overlap(village.code, values["starts_on"], values["ends_on"])
        assignment = Assignment.objects.create(region=village, role=role, user=user, assigned_by=actor, **values)
        record_event(actor, "talent_assignment.create", assignment, region_code=village.code, post=post,
                     changes={key: [None, value] for key, value in
                              snapshot(assignment, ["role", "name", "sending_unit", "user", "starts_on",
                                                    "ends_on"]).items()})
    return assignment


def _refuse_overlap(village_code, starts_on, ends_on, exclude=None):
    for other in Assignment.objects.filter(region_id=village_code).first_secretaries().exclude(pk=exclude):
        if other.overlaps(starts_on, ends_on):
            until = other.ends_on.isoformat() if other.ends_on else _("未定")
            raise ValidationError({"starts_on": _(
                "本村已有第一书记 %(name)s(%(start)s 至 %(end)s),任期不能重叠。"
            ) % {"name": other.name, "start": other.starts_on.isoformat(), "end": until}})


def end_assignment(actor, assignment, *, ends_on):
    post = require(actor, ASSIGN, assignment.region_id)
    errors = {}
    day = _date(errors, "ends_on", _("任期结束日期"), ends_on)
    if day and day < assignment.starts_on:
        errors["ends_on"] = _("任期结束日期不能早于开始日期。")
    inputs.raise_if(errors)
    with transaction.atomic():
        current = Assignment.objects.select_for_update().get(pk=assignment.pk)
        old = current.ends_on
        current.ends_on = day
        current.save(update_fields=["ends_on"])
        record_event(actor, "talent_assignment.end", current, region_code=current.region_id, post=post,
                     changes={"ends_on": [old.isoformat() if old else None, day.isoformat()]})
    assignment.refresh_from_db()
    return assignment


def may_write_log(user, assignment):
    return (assignment.user_id is not None and assignment.user_id == user.pk) or can(
        user, ASSIGN, assignment.region_id)


def write_log(actor, assignment, *, date, work):
    """The assignee writes their own log; the township (or county) may write it for them."""
    if assignment.user_id is not None and assignment.user_id == actor.pk:
        post = None
    else:
        post = require(actor, ASSIGN, assignment.region_id)
    errors = {}
    day = inputs.past_date(errors, "date", _("日期"), date)
    work = inputs.text(errors, "work", _("工作内容"), work, max_length=2000)
    if day and not assignment.covers(day):
        errors["date"] = _("日期不在任期内(%(start)s 至 %(end)s)。") % {
            "start": assignment.starts_on.isoformat(),
            "end": assignment.ends_on.isoformat() if assignment.ends_on else _("未定"),
        }
    inputs.raise_if(errors)
    with transaction.atomic():
        log = WorkLog.objects.create(assignment=assignment, region_id=assignment.region_id, date=day, work=work,
                                     written_by=actor)
        record_event(actor, "talent_worklog.write", assignment, region_code=assignment.region_id, post=post,
                     changes={"log": [None, f"{day:%Y-%m-%d} {work[:100]}"]})
    return log

