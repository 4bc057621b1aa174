"""Dispute pages: list with the board, intake, the file with its steps, the printable 调解协议书.
Thin: a scoped fetch, a form, one action, a response."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xiangzhi.accounts.permissions import can, posts_with_capability, require_capability
from xiangzhi.core.forms import add_action_errors
from xiangzhi.core.workflow import history
from xiangzhi.regions.models import Region

from . import actions, forms
from .actions import HANDLE, INTAKE, VIEW, dispute_workflow
from .committee_queries import hand_off_bodies, sealing_committees
from .models import Agreement, DisputeState, level_of
from .queries import board, disputes_for, get_dispute_for_user

PER_PAGE = 50


@login_required
@require_GET
def dispute_list(request):
    require_capability(request.user, VIEW)
    disputes = disputes_for(request.user)
    show = request.GET.get("show", "open")
    if show == "open":
        disputes = disputes.open()
    return render(request, "mediation/list.html", {
        "disputes": list(disputes[:PER_PAGE]), "board": board(request.user), "show": show,
        "can_intake": bool(posts_with_capability(request.user, INTAKE)),
    })


def intake_venues(user):
    """The village, township and county bodies the user may take disputes in at."""
    codes = [post.region_id[:12] for post in posts_with_capability(user, INTAKE)]
    return [region for region in Region.objects.filter(code__in=codes) if level_of(region.code)]


@login_required
@require_http_methods(["GET", "POST"])
def dispute_intake(request):
    require_capability(request.user, INTAKE)
    venues = intake_venues(request.user)
    form = forms.IntakeForm(request.POST or None, venues=venues)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            dispute = actions.intake_dispute(
                request.user, venue_code=data["venue_code"], dispute_type=data["dispute_type"],
                summary=data["summary"], parties=form.parties(), channel=data["channel"],
                amount_fen=int((data["amount_yuan"] or Decimal(0)) * 100), grid_event_id=data["grid_event_id"],
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("纠纷已受理,编号 %(number)d。") % {"number": dispute.pk})
            if can(request.user, VIEW, dispute.region_id) or can(request.user, VIEW, dispute.handler_region_id):
                return redirect("mediation:detail", dispute.pk)
            return redirect("mediation:intake")
    return render(request, "mediation/intake.html", {"form": form})


# An action's field that the page form calls otherwise.
STEP_RENAMES = {"to_region": "to_body", "committee": "committee_id"}

STEP_FORMS = {
    "hand_off": forms.HandOffForm,
    "extend": forms.ExtendForm,
    "refuse": forms.RefusalForm,
    "agree": forms.AgreementForm,
    "confirm": forms.ConfirmationForm,
    "fail": forms.FailureForm,
}


def form_kwargs(name, dispute, parties):
    """What a step's form needs to offer its choices."""
    if name == "hand_off":
        return {"bodies": hand_off_bodies(dispute)}
    if name == "agree":
        return {"parties": parties, "committees": sealing_committees(dispute)}
    if name == "refuse":
        return {"parties": parties}
    return {}


def step_forms(user, dispute, bound=None):
    """The step forms this user may use now, keyed by step (a bound one replaces its blank form)."""
    if not can(user, HANDLE, dispute.handler_region_id):
        return {}
    parties = list(dispute.parties.all())
    names = set()
    if dispute.state in (DisputeState.PENDING, DisputeState.MEDIATING):
        names |= {"hand_off", "refuse"}
    if dispute.state == DisputeState.MEDIATING:
        names |= {"agree", "fail"}
        if dispute.deadline and dispute.extended_at is None:
            names.add("extend")
    if dispute.state == DisputeState.AGREED:
        agreement = Agreement.objects.filter(dispute=dispute).first()
        if agreement and agreement.confirmation_applied_on is None:
            names.add("confirm")
    built = {}
    for name in sorted(names):
        if bound is not None and bound[0] == name:
            built[name] = bound
        else:
            built[name] = (name, STEP_FORMS[name](prefix=name, **form_kwargs(name, dispute, parties)))
    return dict(built.values())


def detail_context(user, dispute, bound=None):
    agreement = Agreement.objects.filter(dispute=dispute).first()
    return {
        "dispute": dispute,
        "state_label": dispute_workflow.state_label(dispute.state),
        "overdue": dispute_workflow.is_overdue(dispute),
        "parties": dispute.parties.select_related("resident"),
        "handoffs": dispute.handoffs.select_related("from_region", "to_region", "to_committee"),
        "steps": history(dispute),
        "agreement": agreement,
        "can_take": dispute.state == DisputeState.PENDING and can(user, HANDLE, dispute.handler_region_id),
        "forms": step_forms(user, dispute, bound),
    }


@login_required
@require_GET
def dispute_detail(request, pk):
    require_capability(request.user, VIEW)
    dispute = get_dispute_for_user(request.user, pk)
    return render(request, "mediation/detail.html", detail_context(request.user, dispute))


@login_required
@require_POST
def take(request, pk):
    require_capability(request.user, HANDLE)
    dispute = get_dispute_for_user(request.user, pk)
    try:
        actions.take_case(request.user, dispute)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("已接案,开始调解。"))
    return redirect("mediation:detail", dispute.pk)


def _run_step(user, dispute, name, form):
    data = form.cleaned_data
    if name == "hand_off":
        actions.hand_off(user, dispute, **form.action_data())
    elif name == "extend":
        actions.extend_deadline(user, dispute, **data)
    elif name == "refuse":
        actions.record_refusal(user, dispute, party_id=int(data["party_id"]), refused_on=data["refused_on"],
                               note=data["note"])
    elif name == "agree":
        actions.record_agreement(user, dispute, **form.action_data())
    elif name == "confirm":
        actions.apply_judicial_confirmation(user, dispute, **data)
    elif name == "fail":
        actions.record_failure(user, dispute, **data)


@login_required
@require_POST
def step(request, pk, name):
    if name not in STEP_FORMS:
        raise Http404(_("未找到该记录。"))
    require_capability(request.user, HANDLE)
    dispute = get_dispute_for_user(request.user, pk)
    form = STEP_FORMS[name](request.POST, prefix=name, **form_kwargs(name, dispute, list(dispute.parties.all())))
    if form.is_valid():
        try:
            _run_step(request.user, dispute, name, form)
        except ValidationError as error:
            add_action_errors(form, error, STEP_RENAMES)
        else:
            messages.success(request, _("已记录。"))
            return redirect("mediation:detail", dispute.pk)
    dispute.refresh_from_db()
    return render(request, "mediation/detail.html", detail_context(request.user, dispute, (name, form)), status=422)


@login_required
@require_GET
def agreement_document(request, pk):
    """调解协议书, printable on A4: one copy per party and one for the archive."""
    require_capability(request.user, VIEW)
    dispute = get_dispute_for_user(request.user, pk)
    agreement = Agreement.objects.filter(dispute=dispute).first()
    if agreement is None:
        raise Http404(_("未找到该记录。"))
    parties = list(dispute.parties.select_related("resident"))
    signed = {signature.party_id: signature for signature in agreement.signatures.all()}
    holders = [_("当事人 %(name)s 收执") % {"name": party.name} for party in parties] + [_("调解委员会存档")]
    copies = [{"number": n, "holder": holder, "total": len(holders)} for n, holder in enumerate(holders, start=1)]
    return render(request, "mediation/agreement_print.html", {
        "dispute": dispute, "agreement": agreement, "copies": copies,
        "parties": [(party, signed.get(party.pk)) for party in parties],
    })
