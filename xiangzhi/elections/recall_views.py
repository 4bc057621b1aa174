"""Pages of recall (罢免) and the yearly 民主评议."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from xiangzhi.accounts.permissions import can, require_capability

from . import appraisals, committee, recalls
from .elections import MANAGE
from .models import Rating, Recall, RecallBasis
from .views import PER_PAGE, error_dict, managed_villages


def _members_by_village(villages):
    return [(village, list(committee.current_members(village.code))) for village in villages]


def _list_context(request, **extra):
    require_capability(request.user, Recall.view_capability)
    return {
        "page": Paginator(recalls.visible_recalls(request.user), PER_PAGE).get_page(request.GET.get("page")),
        "appraisals": list(appraisals.visible_appraisals(request.user)[:PER_PAGE]),
        "recall_villages": _members_by_village(managed_villages(request.user)),
        "appraise_villages": _members_by_village(managed_villages(request.user, appraisals.APPRAISE)),
        "bases": RecallBasis.choices,
        "ratings": Rating.choices,
        "default_year": appraisals.default_year(),
        "errors": extra.pop("errors", {}),
        "values": extra.pop("values", {}),
        **extra,
    }


@login_required
@require_GET
def recall_list(request):
    return render(request, "elections/recalls.html", _list_context(request))


@login_required
@require_POST
def recall_create(request):
    try:
        recall = recalls.open_recall(
            request.user, region=request.POST.get("region"), membership=request.POST.get("membership"),
            basis=request.POST.get("basis"), reason=request.POST.get("reason"),
        )
    except ValidationError as error:
        return render(request, "elections/recalls.html",
                      _list_context(request, errors=error_dict(error), values=request.POST), status=422)
    messages.success(request, _("已登记罢免要求,开始征集联名。"))
    return redirect("elections:recall_detail", recall.pk)


def _recall_context(request, recall, **extra):
    valid, eligible, needed = recalls.tally(recall)
    return {
        "recall": recall, "valid": valid, "eligible": eligible, "needed": needed,
        "signatures": list(recall.signatures.select_related("resident").order_by("id")),
        "may_manage": can(request.user, MANAGE, recall.region_id),
        "pool": list(recalls.signers_pool(recall).order_by("name", "id").values_list("id", "name"))
        if can(request.user, MANAGE, recall.region_id) else [],
        "today": timezone.localdate(),
        "errors": extra.pop("errors", {}), "values": extra.pop("values", {}), "form": extra.pop("form", ""),
    }


@login_required
@require_GET
def recall_detail(request, pk):
    recall = recalls.get_recall_for_user(request.user, pk)
    return render(request, "elections/recall_detail.html", _recall_context(request, recall))


def _recall_step(request, pk, form, step, success):
    recall = recalls.get_recall_for_user(request.user, pk)
    try:
        step(recall)
    except ValidationError as error:
        context = _recall_context(request, recall, errors=error_dict(error), values=request.POST, form=form)
        return render(request, "elections/recall_detail.html", context, status=422)
    messages.success(request, success)
    return redirect("elections:recall_detail", recall.pk)


@login_required
@require_POST
def recall_sign(request, pk):
    return _recall_step(
        request, pk, "sign",
        lambda recall: recalls.sign_recall(request.user, recall, resident=request.POST.get("resident")),
        _("已登记联名。"),
    )


@login_required
@require_POST
def recall_initiate(request, pk):
    return _recall_step(request, pk, "initiate", lambda recall: recalls.initiate_recall(request.user, recall),
                        _("联名人数已达法定比例,罢免要求已提出。"))


@login_required
@require_POST
def recall_vote(request, pk):
    return _recall_step(
        request, pk, "vote",
        lambda recall: recalls.record_recall_vote(
            request.user, recall, registered=request.POST.get("registered"),
            ballots_cast=request.POST.get("ballots_cast"), approve=request.POST.get("approve"),
            voted_on=request.POST.get("voted_on") or None,
        ),
        _("已录入罢免表决结果。"),
    )


@login_required
@require_POST
def appraisal_create(request):
    ratings = {key.removeprefix("rating_"): value for key, value in request.POST.items() if key.startswith("rating_")}
    try:
        appraisal = appraisals.record_appraisal(
            request.user, region=request.POST.get("region"), year=request.POST.get("year"), ratings=ratings,
            held_on=request.POST.get("held_on") or None,
        )
    except ValidationError as error:
        return render(request, "elections/recalls.html",
                      _list_context(request, errors=error_dict(error), values=request.POST), status=422)
    messages.success(request, _("已录入民主评议结果。"))
    return redirect("elections:appraisal_detail", appraisal.pk)


@login_required
@require_GET
def appraisal_detail(request, pk):
    appraisal = appraisals.get_appraisal_for_user(request.user, pk)
    return render(request, "elections/appraisal_detail.html",
                  {"appraisal": appraisal, "ratings": appraisals.ratings_of(appraisal)})


# --- villagers sign for themselves ----------------------------------------------------------


@login_required
@require_GET
def recall_petitions(request):
    """Recall requests collecting signatures in the villager's village."""
    require_capability(request.user, recalls.PETITION)
    return render(request, "elections/petitions.html", {
        "recalls": list(recalls.petitionable_recalls(request.user)),
        "signed": recalls.signed_by(request.user),
    })


@login_required
@require_POST
def recall_self_sign(request, pk):
    recall = recalls.get_petitionable_recall(request.user, pk)
    try:
        recalls.sign_recall(request.user, recall)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("您已联名。"))
    return redirect("elections:petitions")
