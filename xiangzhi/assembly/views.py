"""Pages: meetings (notice, sign-in on a phone, counts, votes, minutes), rosters, 屯 一组三会,
rules and convening requests. Thin: scoped fetch → form → one action → redirect."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from xiangzhi.accounts.permissions import can, require, require_capability
from xiangzhi.core.forms import add_action_errors
from xiangzhi.people.models import OrganisationKind
from xiangzhi.regions.models import Level, Region

from . import appointments, convening, meetings, rosters, rule_admin
from .forms import ConveningForm, CountsForm, MeetingForm, MinutesForm, VoteForm
from .models import Choice, Meeting, Motion, MotionState
from .resolutions import MANAGE, quorum_of, record_vote
from .rules import describe_rule

VIEW = "assembly.view"
TUN_KINDS = (OrganisationKind.PARTY_GROUP, OrganisationKind.PARTY_BRANCH, OrganisationKind.HOUSEHOLD_HEADS,
             OrganisationKind.TUN_COUNCIL, OrganisationKind.TUN_SUPERVISORY)


@login_required
def index(request):
    require_capability(request.user, VIEW)
    form = MeetingForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            meeting, warnings = meetings.create_meeting(request.user, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            for warning in warnings:
                messages.warning(request, warning)
            return redirect("assembly:meeting", meeting.pk)
    items = Meeting.objects.visible_to(request.user).select_related("region")[:100]
    return render(request, "assembly/index.html", {
        "meetings": items, "form": form, "can_manage": bool(form.fields["region"].choices),
    }, status=422 if form.errors else 200)


def _meeting_context(request, meeting, **forms_):
    rule, quorum = quorum_of(meeting)
    signed = set(meeting.attendances.values_list("resident_id", flat=True))
    roster = [] if meeting.counts_attendance else list(rosters.roster(meeting))
    return {
        "meeting": meeting, "quorum": quorum, "rule_text": describe_rule(rule), "legal_basis": rule.legal_basis,
        "roster": [(person, person.pk in signed) for person in roster], "signed_count": len(signed),
        "resolutions": meeting.resolutions.all(), "attachments": meeting.attachments.all(),
        "can_manage": can(request.user, MANAGE, meeting.region_id),
        "counts_form": forms_.get("counts_form") or CountsForm(initial={
            "voters_present": meeting.voters_present, "households_present": meeting.households_present}),
        "vote_form": forms_.get("vote_form") or VoteForm(),
        "minutes_form": forms_.get("minutes_form") or MinutesForm(initial={"minutes": meeting.minutes}),
        "page_errors": forms_.get("page_errors", []),
        "motions": _motions(meeting),
        "choices": Choice.choices,
    }


def _motions(meeting):
    """Open motions with the attendees and the ballot each has cast (None: not yet)."""
    if meeting.counts_attendance:
        return []
    attendees = list(meeting.attendances.select_related("resident").order_by("resident__name"))
    result = []
    for motion in meeting.motions.filter(state=MotionState.OPEN).order_by("id"):
        cast = dict(motion.ballots.values_list("resident_id", "choice"))
        result.append((motion, [(attendance.resident, cast.get(attendance.resident_id)) for attendance in attendees]))
    return result


def _motion_for_user(user, pk):
    motion = Motion.objects.visible_to(user).select_related("meeting").filter(pk=pk).first()
    if motion is None:
        raise Http404(_("未找到该表决。"))
    return motion


def _refused(request, meeting, error):
    context = _meeting_context(request, meeting, page_errors=sum(error.message_dict.values(), []))
    return render(request, "assembly/meeting.html", context, status=422)


@login_required
@require_POST
def motion_open(request, pk):
    meeting = meetings.get_meeting_for_user(request.user, pk)
    try:
        meetings.open_motion(request.user, meeting, text=request.POST.get("text", ""))
    except ValidationError as error:
        return _refused(request, meeting, error)
    return redirect("assembly:meeting", meeting.pk)


@login_required
@require_POST
def motion_ballots(request, pk):
    motion = _motion_for_user(request.user, pk)
    choices = {
        int(name.removeprefix("choice_")): value
        for name, value in request.POST.items() if name.startswith("choice_") and name[7:].isdigit() and value
    }
    try:
        cast = meetings.cast_ballots(request.user, motion, choices)
    except ValidationError as error:
        return _refused(request, motion.meeting, error)
    messages.success(request, _("已记录 %(n)d 张选票。") % {"n": len(cast)})
    return redirect("assembly:meeting", motion.meeting_id)


@login_required
@require_POST
def motion_close(request, pk):
    motion = _motion_for_user(request.user, pk)
    try:
        resolution = meetings.close_motion(request.user, motion)
    except ValidationError as error:
        return _refused(request, motion.meeting, error)
    (messages.success if resolution.passed else messages.warning)(request, resolution.outcome)
    return redirect("assembly:meeting", motion.meeting_id)


@login_required
@require_GET
def meeting_detail(request, pk):
    meeting = meetings.get_meeting_for_user(request.user, pk)
    return render(request, "assembly/meeting.html", _meeting_context(request, meeting))


@login_required
@require_POST
def sign_in(request, pk):
    meeting = meetings.get_meeting_for_user(request.user, pk)
    try:
        added = meetings.sign_in(request.user, meeting, request.POST.getlist("resident"))
    except ValidationError as error:
        context = _meeting_context(request, meeting, page_errors=sum(error.message_dict.values(), []))
        return render(request, "assembly/meeting.html", context, status=422)
    messages.success(request, _("已签到 %(n)d 人。") % {"n": len(added)})
    return redirect("assembly:meeting", meeting.pk)


@login_required
@require_POST
def counts(request, pk):
    meeting = meetings.get_meeting_for_user(request.user, pk)
    form = CountsForm(request.POST)
    if form.is_valid():
        try:
            meetings.record_counts(request.user, meeting, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            return redirect("assembly:meeting", meeting.pk)
    return render(request, "assembly/meeting.html", _meeting_context(request, meeting, counts_form=form), status=422)


@login_required
@require_POST
def vote(request, pk):
    meeting = meetings.get_meeting_for_user(request.user, pk)
    form = VoteForm(request.POST)
    if form.is_valid():
        try:
            resolution = record_vote(request.user, meeting, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            (messages.success if resolution.passed else messages.warning)(request, resolution.outcome)
            return redirect("assembly:meeting", meeting.pk)
    return render(request, "assembly/meeting.html", _meeting_context(request, meeting, vote_form=form), status=422)


@login_required
@require_POST
def minutes(request, pk):
    meeting = meetings.get_meeting_for_user(request.user, pk)
    form = MinutesForm(request.POST)
    if form.is_valid():
        try:
            meetings.record_minutes(request.user, meeting, minutes=form.cleaned_data["minutes"],
                                    attachments=request.FILES.getlist("attachments"))
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            return redirect("assembly:meeting", meeting.pk)
    return render(request, "assembly/meeting.html", _meeting_context(request, meeting, minutes_form=form), status=422)


def _village_of(request):
    code = request.GET.get("village")
    if not code:
        region = Region.objects.visible_to(request.user, VIEW).filter(level=Level.VILLAGE).order_by("code").first()
        code = region.code if region else ""
    require(request.user, VIEW, code or "-")
    return Region.objects.get(pk=code)


@login_required
@require_GET
def roster(request):
    require_capability(request.user, VIEW)
    village = _village_of(request)
    try:
        date = datetime.date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        date = timezone.localdate()
    bodies = rosters.tun_bodies(village.code, TUN_KINDS, date)
    tuns = [(tun, bodies.get(tun.code, []))
            for tun in Region.objects.filter(parent=village, level=Level.NATURAL_VILLAGE).order_by("code")]
    return render(request, "assembly/roster.html", {
        "village": village, "date": date,
        "committee": rosters.village_committee(village.code, date),
        "supervision": rosters.supervision_committee(village.code, date),
        "representatives": rosters.representatives(village.code, date),
        "party_members": rosters.party_members(village.code),
        "voters": rosters.eligible_voters(village.code, date).count(),
        "households": rosters.households(village.code).count(),
        "warnings": appointments.composition_warnings(village.code, date), "tuns": tuns,
    })


@login_required
@require_GET
def rules(request):
    require_capability(request.user, VIEW)
    village = _village_of(request)
    county = village.code[:6]
    return render(request, "assembly/rules.html", {
        "rules": [(rule, describe_rule(rule)) for rule in rule_admin.county_rules(county)],
        "county": Region.objects.get(pk=county),
    })


@login_required
def convening_list(request):
    form = ConveningForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        village = request.user.resident.region_id[:12] if request.user.resident_id else ""
        try:
            item = convening.create_request(request.user, village=village, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            return redirect("assembly:convening", item.pk)
    items = [(item, convening.progress(item)) for item in convening.requests_for(request.user)[:50]]
    return render(request, "assembly/convening_list.html", {"items": items, "form": form},
                  status=422 if form.errors else 200)


@login_required
def convening_detail(request, pk):
    item = convening.get_request_for_user(request.user, pk)
    errors = []
    if request.method == "POST":
        try:
            convening.sign(request.user, item)
        except ValidationError as error:
            errors = sum(error.message_dict.values(), [])
        else:
            messages.success(request, _("已联名。"))
            return redirect("assembly:convening", item.pk)
    return render(request, "assembly/convening.html", {
        "item": item, "progress": convening.progress(item), "count": item.signatures.count(), "page_errors": errors,
    }, status=422 if errors else 200)
