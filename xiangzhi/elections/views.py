"""Pages of the 换届选举: the list, one election (voter list, objections, candidates, the count),
and the township's list of objections past their answer deadline."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from xiangzhi.accounts.permissions import can, posts_with_capability, require_capability
from xiangzhi.people.models import Resident
from xiangzhi.regions.models import Level

from . import elections, objections
from .elections import MANAGE
from .models import Election, ElectionState, ObjectionKind

PER_PAGE = 30
VOTERS_PER_PAGE = 100


def error_dict(error):
    """{field: [messages]} of an action's ValidationError (None: the form as a whole)."""
    if hasattr(error, "error_dict"):
        return {field: [str(m) for e in errors for m in e.messages] for field, errors in error.error_dict.items()}
    return {"__all__": [str(m) for m in error.messages]}


def managed_villages(user, capability=MANAGE):
    return sorted(
        {post.region_id: post.region for post in posts_with_capability(user, capability)
         if post.region.level == Level.VILLAGE}.values(),
        key=lambda region: region.code,
    )


@login_required
@require_GET
def index(request):
    require_capability(request.user, Election.view_capability)
    page = Paginator(elections.visible_elections(request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "elections/index.html", {"page": page, "villages": managed_villages(request.user)})


@login_required
@require_POST
def create(request):
    try:
        election = elections.create_election(
            request.user, region=request.POST.get("region"), election_day=request.POST.get("election_day"),
            seats=request.POST.get("seats"), title=request.POST.get("title"),
        )
    except ValidationError as error:
        require_capability(request.user, Election.view_capability)
        page = Paginator(elections.visible_elections(request.user), PER_PAGE).get_page(1)
        return render(request, "elections/index.html", {
            "page": page, "villages": managed_villages(request.user), "errors": error_dict(error), "values": request.POST,
        }, status=422)
    messages.success(request, _("已创建选举,请在选举日 20 日前公布选民名单。"))
    return redirect("elections:detail", election.pk)


def _detail_context(request, election, **extra):
    candidates = elections.candidates_of(election)
    may_manage = can(request.user, MANAGE, election.region_id)
    open_ones = [c for c in candidates if c.elected_in_id is None]
    voters = list(election.voters.current().order_by("id").values_list("id", "name")) if may_manage else []
    return {
        "election": election,
        "may_manage": may_manage,
        "voter_count": election.voters.current().count(),
        "voters": voters,
        "residents": list(
            Resident.objects.within(election.region_id).present().order_by("name", "id").values_list("id", "name", "birth_date")
        ) if may_manage and election.state == ElectionState.PUBLISHED else [],
        "objections": list(election.objections.select_related("subject").order_by("lodged_on", "id")),
        "objection_kinds": ObjectionKind.choices,
        "candidates": candidates,
        "open_candidates": open_ones,
        "rounds": elections.rounds_of(election),
        "seats_filled": sum(1 for c in candidates if c.elected_in_id),
        "may_count": may_manage and election.state in (ElectionState.PUBLISHED, ElectionState.RUNOFF),
        "today": timezone.localdate(),
        "errors": extra.pop("errors", {}),
        "values": extra.pop("values", {}),
        "form": extra.pop("form", ""),
        **extra,
    }


@login_required
@require_GET
def detail(request, pk):
    election = elections.get_election_for_user(request.user, pk)
    return render(request, "elections/detail.html", _detail_context(request, election))


def _refused(request, election, error, form):
    context = _detail_context(request, election, errors=error_dict(error), values=request.POST, form=form)
    return render(request, "elections/detail.html", context, status=422)


@login_required
@require_POST
def publish(request, pk):
    election = elections.get_election_for_user(request.user, pk)
    try:
        elections.publish_voter_list(request.user, election)
    except ValidationError as error:
        return _refused(request, election, error, "publish")
    messages.success(request, _("选民名单已公布,异议期 5 日。"))
    return redirect("elections:detail", election.pk)


@login_required
@require_GET
def voters(request, pk):
    election = elections.get_election_for_user(request.user, pk)
    page = Paginator(elections.voter_list(election), VOTERS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "elections/voters.html", {"election": election, "page": page})


@login_required
@require_POST
def add_candidate(request, pk):
    election = elections.get_election_for_user(request.user, pk)
    try:
        elections.add_candidate(request.user, election, voter=request.POST.get("voter"), position=request.POST.get("position"))
    except ValidationError as error:
        return _refused(request, election, error, "candidate")
    messages.success(request, _("已登记候选人。"))
    return redirect("elections:detail", election.pk)


@login_required
@require_POST
def record_round(request, pk):
    election = elections.get_election_for_user(request.user, pk)
    votes = {
        key.removeprefix("votes_"): value for key, value in request.POST.items() if key.startswith("votes_")
    }
    try:
        election_round = elections.record_round(
            request.user, election, registered=request.POST.get("registered"),
            ballots_cast=request.POST.get("ballots_cast"), votes=votes,
            declared=request.POST.getlist("declared"), held_on=request.POST.get("held_on") or None,
        )
    except ValidationError as error:
        return _refused(request, election, error, "count")
    elected = election_round.votes.filter(elected=True).count()
    messages.success(request, _("第 %(number)d 轮计票结果已录入,当选 %(elected)d 人。") % {
        "number": election_round.number, "elected": elected})
    return redirect("elections:detail", election.pk)


@login_required
@require_POST
def lodge_objection(request, pk):
    election = elections.get_election_for_user(request.user, pk)
    try:
        objections.lodge_objection(
            request.user, election, kind=request.POST.get("kind"), subject=request.POST.get("subject"),
            objector=request.POST.get("objector"), reason=request.POST.get("reason"),
        )
    except ValidationError as error:
        return _refused(request, election, error, "objection")
    messages.success(request, _("已登记异议,须在 3 日内答复。"))
    return redirect("elections:detail", election.pk)


@login_required
@require_POST
def answer_objection(request, pk):
    objection = objections.get_objection_for_user(request.user, pk)
    try:
        objections.answer_objection(
            request.user, objection, upheld=request.POST.get("decision") == "uphold", answer=request.POST.get("answer"),
        )
    except ValidationError as error:
        return _refused(request, objection.election, error, f"answer-{objection.pk}")
    messages.success(request, _("已答复异议。"))
    return redirect("elections:detail", objection.election_id)


@login_required
@require_GET
def overdue(request):
    require_capability(request.user, "election.supervise")
    page = Paginator(objections.overdue_objections(request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "elections/overdue.html", {"page": page})
