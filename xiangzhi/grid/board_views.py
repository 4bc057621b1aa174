"""The work views: a grid worker's phone list, a dispatcher's board, the county's view, and the
coverage of villages by grids (with assigning households to a grid)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from xiangzhi.accounts.permissions import can, require_capability
from xiangzhi.people.queries import page_of
from xiangzhi.regions.models import Level, Region

from . import boards, coverage
from .visits import LOG

BOARD_ROWS = 20
VILLAGES_PER_PAGE = 20


def region_param(request):
    return request.GET.get("region", "").strip().upper()[:15]


# --- a grid worker's list ------------------------------------------------------------------


@login_required
@require_GET
def my_work(request):
    user = request.user
    require_capability(user, LOG)
    now = timezone.now()
    events = boards.my_open_events(user, now)
    counts = events.aggregate(**boards.open_counts(now))
    due = page_of(boards.households_due(user), request.GET.get("page"))
    grids = boards.work_grids(user)
    return render(request, "grid/boards/my_work.html", {
        "events": boards.labelled(events[:BOARD_ROWS], now),
        "counts": counts,
        "due": due,
        "page": due,
        "grids": grids,
        "event_filter": urlencode({"region": grids[0].code}) if len(grids) == 1 else "",
        "now": now,
        "visit_every_days": boards.VISIT_EVERY_DAYS,
    })


# --- a dispatcher's board -------------------------------------------------------------------


@login_required
@require_GET
def board(request):
    region = region_param(request)
    now = timezone.now()
    events = boards.dispatch_scope(request.user, region)
    return render(request, "grid/boards/board.html", {
        "totals": boards.board_totals(events, now),
        "unaccepted": boards.labelled(boards.unaccepted(events)[:BOARD_ROWS], now),
        "overdue": boards.labelled(boards.overdue(events, now)[:BOARD_ROWS], now),
        "categories": boards.counts_by_category(events, now),
        "region": region,
        "region_filter": urlencode({"region": region}) if region else "",
        "units": boards.dispatch_units(request.user),
        "now": now,
    })


# --- the county's view -----------------------------------------------------------------------


@login_required
@require_GET
def county(request):
    region = boards.overview_region(request.user, region_param(request))
    now = timezone.now()
    events = boards.overview_events(request.user, region)
    units = boards.by_unit(events, region, now)
    for row in units:
        row.query = urlencode({"region": row.unit.code})
    categories = boards.by_category(events, now)
    for row in categories:
        row.query = urlencode({"region": region.code, "category": row.unit.pk})
    return render(request, "grid/boards/county.html", {
        "region": region,
        "parent": region.parent if region.level == Level.TOWNSHIP else None,
        "units": units,
        "categories": categories,
        "total": boards.overall(events, now),
        "unit_is_township": region.level == Level.COUNTY,
    })


# --- coverage ---------------------------------------------------------------------------------


@login_required
@require_GET
def coverage_overview(request):
    user = request.user
    require_capability(user, coverage.VIEW)
    post = getattr(user, "current_post", None)
    if post is not None and post.region.level == Level.VILLAGE and not region_param(request):
        return redirect("grid:coverage_village", post.region_id)
    region = region_param(request)
    page = Paginator(coverage.villages_in_scope(user, region), VILLAGES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "grid/coverage/overview.html", {
        "page": page,
        "villages": coverage.coverage_of(page.object_list),
        "query": urlencode({"region": region}) if region else "",
        "region": Region.objects.visible_to(user, coverage.VIEW).filter(code=region).first() if region else None,
        "limits": coverage_limits(),
    })


def coverage_limits():
    return {"households": coverage.MAX_GRID_HOUSEHOLDS, "residents": coverage.MAX_GRID_RESIDENTS}


def village_context(request, village, errors=None):
    user = request.user
    [village_coverage] = coverage.coverage_of([village])
    unassigned = page_of(coverage.unassigned_households(user, village.code), request.GET.get("page"))
    return {
        "village": village,
        "coverage": village_coverage,
        "page": unassigned,
        "can_assign": can(user, coverage.ASSIGN, village.code),
        "limits": coverage_limits(),
        "errors": errors or [],
        "chosen": request.POST.getlist("households") if request.method == "POST" else [],
        "chosen_grid": request.POST.get("grid", "") if request.method == "POST" else "",
    }


@login_required
@require_GET
def coverage_village(request, code):
    village = coverage.get_village_for_user(request.user, code)
    return render(request, "grid/coverage/village.html", village_context(request, village))


@login_required
@require_POST
def coverage_assign(request, code):
    village = coverage.get_village_for_user(request.user, code)
    grid_code = request.POST.get("grid", "").strip()
    grid = Region.objects.filter(code=grid_code, parent=village, level=Level.GRID).first() if grid_code else None
    try:
        if grid is None:
            raise ValidationError({"grid": _("请选择本村的网格。")})
        count = coverage.assign_households(request.user, grid, request.POST.getlist("households"))
    except ValidationError as error:
        errors = [message for messages_ in error.message_dict.values() for message in messages_]
        return render(request, "grid/coverage/village.html", village_context(request, village, errors))
    messages.success(request, _("已把 %(n)d 户划入“%(grid)s”。") % {"n": count, "grid": grid.name})
    return redirect("grid:coverage_village", village.code)
