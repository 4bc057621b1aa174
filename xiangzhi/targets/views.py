"""Dashboards for leaders: a unit's plan targets, one target's ranking of child units, a printable report.

Read-only and thin: the unit in the user's scope (403/404), the period asked for, the rollup rows.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from . import queries
from .plans import PlanError, load_plan
from .periods import Period

BODY_SECONDS = 10 * 60  # a rendered body is only reused for identical rows; this just bounds the memory


@login_required
@require_GET
def home(request):
    return redirect("targets:unit", code=queries.top_region(request.user).code)


class PlanUnavailable(Exception):
    pass


def _page(request, code):
    """The unit, the plan and the period a page shows; a bad period is named and this year shown instead."""
    unit = queries.unit_for_user(request.user, code)
    try:
        plan = load_plan()
    except PlanError as error:
        raise PlanUnavailable(str(error)) from error
    period, error = queries.selected_period(plan, request.GET.get("period"))
    this_year = timezone.localdate().year
    return {
        "unit": unit, "plan": plan, "period": period, "period_error": error,
        "years": [Period("year", year) for year in range(this_year, plan.start_year - 1, -1)],
        "breadcrumb": queries.breadcrumb(request.user, unit),
    }


def _render(request, template, context):
    return render(request, template, context, status=400 if context["period_error"] else 200)


def plan_guard(view):
    """A plan file that does not load (a typo, an indicator no module registers) is named on the page
    for the administrator instead of a bare server error."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PlanUnavailable as error:
            return render(request, "targets/plan_error.html", {"error": str(error)}, status=503)

    return guarded


@login_required
@require_GET
@plan_guard
def unit(request, code):
    """The unit's targets and children tables are rendered once per fingerprint of the rows they are made
    from (queries.UnitRows.fingerprint) and kept in the cache: judging ~30 targets for the unit and each
    child and rendering them cost ~18 ms of a ~30 ms page, and the rows change only when the engine
    writes. Reading the rows stays on every request, so a new value shows at once."""
    context = _page(request, code)
    rows = queries.unit_rows(context["plan"], context["unit"], context["period"])
    key = f"targets:unit:{rows.fingerprint()}"
    body = cache.get(key)
    if body is None:
        context.update(queries.unit_overview(rows))
        body = render_to_string("targets/_unit_body.html", context)
        cache.set(key, body, BODY_SECONDS)
    context["body"] = mark_safe(body)  # rendered by our own template, escaped there
    return _render(request, "targets/unit.html", context)


@login_required
@require_GET
@plan_guard
def report(request, code):
    context = _page(request, code)
    context.update(queries.unit_overview(queries.unit_rows(context["plan"], context["unit"], context["period"])))
    context["generated_at"] = timezone.localtime()
    return _render(request, "targets/report.html", context)


@login_required
@require_GET
@plan_guard
def target(request, code, key):
    context = _page(request, code)
    try:
        plan_target = context["plan"].target(key)
    except KeyError:
        raise Http404(_("规划中没有这个目标。")) from None
    show_unmet = request.GET.get("show") == "unmet"
    detail = queries.target_detail(context["plan"], context["unit"], plan_target, context["period"],
                                   ranking=not show_unmet)
    context.update(detail, target=plan_target, show_unmet=show_unmet)
    indicator = detail.get("indicator")
    shown = detail["shown_period"]
    if indicator is not None and shown is not None:
        if context["show_unmet"]:
            context["unmet"] = queries.unmet_units(plan_target, indicator, context["unit"], shown,
                                                   request.GET.get("page"))
        if indicator.records_url is not None:
            context["records_url"] = indicator.records_url(context["unit"].code, shown)
    return _render(request, "targets/target.html", context)
