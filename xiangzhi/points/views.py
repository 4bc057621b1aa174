"""Pages: the villager's own points; cadres' proposals, ledger, rules and appeals."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xiangzhi.accounts.permissions import can, posts_with_capability, require_capability
from xiangzhi.core.forms import add_action_errors
from xiangzhi.people.queries import page_of
from xiangzhi.regions.models import Region

from . import appeals, awards, ledger, rules
from .forms import AdoptForm, AnswerForm, DecisionForm, DraftForm, ItemForm, ProposalForm, ReasonForm
from .models import Appeal, EntryKind, PointsEntry, Proposal, ProposalState, RuleItem, RuleSet, RuleSetState
from .queries import VIEW, get_household_for_user, households_with_balances


def with_reversed_flag(queryset):
    return queryset.select_related("rule_item__rule_set").annotate(
        is_reversed=Exists(PointsEntry.objects.filter(refers_to=OuterRef("pk"), kind=EntryKind.REVERSAL))
    ).order_by("-created_at", "-id")


# --- the villager's own points ------------------------------------------------------------


@login_required
@require_GET
def mine(request):
    require_capability(request.user, appeals.OWN)
    household = appeals.household_of(request.user)
    entries = with_reversed_flag(appeals.own_entries(request.user)) if household else PointsEntry.objects.none()
    return render(request, "points/mine.html", {
        "household": household, "balance": ledger.balance(household) if household else 0,
        "page": page_of(entries, request.GET.get("page")),
        "open_appeals": set(Appeal.objects.filter(entry__household=household, state="open")
                            .values_list("entry_id", flat=True)) if household else set(),
    })


@login_required
@require_http_methods(["GET", "POST"])
def appeal_create(request, entry_id):
    require_capability(request.user, appeals.OWN)
    entry = appeals.get_own_entry(request.user, entry_id)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            appeals.file_appeal(request.user, entry, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("申诉已提交,村里会答复您。"))
            return redirect("points:mine")
    return render(request, "points/appeal_create.html", {"entry": entry, "form": form})


# --- proposals ------------------------------------------------------------------------------


@login_required
@require_GET
def proposal_list(request):
    require_capability(request.user, VIEW)
    state = request.GET.get("state", ProposalState.PROPOSED)
    queryset = Proposal.objects.visible_to(request.user).select_related("rule_item", "household__region")
    if state in ProposalState.values:
        queryset = queryset.filter(state=state)
    return render(request, "points/proposal_list.html", {
        "page": page_of(queryset.order_by("-proposed_at", "-id"), request.GET.get("page")),
        "state": state, "states": ProposalState.choices, "query_string": f"state={state}",
        "can_propose": bool(posts_with_capability(request.user, awards.PROPOSE)),
    })


@login_required
@require_http_methods(["GET", "POST"])
def proposal_create(request):
    require_capability(request.user, awards.PROPOSE)
    households = list(households_with_balances(request.user, awards.PROPOSE)[:500])
    villages = {household.region.village_code() for household in households}
    items = RuleItem.objects.filter(rule_set__village_id__in=villages, rule_set__state=RuleSetState.ADOPTED)
    form = ProposalForm(request.POST or None, request.FILES or None, households=households, items=items,
                        initial={"household": request.GET.get("household", "")})
    if request.method == "POST" and form.is_valid():
        household = get_household_for_user(request.user, form.cleaned_data["household"], awards.PROPOSE)
        try:
            proposal = awards.propose(
                request.user, household, rule_item_id=form.cleaned_data["rule_item"], note=form.cleaned_data["note"],
                photo=form.cleaned_data["photo"], grid_event_id=form.cleaned_data["grid_event"],
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("已提交积分提议,待道德评议会评议。"))
            return redirect("points:proposal_detail", proposal.pk)
    return render(request, "points/proposal_create.html", {"form": form, "has_rules": items.exists()})


@login_required
@require_GET
def proposal_detail(request, pk):
    proposal = awards.get_proposal_for_user(request.user, pk)
    return render(request, "points/proposal_detail.html", {
        "proposal": proposal, "form": DecisionForm(),
        "head_name": proposal.household.residents.filter(relation="head").values_list("name", flat=True).first(),
        "can_decide": proposal.state == ProposalState.PROPOSED
        and can(request.user, awards.APPROVE, proposal.village_id),
    })


@login_required
@require_POST
def proposal_decide(request, pk):
    require_capability(request.user, awards.APPROVE)
    proposal = awards.get_proposal_for_user(request.user, pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            if form.cleaned_data["decision"] == "approve":
                awards.approve(request.user, proposal, note=form.cleaned_data["note"])
                messages.success(request, _("已通过,积分已记入台账。"))
            else:
                awards.reject(request.user, proposal, note=form.cleaned_data["note"])
                messages.success(request, _("已记录不予通过。"))
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            return redirect("points:proposal_detail", proposal.pk)
    return render(request, "points/proposal_detail.html", {
        "proposal": proposal, "form": form, "can_decide": True,
        "head_name": proposal.household.residents.filter(relation="head").values_list("name", flat=True).first(),
    }, status=422)


@login_required
@require_GET
def proposal_photo(request, pk):
    proposal = awards.get_proposal_for_user(request.user, pk)
    if not proposal.photo:
        raise Http404(_("该提议没有照片。"))
    return FileResponse(proposal.photo.open("rb"), filename=awards.photo_filename(proposal))


# --- ledger and balances --------------------------------------------------------------------


@login_required
@require_GET
def entry_list(request):
    require_capability(request.user, VIEW)
    households = households_with_balances(request.user)
    village = request.GET.get("village", "").strip()[:12]
    if village:
        households = households.within(village)
    return render(request, "points/entry_list.html", {
        "page": page_of(households, request.GET.get("page")), "village": village,
        "query_string": f"village={village}" if village else "",
    })


@login_required
@require_GET
def household_points(request, household_id):
    require_capability(request.user, VIEW)
    household = get_household_for_user(request.user, household_id)
    entries = with_reversed_flag(PointsEntry.objects.visible_to(request.user).filter(household=household))
    return render(request, "points/household.html", {
        "household": household, "page": page_of(entries, request.GET.get("page")),
        "can_reverse": can(request.user, awards.APPROVE, household.region_id),
        "can_propose": can(request.user, awards.PROPOSE, household.region_id),
    })


@login_required
@require_http_methods(["GET", "POST"])
def entry_reverse(request, pk):
    require_capability(request.user, awards.APPROVE)
    entry = awards.get_entry_for_user(request.user, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            awards.reverse_entry(request.user, entry, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("已冲正。"))
            return redirect("points:household", entry.household_id)
    return render(request, "points/entry_reverse.html", {"entry": entry, "form": form})


# --- rules ----------------------------------------------------------------------------------


def villages_for(user, capability):
    return list(Region.objects.visible_to(user, capability).filter(level="village").order_by("code")[:200])


@login_required
@require_GET
def rule_list(request):
    require_capability(request.user, VIEW)
    rule_sets = RuleSet.objects.visible_to(request.user).select_related("village").order_by("village_id", "-version")
    return render(request, "points/rule_list.html", {
        "page": page_of(rule_sets, request.GET.get("page")),
        "can_manage": bool(posts_with_capability(request.user, rules.MANAGE)),
    })


@login_required
@require_http_methods(["GET", "POST"])
def rule_create(request):
    require_capability(request.user, rules.MANAGE)
    form = DraftForm(request.POST or None, villages=villages_for(request.user, rules.MANAGE))
    if request.method == "POST" and form.is_valid():
        try:
            rule_set = rules.create_draft(request.user, form.cleaned_data["village"], title=form.cleaned_data["title"])
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            return redirect("points:rule_detail", rule_set.pk)
    return render(request, "points/rule_create.html", {"form": form})


def _rule_detail(request, rule_set, *, item_form=None, adopt_form=None, status=200):
    return render(request, "points/rule_detail.html", {
        "rule_set": rule_set, "items": rule_set.items.order_by("id"),
        "item_form": item_form or ItemForm(), "adopt_form": adopt_form or AdoptForm(),
        "can_edit": rule_set.state == RuleSetState.DRAFT and can(request.user, rules.MANAGE, rule_set.village_id),
    }, status=status)


@login_required
@require_GET
def rule_detail(request, pk):
    return _rule_detail(request, rules.get_rule_set_for_user(request.user, pk))


@login_required
@require_POST
def rule_item_add(request, pk):
    require_capability(request.user, rules.MANAGE)
    rule_set = rules.get_rule_set_for_user(request.user, pk)
    form = ItemForm(request.POST)
    if form.is_valid():
        try:
            rules.add_item(request.user, rule_set, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            return redirect("points:rule_detail", rule_set.pk)
    return _rule_detail(request, rule_set, item_form=form, status=422)


@login_required
@require_POST
def rule_item_remove(request, pk, item_id):
    require_capability(request.user, rules.MANAGE)
    rule_set = rules.get_rule_set_for_user(request.user, pk)
    item = rule_set.items.filter(pk=item_id).first()
    if item is None:
        raise Http404(_("未找到该积分项目。"))
    try:
        rules.remove_item(request.user, item)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("points:rule_detail", rule_set.pk)


@login_required
@require_POST
def rule_adopt(request, pk):
    require_capability(request.user, rules.MANAGE)
    rule_set = rules.get_rule_set_for_user(request.user, pk)
    form = AdoptForm(request.POST)
    if form.is_valid():
        try:
            rules.adopt(request.user, rule_set, resolution_id=form.cleaned_data["resolution"],
                        adopted_on=form.cleaned_data["adopted_on"], body=form.cleaned_data["body"])
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("细则已通过并施行。"))
            return redirect("points:rule_detail", rule_set.pk)
    return _rule_detail(request, rule_set, adopt_form=form, status=422)


# --- appeals --------------------------------------------------------------------------------


@login_required
@require_GET
def appeal_list(request):
    require_capability(request.user, VIEW)
    queryset = Appeal.objects.visible_to(request.user).select_related("entry__rule_item").order_by("-filed_at", "-id")
    return render(request, "points/appeal_list.html", {"page": page_of(queryset, request.GET.get("page"))})


@login_required
@require_http_methods(["GET", "POST"])
def appeal_detail(request, pk):
    appeal = appeals.get_appeal_for_user(request.user, pk)
    form = AnswerForm(request.POST or None)
    status = 200
    if request.method == "POST":
        require_capability(request.user, appeals.ANSWER)
        if form.is_valid():
            try:
                appeals.answer_appeal(request.user, appeal, uphold=form.cleaned_data["uphold"] == "yes",
                                      answer=form.cleaned_data["answer"])
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(request, _("已答复申诉。"))
                return redirect("points:appeal_detail", appeal.pk)
        status = 422
    return render(request, "points/appeal_detail.html", {
        "appeal": appeal, "form": form,
        "can_answer": appeal.state == "open" and can(request.user, appeals.ANSWER, appeal.entry.village_id),
    }, status=status)
