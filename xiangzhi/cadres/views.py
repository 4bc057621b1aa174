"""Cadres pages, phone-first: trainings (plan, roster, attendance), training coverage per unit, pay
standards, the yearly pay calculation, and the cadre's own trainings and pay. Thin: a scoped fetch,
a form, one action, a response."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xiangzhi.accounts.permissions import can, posts_with_capability, require_capability
from xiangzhi.core.forms import add_action_errors
from xiangzhi.regions.models import Level, Region

from . import actions, queries
from .forms import CalculateForm, StandardForm, TrainingForm
from .models import (
    CADRE_OWN, CADRE_VIEW, PAY_CONFIG, PAY_MANAGE, TRAINING_MANAGE, AttendanceStatus, PerformanceRule,
)


def _year(request):
    value = request.GET.get("year") or ""
    this_year = timezone.localdate().year
    return int(value) if value.isdigit() and 2000 <= int(value) <= this_year + 1 else this_year


def _require_view(request):
    if not (posts_with_capability(request.user, CADRE_VIEW) or posts_with_capability(request.user, TRAINING_MANAGE)):
        raise PermissionDenied(_("您没有此项操作的权限。"))


# --- trainings --------------------------------------------------------------------------------


@login_required
@require_GET
def trainings(request):
    if not posts_with_capability(request.user, CADRE_VIEW) and posts_with_capability(request.user, CADRE_OWN):
        return redirect("cadres:mine")
    _require_view(request)
    year = _year(request)
    plans = queries.visible_plans(request.user).filter(year=year).select_related("region")
    page = Paginator(plans, 30).get_page(request.GET.get("page"))
    return render(request, "cadres/trainings.html", {
        "year": year, "page": page, "query": f"year={year}",
        "may_manage": bool(posts_with_capability(request.user, TRAINING_MANAGE)),
    })


def _training_regions(user):
    regions = []
    for post in posts_with_capability(user, TRAINING_MANAGE):
        regions.append(post.region)
        regions.extend(Region.objects.filter(parent=post.region).exclude(
            level__in=(Level.NATURAL_VILLAGE, Level.GRID)).order_by("code"))
    return regions


@login_required
@require_http_methods(["GET", "POST"])
def training_new(request):
    require_capability(request.user, TRAINING_MANAGE)
    regions = _training_regions(request.user)
    form = TrainingForm(request.POST or None, regions=regions)
    if request.method == "POST":
        form.is_valid()
        data = form.cleaned_data
        try:
            plan = actions.create_training(
                request.user, region_code=request.POST.get("region", ""), title=data.get("title"),
                year=data.get("year"), starts_on=data.get("starts_on"), ends_on=data.get("ends_on"),
                venue=data.get("venue"), hours=data.get("hours"), content=data.get("content"),
                target_roles=request.POST.getlist("target_roles"))
        except ValidationError as error:
            add_action_errors(form, error)
            return render(request, "cadres/training_new.html", {"form": form}, status=422)
        messages.success(request, _("培训计划已创建。"))
        return redirect("cadres:training_detail", pk=plan.pk)
    return render(request, "cadres/training_new.html", {"form": form})


def _training_page(request, plan, *, errors=None, status=200):
    may_record = can(request.user, TRAINING_MANAGE, plan.region_id)
    return render(request, "cadres/training_detail.html", {
        "plan": plan, "roster": queries.roster(plan), "may_record": may_record,
        "ended": plan.ends_on <= timezone.localdate(), "errors": errors or {},
        "statuses": AttendanceStatus.choices, "posted": request.POST if errors else {},
    }, status=status)


@login_required
@require_GET
def training_detail(request, pk):
    return _training_page(request, queries.get_plan_for_user(request.user, pk))


@login_required
@require_POST
def training_attendance(request, pk):
    require_capability(request.user, TRAINING_MANAGE)
    plan = queries.get_plan_for_user(request.user, pk)
    entries = []
    for key in request.POST:
        if key.startswith("status_") and key[7:].isdigit():
            user_id = int(key[7:])
            entries.append({"user": user_id, "status": request.POST[key],
                            "reason": request.POST.get(f"reason_{user_id}", "")})
    try:
        actions.record_attendance(request.user, plan, entries)
    except ValidationError as error:
        return _training_page(request, plan, errors={k: v[0] for k, v in error.message_dict.items()}, status=422)
    messages.success(request, _("出勤情况已登记。"))
    return redirect("cadres:training_detail", pk=plan.pk)


@login_required
@require_GET
def coverage(request):
    require_capability(request.user, CADRE_VIEW)
    year = _year(request)
    return render(request, "cadres/coverage.html", {"year": year, "rows": queries.coverage(request.user, year)})


# --- pay --------------------------------------------------------------------------------------


def _config_counties(user):
    return [post.region for post in posts_with_capability(user, PAY_CONFIG) if post.region.level == Level.COUNTY]


def _standards_page(request, form, status=200):
    standards = queries.visible_standards(request.user).select_related("region").order_by(
        "region_id", "-year", "role", "-version")
    page = Paginator(standards, 50).get_page(request.GET.get("page"))
    return render(request, "cadres/standards.html", {"page": page, "form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def pay_standards(request):
    if request.method == "GET":
        _require_view(request)
        counties = _config_counties(request.user)
        return _standards_page(request, StandardForm(counties=counties) if counties else None)
    require_capability(request.user, PAY_CONFIG)
    form = StandardForm(request.POST, counties=_config_counties(request.user))
    form.is_valid()
    data = form.cleaned_data
    try:
        actions.set_pay_standard(
            request.user, request.POST.get("county", ""), year=data.get("year"), role=request.POST.get("role", ""),
            monthly_basic=data.get("monthly_basic"), performance=data.get("performance"),
            rule=request.POST.get("rule", ""), excellent_percent=data.get("excellent_percent"),
            good_percent=data.get("good_percent"), pass_percent=data.get("pass_percent"),
            fail_percent=data.get("fail_percent"))
    except ValidationError as error:
        add_action_errors(form, error, {"region": "county"})
        return _standards_page(request, form, status=422)
    messages.success(request, _("报酬标准已保存。"))
    return redirect("cadres:pay_standards")


def _pay_page(request, form, year, status=200):
    rows = queries.visible_calculations(request.user).current().filter(year=year).order_by("region_id", "role", "id")
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "cadres/pay.html", {"year": year, "page": page, "form": form, "query": f"year={year}"},
                  status=status)


@login_required
@require_GET
def pay(request):
    if not posts_with_capability(request.user, CADRE_VIEW) and posts_with_capability(request.user, CADRE_OWN):
        return redirect("cadres:mine")
    require_capability(request.user, CADRE_VIEW)
    villages = queries.managed_villages(request.user)
    return _pay_page(request, CalculateForm(villages=villages) if villages else None, _year(request))


@login_required
@require_POST
def pay_calculate(request):
    require_capability(request.user, PAY_MANAGE)
    form = CalculateForm(request.POST, villages=queries.managed_villages(request.user))
    form.is_valid()
    data = form.cleaned_data
    try:
        rows = actions.calculate_pay(
            request.user, request.POST.get("village", ""), year=data.get("year"), score=data.get("score"),
            grade=request.POST.get("grade", ""), reason=data.get("reason"),
            correction_reason=data.get("correction_reason"))
    except ValidationError as error:
        add_action_errors(form, error)
        return _pay_page(request, form, _year(request), status=422)
    messages.success(request, _("已计算 %(n)d 名村干部的报酬。") % {"n": len(rows)})
    return redirect(f"{reverse('cadres:pay')}?year={rows[0].year}")


@login_required
@require_GET
def calculation_detail(request, pk):
    row = queries.get_calculation_for_user(request.user, pk)
    history = []
    previous = row.supersedes
    while previous is not None:
        history.append(previous)
        previous = previous.supersedes
    return render(request, "cadres/calculation.html", {"row": row, "history": history,
                                                       "score_rule": PerformanceRule.SCORE})


# --- own --------------------------------------------------------------------------------------


@login_required
@require_GET
def mine(request):
    require_capability(request.user, CADRE_OWN)
    year = _year(request)
    rows, hours = queries.own_trainings(request.user, year)
    return render(request, "cadres/mine.html", {
        "year": year, "trainings": rows, "hours": hours, "hours_by_year": queries.own_hours_by_year(request.user),
        "calculations": queries.own_calculations(request.user),
    })
