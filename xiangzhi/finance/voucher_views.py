"""Voucher pages: list, record (one phone screen), detail with its steps, reverse."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from xiangzhi.accounts.permissions import can, require_capability
from xiangzhi.core.forms import add_action_errors
from xiangzhi.core.scope import prefix_q

from . import vouchers
from .filings import open_filings, threshold_fen
from .forms import ApproveForm, CommentForm, ReasonForm, VoucherForm
from .models import FilingKind, FundAccount, VoucherState
from .views import VIEW
from .villages import scope_villages, village_for_request
from .vouchers import voucher_workflow

PER_PAGE = 30


@login_required
@require_GET
def voucher_list(request):
    require_capability(request.user, VIEW)
    queryset = vouchers.visible_vouchers(request.user)
    village = request.GET.get("village", "").strip()
    if village:
        queryset = queryset.filter(prefix_q("region", village))
    state = request.GET.get("state", "")
    if state in VoucherState.values:
        queryset = queryset.filter(state=state)
    elif state == "pending":
        queryset = queryset.filter(state__in=vouchers.PENDING_STATES)
    page = Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "finance/vouchers/list.html", {
        "page": page, "states": VoucherState.choices, "state": state, "village": village, "query": query.urlencode(),
    })


@login_required
def voucher_create(request):
    village = village_for_request(request, vouchers.RECORD)
    if village is None:
        return render(request, "finance/choose_village.html", {
            "villages": scope_villages(request.user, vouchers.RECORD)[:200], "target": "finance:voucher_create",
        })
    accounts = list(FundAccount.objects.filter(region=village).order_by("kind", "id"))
    form = VoucherForm(request.POST or None, accounts=accounts)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            voucher = vouchers.record_voucher(
                request.user, village.code, direction=data["direction"], category=data["category"],
                account_id=data["account"], counterparty=data["counterparty"], summary=data["summary"],
                date=data["date"], lines=form.lines(), total_fen=data["total"],
                attachments=request.FILES.getlist("attachments"),
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("凭证 %(number)s 已登记,等待村务监督委员会审核。") % {"number": voucher.number})
            return redirect("finance:voucher_detail", voucher.pk)
    return render(request, "finance/vouchers/create.html", {
        "form": form, "village": village, "accounts": accounts,
        "threshold": threshold_fen(village.code),
    })


STEP_FORMS = {
    "review": CommentForm, "approve": ApproveForm, "post": CommentForm,
    "return_review": ReasonForm, "return_approve": ReasonForm,
}


def _step_form(step, voucher, data=None):
    if step == "approve":
        return ApproveForm(data, filings=open_filings(voucher.region_id, FilingKind.LARGE_EXPENSE))
    return STEP_FORMS[step](data)


def _detail_context(request, voucher, forms_=None):
    allowed = voucher_workflow.allowed_transitions(request.user, voucher)
    forms_ = forms_ or {}
    steps = [(t, forms_.get(t.name) or _step_form(t.name, voucher)) for t in allowed]
    history = list(voucher_workflow.history(voucher))
    for step in history:
        step.label = voucher_workflow.step_label(step.transition)
    reversal = voucher.reversals.exclude(state=VoucherState.RETURNED).first()
    return {
        "voucher": voucher, "lines": voucher.lines.all(), "history": history, "steps": steps,
        "state_label": voucher_workflow.state_label(voucher.state),
        "needs_filing": vouchers.needs_filing(voucher) and voucher.state != VoucherState.POSTED,
        "reversal": reversal,
        "can_reverse": (
            voucher.state == VoucherState.POSTED and not voucher.is_reversal and reversal is None
            and can(request.user, vouchers.RECORD, voucher.region_id)
        ),
        "reverse_form": forms_.get("reverse") or ReasonForm(),
    }


@login_required
@require_GET
def voucher_detail(request, pk):
    voucher = vouchers.get_voucher_for_user(request.user, pk)
    return render(request, "finance/vouchers/detail.html", _detail_context(request, voucher))


@login_required
@require_POST
def voucher_step(request, pk, step):
    voucher = vouchers.get_voucher_for_user(request.user, pk)
    if step not in STEP_FORMS:
        raise Http404(_("未找到该记录。"))
    form = _step_form(step, voucher, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if step == "review":
                vouchers.review_voucher(request.user, voucher, comment=data["comment"])
            elif step == "approve":
                vouchers.approve_voucher(request.user, voucher, filing=data["filing"] or None, comment=data["comment"])
            elif step == "post":
                vouchers.post_voucher(request.user, voucher, comment=data["comment"])
            else:
                vouchers.return_voucher(request.user, voucher, reason=data["reason"])
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("已%(step)s。") % {"step": voucher_workflow.transition(step).label})
            return redirect("finance:voucher_detail", voucher.pk)
    voucher = vouchers.get_voucher_for_user(request.user, pk)
    context = _detail_context(request, voucher, {step: form})
    if not any(transition.name == step for transition, _form in context["steps"]):
        context["page_errors"] = form.non_field_errors() or [_("当前状态下不能执行此操作。")]
    return render(request, "finance/vouchers/detail.html", context)


@login_required
@require_POST
def voucher_reverse(request, pk):
    voucher = vouchers.get_voucher_for_user(request.user, pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            reversal = vouchers.reverse_voucher(
                request.user, voucher, reason=form.cleaned_data["reason"],
                attachments=request.FILES.getlist("attachments"),
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("冲销凭证 %(number)s 已登记,审核入账后冲销生效。") % {"number": reversal.number})
            return redirect("finance:voucher_detail", reversal.pk)
    context = _detail_context(request, voucher, {"reverse": form})
    context["page_errors"] = form.non_field_errors()
    return render(request, "finance/vouchers/detail.html", context)
