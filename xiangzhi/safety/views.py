"""Safe-village pages, phone-first. Thin: a scoped fetch, a form, one action, a response."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xiangzhi.accounts.permissions import can, posts_with_capability, require_capability
from xiangzhi.core.forms import add_action_errors
from xiangzhi.regions.models import Level, Region

from . import democracy, queries, statistics
from .definitions import COUNTY_LENGTH, configure, definition_of, set_criteria
from .forms import CriteriaForm, DefinitionForm, GrantForm, ImportForm, ReviewForm, RevokeForm, StatisticsForm
from .models import (
    DEMOCRACY_APPLY, DESIGNATION_GRANT, SAFETY_CONFIG, SAFETY_STATS, SAFETY_VIEW, ApplicationStatus, CaseCount,
    CaseStatistics,
)
from .outcomes import outcomes


@login_required
@require_GET
def overview(request):
    require_capability(request.user, SAFETY_VIEW)
    region = queries.scope_region(request.user, SAFETY_VIEW, request.GET.get("region"))
    year = queries.parse_year(request.GET.get("year"))
    return render(request, "safety/overview.html", {
        "data": outcomes(region, year), "years": range(timezone.localdate().year, 2014, -1),
        "may_enter": bool(posts_with_capability(request.user, SAFETY_STATS)),
        "may_configure": bool(posts_with_capability(request.user, SAFETY_CONFIG)),
    })


def _villages_for(user, capability):
    posts = posts_with_capability(user, capability)
    villages = Region.objects.none()
    for post in posts:
        villages |= Region.objects.villages().within(post.region_id)
    return villages.order_by("code")


@login_required
@require_http_methods(["GET", "POST"])
def statistics_entry(request):
    require_capability(request.user, SAFETY_STATS)
    villages = list(_villages_for(request.user, SAFETY_STATS))
    form = StatisticsForm(request.POST or None, villages=villages,
                          initial={"year": timezone.localdate().year - 1})
    if request.method == "POST":
        data = form.data
        village = queries.village_for_user(request.user, SAFETY_STATS, data.get("village")) if data.get(
            "village") else None
        if village is None:
            form.add_error("village", _("请选择村(社区)。"))
        else:
            try:
                row = statistics.record_statistics(
                    request.user, village, data.get("year"), {name: data.get(name) for name in CaseCount.values})
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(request, _("已保存 %(village)s %(year)s 年度案件统计(第 %(v)d 版)。") % {
                    "village": village.name, "year": row.year, "v": row.version})
                return redirect("safety:statistics")
    year = queries.parse_year(request.GET.get("year"))
    rows = (CaseStatistics.objects.visible_to(request.user).current().filter(year=year)
            .select_related("region").order_by("region_id"))
    return render(request, "safety/statistics.html", {
        "form": form, "import_form": ImportForm(), "rows": rows, "year": year, "headers": statistics.HEADERS,
    }, status=422 if form.errors else 200)


@login_required
@require_POST
def statistics_import(request):
    require_capability(request.user, SAFETY_STATS)
    upload = request.FILES.get("file")
    errors = []
    if upload is None:
        errors = [_("请选择要导入的文件。")]
    else:
        try:
            written, unchanged = statistics.import_statistics(request.user, upload, upload.name)
        except statistics.ImportRejected as rejected:
            errors = [statistics.error_text(item) for item in rejected.errors]
        else:
            messages.success(request, _("导入完成:更新 %(w)d 条,未变 %(u)d 条。") % {"w": written, "u": unchanged})
            return redirect("safety:statistics")
    year = queries.parse_year(None)
    return render(request, "safety/statistics.html", {
        "form": StatisticsForm(villages=_villages_for(request.user, SAFETY_STATS)), "import_form": ImportForm(),
        "import_errors": errors, "year": year, "headers": statistics.HEADERS,
        "rows": CaseStatistics.objects.visible_to(request.user).current().filter(year=year).select_related("region"),
    }, status=422)


@login_required
@require_GET
def statistics_history(request, code, year):
    require_capability(request.user, SAFETY_VIEW)
    village, versions = queries.statistics_history(request.user, code, year)
    return render(request, "safety/history.html", {"village": village, "year": year, "versions": versions})


def _county_for(user, code):
    """The county whose definition the user sets: the one asked for, or the county of their post."""
    county = queries.scope_region(user, SAFETY_CONFIG, code)
    if county.level != Level.COUNTY:
        county = Region.objects.filter(code=county.code[:COUNTY_LENGTH], level=Level.COUNTY).first()
        if county is None:
            raise PermissionDenied(_("认定口径按县设置,请在县级岗位下操作。"))
    return county


@login_required
@require_http_methods(["GET", "POST"])
def definition(request):
    require_capability(request.user, SAFETY_CONFIG)
    county = _county_for(request.user, request.GET.get("region"))
    current = definition_of(county.code)
    form = DefinitionForm(request.POST or None, initial={
        "no_case_counts": current.no_case_counts, "fewer_case_counts": current.fewer_case_counts,
        "target_percent": current.target_percent})
    if request.method == "POST":
        try:
            configure(request.user, county, no_case_counts=request.POST.getlist("no_case_counts"),
                      fewer_case_counts=request.POST.getlist("fewer_case_counts"),
                      target_percent=request.POST.get("target_percent"))
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("已保存%(county)s的认定口径。") % {"county": county.name})
            return redirect(f"{request.path}?region={county.code}")
    return render(request, "safety/definition.html", {"form": form, "county": county, "current": current},
                  status=422 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def criteria(request):
    """The county's own 民主法治示范村 criteria for the villages' self-assessment."""
    require_capability(request.user, SAFETY_CONFIG)
    county = _county_for(request.user, request.GET.get("region"))
    current = definition_of(county.code)
    form = CriteriaForm(request.POST or None, criteria=current.criteria)
    if request.method == "POST":
        try:
            set_criteria(request.user, county, form.criteria())
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("已保存%(county)s的示范村评分标准。") % {"county": county.name})
            return redirect(f"{request.path}?region={county.code}")
    return render(request, "safety/criteria.html", {"form": form, "county": county, "current": current},
                  status=422 if form.errors else 200)


# --- 民主法治示范村 ------------------------------------------------------------------------------


@login_required
@require_GET
def application_list(request):
    require_capability(request.user, SAFETY_VIEW)
    region = queries.scope_region(request.user, SAFETY_VIEW, request.GET.get("region"))
    applications = queries.visible_applications(request.user).filter(region_id__prefix=region.code)
    status = request.GET.get("status")
    if status in ApplicationStatus.values:
        applications = applications.filter(status=status)
    return render(request, "safety/application_list.html", {
        "applications": applications[:200], "region": region, "statuses": ApplicationStatus.choices,
        "status": status, "targets": democracy.designation_counts(region.code),
        "may_apply": bool(posts_with_capability(request.user, DEMOCRACY_APPLY)),
    })


@login_required
@require_http_methods(["GET", "POST"])
def application_create(request):
    require_capability(request.user, DEMOCRACY_APPLY)
    villages = list(_villages_for(request.user, DEMOCRACY_APPLY))
    code = request.POST.get("village") or request.GET.get("village") or (villages[0].code if villages else "")
    village = queries.village_for_user(request.user, DEMOCRACY_APPLY, code)
    criteria = definition_of(village.code[:COUNTY_LENGTH]).criteria
    errors, values = {}, {}
    if request.method == "POST":
        values = request.POST
        try:
            application = democracy.apply(
                request.user, village, year=request.POST.get("year"), summary=request.POST.get("summary"),
                scores={item["key"]: request.POST.get(f"score_{item['key']}") for item in criteria})
        except ValidationError as error:
            errors = error.message_dict
        else:
            messages.success(request, _("申报已提交,等待乡镇审核。"))
            return redirect("safety:application_detail", application.pk)
    rows = [{**item, "name": f"score_{item['key']}", "value": values.get(f"score_{item['key']}", ""),
             "errors": errors.get(f"score_{item['key']}", [])} for item in criteria]
    return render(request, "safety/application_form.html", {
        "village": village, "villages": villages, "criteria": rows, "errors": errors,
        "year": values.get("year", timezone.localdate().year), "summary": values.get("summary", ""),
    }, status=422 if errors else 200)


def _detail(request, application, *, review_form=None, grant_form=None, revoke_form=None, status=200):
    user = request.user
    return render(request, "safety/application_detail.html", {
        "application": application,
        "review_stage": democracy.reviewing_stage(user, application),
        "review_form": review_form or ReviewForm(),
        "may_grant": application.status == ApplicationStatus.COUNTY_PASSED
        and can(user, DESIGNATION_GRANT, application.region_id),
        "grant_form": grant_form or GrantForm(initial={"granted_on": timezone.localdate()}),
        "may_revoke": application.status == ApplicationStatus.GRANTED
        and can(user, DESIGNATION_GRANT, application.region_id),
        "revoke_form": revoke_form or RevokeForm(),
    }, status=status)


@login_required
@require_GET
def application_detail(request, pk):
    return _detail(request, queries.get_application_for_user(request.user, pk))


@login_required
@require_POST
def application_review(request, pk):
    application = queries.get_application_for_user(request.user, pk)
    form = ReviewForm(request.POST)
    form.is_valid()
    try:
        democracy.review(request.user, application, approve=request.POST.get("decision") == "pass",
                         opinion=request.POST.get("opinion"))
    except ValidationError as error:
        add_action_errors(form, error)
        return _detail(request, application, review_form=form, status=422)
    messages.success(request, _("审核意见已提交。"))
    return redirect("safety:application_detail", application.pk)


@login_required
@require_POST
def application_grant(request, pk):
    application = queries.get_application_for_user(request.user, pk)
    form = GrantForm(request.POST)
    granted_on = form.cleaned_data.get("granted_on") if form.is_valid() else None
    if not form.errors and granted_on is None:
        form.add_error("granted_on", _("请填写命名日期。"))
    if not form.errors:
        try:
            democracy.grant(request.user, application, level=form.cleaned_data["level"], granted_on=granted_on,
                            document_number=form.cleaned_data["document_number"])
        except ValidationError as error:
            add_action_errors(form, error)
    if form.errors:
        return _detail(request, application, grant_form=form, status=422)
    messages.success(request, _("已命名为民主法治示范村。"))
    return redirect("safety:application_detail", application.pk)


@login_required
@require_POST
def application_revoke(request, pk):
    application = queries.get_application_for_user(request.user, pk)
    form = RevokeForm(request.POST)
    form.is_valid()
    try:
        democracy.revoke(request.user, application, reason=request.POST.get("reason"))
    except ValidationError as error:
        add_action_errors(form, error)
        return _detail(request, application, revoke_form=form, status=422)
    messages.success(request, _("称号已撤销。"))
    return redirect("safety:application_detail", application.pk)
