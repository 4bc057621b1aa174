"""台账 pages: the ledgers of a unit with a period picker, and the downloads. Thin adapters over
queries and the one action."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from xiangzhi.accounts.permissions import require
from xiangzhi.regions.models import Level
from xiangzhi.targets.periods import MONTH, QUARTER, YEAR, Period

from . import actions, queries
from .workbook import XLSX_TYPE

YEARS_SHOWN = 6


@login_required
@require_GET
def home(request):
    code = queries.top_unit_code(request.user)
    if code is None:
        raise PermissionDenied(_("您没有此项操作的权限。"))
    return redirect("ledgers:unit", code=code)


def _unit_page(request, region, *, year, error=None, status=200):
    this_year = timezone.localdate().year
    items = []
    for item in queries.ledgers_for(request.user, region):
        ledger = item["ledger"]
        periods = [] if ledger.pending else period_links(ledger.period_kind, year)
        items.append({**item, "periods": periods})
    context = {
        "region": region,
        "full_name": queries.full_name(region),
        "year": year,
        "years": list(range(this_year, this_year - YEARS_SHOWN, -1)),
        "items": items,
        "children": queries.child_units(region) if region.level != Level.VILLAGE else [],
        "breadcrumb": queries.breadcrumb(request.user, region),
        "error": error,
    }
    return render(request, "ledgers/unit.html", context, status=status)


def period_links(kind, year):
    """[(period key, short label)] the page offers for a ledger kept by `kind`: the whole year
    first, then each quarter or month of it."""
    whole = Period(YEAR, year)
    if kind == YEAR:
        return [(whole.key, whole.label)]
    short = {QUARTER: _("第%(n)s季度"), MONTH: _("%(n)s月")}[kind]
    return [(whole.key, _("全年"))] + [(period.key, short % {"n": period.number})
                                      for period in Period.in_year(kind, year)]


@login_required
@require_GET
def unit(request, code):
    region = queries.get_unit(code)
    require(request.user, actions.DOWNLOAD, region.code)
    raw_year = request.GET.get("year", "")
    if not raw_year:
        return _unit_page(request, region, year=timezone.localdate().year)
    try:
        year = actions.parse_period(raw_year).year
    except ValidationError as error:
        return _unit_page(request, region, year=timezone.localdate().year,
                          error=_("年度：%(message)s") % {"message": error.message_dict["period"][0]}, status=400)
    return _unit_page(request, region, year=year)


@login_required
@require_GET
def download(request, code, key):
    try:
        filename, content = actions.download_ledger(request.user, code, key, request.GET.get("period"))
    except ValidationError as error:
        region = queries.get_unit(code)
        return _unit_page(request, region, year=timezone.localdate().year,
                          error=_("统计期：%(message)s") % {"message": error.message_dict["period"][0]}, status=400)
    return attachment(content, filename)


def attachment(content, filename):
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response.headers["Content-Disposition"] = content_disposition_header(True, filename)
    return response
