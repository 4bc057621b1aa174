"""信访代办 pages, phone-first. Thin: a scoped fetch, raw values, one action, a response."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xiangzhi.accounts.permissions import can, posts_with_capability, require_capability
from xiangzhi.core.forms import add_action_errors
from xiangzhi.regions.models import Region

from . import actions, queries
from .forms import PetitionFilterForm, PetitionForm, find_resident
from .models import PetitionState

PER_PAGE = 30


def _errors(error):
    return error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}


@login_required
@require_GET
def petition_list(request):
    require_capability(request.user, "petition.view")
    filters = PetitionFilterForm(request.GET)
    filters.is_valid()
    state, overdue = filters.cleaned_data.get("state"), filters.cleaned_data.get("overdue")
    queryset = queries.visible_petitions(request.user)
    if state:
        queryset = queryset.filter(state=state)
    if overdue:
        queryset = queryset.overdue()
    page = Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
    queries.shown_petitioner(page.object_list, request.user)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "petitions/petition_list.html", {
        "page": page, "petitions": page.object_list, "filters": filters, "overdue": overdue,
        "query": query.urlencode(), "by_township": queries.overdue_by_township(request.user),
        "may_register": bool(posts_with_capability(request.user, "petition.handle")),
    })


@login_required
@require_http_methods(["GET", "POST"])
def petition_register(request):
    require_capability(request.user, "petition.handle")
    form = PetitionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        village = Region.objects.filter(code=data["village"]).first() if data["village"] else None
        petitioner = find_resident(request.user, "people.view", data["petitioner"])
        try:
            petition = actions.register_petition(
                request.user, village=village, petitioner=petitioner, subject=data["subject"],
                facts=data["facts"], received_on=data["received_on"], respondent_name=data["respondent_name"],
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("信访事项已登记。"))
            return redirect("petitions:petition_detail", petition.pk)
    return render(request, "petitions/petition_register.html", {"form": form},
                  status=422 if form.errors else 200)


STEP_LABELS = {
    "accept": _("受理"), "reply": _("书面答复"), "request_review": _("登记复查请求"),
    "answer_review": _("复查意见"), "request_recheck": _("登记复核请求"), "answer_recheck": _("复核意见"),
}
STEP_FROM = {
    "accept": PetitionState.RECEIVED, "reply": PetitionState.ACCEPTED, "request_review": PetitionState.REPLIED,
    "answer_review": PetitionState.REVIEW_REQUESTED, "request_recheck": PetitionState.REVIEWED,
    "answer_recheck": PetitionState.RECHECK_REQUESTED,
}


@login_required
@require_GET
def petition_detail(request, pk):
    return _render_detail(request, pk)


def _render_detail(request, pk, errors=None, status=200):
    petition = queries.shown_petitioner([queries.get_petition_for_user(request.user, pk)], request.user)[0]
    handles = can(request.user, "petition.handle", petition.region_id)
    steps = [(name, STEP_LABELS[name]) for name, state in STEP_FROM.items() if handles and state == petition.state]
    return render(request, "petitions/petition_detail.html", {
        "petition": petition, "steps": steps, "errors": errors or {},
        "may_extend": handles and petition.state == PetitionState.ACCEPTED and not petition.extension_days,
    }, status=status)


@login_required
@require_POST
def petition_step(request, pk, step):
    petition = queries.get_petition_for_user(request.user, pk)
    try:
        if step == "extend":
            actions.extend_petition(request.user, petition, days=request.POST.get("days"),
                                    reason=request.POST.get("reason"))
        elif step in actions.PETITION_STEPS:
            actions.PETITION_STEPS[step](request.user, petition, on=request.POST.get("on"))
        else:
            return _render_detail(request, pk, {"__all__": [_("没有这个步骤。")]}, 422)
    except ValidationError as error:
        return _render_detail(request, pk, _errors(error), 422)
    messages.success(request, _("已保存。"))
    return redirect("petitions:petition_detail", pk)
