"""Meeting actions: notice, sign-in, head counts, minutes, attachments, per-person ballots."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import require
from xiangzhi.core.audit import record_event
from xiangzhi.core.workflow import _checked_attachments
from xiangzhi.people.models import Organisation, Resident
from xiangzhi.regions.models import Level, Region

from . import rosters
from .models import (
    Attendance, Ballot, Body, Choice, Meeting, MeetingAttachment, Motion, MotionState,
)
from .resolutions import MANAGE, record_vote

VIEW = "assembly.view"
NOTICE_DAYS = {Body.VILLAGERS_ASSEMBLY: 10}
TUN_BODIES = (Body.HOUSEHOLD_HEADS, Body.TUN_COUNCIL)
TITLE_MAX = 200


def get_meeting_for_user(user, pk, capability=VIEW):
    meeting = Meeting.objects.visible_to(user, capability).filter(pk=pk).select_related("region").first()
    if meeting is None:
        raise Http404(_("未找到该会议。"))
    return meeting


def notice_warning(body, notice_on, meets_on):
    """The short-notice warning (the meeting may still be created), or ""."""
    days = NOTICE_DAYS.get(body)
    if days and notice_on and meets_on and (meets_on - notice_on).days < days:
        return _("%(body)s应当提前 %(days)d 天通知村民,本次只提前 %(given)d 天。") % {
            "body": Body(body).label, "days": days, "given": (meets_on - notice_on).days,
        }
    return ""


def _region_for(body, region_code):
    region = Region.objects.filter(pk=region_code).first()
    if region is None:
        raise ValidationError({"region": _("没有代码为 %(code)s 的村或屯。") % {"code": region_code}})
    if body in TUN_BODIES and region.level != Level.NATURAL_VILLAGE:
        raise ValidationError({"region": _("%(body)s须在屯召开,请选择屯。") % {"body": Body(body).label}})
    if body not in TUN_BODIES and region.level != Level.VILLAGE:
        raise ValidationError({"region": _("%(body)s须在村召开,请选择村。") % {"body": Body(body).label}})
    return region


def create_meeting(actor, *, region, body, title, notice_on, meets_on, agenda="", place="", organisation=None):
    """Returns (meeting, warnings)."""
    region_code = getattr(region, "pk", region)
    post = require(actor, MANAGE, region_code)
    errors = {}
    title = (title or "").strip()
    if body not in Body.values:
        errors["body"] = _("请选择会议类型。")
    if not title:
        errors["title"] = _("请填写会议名称。")
    elif len(title) > TITLE_MAX:
        errors["title"] = _("会议名称不能超过 %(max)d 个字。") % {"max": TITLE_MAX}
    if not isinstance(notice_on, datetime.date):
        errors["notice_on"] = _("请填写通知日期。")
    if not isinstance(meets_on, datetime.date):
        errors["meets_on"] = _("请填写会议日期。")
    elif isinstance(notice_on, datetime.date) and meets_on < notice_on:
        errors["meets_on"] = _("会议日期不能早于通知日期。")
    if errors:
        raise ValidationError(errors)
    region = _region_for(body, region_code)
    organisation_id = getattr(organisation, "pk", organisation)
    if organisation_id is not None:
        org = Organisation.objects.filter(pk=organisation_id, region_id=region.pk).first()
        if org is None:
            raise ValidationError({"organisation": _("该组织不在本村/屯。")})
    elif body == Body.VILLAGER_GROUP:
        raise ValidationError({"organisation": _("村民小组会议须选择村民小组。")})
    warning = notice_warning(body, notice_on, meets_on)
    with transaction.atomic():
        meeting = Meeting.objects.create(
            region=region, body=body, title=title, agenda=agenda or "", notice_on=notice_on, meets_on=meets_on,
            place=place or "", organisation_id=organisation_id, created_by=actor,
        )
        record_event(actor, "meeting.create", meeting, region_code=region.pk, post=post, changes={
            "body": [None, body], "title": [None, title], "notice_on": [None, notice_on.isoformat()],
            "meets_on": [None, meets_on.isoformat()],
        })
    return meeting, [warning] if warning else []


def sign_in(actor, meeting, resident_ids):
    """Tick residents present. Anyone not on the roster as of the meeting date is refused by name;
    someone already signed in is left as is. Returns the residents newly signed in."""
    post = require(actor, MANAGE, meeting.region_id)
    if meeting.counts_attendance:
        raise ValidationError({"resident": _("村民会议按到会人数登记,请填写到会人数。")})
    ids = []
    for value in resident_ids:
        if not str(value).isdigit():
            raise ValidationError({"resident": _("参会人编号“%(value)s”无效。") % {"value": value}})
        ids.append(int(value))
    if not ids:
        raise ValidationError({"resident": _("请至少勾选一名参会人。")})
    roster_ids = set(rosters.roster(meeting).values_list("pk", flat=True))
    outsiders = [i for i in ids if i not in roster_ids]
    if outsiders:
        names = list(Resident.objects.filter(pk__in=outsiders, region__prefix=meeting.region_id[:12])
                     .values_list("name", flat=True))
        unknown = len(outsiders) - len(names)
        label = "、".join(names) + (_("等 %(n)d 人") % {"n": unknown} if unknown and names else "")
        raise ValidationError({"resident": _("%(names)s 不是%(body)s的组成人员(以 %(date)s 名册为准),不能签到。") % {
            "names": label or _("所选人员"), "body": meeting.get_body_display(), "date": meeting.meets_on.isoformat(),
        }})
    added = []
    with transaction.atomic():
        already = set(meeting.attendances.values_list("resident_id", flat=True))
        for resident_id in dict.fromkeys(ids):
            if resident_id in already:
                continue
            try:
                with transaction.atomic():
                    Attendance.objects.create(meeting=meeting, resident_id=resident_id, signed_by=actor)
            except IntegrityError:
                continue
            added.append(resident_id)
        if added:
            record_event(actor, "meeting.sign_in", meeting, region_code=meeting.region_id, post=post,
                         changes={"attendance": [None, added]})
    return added


def record_counts(actor, meeting, *, voters_present, households_present):
    """村民会议: the head counts at the door (voters 18+ present, household representatives present)."""
    post = require(actor, MANAGE, meeting.region_id)
    if not meeting.counts_attendance:
        raise ValidationError({"voters_present": _("只有村民会议按人数登记到会,其他会议请逐人签到。")})
    counts = {}
    for field, value, label in (("voters_present", voters_present, _("到会村民人数")),
                                ("households_present", households_present, _("到会户代表数"))):
        if value in (None, ""):
            counts[field] = 0
            continue
        if isinstance(value, bool) or not str(value).isdigit():
            raise ValidationError({field: _("%(label)s须为不小于零的整数。") % {"label": label}})
        counts[field] = int(value)
    village = rosters.village_code_of(meeting.region_id)
    voters = rosters.eligible_voters(village, meeting.meets_on).count()
    households = rosters.households(village).count()
    if counts["voters_present"] > voters:
        raise ValidationError({"voters_present": _("到会村民 %(n)d 人,超过本村十八周岁以上村民 %(total)d 人。") % {
            "n": counts["voters_present"], "total": voters}})
    if counts["households_present"] > households:
        raise ValidationError({"households_present": _("到会户代表 %(n)d 户,超过本村 %(total)d 户。") % {
            "n": counts["households_present"], "total": households}})
    with transaction.atomic():
        before = {"voters_present": meeting.voters_present, "households_present": meeting.households_present}
        Meeting.objects.filter(pk=meeting.pk).update(**counts)
        meeting.voters_present = counts["voters_present"]
        meeting.households_present = counts["households_present"]
        record_event(actor, "meeting.count", meeting, region_code=meeting.region_id, post=post,
                     changes={key: [before[key], counts[key]] for key in counts})
    return meeting


def record_minutes(actor, meeting, *, minutes, place=None, attachments=()):
    post = require(actor, MANAGE, meeting.region_id)
    minutes = (minutes or "").strip()
    if not minutes:
        raise ValidationError({"minutes": _("请填写会议记录。")})
    checked = _checked_attachments(attachments)
    with transaction.atomic():
        before = meeting.minutes
        meeting.minutes = minutes
        fields = ["minutes"]
        if place is not None:
            meeting.place = place
            fields.append("place")
        meeting.save(update_fields=fields)
        for upload, digest in checked:
            MeetingAttachment.objects.create(
                meeting=meeting, file=upload, name=upload.name[:200], size=upload.size, sha256=digest,
                uploaded_by=actor,
            )
        record_event(actor, "meeting.minutes", meeting, region_code=meeting.region_id, post=post, changes={
            "minutes": [before, minutes], "attachments": [None, [upload.name for upload, _d in checked]],
        })
    return meeting


def open_motion(actor, meeting, *, text):
    post = require(actor, MANAGE, meeting.region_id)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("请填写表决事项。")})
    if meeting.counts_attendance:
        raise ValidationError({"text": _("村民会议人数众多,请直接登记表决票数。")})
    with transaction.atomic():
        motion = Motion.objects.create(meeting=meeting, text=text, opened_by=actor)
        record_event(actor, "motion.open", motion, region_code=meeting.region_id, post=post,
                     changes={"text": [None, text]})
    return motion


def cast_ballot(actor, motion, resident, choice):
    """One ballot per attending member; a second one is refused, even when two arrive at once."""
    meeting = motion.meeting
    post = require(actor, MANAGE, meeting.region_id)
    if choice not in Choice.values:
        raise ValidationError({"choice": _("请选择赞成、反对或弃权。")})
    resident_id = getattr(resident, "pk", resident)
    name = Resident.objects.filter(pk=resident_id).values_list("name", flat=True).first() or _("该人员")
    if not meeting.attendances.filter(resident_id=resident_id).exists():
        raise ValidationError({"resident": _("%(name)s 未签到,不能投票。") % {"name": name}})
    try:
        with transaction.atomic():
            if not Motion.objects.select_for_update().filter(pk=motion.pk, state=MotionState.OPEN).exists():
                raise ValidationError({"choice": _("该表决已计票,不能再投票。")})
            ballot = Ballot.objects.create(motion=motion, resident_id=resident_id, choice=choice, cast_by=actor)
            record_event(actor, "ballot.cast", ballot, region_code=meeting.region_id, post=post,
                         target_repr=f"{motion} · {name}", changes={"choice": [None, choice]})
    except IntegrityError:
        raise ValidationError({"resident": _("%(name)s 已投票,每人只能投一次。") % {"name": name}}) from None
    return ballot


def cast_ballots(actor, motion, choices):
    """The ballots of several members at once ({resident id: choice}, from the phone page):
    all recorded or, if any is refused, none."""
    if not choices:
        raise ValidationError({"choice": _("请至少为一人选择表决意见。")})
    with transaction.atomic():
        return [cast_ballot(actor, motion, resident_id, choice) for resident_id, choice in choices.items()]


def close_motion(actor, motion):
    """Count the ballots and record the resolution (refused without a quorum)."""
    return record_vote(actor, motion.meeting, motion=motion.text, in_favour=0, ballots=motion)
