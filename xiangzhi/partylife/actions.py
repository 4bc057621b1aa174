"""Writes: recording a meeting with its attendance and photos, adding photos, and a county's schedule.

The 支委会 rule: the committee is the organisation's people.Membership rows on the meeting day whose
position names a seat (书记, 副书记, 组织委员, 宣传委员, 纪检委员, 委员 …); more than half of them must be
among those present (3 members: 2 present; 4 members: 3 present). An organisation with no committee
recorded cannot record a 支委会.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import require
from xiangzhi.core.audit import record_event
from xiangzhi.people.models import OrganisationKind
from xiangzhi.regions.models import Level, Region

from . import photos as meeting_photos
from .models import (
    DEFAULT_SCHEDULE, PARTYLIFE_CONFIG, PARTYLIFE_RECORD, Attendance, Frequency, Meeting, MeetingKind, ScheduleRule,
)
from .queries import committee_on, members_on

TOPIC_MAX_LENGTH = 200
MINUTES_MAX_LENGTH = 20000
EARLIEST_YEAR = 2000


def parse_day(value):
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value or "").strip())
    except ValueError:
        return None


def _member_ids(values, field, errors):
    ids = set()
    for value in values or []:
        try:
            ids.add(int(value))
        except (TypeError, ValueError):
            errors[field] = _("参会人员编号“%(value)s”无效。") % {"value": value}
    return ids


def _check_day(organisation, held_on, errors):
    day = parse_day(held_on)
    if day is None:
        errors["held_on"] = _("请填写有效的会议日期(如 2025-03-15)。")
    elif day > timezone.localdate():
        errors["held_on"] = _("会议日期不能晚于今天。")
    elif day.year < EARLIEST_YEAR:
        errors["held_on"] = _("会议日期不能早于 %(year)d 年。") % {"year": EARLIEST_YEAR}
    elif organisation.established_on and day < organisation.established_on:
        errors["held_on"] = _("会议日期早于“%(name)s”的成立日期 %(day)s。") % {
            "name": organisation.name, "day": organisation.established_on}
    elif organisation.dissolved_on and day > organisation.dissolved_on:
        errors["held_on"] = _("“%(name)s”已于 %(day)s 撤销。") % {
            "name": organisation.name, "day": organisation.dissolved_on}
    return day


def record_meeting(actor, organisation, *, kind, held_on, topic, minutes="", present=(), excused=(), photos=()):
    """Record a meeting held by a party organisation: every member on the day gets an attendance
    row (present, excused or absent). Refused whole on any bad field."""
    post = require(actor, PARTYLIFE_RECORD, organisation.region_id)
    errors = {}
    kind = str(kind or "")
    if kind not in MeetingKind.values:
        errors["kind"] = _("请选择会议类型。")
    elif organisation.kind == OrganisationKind.PARTY_GROUP and kind != MeetingKind.GROUP:
        errors["kind"] = _("党小组只能记录党小组会。")
    day = _check_day(organisation, held_on, errors)
    topic = (topic or "").strip()
    if not topic:
        errors["topic"] = _("请填写会议议题或主题。")
    elif len(topic) > TOPIC_MAX_LENGTH:
        errors["topic"] = _("议题不能超过 %(max)d 个字。") % {"max": TOPIC_MAX_LENGTH}
    minutes = (minutes or "").strip()
    if len(minutes) > MINUTES_MAX_LENGTH:
        errors["minutes"] = _("会议记录不能超过 %(max)d 个字。") % {"max": MINUTES_MAX_LENGTH}
    present_ids = _member_ids(present, "present", errors)
    excused_ids = _member_ids(excused, "excused", errors) - present_ids
    members = []
    if day is not None and "held_on" not in errors:
        members = list(members_on(organisation, day))
        known = {member.pk for member in members}
        strangers = sorted((present_ids | excused_ids) - known)
        if strangers:
            errors["present"] = _("参会人员须是“%(name)s”在会议当天的党员,编号 %(ids)s 不是。") % {
                "name": organisation.name, "ids": "、".join(str(pk) for pk in strangers)}
        elif not present_ids and "present" not in errors:
            errors["present"] = _("请选择出席会议的党员。")
        elif kind == MeetingKind.COMMITTEE and "kind" not in errors:
            committee = committee_on(organisation, day)
            seated = sum(1 for member in members if member.pk in present_ids and member.resident_id in committee)
            if not committee:
                errors["kind"] = _("“%(name)s”没有登记支部委员会成员(书记、副书记、委员),不能记录支委会。") % {
                    "name": organisation.name}
            elif seated * 2 <= len(committee):
                errors["present"] = _("支委会须有半数以上支部委员出席:委员 %(size)d 名,出席 %(seated)d 名。") % {
                    "size": len(committee), "seated": seated}
    try:
        checked = meeting_photos.check_photos(photos)
    except ValidationError as error:
        errors.update({field: messages[0] for field, messages in error.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        meeting = Meeting.objects.create(
            organisation=organisation, kind=kind, held_on=day, topic=topic, minutes=minutes,
            region_id=organisation.region_id, recorded_by=actor,
        )
        Attendance.objects.bulk_create([
            Attendance(meeting=meeting, member=member, present=member.pk in present_ids,
                       excused=member.pk in excused_ids)
            for member in members
        ])
        stored = meeting_photos.store_photos(meeting, checked, actor)
        record_event(
            actor, "party_meeting.record", meeting, region_code=organisation.region_id, post=post,
            changes={
                "organisation": [None, organisation.pk], "kind": [None, kind], "held_on": [None, day.isoformat()],
                "topic": [None, topic], "present": [None, len(present_ids)], "members": [None, len(members)],
                "photos": [None, len(stored)],
            },
        )
    return meeting


def add_photos(actor, meeting, uploads):
    post = require(actor, PARTYLIFE_RECORD, meeting.region_id)
    with transaction.atomic():
        checked = meeting_photos.check_photos(uploads, already=meeting.photos.count())
        if not checked:
            raise ValidationError({"photos": _("请选择要上传的照片。")})
        stored = meeting_photos.store_photos(meeting, checked, actor)
        record_event(actor, "party_meeting.add_photos", meeting, region_code=meeting.region_id, post=post,
                     changes={"photos": [None, len(stored)]})
    return stored


def set_schedule(actor, county, frequencies):
    """Set the county's frequency of each kind of meeting; a kind set back to the default keeps no row."""
    code = county.code if isinstance(county, Region) else str(county or "")
    post = require(actor, PARTYLIFE_CONFIG, code)
    county = Region.objects.filter(pk=code, level=Level.COUNTY).first()
    if county is None:
        raise ValidationError({"region": _("会议频次按县设置,请选择一个县(市、区)。")})
    errors, wanted = {}, {}
    for kind in MeetingKind:
        value = str(frequencies.get(kind.value) or "")
        if value not in Frequency.values:
            errors[kind.value] = _("请选择“%(kind)s”的频次。") % {"kind": kind.label}
        wanted[kind.value] = value
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        rows = {row.kind: row for row in ScheduleRule.objects.select_for_update().filter(county=county)}
        changes = {}
        for kind, value in wanted.items():
            row = rows.get(kind)
            old = row.frequency if row else DEFAULT_SCHEDULE[kind]
            if old == value:
                continue
            changes[kind] = [old, value]
            if value == DEFAULT_SCHEDULE[kind]:
                row.delete()
            elif row is None:
                ScheduleRule.objects.create(county=county, kind=kind, frequency=value)
            else:
                row.frequency = value
                row.save(update_fields=["frequency", "updated_at"])
        if changes:
            record_event(actor, "partylife_schedule.update", county, region_code=county.code, post=post,
                         changes=changes)
    return changes
