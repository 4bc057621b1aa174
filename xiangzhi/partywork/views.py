"""Members-at-work pages, phone-first: the branch's list, a member's page (their score with the
calculation, posts, commitments, violations, appeals, 先锋指数), the member's own page and the
rules. Thin: a scoped fetch, a form, one action, a response."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xiangzhi.accounts.permissions import can, posts_with_capability, require_capability
from xiangzhi.core.forms import add_action_errors
from xiangzhi.regions.models import Level, Region

from . import actions, queries
from .forms import (
    AppealForm, CommitmentForm, DecisionForm, DutyForm, EvaluationForm, QuarterForm, ReviewForm, RulesForm,
    ViolationForm,
)
from .models import PARTYWORK_CONFIG, PARTYWORK_MANAGE, PARTYWORK_OWN, PARTYWORK_VIEW, AppealState, PointsRules
from .scoring import RULE_FIELDS, rules_for

PAGE_FORMS = {"duty": DutyForm, "commitment": CommitmentForm, "violation": ViolationForm, "appeal": AppealForm,
              "evaluation": EvaluationForm}


def _year(request):
    value = request.GET.get("year") or request.POST.get("year") or ""
    this_year = timezone.localdate().year
    return int(value) if value.isdigit() and 2000 <= int(value) <= this_year + 1 else this_year


def _organisations(members):
    seen = {}
    for member in members:
        seen.setdefault(member.organisation_id, member.organisation)
    return list(seen.values())


@login_required
@require_GET
def board(request):
    if not posts_with_capability(request.user, PARTYWORK_VIEW):
        if posts_with_capability(request.user, PARTYWORK_OWN):
            return redirect("partywork:mine")
        raise PermissionDenied(_("您没有此项操作的权限。"))
    year = _year(request)
    members = list(queries.visible_members(request.user).order_by("region_id", "organisation_id", "id"))
    rows = queries.member_scores(members, year)
    manageable = [o for o in _organisations(members) if can(request.user, PARTYWORK_MANAGE, o.region_id)]
    pending = {appeal.member_id for appeal in queries.visible_appeals(request.user).filter(
        state=AppealState.PENDING)}
    return render(request, "partywork/board.html", {
        "year": year, "rows": rows, "pending": pending,
        "quarter_form": QuarterForm(initial={"year": year}, organisations=manageable) if manageable else None,
        "may_config": bool(posts_with_capability(request.user, PARTYWORK_CONFIG)),
    })


@login_required
@require_GET
def mine(request):
    require_capability(request.user, PARTYWORK_OWN)
    member = queries.own_member(request.user)
    if member is None:
        raise Http404(_("您的账号没有关联在册党员信息,请联系所在党支部。"))
    return _member_page(request, member, _year(request))


@login_required
@require_GET
def member_detail(request, pk):
    member = queries.get_member_for_user(request.user, pk)
    return _member_page(request, member, _year(request))


def _member_page(request, member, year, *, bound=None, status=200):
    """The member's page; `bound` replaces the blank form of the same prefix (one with errors)."""
    bound = bound or {}
    forms = {f"{name}_form": bound.get(name) or form_class(initial={"year": year})
             for name, form_class in PAGE_FORMS.items()}
    return render(request, "partywork/member.html", {
        "member": member, "year": year, **queries.member_year(member, year), **forms,
        "review_form": bound.get("review") or ReviewForm(), "review_for": bound.get("review_for"),
        "decision_form": bound.get("decision") or DecisionForm(), "decision_for": bound.get("decision_for"),
        "blank_review_form": ReviewForm(), "blank_decision_form": DecisionForm(),
        "may_manage": can(request.user, PARTYWORK_MANAGE, member.region_id),
        "is_own": queries.is_own(request.user, member),
    }, status=status)


def _back(member, year, anchor):
    return redirect(f"{reverse('partywork:member_detail', args=[member.pk])}?year={year}#{anchor}")


def _member_post(request, member, name, call, done, anchor):
    """Run one action on the member's page from the named form; re-show the page on bad input."""
    year = _year(request)
    form = PAGE_FORMS[name](request.POST)
    form.is_valid()
    try:
        call(form.cleaned_data)
    except ValidationError as error:
        add_action_errors(form, error)
        return _member_page(request, member, year, bound={name: form}, status=422)
    messages.success(request, done)
    return _back(member, year, anchor)


@login_required
@require_POST
def duty_assign(request, pk):
    member = queries.get_member_for_user(request.user, pk)
    return _member_post(request, member, "duty", lambda data: actions.assign_duty(
        request.user, member, year=data["year"], name=data["name"], duties=data["duties"]),
        _("岗位已设定。"), "duties")


@login_required
@require_POST
def duty_remove(request, pk):
    duty = queries.get_duty_for_user(request.user, pk)
    actions.remove_duty(request.user, duty)
    messages.success(request, _("岗位已撤销。"))
    return _back(duty.member, duty.year, "duties")


@login_required
@require_POST
def commitment_add(request, pk):
    member = queries.get_member_for_user(request.user, pk)
    return _member_post(request, member, "commitment", lambda data: actions.add_commitment(
        request.user, member, year=data["year"], content=data["content"]), _("承诺事项已登记。"), "commitments")


@login_required
@require_POST
def commitment_review(request, pk):
    commitment = queries.get_commitment_for_user(request.user, pk)
    form = ReviewForm(request.POST)
    form.is_valid()
    try:
        actions.review_commitment(request.user, commitment, outcome=form.cleaned_data["outcome"],
                                  note=form.cleaned_data["review_note"])
    except ValidationError as error:
        add_action_errors(form, error)
        return _member_page(request, commitment.member, commitment.year,
                            bound={"review": form, "review_for": commitment.pk}, status=422)
    messages.success(request, _("践诺情况已评议。"))
    return _back(commitment.member, commitment.year, "commitments")


@login_required
@require_POST
def violation_record(request, pk):
    member = queries.get_member_for_user(request.user, pk)
    return _member_post(request, member, "violation", lambda data: actions.record_violation(
        request.user, member, occurred_on=data["occurred_on"], reason=data["reason"]),
        _("违规记录已登记,积分已相应扣减。"), "score")


@login_required
@require_POST
def appeal_file(request, pk):
    member = queries.get_member_for_user(request.user, pk)
    return _member_post(request, member, "appeal", lambda data: actions.file_appeal(
        request.user, member, year=data["year"], reason=data["reason"]), _("申诉已提交,请等待支部答复。"), "appeals")


@login_required
@require_POST
def appeal_decide(request, pk):
    appeal = queries.get_appeal_for_user(request.user, pk)
    form = DecisionForm(request.POST)
    form.is_valid()
    upheld = {"1": True, "0": False}.get(form.cleaned_data.get("upheld"))
    try:
        actions.decide_appeal(request.user, appeal, upheld=upheld, adjustment=form.cleaned_data["adjustment"] or 0,
                              note=form.cleaned_data["decision_note"])
    except ValidationError as error:
        add_action_errors(form, error)
        return _member_page(request, appeal.member, appeal.year,
                            bound={"decision": form, "decision_for": appeal.pk}, status=422)
    messages.success(request, _("申诉已处理。"))
    return _back(appeal.member, appeal.year, "appeals")


@login_required
@require_POST
def pioneer_evaluate(request, pk):
    member = queries.get_member_for_user(request.user, pk)
    return _member_post(request, member, "evaluation", lambda data: actions.evaluate_pioneer(
        request.user, member, year=data["year"], note=data["note"]), _("先锋指数评价已保存。"), "pioneer")


@login_required
@require_POST
def quarter_review(request):
    require_capability(request.user, PARTYWORK_MANAGE)
    members = list(queries.visible_members(request.user))
    organisations = [o for o in _organisations(members) if can(request.user, PARTYWORK_MANAGE, o.region_id)]
    form = QuarterForm(request.POST, organisations=organisations)
    form.is_valid()
    organisation = next((o for o in organisations if str(o.pk) == request.POST.get("quarter-organisation")), None)
    if organisation is None:
        raise Http404(_("未找到该党组织。"))
    data = form.cleaned_data
    try:
        reviews = actions.review_quarter(request.user, organisation, year=data.get("year"), quarter=data.get("quarter"))
    except ValidationError as error:
        for messages_ in error.message_dict.values():
            for message in messages_:
                messages.error(request, message)
    else:
        messages.success(request, _("已完成季度评审,共 %(count)d 名党员。") % {"count": len(reviews)})
    return redirect(f"{reverse('partywork:board')}?year={_year(request)}")


def _rule_regions(user):
    codes = set()
    for post in posts_with_capability(user, PARTYWORK_CONFIG):
        code = post.region_id
        if len(code) >= 6:
            codes.add(code[:6])
        if len(code) >= 9:
            codes.add(code[:9])
    return list(Region.objects.filter(code__in=codes, level__in=(Level.COUNTY, Level.TOWNSHIP)).order_by("code"))


@login_required
@require_http_methods(["GET", "POST"])
def rules(request):
    require_capability(request.user, PARTYWORK_VIEW)
    regions = _rule_regions(request.user)
    configurable = [r for r in regions if can(request.user, PARTYWORK_CONFIG, r.code)]
    chosen = request.POST.get("region") or request.GET.get("region") or (configurable[-1].code if configurable else "")
    current = rules_for(chosen) if chosen else rules_for(posts_with_capability(request.user, PARTYWORK_VIEW)[0].region_id)
    form = RulesForm(request.POST or None, regions=configurable,
                     initial={"region": chosen, **{name: current[name] for name in RULE_FIELDS}})
    if request.method == "POST":
        if not configurable:
            raise PermissionDenied(_("您没有此项操作的权限。"))
        form.is_valid()
        try:
            actions.set_rules(request.user, form.data.get("region"),
                              **{name: form.data.get(name) for name in RULE_FIELDS})
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("积分规则已保存。"))
            return redirect(f"{reverse('partywork:rules')}?region={form.data.get('region')}")
    return render(request, "partywork/rules.html", {
        "form": form if configurable else None, "current": current,
        "rule_rows": [(PointsRules._meta.get_field(name).verbose_name, current[name]) for name in RULE_FIELDS],
    }, status=422 if form.errors else 200)
