"""重大事项备案 pages: list, file a matter, detail with the township's review, the county threshold."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from xiangzhi.accounts.permissions import posts_with_capability, require_capability
from xiangzhi.core.forms import add_action_errors
from xiangzhi.core.scope import prefix_q

from . import filings
from .filings import filing_workflow
from .forms import CommentForm, FilingForm, ReasonForm, ThresholdForm
from .models import FilingKind, FilingState
from .villages import scope_villages, village_for_request

PER_PAGE = 30
STEP_FORMS = {"approve": CommentForm, "return": ReasonForm}


@login_required
@require_GET
def filing_list(request):
    require_capability(request.user, "filing.view")
    queryset = filings.visible_filings(request.user)
    state = request.GET.get("state", "")
    if state in FilingState.values:
        queryset = queryset.filter(state=state)
    village = request.GET.get("village", "").strip()
    if village:
        queryset = queryset.filter(prefix_q("region", village))
    page = Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "finance/filings/list.html", {
        "page": page, "states": FilingState.choices, "state": state,
        "can_submit": bool(posts_with_capability(request.user, filings.SUBMIT)),
        "can_set_threshold": bool(posts_with_capability(request.user, filings.THRESHOLD)),
    })


@login_required
def filing_create(request):
    village = village_for_request(request, filings.SUBMIT)
    if village is None:
        return render(request, "finance/choose_village.html", {
            "villages": scope_villages(request.user, filings.SUBMIT)[:200], "target": "finance:filing_create",
        })
    form = FilingForm(request.POST or None, request.FILES or None, initial={"kind": request.GET.get("kind")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            filing = filings.submit_filing(
                request.user, village.code, kind=data["kind"], title=data["title"], amount_fen=data["amount"] or 0,
                description=data["description"], resolution=data["resolution"],
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("重大事项已报备,等待乡镇审核。"))
            return redirect("finance:filing_detail", filing.pk)
    return render(request, "finance/filings/create.html", {"form": form, "village": village})


def _detail_context(request, filing, forms_=None):
    forms_ = forms_ or {}
    allowed = filing_workflow.allowed_transitions(request.user, filing)
    history = list(filing_workflow.history(filing))
    for step in history:
        step.label = filing_workflow.step_label(step.transition)
    return {
        "filing": filing, "history": history, "state_label": filing_workflow.state_label(filing.state),
        "steps": [(t, forms_.get(t.name) or STEP_FORMS[t.name]()) for t in allowed],
    }


@login_required
@require_GET
def filing_detail(request, pk):
    filing = filings.get_filing_for_user(request.user, pk)
    return render(request, "finance/filings/detail.html", _detail_context(request, filing))


@login_required
@require_GET
def filing_resolution(request, pk):
    from django.http import FileResponse

    filing = filings.get_filing_for_user(request.user, pk)
    return FileResponse(filing.resolution.open("rb"), as_attachment=True, filename=filing.resolution_name)


@login_required
@require_POST
def filing_step(request, pk, step):
    filing = filings.get_filing_for_user(request.user, pk)
    if step not in STEP_FORMS:
        raise Http404(_("未找到该记录。"))
    form = STEP_FORMS[step](request.POST)
    if form.is_valid():
        try:
            if step == "approve":
                filings.approve_filing(request.user, filing, comment=form.cleaned_data["comment"])
            else:
                filings.return_filing(request.user, filing, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("已%(step)s。") % {"step": filing_workflow.transition(step).label})
            return redirect("finance:filing_detail", filing.pk)
    filing = filings.get_filing_for_user(request.user, pk)
    context = _detail_context(request, filing, {step: form})
    if not any(t.name == step for t, _f in context["steps"]):
        context["page_errors"] = form.non_field_errors() or [_("当前状态下不能执行此操作。")]
    return render(request, "finance/filings/detail.html", context)


@login_required
def threshold(request):
    posts = posts_with_capability(request.user, filings.THRESHOLD)
    if not posts:
        require_capability(request.user, filings.THRESHOLD)
    county = posts[0].region_id[:6]
    form = ThresholdForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            filings.set_threshold(request.user, county, amount_fen=form.cleaned_data["amount"])
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("备案金额标准已更新。"))
            return redirect("finance:threshold")
    return render(request, "finance/filings/threshold.html", {
        "form": form, "county": county, "current": filings.threshold_fen(county), "kinds": FilingKind.choices,
    })
