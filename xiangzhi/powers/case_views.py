"""Pages of power cases: list (and the overdue list), start, detail with its steps."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from xiangzhi.accounts.permissions import posts_with_capability, require, require_capability
from xiangzhi.core.forms import add_action_errors

from . import cases
from .cases import HANDLE, SUPERVISE, case_workflow
from .forms import CaseStartForm, CompleteForm, ConcludeForm, ReasonForm
from .models import CaseState, PowerCase

PER_PAGE = 20
STATES = dict(CaseState.choices)
REASON_STEPS = {"return": cases.return_case, "reject": cases.reject_case, "terminate": cases.terminate_case}


def _case_list(request, *, only_overdue, template_title):
    state = request.GET.get("state")
    queryset = cases.visible_cases(request.user)
    if state in STATES:
        queryset = queryset.filter(state=state)
    now = timezone.now()
    if only_overdue:
        queryset = queryset.overdue(now).order_by("deadline", "id")
    page = Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
    for case in page.object_list:
        case.overdue = case_workflow.is_overdue(case, now)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "powers/case_list.html", {
        "page": page, "states": STATES, "state": state, "only_overdue": only_overdue, "title": template_title,
        "query": query.urlencode(),
    })


@login_required
@require_GET
def case_list(request):
    require_capability(request.user, PowerCase.view_capability)
    only_overdue = request.GET.get("overdue") in ("1", "true")
    return _case_list(request, only_overdue=only_overdue, template_title=_("权力案件"))


@login_required
@require_GET
def overdue(request):
    """Overdue cases: for the township and county (supervise) and for the village (handle)."""
    if not (posts_with_capability(request.user, SUPERVISE) or posts_with_capability(request.user, HANDLE)):
        raise PermissionDenied(_("您没有此项操作的权限。"))
    return _case_list(request, only_overdue=True, template_title=_("超期案件"))


@login_required
def case_create(request):
    item_id = request.GET.get("item") or request.POST.get("item")
    try:
        item_id = int(item_id)
    except (TypeError, ValueError):
        raise Http404(_("未找到该记录。")) from None
    item = cases.get_startable_item(request.user, item_id)
    require(request.user, HANDLE, item.power_list.region_id)
    form = CaseStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = cases.start_case(request.user, item, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("已受理,当前步骤:%(step)s。") % {"step": case.current_step.name})
            return redirect("powers:case_detail", case.pk)
    return render(request, "powers/case_form.html", {"form": form, "item": item, "steps": cases.ordered_steps(item)})


def _detail_context(request, case, bound=None):
    bound = bound or {}
    allowed = {transition.name for transition in case_workflow.allowed_transitions(request.user, case)}
    last = cases.is_last_step(case)
    forms_ = []
    if "complete_step" in allowed or "conclude" in allowed:
        name = "complete"
        form = bound.get(name) or (ConcludeForm() if last else CompleteForm())
        forms_.append((name, _("办结") if last else _("完成“%(step)s”") % {"step": case.current_step.name}, form, True))
    for name, label in (("return", _("退回上一步")), ("reject", _("不予办理")), ("terminate", _("终止办理"))):
        if name in allowed and not (name == "return" and cases.neighbours(case)[0] is None):
            forms_.append((name, label, bound.get(name) or ReasonForm(), False))
    progress = cases.progress_of(case)
    history = list(case_workflow.history(case))
    for step in history:
        step.label = case_workflow.step_label(step.transition)
    return {
        "case": case,
        "state_label": case.state_label,
        "overdue": case_workflow.is_overdue(case),
        **cases.deadline_flags(case),
        "flow": cases.flow_steps(case, progress),
        "evidence": [(row, list(row.history.attachments.all())) for row in progress],
        "history": history,
        "forms": forms_,
        "last_step": last,
    }


@login_required
@require_GET
def case_detail(request, pk):
    case = cases.get_case_for_user(request.user, pk)
    return render(request, "powers/case_detail.html", _detail_context(request, case))


@login_required
@require_POST
def case_step(request, pk, step):
    case = cases.get_case_for_user(request.user, pk)
    attachments = request.FILES.getlist("attachments")
    if step == "complete":
        form = ConcludeForm(request.POST) if cases.is_last_step(case) else CompleteForm(request.POST)
        form.is_valid()
        data = form.cleaned_data
        action = lambda: cases.complete_step(  # noqa: E731
            request.user, case, comment=data.get("comment", ""), attachments=attachments,
            result=data.get("result"), result_text=data.get("result_text", ""),
        )
    elif step in REASON_STEPS:
        form = ReasonForm(request.POST)
        form.is_valid()
        action = lambda: REASON_STEPS[step](  # noqa: E731
            request.user, case, reason=form.cleaned_data.get("reason", ""), attachments=attachments
        )
    else:
        raise Http404(_("未找到该记录。"))
    try:
        action()
    except ValidationError as error:
        if hasattr(error, "error_dict") and "attachments" in error.error_dict:
            form.add_error(None, error.error_dict.pop("attachments")[0].messages)
            if error.error_dict:
                add_action_errors(form, error)
        else:
            add_action_errors(form, error)
    else:
        messages.success(request, _("已办理。"))
        return redirect("powers:case_detail", case.pk)
    case = cases.get_case_for_user(request.user, pk)
    context = _detail_context(request, case, {step: form})
    if not any(name == step for name, *_rest in context["forms"]):
        context["page_errors"] = form.non_field_errors() or [_("当前状态下不能执行此操作。")]
    return render(request, "powers/case_detail.html", context, status=422)
