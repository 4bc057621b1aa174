"""Pages for contact duties: assignments, visits, problems and coverage."""

import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xiangzhi.accounts.models import Post, Role, User
from xiangzhi.accounts.permissions import posts_with_capability, require_capability
from xiangzhi.core.forms import add_action_errors
from xiangzhi.people.models import Household
from xiangzhi.people.queries import page_of
from xiangzhi.regions.models import Level, Region

from . import assignments, coverage, visits
from .forms import AssignmentForm, SolveForm, VisitForm
from .models import CONTACT_VIEW, ProblemState


def period_of(params):
    """[since, until] from ?since=&until= (ISO dates); the year so far when absent or invalid."""
    today = timezone.localdate()
    since, until = today.replace(month=1, day=1), today
    try:
        since = datetime.date.fromisoformat(params.get("since", "")) if params.get("since") else since
        until = datetime.date.fromisoformat(params.get("until", "")) if params.get("until") else until
    except ValueError:
        return today.replace(month=1, day=1), today, _("日期格式应为 年-月-日,已改为查看今年以来。")
    if until < since:
        return today.replace(month=1, day=1), today, _("结束日期早于开始日期,已改为查看今年以来。")
    return since, until, ""


@login_required
@require_GET
def home(request):
    require_capability(request.user, CONTACT_VIEW)
    mine = assignments.my_assignments(request.user)
    problems = visits.visible_problems(request.user).filter(owner=request.user, state=ProblemState.OPEN)
    return render(request, "contact/home.html", {
        "assignments": mine, "problems": problems[:50],
        "can_visit": bool(posts_with_capability(request.user, assignments.VISIT)),
        "can_assign": bool(posts_with_capability(request.user, assignments.ASSIGN)),
    })


# --- assignments --------------------------------------------------------------------


@login_required
@require_GET
def assignment_list(request):
    queryset = assignments.visible_assignments(request.user)
    if request.GET.get("all") != "1":
        queryset = queryset.current()
    page = page_of(queryset.order_by("region_id", "starts_on", "id"), request.GET.get("page"))
    return render(request, "contact/assignment_list.html", {
        "page": page, "can_assign": bool(posts_with_capability(request.user, assignments.ASSIGN)),
        "today": timezone.localdate(),
    })


def _assignment_choices(user):
    posts = posts_with_capability(user, assignments.ASSIGN)
    regions = Region.objects.none()
    leaders = Post.objects.none()
    for post in posts:
        regions |= Region.objects.within(post.region_id).filter(level__in=(Level.TOWNSHIP, Level.VILLAGE))
        county = post.region_id[:6]
        leaders |= Post.objects.active().filter(
            region_id__in=[county, *Region.objects.within(county).filter(level=Level.TOWNSHIP).values_list("code", flat=True)],
            role__in=(Role.COUNTY_DEPARTMENT, Role.TOWNSHIP_OFFICIAL, Role.CITY_OFFICIAL, Role.REGION_OFFICIAL),
        )
    users = User.objects.filter(pk__in=leaders.values("user_id"), is_active=True).order_by("full_name", "id")
    return users, regions.order_by("code")


@login_required
@require_http_methods(["GET", "POST"])
def assignment_create(request):
    require_capability(request.user, assignments.ASSIGN)
    users, regions = _assignment_choices(request.user)
    form = AssignmentForm(request.POST or None, assignees=users, regions=regions,
                          initial={"starts_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        household = None
        if data["household"]:
            household = Household.objects.visible_to(request.user, assignments.ASSIGN).filter(pk=data["household"]).first()
            if household is None:
                form.add_error("household", _("在您的辖区内没有编号为 %(id)s 的户。") % {"id": data["household"]})
        if not form.errors:
            try:
                assignments.assign(request.user, assignee=data["assignee"], kind=data["kind"], region_code=data["region"],
                                   household=household, starts_on=data["starts_on"], ends_on=data["ends_on"])
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(request, _("已安排联系。"))
                return redirect("contact:assignments")
    return render(request, "contact/assignment_form.html", {"form": form})


@login_required
@require_POST
def assignment_end(request, pk):
    assignment = assignments.get_assignment_for_user(request.user, pk)
    try:
        assignments.end_assignment(request.user, assignment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("已结束该联系安排。"))
    return redirect("contact:assignments")


# --- visits -------------------------------------------------------------------------


@login_required
@require_GET
def visit_list(request):
    queryset = visits.visible_visits(request.user)
    region = request.GET.get("region", "").strip().upper()[:15]
    if region:
        queryset = queryset.within(region)
    if request.GET.get("household", "").isdigit():
        queryset = queryset.filter(household_id=int(request.GET["household"]))
    page = page_of(queryset.order_by("-visited_on", "-id"), request.GET.get("page"))
    return render(request, "contact/visit_list.html", {
        "page": page, "query_string": urlencode({"region": region}) if region else "",
        "can_visit": bool(posts_with_capability(request.user, assignments.VISIT)),
    })


@login_required
@require_http_methods(["GET", "POST"])
def visit_create(request):
    household_id = request.POST.get("household") or request.GET.get("household")
    if not household_id:
        households = visits.households_to_visit(request.user).select_related("region").order_by("region_id", "id")
        return render(request, "contact/pick_household.html", {"page": page_of(households, request.GET.get("page"))})
    household = visits.get_household_to_visit(request.user, household_id)
    categories = []
    if household.grid_id:
        from xiangzhi.grid.visit_views import categories_for_household

        categories = list(categories_for_household(household))
    form = VisitForm(request.POST or None, categories=categories, initial={"visited_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            visit = visits.log_visit(
                request.user, household, visited_on=data["visited_on"], findings=data["findings"],
                problems=data["problems"], problem_deadline=data["problem_deadline"],
                grid_category=data.get("grid_category") or None,
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("已记录走访,已转为网格事件。") if visit.grid_event_id else _("已记录走访。"))
            return redirect("contact:visits")
    return render(request, "contact/visit_form.html", {"form": form, "household": household})


# --- problems -----------------------------------------------------------------------


@login_required
@require_GET
def problem_list(request):
    queryset = visits.visible_problems(request.user)
    state = request.GET.get("state", "open")
    if state == "open":
        queryset = queryset.open()
    elif state == "overdue":
        queryset = queryset.overdue()
    region = request.GET.get("region", "").strip().upper()[:15]
    if region:
        queryset = queryset.within(region)
    page = page_of(queryset.order_by("deadline", "id"), request.GET.get("page"))
    for problem in page.items:
        problem.may_solve = visits.may_solve(request.user, problem)
    return render(request, "contact/problem_list.html", {
        "page": page, "state": state, "form": SolveForm(initial={"solved_on": timezone.localdate()}),
        "query_string": urlencode({key: value for key, value in (("state", state), ("region", region)) if value}),
    })


@login_required
@require_POST
def problem_solve(request, pk):
    problem = visits.get_problem_for_user(request.user, pk)
    form = SolveForm(request.POST)
    if form.is_valid():
        try:
            visits.solve_problem(request.user, problem, solution=form.cleaned_data["solution"],
                                 solved_on=form.cleaned_data["solved_on"])
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("问题已办结。"))
            return redirect("contact:problems")
    return render(request, "contact/problem_solve.html", {"form": form, "problem": problem}, status=422)


# --- coverage -----------------------------------------------------------------------


@login_required
@require_GET
def coverage_page(request):
    region = coverage.coverage_region(request.user, request.GET.get("region", ""))
    since, until, warning = period_of(request.GET)
    rows = coverage.coverage_rows(region, since, until)
    return render(request, "contact/coverage.html", {
        "region": region, "rows": rows, "total": coverage.total(rows, region), "since": since, "until": until,
        "warning": warning, "period": urlencode({"since": since.isoformat(), "until": until.isoformat()}),
    })


@login_required
@require_GET
def unvisited(request):
    region = coverage.coverage_region(request.user, request.GET.get("region", ""))
    since, until, warning = period_of(request.GET)
    page = page_of(coverage.unvisited_households(region, since, until), request.GET.get("page"))
    return render(request, "contact/unvisited.html", {
        "region": region, "page": page, "since": since, "until": until, "warning": warning,
        "query_string": urlencode({"region": region.code, "since": since.isoformat(), "until": until.isoformat()}),
    })
