"""/api/v1/partylife: meetings with their attendance, the county schedule, and the compliance
calendar of an organisation or of every organisation in a region."""

import datetime

from django.utils import timezone
from ninja import Router, Schema, Status

from xiangzhi.accounts.permissions import require_capability

from . import actions, queries
from .compliance import branch_compliance, schedule_for
from .models import DEFAULT_SCHEDULE, PARTYLIFE_CONFIG, PARTYLIFE_RECORD, PARTYLIFE_VIEW, MeetingKind

router = Router(tags=["partylife"])


class MeetingIn(Schema):
    organisation: int
    kind: str = ""
    held_on: str = ""
    topic: str = ""
    minutes: str = ""
    present: list[int] = []
    excused: list[int] = []


class MeetingOut(Schema):
    id: int
    organisation: int
    organisation_name: str
    region: str
    kind: str
    kind_label: str
    held_on: datetime.date
    topic: str
    present: int
    members: int

    @staticmethod
    def resolve_organisation(meeting):
        return meeting.organisation_id

    @staticmethod
    def resolve_organisation_name(meeting):
        return meeting.organisation.name

    @staticmethod
    def resolve_region(meeting):
        return meeting.region_id

    @staticmethod
    def resolve_kind_label(meeting):
        return meeting.get_kind_display()

    @staticmethod
    def resolve_present(meeting):
        return meeting.present_count

    @staticmethod
    def resolve_members(meeting):
        return meeting.member_count


class AttendanceOut(Schema):
    member: int
    name: str
    present: bool
    excused: bool


class MeetingDetailOut(Schema):
    id: int
    organisation: int
    organisation_name: str
    region: str
    kind: str
    kind_label: str
    held_on: datetime.date
    topic: str
    minutes: str
    photos: int
    attendance: list[AttendanceOut]


def _attendance(meeting):
    return [
        {"member": row.member_id, "name": row.member.resident.name, "present": row.present, "excused": row.excused}
        for row in meeting.attendances.select_related("member__resident").order_by("member__resident__name", "id")
    ]


def _detail(meeting):
    return {
        "id": meeting.pk, "organisation": meeting.organisation_id, "organisation_name": meeting.organisation.name,
        "region": meeting.region_id, "kind": meeting.kind, "kind_label": meeting.get_kind_display(),
        "held_on": meeting.held_on, "topic": meeting.topic, "minutes": meeting.minutes,
        "photos": meeting.photos.count(), "attendance": _attendance(meeting),
    }


@router.get("/meetings", response=list[MeetingOut], summary="会议记录(三会一课、主题党日、组织生活会)")
def list_meetings(request, organisation: int | None = None, kind: str | None = None, year: int | None = None):
    require_capability(request.user, PARTYLIFE_VIEW)
    meetings = queries.visible_meetings(request.user)
    if organisation is not None:
        meetings = meetings.filter(organisation=queries.get_organisation_for_user(request.user, organisation))
    if kind:
        meetings = meetings.filter(kind=kind)
    if year:
        meetings = meetings.filter(held_on__year=year)
    return list(meetings[:1000])


@router.post("/meetings", response={201: MeetingDetailOut}, summary="记录一次会议及参会人员")
def create_meeting(request, payload: MeetingIn):
    require_capability(request.user, PARTYLIFE_RECORD)
    organisation = queries.get_organisation_for_user(request.user, payload.organisation, PARTYLIFE_RECORD)
    meeting = actions.record_meeting(
        request.user, organisation, kind=payload.kind, held_on=payload.held_on, topic=payload.topic,
        minutes=payload.minutes, present=payload.present, excused=payload.excused,
    )
    return Status(201, _detail(meeting))


@router.get("/meetings/{meeting_id}", response=MeetingDetailOut, summary="一次会议及参会情况")
def get_meeting(request, meeting_id: int):
    return _detail(queries.get_meeting_for_user(request.user, meeting_id))


@router.get("/meetings/{meeting_id}/attendance", response=list[AttendanceOut], summary="一次会议的参会情况")
def get_attendance(request, meeting_id: int):
    return _attendance(queries.get_meeting_for_user(request.user, meeting_id))


class RuleOut(Schema):
    kind: str
    label: str
    frequency: str
    default: str


class ScheduleOut(Schema):
    county: str
    rules: list[RuleOut]


class ScheduleIn(Schema):
    county: str = ""
    frequencies: dict[str, str] = {}


def _schedule(county):
    schedule = schedule_for(county.code)
    return {"county": county.code, "rules": [
        {"kind": kind.value, "label": str(kind.label), "frequency": schedule[kind.value],
         "default": DEFAULT_SCHEDULE[kind].value}
        for kind in MeetingKind
    ]}


@router.get("/schedule", response=ScheduleOut, summary="县定三会一课频次")
def get_schedule(request, county: str | None = None):
    require_capability(request.user, PARTYLIFE_VIEW)
    return _schedule(queries.county_for(request.user, PARTYLIFE_VIEW, county))


@router.put("/schedule", response=ScheduleOut, summary="设置县定三会一课频次(未列出的类型保持不变)")
def put_schedule(request, payload: ScheduleIn):
    require_capability(request.user, PARTYLIFE_CONFIG)
    county = queries.county_for(request.user, PARTYLIFE_CONFIG, payload.county or None)
    frequencies = {**schedule_for(county.code), **payload.frequencies}
    actions.set_schedule(request.user, county, frequencies)
    return _schedule(county)


class PeriodOut(Schema):
    period: str
    label: str
    state: str
    state_label: str
    meetings: list[datetime.date]


class KindOut(Schema):
    kind: str
    label: str
    frequency: str
    periods: list[PeriodOut]


class ComplianceOut(Schema):
    organisation: int
    organisation_name: str
    region: str
    year: int
    due: int
    held: int
    missing: list[str]
    kinds: list[KindOut]


def _compliance(compliance):
    return {
        "organisation": compliance.organisation.pk, "organisation_name": compliance.organisation.name,
        "region": compliance.organisation.region_id, "year": compliance.year, "due": len(compliance.due),
        "held": len(compliance.held), "missing": compliance.missing_labels,
        "kinds": [{
            "kind": row.kind, "label": str(row.label), "frequency": row.frequency,
            "periods": [{"period": status.period.key, "label": status.period.label, "state": status.state,
                         "state_label": str(status.state_label), "meetings": status.meetings}
                        for status in row.periods],
        } for row in compliance.kinds],
    }


@router.get("/compliance/{organisation_id}", response=ComplianceOut, summary="一个党组织的年度三会一课日历")
def get_compliance(request, organisation_id: int, year: int | None = None):
    organisation = queries.get_organisation_for_user(request.user, organisation_id)
    return _compliance(branch_compliance(organisation, queries.parse_year(year)))


@router.get("/gaps", response=list[ComplianceOut], summary="辖区内各党组织的三会一课落实情况")
def list_gaps(request, region: str | None = None, year: int | None = None, only_gaps: bool = False):
    require_capability(request.user, PARTYLIFE_VIEW)
    scope = queries.scope_region(request.user, PARTYLIFE_VIEW, region)
    rows = queries.gaps(request.user, scope, queries.parse_year(year), today=timezone.localdate())
    return [_compliance(row) for row in rows if row.missing or not only_gaps]
