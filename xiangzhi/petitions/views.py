"""Pages, phone-first. Thin: a scoped fetch, raw values, one action, a response."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xiangzhi.accounts.permissions import can, require_capability
from xiangzhi.people.models import Resident
from xiangzhi.regions.models import Region

from . import actions, queries
from .models import PetitionState, VisitKind


def _errors(error):
    return error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}


@login_required
@require_GET
def special_list(request):
    # Open to every signed-in user: someone outside the registry sees an empty list, not a refusal
    # that would differ from a designated user's empty list.
    persons = list(queries.visible_special(request.user))
    actions.audit_special_view(request.user, persons, what="list")
    return render(request, "petitions/special_list.html", {"persons": persons})


@login_required
@require_http_methods(["GET", "POST"])
def special_detail(request, pk):
    person = queries.get_special_for_user(request.user, pk)
    errors, values = {}, {}
    if request.method == "POST":
        values = request.POST
        try:
            actions.record_special_visit(request.user, person, kind=values.get("kind"),
                                         visited_on=values.get("visited_on"), note=values.get("note"))
        except ValidationError as error:
            errors = _errors(error)
        else:
            messages.success(request, _("走访已记录。"))
            return redirect("petitions:special_detail", person.pk)
    actions.audit_special_view(request.user, [person], what="view")
    return render(request, "petitions/special_detail.html", {
        "person": person, "visits": person.visits.all(), "kinds": VisitKind.choices,
        "errors": errors, "values": values,
    }, status=422 if errors else 200)


@login_required
@require_GET
def petition_list(request):
    require_capability(request.user, "petition.view")
    queryset = queries.visible_petitions(request.user)
    overdue = request.GET.get("overdue") == "1"
    if overdue:
        queryset = queryset.overdue()
    petitions = queries.shown_petitioner(list(queryset[:200]), request.user)
    return render(request, "petitions/petition_list.html", {
        "petitions": petitions, "overdue": overdue, "by_township": queries.overdue_by_township(request.user),
    })


@login_required
@require_http_methods(["GET", "POST"])
def petition_register(request):
    require_capability(request.user, "petition.handle")
    errors, values = {}, request.POST
    if request.method == "POST":
        village = Region.objects.filter(code=values.get("village", "").strip()).first()
        petitioner = Resident.objects.visible_to(request.user).filter(
            pk=values.get("petitioner") if (values.get("petitioner") or "").isdigit() else None).first()
        try:
            petition = actions.register_petition(
                request.user, village=village, petitioner=petitioner, subject=values.get("subject"),
                facts=values.get("facts"), received_on=values.get("received_on"),
                respondent_name=values.get("respondent_name", ""),
            )
        except ValidationError as error:
            errors = _errors(error)
        else:
            messages.success(request, _("信访事项已登记。"))
            return redirect("petitions:petition_detail", petition.pk)
    return render(request, "petitions/petition_register.html", {"errors": errors, "values": values},
                  status=422 if errors else 200)


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


@login_required
@require_GET
def certificates(request):
    require_capability(request.user, "enforcement.view")
    board = queries.certificate_board(request.user)
    return render(request, "petitions/certificates.html", {
        **board, "officers": queries.visible_officers(request.user).prefetch_related("certificates")[:500],
    })


@login_required
@require_GET
def centres(request):
    require_capability(request.user, "petition.view")
    counties = {post.region_id[:6] for post in request.user.posts.active() if len(post.region_id) >= 6}
    return render(request, "petitions/centres.html", {
        "centres": queries.visible_centres(request.user)[:1000],
        "shares": [(code, queries.standardisation_share(request.user, code)) for code in sorted(counties)],
    })
