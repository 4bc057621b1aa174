"""Pilot pages: the public showcase (no sign-in for published cases), the management list and
case pages in scope, the county brand coverage. Thin: a scoped fetch, one action, a response."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xiangzhi.accounts.permissions import can, posts_with_capability, require_capability
from xiangzhi.core.forms import add_action_errors
from xiangzhi.core.workflow import history
from xiangzhi.regions.actions import GRANT

from . import actions, forms, queries
from .models import PILOT_VIEW, CaseFile, CaseKind, CaseState

PAGE_SIZE = 20


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


# --- public showcase -------------------------------------------------------------------------


@require_GET
def showcase(request):
    kind = request.GET.get("kind", "")
    region = request.GET.get("county") or request.GET.get("city") or ""
    tag = request.GET.get("tag", "").strip()
    query = urlencode({key: value for key, value in request.GET.items() if key != "page" and value})
    return render(request, "pilots/showcase.html", {
        "page": _page(request, queries.showcase(kind=kind, region=region, tag=tag)), "query": query,
        "filters": queries.showcase_filters(), "kinds": CaseKind.choices,
        "selected": {"kind": kind, "city": request.GET.get("city", ""), "county": request.GET.get("county", ""),
                     "tag": tag},
    })


@require_GET
def showcase_case(request, pk):
    case = queries.get_readable_case(request.user, pk)
    return render(request, "pilots/showcase_case.html", {
        "case": case, "preview": case.state != CaseState.PUBLISHED,
        "documents": [item for item in case.files.all() if not item.is_photo],
        "photos": [item for item in case.files.all() if item.is_photo],
    })


@require_GET
def case_file(request, pk):
    item = queries.get_readable_file(request.user, pk)
    filename = f"{item.title}.{item.extension}"
    response = FileResponse(item.file.open("rb"), content_type=item.content_type,
                            as_attachment=not item.is_photo and request.GET.get("inline") != "1", filename=filename)
    response["Cache-Control"] = "private, max-age=300"
    return response


# --- management --------------------------------------------------------------------------------


@login_required
@require_GET
def case_list(request):
    require_capability(request.user, PILOT_VIEW)
    state, kind, tag = request.GET.get("state", ""), request.GET.get("kind", ""), request.GET.get("tag", "").strip()
    query = urlencode({key: value for key, value in request.GET.items() if key != "page" and value})
    return render(request, "pilots/list.html", {
        "page": _page(request, queries.managed_cases(request.user, state=state, kind=kind, tag=tag)),
        "query": query, "states": CaseState.choices, "kinds": CaseKind.choices,
        "selected": {"state": state, "kind": kind, "tag": tag},
        "may_create": bool(posts_with_capability(request.user, actions.MANAGE)),
    })


@login_required
@require_http_methods(["GET", "POST"])
def case_create(request):
    require_capability(request.user, actions.MANAGE)
    form = forms.CaseForm(request.POST or None, user=request.user)
    if request.method == "POST":
        try:
            case = actions.create_case(
                request.user, request.POST.get("region"), kind=request.POST.get("kind"),
                title=request.POST.get("title"), summary=request.POST.get("summary"), body=request.POST.get("body"),
                year=request.POST.get("year"), tags=request.POST.get("tags"),
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("案例草稿已保存,可上传文件材料和照片后提交审核。"))
            return redirect("pilots:case", pk=case.pk)
    return render(request, "pilots/case_form.html", {"form": form, "case": None},
                  status=422 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def case_edit(request, pk):
    case = queries.get_case_for_user(request.user, pk)
    initial = {"kind": case.kind, "title": case.title, "year": case.year, "summary": case.summary,
               "body": case.body, "tags": " ".join(tag.name for tag in case.tags.all()),
               "designation": case.designation_id or ""}
    form = forms.CaseForm(request.POST or None, initial=initial, case=case)
    if request.method == "POST":
        try:
            actions.update_case(
                request.user, case, kind=request.POST.get("kind"), title=request.POST.get("title"),
                summary=request.POST.get("summary"), body=request.POST.get("body"), year=request.POST.get("year"),
                tags=request.POST.get("tags"), designation_id=request.POST.get("designation"),
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("已保存。"))
            return redirect("pilots:case", pk=case.pk)
    return render(request, "pilots/case_form.html", {"form": form, "case": case},
                  status=422 if form.errors else 200)


def _refusal(error):
    """A refusal that names no field (a step not possible now): shown at the top of the page."""
    return [] if hasattr(error, "error_dict") else error.messages


def _case_page(request, case, *, file_form=None, publish_form=None, return_form=None, withdraw_form=None,
               refusal=(), status=200):
    may_grant = can(request.user, GRANT, case.region_id)
    return render(request, "pilots/case.html", {
        "case": case, "refusal": refusal, "history": [
            {"step": step, "label": actions.case_workflow.step_label(step.transition),
             "state": actions.case_workflow.state_label(step.to_state)} for step in history(case)],
        "documents": [item for item in case.files.all() if not item.is_photo],
        "photos": [item for item in case.files.all() if item.is_photo],
        "may_manage": actions.may_manage(request.user, case),
        "may_publish": actions.may_publish(request.user, case),
        "file_form": file_form or forms.FileForm(auto_id="file_%s"),
        "publish_form": publish_form or forms.PublishForm(case=case, may_grant=may_grant, auto_id="publish_%s"),
        "return_form": return_form or forms.ReasonForm(auto_id="return_%s"),
        "withdraw_form": withdraw_form or forms.ReasonForm(auto_id="withdraw_%s"),
    }, status=status)


@login_required
@require_GET
def case_detail(request, pk):
    return _case_page(request, queries.get_case_for_user(request.user, pk))


@login_required
@require_POST
def case_file_add(request, pk):
    case = queries.get_case_for_user(request.user, pk)
    form = forms.FileForm(request.POST, request.FILES, auto_id="file_%s")
    try:
        actions.add_file(request.user, case, kind=request.POST.get("kind"), title=request.POST.get("title"),
                         upload=request.FILES.get("file"))
    except ValidationError as error:
        add_action_errors(form, error)
        return _case_page(request, case, file_form=form, refusal=_refusal(error), status=422)
    messages.success(request, _("已上传。"))
    return redirect("pilots:case", pk=pk)


@login_required
@require_POST
def case_file_remove(request, pk, file_pk):
    case = queries.get_case_for_user(request.user, pk)
    item = CaseFile.objects.filter(case=case, pk=file_pk).first()
    if item is None:
        raise queries.not_found()
    try:
        actions.remove_file(request.user, item)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("已删除该文件。"))
    return redirect("pilots:case", pk=pk)


@login_required
@require_POST
def case_delete(request, pk):
    case = queries.get_case_for_user(request.user, pk)
    try:
        actions.delete_case(request.user, case)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("pilots:case", pk=pk)
    messages.success(request, _("草稿已删除。"))
    return redirect("pilots:list")


@login_required
@require_POST
def case_submit(request, pk):
    case = queries.get_case_for_user(request.user, pk)
    try:
        actions.submit_case(request.user, case)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("已提交上级审核发布。"))
    return redirect("pilots:case", pk=pk)


@login_required
@require_POST
def case_publish(request, pk):
    case = queries.get_case_for_user(request.user, pk)
    may_grant = can(request.user, GRANT, case.region_id)
    form = forms.PublishForm(request.POST, case=case, may_grant=may_grant, auto_id="publish_%s")
    grant = None
    if request.POST.get("grant"):
        grant = {"level": request.POST.get("level"), "year": request.POST.get("grant_year"),
                 "granted_on": request.POST.get("granted_on"), "document_number": request.POST.get("document_number")}
    try:
        actions.publish_case(request.user, case, designation_id=request.POST.get("designation"), grant=grant,
                             comment=request.POST.get("comment", ""))
    except ValidationError as error:
        add_action_errors(form, error)
        return _case_page(request, case, publish_form=form, refusal=_refusal(error), status=422)
    messages.success(request, _("已发布,公众可在典型案例展示页查看。"))
    return redirect("pilots:case", pk=pk)


def _reason_step(request, pk, action, form_key, done):
    case = queries.get_case_for_user(request.user, pk)
    form = forms.ReasonForm(request.POST, auto_id=f"{form_key}_%s")
    try:
        action(request.user, case, reason=request.POST.get("reason"))
    except ValidationError as error:
        add_action_errors(form, error)
        return _case_page(request, case, refusal=_refusal(error), status=422, **{f"{form_key}_form": form})
    messages.success(request, done)
    return redirect("pilots:case", pk=pk)


@login_required
@require_POST
def case_return(request, pk):
    return _reason_step(request, pk, actions.return_case, "return", _("已退回修改。"))


@login_required
@require_POST
def case_withdraw(request, pk):
    return _reason_step(request, pk, actions.withdraw_case, "withdraw", _("已撤回,展示页不再显示该案例。"))


@login_required
@require_GET
def coverage(request):
    require_capability(request.user, PILOT_VIEW)
    scope = queries.scope_region(request.user)
    code = request.GET.get("region", "").strip()
    if code:
        if not any(code.startswith(post.region_id) for post in posts_with_capability(request.user, PILOT_VIEW)):
            raise queries.not_found()
    else:
        code = scope.code
    return render(request, "pilots/coverage.html", {"data": queries.brand_coverage(code), "code": code})
