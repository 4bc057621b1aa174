"""Cadre pages of 四议两公开: the list, registering a matter, its page with the step that is due
(record it by a meeting's resolution, or a failed vote), ⑤, milestones, implemented, ⑥."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from xiangzhi.accounts.permissions import can, posts_with_capability, require, require_capability
from xiangzhi.assembly.models import MeetingState, Resolution
from xiangzhi.core.forms import add_action_errors
from xiangzhi.finance.models import Filing
from xiangzhi.finance.money import format_fen, parse_yuan
from xiangzhi.regions.models import Level, Region

from . import actions, catalogue, queries
from .forms import (
    FORM_FIELDS, CommentForm, FailedVoteForm, MatterForm, MilestoneForm, NoticeForm, ProgressForm, StepForm,
)
from .models import Matter, MatterState, MatterStep, Step
from .procedure import DUE_STEP, MANAGE, STEP_BODIES, holds_both_posts, matter_workflow, step_label

PER_PAGE = 20


def _int_or_raw(value):
    value = (value or "").strip()
    return int(value) if value.isdigit() else value


def managed_villages(user):
    codes = {post.region_id for post in posts_with_capability(user, MANAGE) if len(post.region_id) == 12}
    return list(Region.objects.filter(code__in=codes, level=Level.VILLAGE).order_by("code"))


# --- list, register ------------------------------------------------------------------------------


@login_required
@require_GET
def matter_list(request):
    require_capability(request.user, Matter.view_capability)
    state = request.GET.get("state", "")
    queryset = queries.open_filter(queries.visible_matters(request.user), state)
    page = Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "matters/list.html", {
        "page": page, "state": state, "states": MatterState.choices,
        "query": f"state={state}" if state else "", "villages": managed_villages(request.user),
    })


def _village_for_create(user, code):
    villages = managed_villages(user)
    if code:
        village = next((village for village in villages if village.code == code), None)
        if village is None:
            require(user, MANAGE, code)
            raise Http404(_("未找到该村。"))
        return village
    if not villages:
        require_capability(user, MANAGE)
        raise Http404(_("未找到该村。"))
    return villages[0]


@login_required
def matter_create(request):
    village = _village_for_create(request.user, (request.GET.get("village") or request.POST.get("village") or "").strip())
    items = list(catalogue.items_for_village(village.code).order_by("order", "id"))
    filings = list(Filing.objects.filter(region_id=village.code, matter__isnull=True).order_by("-created_at")[:50])
    form = MatterForm(request.POST or None, items=items, filings=filings)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            amount = parse_yuan(data["amount"], "amount", positive=False, label=_("涉及金额")) if data["amount"] else 0
            matter = actions.create_matter(
                request.user, village, title=data["title"], description=data["description"],
                item=_int_or_raw(data["item"]) or None, amount_fen=amount, filing=_int_or_raw(data["filing"]) or None,
            )
        except ValidationError as error:
            add_action_errors(form, error, FORM_FIELDS)
        else:
            messages.success(request, _("事项已登记,下一步:%(step)s。") % {"step": matter.state_label})
            return redirect("matters:detail", matter.pk)
    return render(request, "matters/create.html", {"form": form, "village": village, "items": items})


# --- the matter's page ---------------------------------------------------------------------------


def _resolution_choices(matter, bodies, *, passed):
    used = MatterStep.objects.values("resolution_id")
    rows = (
        Resolution.objects.filter(
            meeting__region__prefix=matter.village_id, meeting__body__in=bodies,
            meeting__state=MeetingState.HELD, passed=passed,
        ).exclude(pk__in=used).select_related("meeting").order_by("-meeting__held_at", "-id")[:30]
    )
    return [
        (row.pk, f"#{row.pk} {row.meeting.title} · {timezone.localtime(row.meeting.held_at):%Y-%m-%d} · "
                 f"{row.motion[:30]} · {row.in_favour}/{row.present}")
        for row in rows
    ]


def _detail_context(request, matter, bound=None):
    bound = bound or {}
    allowed = {transition.name for transition in matter_workflow.allowed_transitions(request.user, matter)}
    due = DUE_STEP.get(matter.state)
    context = {
        "matter": matter,
        "amount": format_fen(matter.amount_fen) if matter.amount_fen else "",
        "steps": queries.steps_of(matter),
        "milestones": queries.milestones_of(matter),
        "notices": queries.notices_of(matter),
        "history": [],
        "due": due,
        "due_label": step_label(due) if due else "",
        "page_errors": bound.get("page_errors", []),
    }
    context["requires_procedure"], context["missing"] = queries.trail_status(matter)
    for row in matter_workflow.history(matter):
        row.label = matter_workflow.step_label(row.transition)
        context["history"].append(row)
    can_manage = can(request.user, MANAGE, matter.village_id)
    if can_manage and due is not None:
        context["step_form"] = bound.get("step") or StepForm(
            resolutions=_resolution_choices(matter, STEP_BODIES[due], passed=True)
        )
        if due == Step.PROPOSAL and holds_both_posts(matter.village_id, timezone.localdate()):
            context["joint_form"] = bound.get("joint") or StepForm(
                resolutions=_resolution_choices(matter, STEP_BODIES[Step.DELIBERATION], passed=True)
            )
        if due != Step.PROPOSAL:
            context["failed_form"] = bound.get("failed") or FailedVoteForm(
                resolutions=_resolution_choices(matter, STEP_BODIES[due], passed=False)
            )
    if "publish_resolution" in allowed and matter.state == MatterState.RESOLVED:
        context["resolution_form"] = bound.get("publish_resolution") or NoticeForm()
    open_for_milestones = matter.state not in actions.CLOSED_FOR_MILESTONES and (
        matter.state == MatterState.IMPLEMENTING or not context["requires_procedure"]
    )
    if can_manage and open_for_milestones:
        context["milestone_form"] = bound.get("milestone") or MilestoneForm()
        context["progress_form"] = ProgressForm()
    # A catalogue matter without its whole trail would be refused: no button until it has it.
    if "implement" in allowed and not (context["requires_procedure"] and context["missing"]) and matter.state in (
        MatterState.IMPLEMENTING, MatterState.RESOLVED, *DUE_STEP,
    ):
        context["implement_form"] = bound.get("implement") or CommentForm()
    if "publish_result" in allowed and matter.state == MatterState.IMPLEMENTED:
        context["result_form"] = bound.get("publish_result") or NoticeForm()
    return context


@login_required
@require_GET
def matter_detail(request, pk):
    matter = queries.get_matter_for_user(request.user, pk)
    return render(request, "matters/detail.html", _detail_context(request, matter))


def _after(request, matter, name, form, action, success):
    try:
        action()
    except ValidationError as error:
        add_action_errors(form, error, FORM_FIELDS)
    else:
        messages.success(request, success)
        return redirect("matters:detail", matter.pk)
    matter = queries.get_matter_for_user(request.user, matter.pk)
    bound = {name: form}
    context = _detail_context(request, matter, bound)
    if not any(context.get(key) is form for key in context):
        # The form for this action is not offered now (the matter moved on): say why at the top.
        bound["page_errors"] = [message for messages_ in form.errors.values() for message in messages_]
        context = _detail_context(request, matter, bound)
    return render(request, "matters/detail.html", context, status=422)


@login_required
@require_POST
def record_step(request, pk, step):
    matter = queries.get_matter_for_user(request.user, pk)
    require(request.user, MANAGE, matter.village_id)
    if step not in Step.values:
        raise Http404(_("未找到该记录。"))
    form = StepForm(request.POST, resolutions=_resolution_choices(matter, STEP_BODIES[Step(step)], passed=True))
    form.is_valid()
    data = form.cleaned_data
    return _after(request, matter, "step", form, lambda: actions.record_step(
        request.user, matter, step, resolution_id=_int_or_raw(data.get("resolution")), comment=data.get("comment", ""),
    ), _("已记录“%(step)s”。") % {"step": step_label(step)})


@login_required
@require_POST
def record_joint(request, pk):
    matter = queries.get_matter_for_user(request.user, pk)
    require(request.user, MANAGE, matter.village_id)
    form = StepForm(request.POST, resolutions=_resolution_choices(matter, STEP_BODIES[Step.DELIBERATION], passed=True))
    form.is_valid()
    data = form.cleaned_data
    return _after(request, matter, "joint", form, lambda: actions.record_joint_proposal(
        request.user, matter, resolution_id=_int_or_raw(data.get("resolution")), comment=data.get("comment", ""),
    ), _("已记录①+②(“两委”会议合并提议、商议)。"))


@login_required
@require_POST
def record_failed(request, pk):
    matter = queries.get_matter_for_user(request.user, pk)
    require(request.user, MANAGE, matter.village_id)
    due = DUE_STEP.get(matter.state)
    bodies = STEP_BODIES[due] if due else ()
    form = FailedVoteForm(request.POST, resolutions=_resolution_choices(matter, bodies, passed=False))
    form.is_valid()
    data = form.cleaned_data
    return _after(request, matter, "failed", form, lambda: actions.record_failed_vote(
        request.user, matter, resolution_id=_int_or_raw(data.get("resolution")), outcome=data.get("outcome"),
        reason=data.get("reason", ""),
    ), _("已记录未通过的表决。"))


@login_required
@require_POST
def publish_resolution(request, pk):
    matter = queries.get_matter_for_user(request.user, pk)
    form = NoticeForm(request.POST)
    form.is_valid()
    return _after(request, matter, "publish_resolution", form, lambda: actions.publish_resolution(
        request.user, matter, text=form.cleaned_data.get("text", ""),
    ), _("决议已公开。"))


@login_required
@require_POST
def implement(request, pk):
    matter = queries.get_matter_for_user(request.user, pk)
    form = CommentForm(request.POST)
    form.is_valid()
    return _after(request, matter, "implement", form, lambda: actions.mark_implemented(
        request.user, matter, comment=form.cleaned_data.get("comment", ""),
    ), _("已标记实施完成。"))


@login_required
@require_POST
def publish_result(request, pk):
    matter = queries.get_matter_for_user(request.user, pk)
    form = NoticeForm(request.POST)
    form.is_valid()
    return _after(request, matter, "publish_result", form, lambda: actions.publish_result(
        request.user, matter, text=form.cleaned_data.get("text", ""),
    ), _("实施结果已公开,事项办结。"))


def _int_field(value, field, label):
    value = (value or "").strip()
    if not value.isdigit():
        raise ValidationError({field: _("%(label)s须为 0 到 100 的整数。") % {"label": label}})
    return int(value)


@login_required
@require_POST
def add_milestone(request, pk):
    matter = queries.get_matter_for_user(request.user, pk)
    require(request.user, MANAGE, matter.village_id)
    form = MilestoneForm(request.POST)
    form.is_valid()
    data = form.cleaned_data

    def action():
        progress = _int_field(request.POST.get("progress") or "0", "progress", _("完成进度"))
        actions.add_milestone(request.user, matter, title=data.get("title", ""), due_on=data.get("due_on"),
                              progress=progress)

    return _after(request, matter, "milestone", form, action, _("已添加实施节点。"))


@login_required
@require_POST
def update_milestone(request, pk):
    milestone = queries.get_milestone_for_user(request.user, pk)
    require(request.user, MANAGE, milestone.matter.village_id)
    form = ProgressForm(request.POST)
    form.is_valid()

    def action():
        progress = _int_field(request.POST.get("progress"), "progress", _("完成进度"))
        actions.update_milestone(request.user, milestone, progress=progress, note=form.cleaned_data.get("note", ""))

    return _after(request, milestone.matter, "progress", form, action, _("已更新进度。"))


# --- supervision -----------------------------------------------------------------------------------


@login_required
@require_GET
def supervision(request):
    region = queries.supervised_region(request.user, request.GET.get("region", "").strip())
    return render(request, "matters/supervision.html", {
        "region": region,
        **queries.overview(region.code),
        "bypassed": queries.bypassed_matters(region.code),
        "bypassed_filings": queries.bypassed_filings(region.code),
    })
