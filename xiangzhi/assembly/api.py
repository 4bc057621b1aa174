"""/api/v1/assembly: rosters, representatives, meetings (attendance, ballots, votes), resolutions,
quorum rules and convening requests. Reads are scoped; every write is one action."""

import datetime

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from xiangzhi.accounts.permissions import require, require_capability
from xiangzhi.people.models import Organisation, Resident

from . import appointments, convening, meetings, rosters, rule_admin
from .models import Ballot, Meeting, Motion, Representative, Resolution
from .resolutions import record_vote

router = Router(tags=[_("村民会议与议事规则")])
VIEW = "assembly.view"


class PersonOut(Schema):
    id: int
    name: str
    gender: str


class MeetingIn(Schema):
    region: str
    body: str
    title: str
    notice_on: datetime.date
    meets_on: datetime.date
    agenda: str = ""
    place: str = ""
    organisation: int | None = None


class MeetingOut(Schema):
    id: int
    region: str
    body: str
    title: str
    agenda: str
    notice_on: datetime.date
    meets_on: datetime.date
    held_at: datetime.datetime | None
    place: str
    minutes: str
    state: str
    voters_present: int | None
    households_present: int | None

    @staticmethod
    def resolve_region(meeting):
        return meeting.region_id


class MeetingCreated(Schema):
    meeting: MeetingOut
    warnings: list[str]


class SignInIn(Schema):
    residents: list[int]


class CountsIn(Schema):
    voters_present: int = 0
    households_present: int = 0


class MinutesIn(Schema):
    minutes: str
    place: str | None = None


class VoteIn(Schema):
    motion: str
    in_favour: int
    against: int = 0
    abstain: int = 0


class ResolutionOut(Schema):
    id: int
    meeting_id: int
    motion: str
    eligible: int
    present: int
    in_favour: int
    against: int
    abstain: int
    passed: bool
    rule: str
    outcome: str
    recorded_at: datetime.datetime


class MotionIn(Schema):
    text: str


class MotionOut(Schema):
    id: int
    meeting_id: int
    text: str
    state: str
    resolution_id: int | None


class BallotIn(Schema):
    resident: int
    choice: str


class BallotOut(Schema):
    id: int
    motion_id: int
    resident_id: int
    choice: str


class QuorumOut(Schema):
    met: bool
    eligible: int
    present: int
    message: str
    rule: str


class RuleOut(Schema):
    id: int
    county: str | None
    body: str
    quorum_numerator: int
    quorum_denominator: int
    quorum_comparison: str
    quorum_base: str
    alt_quorum_numerator: int | None
    alt_quorum_denominator: int | None
    alt_quorum_comparison: str
    alt_quorum_base: str
    pass_numerator: int
    pass_denominator: int
    pass_comparison: str
    pass_base: str
    legal_basis: str
    description: str

    @staticmethod
    def resolve_county(rule):
        return rule.county_id

    @staticmethod
    def resolve_description(rule):
        from .rules import describe_rule

        return describe_rule(rule)


class RuleIn(Schema):
    quorum_numerator: int | None = None
    quorum_denominator: int | None = None
    quorum_comparison: str | None = None
    quorum_base: str | None = None
    alt_quorum_numerator: int | None = None
    alt_quorum_denominator: int | None = None
    alt_quorum_comparison: str | None = None
    alt_quorum_base: str | None = None
    pass_numerator: int | None = None
    pass_denominator: int | None = None
    pass_comparison: str | None = None
    pass_base: str | None = None
    legal_basis: str | None = None


class RepresentativeIn(Schema):
    village: str
    resident: int
    starts_on: datetime.date
    ends_on: datetime.date | None = None
    households: list[int] = []
    group: int | None = None


class RepresentativeOut(Schema):
    id: int
    village: str
    resident: PersonOut
    starts_on: datetime.date
    ends_on: datetime.date | None
    households: list[int]
    group_id: int | None

    @staticmethod
    def resolve_village(rep):
        return rep.village_id

    @staticmethod
    def resolve_households(rep):
        return sorted(rep.households.values_list("pk", flat=True))


class RepresentativeCreated(Schema):
    representative: RepresentativeOut
    warnings: list[str]


class AppointIn(Schema):
    organisation: int
    resident: int
    position: str = "成员"
    starts_on: datetime.date
    ends_on: datetime.date | None = None


class AppointOut(Schema):
    membership_id: int
    warnings: list[str]


class RosterOut(Schema):
    village: str
    date: datetime.date
    village_committee: list[PersonOut]
    supervision_committee: list[PersonOut]
    representatives: list[PersonOut]
    party_members: int
    eligible_voters: int
    households: int
    warnings: list[str]


class ConveningIn(Schema):
    village: str
    body: str
    purpose: str


class ProgressOut(Schema):
    label: str
    signed: int
    base: int
    needed: int
    reached: bool


class ConveningOut(Schema):
    id: int
    village: str
    body: str
    purpose: str
    state: str
    signatures: int
    progress: list[ProgressOut]
    threshold_reached_at: datetime.datetime | None

    @staticmethod
    def resolve_village(request):
        return request.region_id

    @staticmethod
    def resolve_signatures(request):
        return request.signatures.count()

    @staticmethod
    def resolve_progress(request):
        return [ProgressOut(label=p.label, signed=p.signed, base=p.base, needed=p.needed, reached=p.reached)
                for p in convening.progress(request)]


def _resident_in(region_code, pk):
    resident = Resident.objects.filter(pk=pk, region__prefix=region_code[:12]).first()
    if resident is None:
        raise ValidationError({"resident": _("本村没有编号为 %(id)s 的村民。") % {"id": pk}})
    return resident


# --- Rosters --------------------------------------------------------------------------

@router.get("/rosters/{village}", response=RosterOut, summary=_("村级组织名册"))
def roster(request, village: str, date: datetime.date | None = None):
    require(request.user, VIEW, village)
    date = date or datetime.date.today()
    people = lambda qs: [PersonOut(id=r.pk, name=r.name, gender=r.gender) for r in qs]  # noqa: E731
    return RosterOut(
        village=village, date=date,
        village_committee=people(rosters.village_committee(village, date)),
        supervision_committee=people(rosters.supervision_committee(village, date)),
        representatives=people(r.resident for r in rosters.representatives(village, date)),
        party_members=rosters.party_members(village).count(),
        eligible_voters=rosters.eligible_voters(village, date).count(),
        households=rosters.households(village).count(),
        warnings=appointments.composition_warnings(village, date),
    )


@router.post("/appointments", response={201: AppointOut}, summary=_("任命村委会/监委会成员"))
def appoint(request, payload: AppointIn):
    organisation = Organisation.objects.visible_to(request.user, VIEW).filter(pk=payload.organisation).first()
    if organisation is None:
        raise Http404
    resident = _resident_in(organisation.region_id, payload.resident)
    membership, warnings = appointments.appoint(
        request.user, organisation, resident, position=payload.position, starts_on=payload.starts_on,
        ends_on=payload.ends_on)
    return Status(201, AppointOut(membership_id=membership.pk, warnings=warnings))


@router.get("/representatives", response=list[RepresentativeOut], summary=_("村民代表"))
def representative_list(request, village: str | None = None):
    require_capability(request.user, VIEW)
    reps = Representative.objects.visible_to(request.user).select_related("resident")
    if village:
        reps = reps.filter(village_id=village)
    return list(reps)


@router.post("/representatives", response={201: RepresentativeCreated}, summary=_("登记村民代表"))
def representative_create(request, payload: RepresentativeIn):
    require(request.user, "assembly.manage", payload.village)
    representative, warnings = appointments.add_representative(
        request.user, village=payload.village, resident=_resident_in(payload.village, payload.resident),
        starts_on=payload.starts_on, ends_on=payload.ends_on, households=payload.households, group=payload.group)
    return Status(201, RepresentativeCreated(representative=representative, warnings=warnings))


# --- Meetings -------------------------------------------------------------------------

@router.get("/meetings", response=list[MeetingOut], summary=_("会议列表"))
def meeting_list(request, region: str | None = None, body: str | None = None):
    require_capability(request.user, VIEW)
    queryset = Meeting.objects.visible_to(request.user)
    if region:
        queryset = queryset.within(region)
    if body:
        queryset = queryset.filter(body=body)
    return list(queryset[:200])


@router.post("/meetings", response={201: MeetingCreated}, summary=_("发布会议通知"))
def meeting_create(request, payload: MeetingIn):
    meeting, warnings = meetings.create_meeting(request.user, **payload.dict())
    return Status(201, MeetingCreated(meeting=meeting, warnings=warnings))


@router.get("/meetings/{pk}", response=MeetingOut, summary=_("会议详情"))
def meeting_detail(request, pk: int):
    return meetings.get_meeting_for_user(request.user, pk)


@router.get("/meetings/{pk}/roster", response=list[PersonOut], summary=_("应到人员(按会议日期)"))
def meeting_roster(request, pk: int):
    meeting = meetings.get_meeting_for_user(request.user, pk)
    if meeting.counts_attendance:
        return []
    return list(rosters.roster(meeting))


@router.get("/meetings/{pk}/attendance", response=list[PersonOut], summary=_("签到名单"))
def attendance_list(request, pk: int):
    meeting = meetings.get_meeting_for_user(request.user, pk)
    return [a.resident for a in meeting.attendances.select_related("resident")]


@router.post("/meetings/{pk}/attendance", response=list[int], summary=_("签到"))
def attendance_add(request, pk: int, payload: SignInIn):
    meeting = meetings.get_meeting_for_user(request.user, pk)
    return meetings.sign_in(request.user, meeting, payload.residents)


@router.post("/meetings/{pk}/counts", response=MeetingOut, summary=_("村民会议到会人数"))
def counts(request, pk: int, payload: CountsIn):
    meeting = meetings.get_meeting_for_user(request.user, pk)
    return meetings.record_counts(request.user, meeting, **payload.dict())


@router.post("/meetings/{pk}/minutes", response=MeetingOut, summary=_("会议记录"))
def minutes(request, pk: int, payload: MinutesIn):
    meeting = meetings.get_meeting_for_user(request.user, pk)
    return meetings.record_minutes(request.user, meeting, minutes=payload.minutes, place=payload.place)


@router.get("/meetings/{pk}/quorum", response=QuorumOut, summary=_("法定人数核对"))
def quorum(request, pk: int):
    from .resolutions import quorum_of
    from .rules import describe_rule

    meeting = meetings.get_meeting_for_user(request.user, pk)
    rule, result = quorum_of(meeting)
    return QuorumOut(met=result.met, eligible=result.eligible, present=result.present, message=result.message,
                     rule=describe_rule(rule))


@router.post("/meetings/{pk}/votes", response={201: ResolutionOut}, summary=_("登记表决票数"))
def vote(request, pk: int, payload: VoteIn):
    meeting = meetings.get_meeting_for_user(request.user, pk)
    return Status(201, record_vote(request.user, meeting, **payload.dict()))


@router.post("/meetings/{pk}/motions", response={201: MotionOut}, summary=_("提出表决动议(逐人投票)"))
def motion_create(request, pk: int, payload: MotionIn):
    meeting = meetings.get_meeting_for_user(request.user, pk)
    return Status(201, meetings.open_motion(request.user, meeting, text=payload.text))


def _motion(request, pk):
    motion = Motion.objects.visible_to(request.user).filter(pk=pk).select_related("meeting").first()
    if motion is None:
        raise Http404
    return motion


@router.post("/motions/{pk}/ballots", response={201: BallotOut}, summary=_("投票"))
def ballot_create(request, pk: int, payload: BallotIn):
    motion = _motion(request, pk)
    return Status(201, meetings.cast_ballot(request.user, motion, payload.resident, payload.choice))


@router.get("/motions/{pk}/ballots", response=list[BallotOut], summary=_("选票"))
def ballot_list(request, pk: int):
    return list(Ballot.objects.filter(motion=_motion(request, pk)))


@router.post("/motions/{pk}/close", response={201: ResolutionOut}, summary=_("计票"))
def motion_close(request, pk: int):
    return Status(201, meetings.close_motion(request.user, _motion(request, pk)))


@router.get("/resolutions", response=list[ResolutionOut], summary=_("决议列表"))
def resolution_list(request, meeting: int | None = None, passed: bool | None = None):
    require_capability(request.user, VIEW)
    queryset = Resolution.objects.visible_to(request.user)
    if meeting:
        queryset = queryset.filter(meeting_id=meeting)
    if passed is not None:
        queryset = queryset.filter(passed=passed)
    return list(queryset[:200])


@router.get("/resolutions/{pk}", response=ResolutionOut, summary=_("决议详情"))
def resolution_detail(request, pk: int):
    return get_object_or_404(Resolution.objects.visible_to(request.user), pk=pk)


# --- Rules ----------------------------------------------------------------------------

@router.get("/rules", response=list[RuleOut], summary=_("议事规则(本县适用)"))
def rule_list(request, county: str):
    require(request.user, VIEW, county)
    return rule_admin.county_rules(county)


@router.put("/rules/{county}/{body}", response=RuleOut, summary=_("修改本县议事规则"))
def rule_update(request, county: str, body: str, payload: RuleIn):
    values = {key: value for key, value in payload.dict().items() if value is not None}
    return rule_admin.set_rule(request.user, county=county, body=body, **values)


# --- Convening requests ---------------------------------------------------------------

@router.get("/convening", response=list[ConveningOut], summary=_("提请召开会议"))
def convening_list(request):
    return list(convening.requests_for(request.user)[:100])


@router.post("/convening", response={201: ConveningOut}, summary=_("发起提请"))
def convening_create(request, payload: ConveningIn):
    return Status(201, convening.create_request(request.user, **payload.dict()))


@router.get("/convening/{pk}", response=ConveningOut, summary=_("提请详情"))
def convening_detail(request, pk: int):
    return convening.get_request_for_user(request.user, pk)


@router.post("/convening/{pk}/signatures", response={201: ConveningOut}, summary=_("联名"))
def convening_sign(request, pk: int):
    item = convening.get_request_for_user(request.user, pk)
    convening.sign(request.user, item)
    return Status(201, item)
