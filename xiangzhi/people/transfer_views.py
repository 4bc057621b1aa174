"""Pages of the household transfer procedure: list, request, detail with its steps."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from xiangzhi.accounts.permissions import require, require_capability
from xiangzhi.core.forms import add_action_errors

from . import transfers
from .models import Household, HouseholdTransfer
from .transfers import transfer_workflow

PER_PAGE = 20
DIRECTIONS = {"incoming": gettext_lazy("迁入"), "outgoing": gettext_lazy("迁出")}


class TransferRequestForm(forms.Form):
    to_region = forms.CharField(
        label=gettext_lazy("迁入村"), max_length=15,
        error_messages={"required": gettext_lazy("请选择迁入村。")},
    )
    reason = forms.CharField(
        label=gettext_lazy("迁移原因"), widget=forms.Textarea(attrs={"rows": 3}),
        max_length=transfers.REASON_MAX_LENGTH,
        error_messages={"required": gettext_lazy("请填写迁移原因。")},
    )


class AcceptForm(forms.Form):
    # A plain field with a select: whether the choice is allowed is the procedure's guard.
    destination = forms.CharField(
        label=gettext_lazy("迁入屯"), max_length=15, widget=forms.Select,
        error_messages={"required": gettext_lazy("请选择迁入的屯。")},
    )
    comment = forms.CharField(label=gettext_lazy("意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, transfer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["destination"].widget.choices = [("", "—")] + [
            (region.code, f"{region.name}({region.code})") for region in transfers.destination_options(transfer)
        ]


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("退回理由"), widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": gettext_lazy("请填写退回的理由。")},
    )


class CancelForm(forms.Form):
    comment = forms.CharField(label=gettext_lazy("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


STEP_FORMS = {"accept": AcceptForm, "reject": RejectForm, "cancel": CancelForm}


@login_required
@require_GET
def transfer_list(request):
    require_capability(request.user, HouseholdTransfer.view_capability)
    direction = request.GET.get("direction")
    if direction not in DIRECTIONS:
        direction = "incoming"
    only_overdue = request.GET.get("overdue") in ("1", "true")
    queryset = transfers.in_direction(transfers.visible_transfers(request.user), request.user, direction)
    if only_overdue:
        queryset = transfer_workflow.overdue(queryset)
    page = Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
    now = timezone.now()
    for transfer in page.object_list:
        transfer.state_label = transfer_workflow.state_label(transfer.state)
        transfer.overdue = transfer_workflow.is_overdue(transfer, now)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "people/transfers/list.html", {
        "page": page, "direction": direction, "directions": DIRECTIONS, "only_overdue": only_overdue,
        "query": query.urlencode(),
    })


def _household_for_request(request, household_id):
    try:
        household_id = int(household_id)
    except (TypeError, ValueError):
        raise Http404(_("未找到该记录。")) from None
    household = Household.objects.visible_to(request.user).select_related("region").filter(pk=household_id).first()
    if household is None:
        raise Http404(_("未找到该记录。"))
    require(request.user, transfers.REQUEST, transfers.village_code_of(household.region_id))
    return household


def _village_choices(household, query, chosen):
    own_village = transfers.village_code_of(household.region_id)
    if query:
        villages = transfers.find_villages(query, exclude=own_village)
    else:
        villages = transfers.neighbour_villages(own_village)
    codes = {village.code for village in villages}
    if chosen and chosen not in codes:
        villages = transfers.find_villages(chosen, limit=1) + villages
    return villages


@login_required
def transfer_create(request):
    household_id = request.GET.get("household") or request.POST.get("household")
    if not household_id:
        # A transfer starts from a household: send the cadre to pick one in the registry.
        require_capability(request.user, transfers.REQUEST)
        return render(request, "people/transfers/pick_household.html")
    household = _household_for_request(request, household_id)
    query = request.GET.get("q", "").strip()
    if request.method == "POST":
        form = TransferRequestForm(request.POST)
        if form.is_valid():
            try:
                transfer = transfers.request_transfer(
                    request.user, household, to_region=form.cleaned_data["to_region"],
                    reason=form.cleaned_data["reason"], attachments=request.FILES.getlist("attachments"),
                )
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(request, _("迁移申请已提交,等待迁入村接收。"))
                return redirect("people:transfer_detail", transfer.pk)
    else:
        form = TransferRequestForm(initial={"to_region": request.GET.get("to_region", "")})
    chosen = (form.data.get("to_region") if form.is_bound else form.initial.get("to_region")) or ""
    return render(request, "people/transfers/create.html", {
        "form": form, "household": household, "summary": transfers.household_summary(household),
        "villages": _village_choices(household, query, chosen), "chosen": chosen, "query": query,
    })


@login_required
@require_GET
def village_options(request):
    """htmx: the <option>s of the destination select for a search by code, name or pinyin."""
    household = _household_for_request(request, request.GET.get("household"))
    query = request.GET.get("q", "").strip()
    villages = _village_choices(household, query, "")
    return render(request, "people/transfers/village_options.html", {"villages": villages, "query": query})


def _labelled(steps):
    steps = list(steps)
    for step in steps:
        step.label = transfer_workflow.step_label(step.transition)
    return steps


def _detail_context(request, transfer, forms_=None):
    allowed = transfer_workflow.allowed_transitions(request.user, transfer)
    step_forms = forms_ or {}
    for transition in allowed:
        if transition.name not in step_forms:
            form_class = STEP_FORMS[transition.name]
            step_forms[transition.name] = (
                form_class(transfer=transfer) if form_class is AcceptForm else form_class()
            )
    return {
        "transfer": transfer,
        "state_label": transfer_workflow.state_label(transfer.state),
        "overdue": transfer_workflow.is_overdue(transfer),
        "incoming": transfers.is_incoming(transfer, request.user),
        "history": _labelled(transfer_workflow.history(transfer)),
        "steps": [(transition, step_forms[transition.name]) for transition in allowed],
        "household_visible": Household.objects.visible_to(request.user).filter(pk=transfer.household_id).exists(),
    }


@login_required
@require_GET
def transfer_detail(request, pk):
    transfer = transfers.get_transfer_for_user(request.user, pk)
    return render(request, "people/transfers/detail.html", _detail_context(request, transfer))


@login_required
@require_POST
def transfer_step(request, pk, step):
    transfer = transfers.get_transfer_for_user(request.user, pk)
    form_class = STEP_FORMS.get(step)
    if form_class is None:
        raise Http404(_("未找到该记录。"))
    form = form_class(request.POST, transfer=transfer) if form_class is AcceptForm else form_class(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        attachments = request.FILES.getlist("attachments")
        try:
            if step == "accept":
                transfers.accept_transfer(
                    request.user, transfer, destination=data["destination"], comment=data["comment"],
                    attachments=attachments,
                )
            elif step == "reject":
                transfers.reject_transfer(request.user, transfer, reason=data["reason"], attachments=attachments)
            else:
                transfers.cancel_transfer(request.user, transfer, comment=data["comment"], attachments=attachments)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("已%(step)s。") % {"step": transfer_workflow.transition(step).label})
            return redirect("people:transfer_detail", transfer.pk)
    transfer = transfers.get_transfer_for_user(request.user, pk)
    context = _detail_context(request, transfer, {step: form})
    if not any(transition.name == step for transition, _form in context["steps"]):
        # The step is no longer possible (taken by someone else, or not this user's):
        # show the reason above the page.
        context["page_errors"] = form.non_field_errors() or [_("当前状态下不能执行此操作。")]
    return render(request, "people/transfers/detail.html", context)
