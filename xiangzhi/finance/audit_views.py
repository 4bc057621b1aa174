"""专项审计 pages: audits, their findings, and each finding's rectification steps."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from xiangzhi.accounts.permissions import can, posts_with_capability, require_capability
from xiangzhi.core.forms import add_action_errors

from . import audits
from .audits import finding_workflow
from .forms import AuditForm, CommentForm, FindingForm, NoteForm, ReasonForm
from .villages import scope_villages

PER_PAGE = 30
STEP_FORMS = {"rectify": NoteForm, "accept": CommentForm, "reopen": ReasonForm}


@login_required
@require_GET
def audit_list(request):
    require_capability(request.user, "special_audit.view")
    queryset = audits.visible_audits(request.user)
    page = Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
    overdue = finding_workflow.overdue(audits.visible_findings(request.user)).order_by("deadline")[:50]
    return render(request, "finance/audits/list.html", {
        "page": page, "overdue": overdue,
        "can_manage": bool(posts_with_capability(request.user, audits.MANAGE)),
    })


@login_required
def audit_create(request):
    require_capability(request.user, audits.MANAGE)
    villages = scope_villages(request.user, audits.MANAGE)[:500]
    form = AuditForm(request.POST or None, villages=villages, initial={"village": request.GET.get("village")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            audit = audits.create_audit(
                request.user, data["village"], title=data["title"], auditing_body=data["auditing_body"],
                audited_on=data["audited_on"], scope=data["scope"],
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("审计已登记,请逐条录入审计发现。"))
            return redirect("finance:audit_detail", audit.pk)
    return render(request, "finance/audits/create.html", {"form": form})


def _audit_context(request, audit, finding_form=None, step_forms=None):
    now = timezone.now()
    step_forms = step_forms or {}
    findings = list(audit.findings.order_by("id"))
    for finding in findings:
        finding.state_label = finding_workflow.state_label(finding.state)
        finding.overdue = finding_workflow.is_overdue(finding, now)
        finding.steps = [
            (t, step_forms.get((finding.pk, t.name)) or STEP_FORMS[t.name]())
            for t in finding_workflow.allowed_transitions(request.user, finding)
        ]
        finding.history = list(finding_workflow.history(finding))
        for step in finding.history:
            step.label = finding_workflow.step_label(step.transition)
    can_manage = can(request.user, audits.MANAGE, audit.region_id)
    return {
        "audit": audit, "findings": findings, "can_manage": can_manage,
        "finding_form": finding_form or (FindingForm() if can_manage else None),
    }


@login_required
@require_GET
def audit_detail(request, pk):
    audit = audits.get_audit_for_user(request.user, pk)
    return render(request, "finance/audits/detail.html", _audit_context(request, audit))


@login_required
@require_POST
def finding_create(request, pk):
    audit = audits.get_audit_for_user(request.user, pk)
    form = FindingForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            audits.add_finding(request.user, audit, description=data["description"], owner=data["owner"],
                               due_on=data["due_on"])
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("审计发现已录入,整改任务已下达。"))
            return redirect("finance:audit_detail", audit.pk)
    return render(request, "finance/audits/detail.html", _audit_context(request, audit, finding_form=form))


@login_required
@require_POST
def finding_step(request, pk, step):
    finding = audits.get_finding_for_user(request.user, pk)
    if step not in STEP_FORMS:
        raise Http404(_("未找到该记录。"))
    form = STEP_FORMS[step](request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if step == "rectify":
                audits.rectify_finding(request.user, finding, note=data["note"])
            elif step == "accept":
                audits.accept_finding(request.user, finding, comment=data["comment"])
            else:
                audits.reopen_finding(request.user, finding, reason=data["reason"])
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("已%(step)s。") % {"step": finding_workflow.transition(step).label})
            return redirect("finance:audit_detail", finding.audit_id)
    audit = audits.get_audit_for_user(request.user, finding.audit_id)
    context = _audit_context(request, audit, step_forms={(finding.pk, step): form})
    return render(request, "finance/audits/detail.html", context)


