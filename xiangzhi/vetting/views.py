"""Vetting pages, phone-first. Thin: a scoped fetch, a form, one action, a response."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xiangzhi.accounts import actions as account_actions
from xiangzhi.accounts.models import User
from xiangzhi.accounts.permissions import can, post_covers, posts_with_capability, require_capability
from xiangzhi.core.forms import add_action_errors
from xiangzhi.regions.models import Region

from . import actions, filings, queries, removals
from .forms import AppointForm, CandidateForm, DecisionForm, FilingForm, ReviewForm, RoundForm
from .models import (
    CANDIDATE_CAPABILITIES, COUNTY_REVIEW, SECRETARY_FILE, SECRETARY_VIEW, TOWNSHIP_REVIEW, VETTING_MANAGE,
    VETTING_VIEW, ReviewLevel, )

RESIDENT_RENAMES = {"resident": "id_number"}


def _require_candidate_reader(user):
    if not queries.has_any(user, CANDIDATE_CAPABILITIES):
        require_capability(user, VETTING_VIEW)


# --- Rounds -----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def round_list(request):
    _require_candidate_reader(request.user)
    manage_posts = posts_with_capability(request.user, VETTING_MANAGE)
    form = RoundForm(request.POST or None) if manage_posts else None
    if request.method == "POST":
        require_capability(request.user, VETTING_MANAGE)
        county = Region.objects.get(code=manage_posts[0].region_id[:queries.COUNTY_LENGTH])
        if form.is_valid():
            data = form.cleaned_data
            try:
                created = actions.open_round(request.user, county, title=data["title"], opens_on=data["opens_on"],
                                             closes_on=data["closes_on"], departments=data["departments"])
            except ValidationError as error:
                add_action_errors(form, error, {"county": None})
            else:
                messages.success(request, _("已发起联审:%(title)s。") % {"title": created.title})
                return redirect("vetting:round_detail", created.pk)
    rounds = queries.rounds_visible_to(request.user).order_by("-opens_on", "-id")
    return render(request, "vetting/round_list.html", {"rounds": rounds, "form": form},
                  status=422 if form is not None and form.errors else 200)


def _round_villages(user, vetting_round):
    """Villages of the round's county where the user may put candidates forward."""
    return list(queries.villages_for(user, (TOWNSHIP_REVIEW, VETTING_MANAGE)).within(vetting_round.region_id))


def _render_round(request, vetting_round, form=None, status=200):
    user = request.user
    candidates = queries.candidates_visible_to(user).filter(round=vetting_round).order_by("region_id", "id")
    villages = _round_villages(user, vetting_round)
    if form is None and villages:
        form = CandidateForm(villages=villages)
    return render(request, "vetting/round_detail.html", {
        "round": vetting_round, "candidates": candidates, "form": form,
    }, status=status)


@login_required
@require_GET
def round_detail(request, pk):
    _require_candidate_reader(request.user)
    return _render_round(request, queries.get_round_for_user(request.user, pk))


@login_required
@require_POST
def candidate_add(request, pk):
    _require_candidate_reader(request.user)
    vetting_round = queries.get_round_for_user(request.user, pk)
    villages = _round_villages(request.user, vetting_round)
    form = CandidateForm(request.POST, villages=villages)
    if form.is_valid():
        data = form.cleaned_data
        try:
            resident = queries.resolve_resident(request.user, id_number=data["id_number"])
            village = next(v for v in villages if v.code == data["village"])
            candidate = actions.register_candidate(request.user, vetting_round, resident, village,
                                                   data["post_sought"])
        except ValidationError as error:
            add_action_errors(form, error, RESIDENT_RENAMES)
        else:
            messages.success(request, _("已登记人选:%(name)s。") % {"name": candidate.resident.name})
            return redirect("vetting:candidate_detail", candidate.pk)
    return _render_round(request, vetting_round, form, status=422)


# --- Candidates and conclusions ---------------------------------------------------------


def _county_post(user, candidate):
    for post in posts_with_capability(user, COUNTY_REVIEW):
        if post.department and post_covers(post, candidate.region_id):
            return post
    return None


def _render_candidate(request, candidate, *, township_form=None, county_form=None, status=200):
    user = request.user
    keys = {(result.level, result.department) for result in candidate.results.all()}
    may_township = can(user, TOWNSHIP_REVIEW, candidate.region_id) and (ReviewLevel.TOWNSHIP, "") not in keys
    county_post = _county_post(user, candidate)
    may_county = (county_post is not None and (ReviewLevel.COUNTY, county_post.department) not in keys
                  and (ReviewLevel.TOWNSHIP, "") in keys)
    missing, against = candidate.review_status()
    return render(request, "vetting/candidate_detail.html", {
        "candidate": candidate, "results": queries.visible_results(user, candidate),
        "sees_all": can(user, VETTING_VIEW, candidate.region_id),
        "missing": missing, "passed": not missing and not against,
        "township_form": (township_form or ReviewForm()) if may_township else None,
        "county_form": (county_form or ReviewForm()) if may_county else None,
        "county_post": county_post,
    }, status=status)


@login_required
@require_GET
def candidate_detail(request, pk):
    _require_candidate_reader(request.user)
    return _render_candidate(request, queries.get_candidate_for_user(request.user, pk))


def _record(request, pk, action, form_key):
    _require_candidate_reader(request.user)
    candidate = queries.get_candidate_for_user(request.user, pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            action(request.user, candidate, outcomes=form.outcomes(), reviewed_on=form.cleaned_data["reviewed_on"],
                   note=form.cleaned_data["note"])
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("已录入审查结论。"))
            return redirect("vetting:candidate_detail", candidate.pk)
    candidate = queries.get_candidate_for_user(request.user, pk)
    return _render_candidate(request, candidate, status=422, **{form_key: form})


@login_required
@require_POST
def candidate_township(request, pk):
    return _record(request, pk, actions.record_township_review, "township_form")


@login_required
@require_POST
def candidate_result(request, pk):
    return _record(request, pk, actions.record_county_result, "county_form")


# --- Secretary filings ------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def filing_list(request):
    if not queries.has_any(request.user, (SECRETARY_VIEW, SECRETARY_FILE)):
        require_capability(request.user, SECRETARY_VIEW)
    villages = list(queries.villages_for(request.user, (SECRETARY_FILE,)))
    form = FilingForm(request.POST or None, villages=villages) if villages else None
    if request.method == "POST":
        require_capability(request.user, SECRETARY_FILE)
        if form.is_valid():
            data = form.cleaned_data
            try:
                resident = queries.resolve_resident(request.user, id_number=data["id_number"])
                village = next(v for v in villages if v.code == data["village"])
                filing = filings.file_secretary(
                    request.user, village, resident, term_starts_on=data["term_starts_on"],
                    term_ends_on=data["term_ends_on"], resume=data["resume"], filed_on=data["filed_on"])
            except ValidationError as error:
                add_action_errors(form, error, RESIDENT_RENAMES)
            else:
                messages.success(request, _("已备案:%(village)s 书记 %(name)s。") % {
                    "village": filing.region.name, "name": filing.resident.name})
                return redirect("vetting:filing_list")
    current = queries.filings_visible_to(request.user).current().order_by("region_id")[:500]
    return render(request, "vetting/filing_list.html", {
        "filings": current, "unfiled": queries.unfiled_villages(request.user)[:500], "form": form,
    }, status=422 if form is not None and form.errors else 200)


@login_required
@require_GET
def filing_detail(request, pk):
    filing = queries.get_filing_for_user(request.user, pk)
    history = queries.filings_visible_to(request.user).filter(region_id=filing.region_id).order_by("-filed_on", "-id")
    return render(request, "vetting/filing_detail.html", {"filing": filing, "history": history})


# --- 清理 -------------------------------------------------------------------------------


@login_required
@require_GET
def removal_list(request):
    require_capability(request.user, VETTING_VIEW)
    return render(request, "vetting/removal_list.html", {
        "cases": queries.removals_visible_to(request.user)[:500]})


@login_required
@require_http_methods(["GET", "POST"])
def removal_detail(request, pk):
    require_capability(request.user, VETTING_VIEW)
    case = queries.get_removal_for_user(request.user, pk)
    may_decide = can(request.user, VETTING_MANAGE, case.region_id) and case.state == "open"
    form = DecisionForm(request.POST or None) if may_decide else None
    if request.method == "POST":
        if form is None:
            require_capability(request.user, VETTING_MANAGE)
            raise Http404(_("该案件已作出决定。"))
        if form.is_valid():
            data = form.cleaned_data
            try:
                removals.decide_removal(request.user, case, decision=data["decision"], reason=data["reason"],
                                        decided_on=data["decided_on"])
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(request, _("已作出清理决定。"))
                return redirect("vetting:removal_detail", case.pk)
    return render(request, "vetting/removal_detail.html", {"case": case, "form": form},
                  status=422 if form is not None and form.errors else 200)


# --- 两委 appointment -------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def appoint(request):
    """Give a 两委 post (accounts.add_post, which consults the vetting's post check)."""
    require_capability(request.user, "post.manage")
    form = AppointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = User.objects.filter(username=data["username"].strip()).first()
        village = Region.objects.filter(code=data["village"].strip()).first()
        if user is None:
            form.add_error("username", _("用户“%(name)s”不存在。") % {"name": data["username"]})
        if village is None:
            form.add_error("village", _("区划代码“%(code)s”不存在。") % {"code": data["village"]})
        if not form.errors:
            try:
                post = account_actions.add_post(request.user, user, data["role"], village,
                                                starts_on=data["starts_on"])
            except ValidationError as error:
                add_action_errors(form, error, {"region": "village", "ends_on": None})
            else:
                messages.success(request, _("已任命:%(user)s 为 %(post)s。") % {"user": user, "post": post})
                return redirect("vetting:appoint")
    return render(request, "vetting/appoint.html", {"form": form}, status=422 if form.errors else 200)
