"""Recording a vote and reading a passed resolution: the interface other modules use.

record_vote(actor, meeting, *, motion, in_favour, against=0, abstain=0, ballots=None)
    Checks the meeting's quorum under its county's rule for its body, refuses (ValidationError
    on "present") when it was not met or when the tallies exceed attendance, and records the
    vote whether it passed or not: a failed vote says by how many it missed. `ballots` is an
    open Motion whose per-person ballots give the tallies (it is closed by this call).
    A vote marks a planned meeting as held.
passed_resolution(region_code, resolution_id, *, bodies)
    The resolution, if it passed at a held meeting of that village (or one of its 屯) of one
    of `bodies`; else ValidationError({"resolution": …}) saying why.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import require
from xiangzhi.core.audit import record_event

from . import rosters
from .defaults import HOUSEHOLDS, MEMBERS, VOTERS
from .models import Body, Choice, Meeting, MeetingState, MotionState, Resolution
from .rules import check_outcome, check_quorum, describe_rule, rule_for

MANAGE = "assembly.manage"


def county_code_of(region_code):
    return region_code[:6]


def attendance_counts(meeting):
    """{base: (eligible, present)} for the meeting's rule; 村民会议 counts, others sign in by name."""
    village = rosters.village_code_of(meeting.region_id)
    if meeting.body == Body.VILLAGERS_ASSEMBLY:
        return {
            VOTERS: (rosters.eligible_voters(village, meeting.meets_on).count(), meeting.voters_present or 0),
            HOUSEHOLDS: (rosters.households(village).count(), meeting.households_present or 0),
        }
    roster_ids = set(rosters.roster(meeting).values_list("pk", flat=True))
    present = meeting.attendances.filter(resident_id__in=roster_ids).count()
    return {MEMBERS: (len(roster_ids), present)}


def quorum_of(meeting):
    """(rule, QuorumResult) for the meeting as it stands."""
    rule = rule_for(meeting.body, county_code_of(meeting.region_id))
    return rule, check_quorum(rule, attendance_counts(meeting))


def _tally(value, field):
    if value is None or isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValidationError({field: _("票数须为不小于零的整数。")})
    return value


def record_vote(actor, meeting, *, motion, in_favour, against=0, abstain=0, ballots=None):
    post = require(actor, MANAGE, meeting.region_id)
    motion = (motion or "").strip()
    if not motion:
        raise ValidationError({"motion": _("请填写表决事项。")})
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if ballots is not None:
            closed = type(ballots).objects.filter(
                pk=ballots.pk, meeting=meeting, state=MotionState.OPEN
            ).update(state=MotionState.CLOSED)
            if not closed:
                raise ValidationError({"motion": _("该表决已计票,不能重复计票。")})
            choices = list(ballots.ballots.values_list("choice", flat=True))
            in_favour = choices.count(Choice.FOR)
            against = choices.count(Choice.AGAINST)
            abstain = choices.count(Choice.ABSTAIN)
        in_favour = _tally(in_favour, "in_favour")
        against = _tally(against, "against")
        abstain = _tally(abstain, "abstain")
        rule, quorum = quorum_of(meeting)
        if not quorum.met:
            raise ValidationError({"present": quorum.message})
        if in_favour + against + abstain > quorum.present:
            raise ValidationError({"present": _(
                "票数超过到会人数:赞成 %(f)d、反对 %(a)d、弃权 %(b)d,合计 %(total)d,实到 %(present)d 人。"
            ) % {"f": in_favour, "a": against, "b": abstain, "total": in_favour + against + abstain,
                 "present": quorum.present}})
        outcome = check_outcome(rule, eligible=quorum.eligible, present=quorum.present, in_favour=in_favour)
        resolution = Resolution.objects.create(
            meeting=meeting, motion=motion, eligible=quorum.eligible, present=quorum.present,
            in_favour=in_favour, against=against, abstain=abstain, passed=outcome.passed,
            rule=describe_rule(rule) + "\n" + _("依据:") + rule.legal_basis, outcome=outcome.message,
            recorded_by=actor,
        )
        if ballots is not None:
            type(ballots).objects.filter(pk=ballots.pk).update(resolution=resolution)
        if meeting.state == MeetingState.PLANNED:
            Meeting.objects.filter(pk=meeting.pk).update(state=MeetingState.HELD, held_at=timezone.now())
            meeting.state = MeetingState.HELD
        record_event(actor, "resolution.record", resolution, region_code=meeting.region_id, changes={
            "motion": [None, motion], "present": [None, quorum.present], "in_favour": [None, in_favour],
            "against": [None, against], "abstain": [None, abstain], "passed": [None, outcome.passed],
        }, post=post)
    return resolution


def passed_resolution(region_code, resolution_id, *, bodies):
    village = rosters.village_code_of(region_code)
    resolution = (
        Resolution.objects.filter(pk=resolution_id, meeting__region__prefix=village).select_related("meeting").first()
        if str(resolution_id).isdigit() else None
    )
    if resolution is None:
        raise ValidationError({"resolution": _("本村没有编号为 %(id)s 的决议。") % {"id": resolution_id}})
    if resolution.meeting.body not in bodies:
        raise ValidationError({"resolution": _("该决议由%(body)s作出,此处须由%(bodies)s作出。") % {
            "body": resolution.meeting.get_body_display(),
            "bodies": "或".join(str(Body(body).label) for body in bodies),
        }})
    if resolution.meeting.state != MeetingState.HELD:
        raise ValidationError({"resolution": _("作出该决议的会议尚未召开。")})
    if not resolution.passed:
        raise ValidationError({"resolution": _("该决议未获通过:%(outcome)s") % {"outcome": resolution.outcome}})
    return resolution
