"""Pages of the 村规民约 / 自治章程: versions, drafting, adoption, 备案, and the public page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from xiangzhi.accounts.permissions import can, require_capability
from xiangzhi.core.workflow import history
from xiangzhi.translog import log

from . import charters
from .charters import LOG_KIND, MANAGE, REVIEW
from .models import Charter, CharterKind, CharterState
from .views import PER_PAGE, error_dict, managed_villages


def _list_context(request, **extra):
    require_capability(request.user, Charter.view_capability)
    queryset = charters.visible_charters(request.user).exclude(state=CharterState.SUPERSEDED)
    return {
        "page": Paginator(queryset, PER_PAGE).get_page(request.GET.get("page")),
        "villages": managed_villages(request.user, MANAGE),
        "kinds": CharterKind.choices,
        "errors": extra.pop("errors", {}), "values": extra.pop("values", {}),
    }


@login_required
@require_GET
def charter_list(request):
    return render(request, "elections/charters.html", _list_context(request))


@login_required
@require_POST
def charter_create(request):
    articles = request.POST.get("articles")
    try:
        charter = charters.create_charter(
            request.user, region=request.POST.get("region"), kind=request.POST.get("kind"),
            title=request.POST.get("title"), articles=articles if (articles or "").strip() else None,
        )
    except ValidationError as error:
        return render(request, "elections/charters.html",
                      _list_context(request, errors=error_dict(error), values=request.POST), status=422)
    messages.success(request, _("已创建第 %(version)d 版草案。") % {"version": charter.version})
    return redirect("elections:charter_detail", charter.pk)


def _detail_context(request, charter, **extra):
    articles = charters.articles_of(charter)
    returned = set(charter.returned_articles or [])
    for article in articles:
        article.to_correct = article.number in returned
    return {
        "charter": charter,
        "articles": articles,
        "articles_text": "\n".join(article.text for article in articles),
        "versions": charters.versions_of(charter),
        "history": history(charter),
        "may_manage": can(request.user, MANAGE, charter.region_id),
        "may_review": can(request.user, REVIEW, charter.region_id),
        "log_entry": log.entry_for(charter, LOG_KIND) if charter.state == CharterState.APPROVED else None,
        "errors": extra.pop("errors", {}), "values": extra.pop("values", {}), "form": extra.pop("form", ""),
    }


@login_required
@require_GET
def charter_detail(request, pk):
    charter = charters.get_charter_for_user(request.user, pk)
    return render(request, "elections/charter_detail.html", _detail_context(request, charter))


def _step(request, pk, form, step, success):
    charter = charters.get_charter_for_user(request.user, pk)
    try:
        step(charter)
    except ValidationError as error:
        context = _detail_context(request, charter, errors=error_dict(error), values=request.POST, form=form)
        return render(request, "elections/charter_detail.html", context, status=422)
    messages.success(request, success)
    return redirect("elections:charter_detail", charter.pk)


@login_required
@require_POST
def charter_edit(request, pk):
    return _step(request, pk, "edit", lambda charter: charters.update_articles(
        request.user, charter, articles=request.POST.get("articles"), title=request.POST.get("title"),
    ), _("条款已保存。"))


@login_required
@require_POST
def charter_adopt(request, pk):
    return _step(request, pk, "adopt", lambda charter: charters.adopt_charter(
        request.user, charter, resolution_id=(request.POST.get("resolution") or "").strip(),
    ), _("已记录村民会议通过。"))


@login_required
@require_POST
def charter_file(request, pk):
    return _step(request, pk, "file", lambda charter: charters.file_charter(request.user, charter),
                 _("已报乡镇备案。"))


@login_required
@require_POST
def charter_review(request, pk):
    if request.POST.get("decision") == "approve":
        return _step(request, pk, "review", lambda charter: charters.approve_charter(
            request.user, charter, comment=request.POST.get("comment")), _("备案通过,已公开。"))
    return _step(request, pk, "review", lambda charter: charters.return_charter(
        request.user, charter, articles=request.POST.get("articles"), comment=request.POST.get("comment"),
    ), _("已退回修改。"))


@login_required
@require_POST
def charter_new_version(request, pk):
    charter = charters.get_charter_for_user(request.user, pk)
    try:
        draft = charters.create_charter(request.user, region=charter.region_id, kind=charter.kind)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("elections:charter_detail", charter.pk)
    messages.success(request, _("已创建第 %(version)d 版草案。") % {"version": draft.version})
    return redirect("elections:charter_detail", draft.pk)


@require_GET
def public_charter(request, pk):
    charter = charters.public_charter(pk)
    return render(request, "elections/public_charter.html", {
        "charter": charter, "articles": charters.articles_of(charter), "log_entry": log.entry_for(charter, LOG_KIND),
    })
