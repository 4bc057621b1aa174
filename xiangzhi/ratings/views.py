"""Pages: the list of cycles and selection rounds, one household's rating (self-report, appraisal,
steps, objections) and one selection round (nominations, vote, results)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from xiangzhi.accounts.permissions import can, posts_with_capability
from xiangzhi.core.scope import prefix_q
from xiangzhi.core.workflow import allowed_transitions, history
from xiangzhi.people.models import Resident
from xiangzhi.regions.models import Region

from . import household_ratings, selections
from .criteria import criteria_for
from .models import RatingKind, SelectionKind
from .queries import (
    get_cycle_for_user, get_nomination_for_user, get_objection_for_user, get_rating_for_user, get_round_for_user,
    visible_cycles, visible_ratings, visible_rounds,
)


def _require_reader(user):
    if not any(posts_with_capability(user, c) for c in ("rating.view", "rating.self_report", "selection.view",
                                                        "selection.vote")):
        raise PermissionDenied(_("您没有此项操作的权限。"))


def _errors(request, error):
    for field_messages in (error.message_dict.values() if hasattr(error, "error_dict") else [error.messages]):
        for message in field_messages:
            messages.error(request, message)


@login_required
@require_GET
def index(request):
    _require_reader(request.user)
    cycles = list(visible_cycles(request.user).select_related("region").order_by("-year", "region_id")[:50])
    rounds = list(visible_rounds(request.user).select_related("region")[:50])
    own = household_ratings.household_of_user(request.user)
    own_ratings = list(visible_ratings(request.user).filter(household=own).select_related("cycle")) if own else []
    return render(request, "ratings/index.html", {
        "cycles": cycles, "rounds": rounds, "own_ratings": own_ratings,
        "rating_villages": _villages(request.user, household_ratings.MANAGE),
        "selection_villages": _villages(request.user, selections.MANAGE),
        "rating_kinds": RatingKind.choices, "selection_kinds": SelectionKind.choices,
        "this_year": timezone.localdate().year,
    })


def _villages(user, capability):
    """Villages under the user's posts holding the capability, for the "open" forms."""
    codes = [post.region_id for post in posts_with_capability(user, capability)]
    if not codes:
        return []
    query = Q()
    for code in codes:
        query |= prefix_q("code", code)
    return list(Region.objects.filter(query, level="village").order_by("code")[:200])


@login_required
@require_GET
def cycle_detail(request, pk):
    cycle = get_cycle_for_user(request.user, pk)
    ratings = visible_ratings(request.user).filter(cycle=cycle).select_related("household").order_by("household_id")
    own = household_ratings.household_of_user(request.user)
    return render(request, "ratings/cycle_detail.html", {
        "cycle": cycle, "ratings": ratings, "can_manage": can(request.user, household_ratings.MANAGE, cycle.region_id),
        "can_report": own is not None and not ratings.filter(household=own).exists()
        and can(request.user, household_ratings.SELF_REPORT, cycle.region_id),
    })


@login_required
@require_POST
def report(request, pk):
    cycle = get_cycle_for_user(request.user, pk)
    household = household_ratings.household_of_user(request.user)
    try:
        rating = household_ratings.self_report(request.user, cycle, household=household,
                                               text=request.POST.get("self_report", ""))
    except ValidationError as error:
        _errors(request, error)
        return redirect("ratings:cycle", pk=cycle.pk)
    messages.success(request, _("已自报。"))
    return redirect("ratings:rating", pk=rating.pk)


@login_required
@require_GET
def rating_detail(request, pk):
    rating = get_rating_for_user(request.user, pk)
    can_manage = can(request.user, household_ratings.MANAGE, rating.region_id)
    scores = {score.criterion_id: score.stars for score in rating.scores.all()}
    criteria = [(criterion, scores.get(criterion.pk)) for criterion in criteria_for(rating.region_id[:6])]
    return render(request, "ratings/rating_detail.html", {
        "rating": rating, "can_manage": can_manage, "criteria": criteria,
        "steps": [t for t in allowed_transitions(request.user, rating) if t.name != "appraise"],
        "history": history(rating) if can_manage else [],
        "objections": rating.objections.all() if can_manage else rating.objections.filter(raised_by=request.user),
        "can_object": rating.state == "notice",
    })


@login_required
@require_POST
def appraise(request, pk):
    rating = get_rating_for_user(request.user, pk)
    scores = {}
    for key, value in request.POST.items():
        if key.startswith("stars_"):
            try:
                scores[key.removeprefix("stars_")] = int(value)
            except ValueError:
                scores[key.removeprefix("stars_")] = value
    try:
        household_ratings.record_appraisal(request.user, rating, scores)
        messages.success(request, _("已录入评议结果。"))
    except ValidationError as error:
        _errors(request, error)
    return redirect("ratings:rating", pk=rating.pk)


@login_required
@require_POST
def step(request, pk, name):
    rating = get_rating_for_user(request.user, pk)
    try:
        household_ratings.advance(request.user, rating, name, comment=request.POST.get("comment", ""))
        messages.success(request, _("已办理。"))
    except ValidationError as error:
        _errors(request, error)
    return redirect("ratings:rating", pk=rating.pk)


@login_required
@require_POST
def object_to(request, pk):
    rating = get_rating_for_user(request.user, pk)
    try:
        household_ratings.raise_objection(request.user, rating, request.POST.get("text", ""))
        messages.success(request, _("异议已提交,村两委将答复。"))
    except ValidationError as error:
        _errors(request, error)
    return redirect("ratings:rating", pk=rating.pk)


@login_required
@require_POST
def answer(request, pk):
    objection = get_objection_for_user(request.user, pk)
    try:
        household_ratings.answer_objection(request.user, objection, request.POST.get("answer", ""))
        messages.success(request, _("已答复。"))
    except ValidationError as error:
        _errors(request, error)
    return redirect("ratings:rating", pk=objection.rating_id)


@login_required
@require_GET
def round_detail(request, pk):
    selection_round = get_round_for_user(request.user, pk)
    can_manage = can(request.user, selections.MANAGE, selection_round.region_id)
    nominations = selection_round.nominations.select_related("nominee")
    if not can_manage:
        nominations = nominations.filter(status="accepted")
    return render(request, "ratings/round_detail.html", {
        "round": selection_round, "nominations": nominations, "can_manage": can_manage,
        "results": selections.results(selection_round),
        "voted": selection_round.votes.filter(voter=request.user).exists(),
        "can_vote": can(request.user, selections.VOTE, selection_round.region_id),
        # The village's names are listed to its cadres only.
        "can_nominate": can_manage,
        "residents": Resident.objects.within(selection_round.region_id).present().order_by("name")[:500]
        if can_manage else [],
    })


@login_required
@require_POST
def vote(request, pk):
    selection_round = get_round_for_user(request.user, pk)
    nomination_id = request.POST.get("nomination", "")
    nomination = (
        selection_round.nominations.filter(pk=int(nomination_id)).first() if nomination_id.isdigit() else None
    )
    try:
        selections.cast_vote(request.user, selection_round, nomination)
        messages.success(request, _("投票成功,谢谢参与。"))
    except ValidationError as error:
        _errors(request, error)
    return redirect("ratings:round", pk=selection_round.pk)


def _int_or_none(value):
    value = (value or "").strip()
    return int(value) if value.isdigit() else None


@login_required
@require_POST
def open_cycle(request):
    try:
        cycle = household_ratings.open_cycle(
            request.user, region=request.POST.get("region", "").strip(), year=_int_or_none(request.POST.get("year")),
            kind=request.POST.get("kind", ""), notice_days=_int_or_none(request.POST.get("notice_days")),
        )
    except ValidationError as error:
        _errors(request, error)
        return redirect("ratings:index")
    return redirect("ratings:cycle", pk=cycle.pk)


@login_required
@require_POST
def create_round(request):
    try:
        selection_round = selections.create_round(
            request.user, region=request.POST.get("region", "").strip(), kind=request.POST.get("kind", ""),
            title=request.POST.get("title", ""), votes_per_address=_int_or_none(request.POST.get("votes_per_address")),
        )
    except ValidationError as error:
        _errors(request, error)
        return redirect("ratings:index")
    return redirect("ratings:round", pk=selection_round.pk)


@login_required
@require_POST
def nominate(request, pk):
    selection_round = get_round_for_user(request.user, pk)
    nominee_id = _int_or_none(request.POST.get("nominee"))
    nominee = Resident.objects.filter(pk=nominee_id).first() if nominee_id else None
    try:
        selections.nominate(request.user, selection_round, nominee=nominee, story=request.POST.get("story", ""),
                            evidence=request.POST.get("evidence", ""))
        messages.success(request, _("已推荐。"))
    except ValidationError as error:
        _errors(request, error)
    return redirect("ratings:round", pk=selection_round.pk)


@login_required
@require_POST
def review(request, pk):
    nomination = get_nomination_for_user(request.user, pk)
    try:
        selections.review_nomination(request.user, nomination, accept=request.POST.get("accept") == "1",
                                     note=request.POST.get("note", ""))
    except ValidationError as error:
        _errors(request, error)
    return redirect("ratings:round", pk=nomination.round_id)


@login_required
@require_POST
def round_step(request, pk, name):
    selection_round = get_round_for_user(request.user, pk)
    steps = {"voting": selections.open_voting, "close": selections.close_round}
    if name not in steps:
        raise Http404
    try:
        steps[name](request.user, selection_round)
    except ValidationError as error:
        _errors(request, error)
    return redirect("ratings:round", pk=selection_round.pk)
