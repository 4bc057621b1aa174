"""Finance home pages (a village's, and the township/county overview), the monthly statement
and opening a fund account."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from xiangzhi.accounts.permissions import can, require_capability
from xiangzhi.core.forms import add_action_errors

from . import dashboard, vouchers
from .forms import AccountForm
from .models import FundAccount
from .statements import monthly_statement
from .villages import scope_villages, village_for_request

VIEW = "finance.view"
PER_PAGE = 30


@login_required
@require_GET
def home(request):
    village = village_for_request(request, VIEW)
    if village is not None:
        return village_home(request, village)
    return overview(request)


def village_home(request, village):
    figures = dashboard.figures_by_village(village.code)[village.code]
    accounts = FundAccount.objects.filter(region=village).order_by("kind", "id")
    open_vouchers = (
        vouchers.visible_vouchers(request.user).filter(region=village, state__in=dashboard.PENDING).order_by("created_at")
    )
    return render(request, "finance/village_home.html", {
        "village": village, "figures": figures, "accounts": accounts,
        "total_balance": sum(account.balance_fen for account in accounts),
        "todo": dashboard.pending_for(request.user, open_vouchers[:50]),
        "can_record": can(request.user, vouchers.RECORD, village.code),
        "can_open_account": can(request.user, vouchers.APPROVE, village.code),
    })


def overview(request):
    villages = scope_villages(request.user, VIEW)
    page = Paginator(villages, PER_PAGE).get_page(request.GET.get("page"))
    area = request.user.current_post.region_id if getattr(request.user, "current_post", None) else ""
    figures = dashboard.figures_by_village(area) if area else {}
    rows = [(village, figures.get(village.code, dict.fromkeys(dashboard.FIGURES, 0))) for village in page.object_list]
    return render(request, "finance/overview.html", {
        "page": page, "rows": rows, "totals": dashboard.totals(figures) if figures else None,
    })


def parse_month(value, today):
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        return datetime.date(year, month, 1)
    except (TypeError, ValueError):
        return today.replace(day=1)


@login_required
@require_GET
def statement(request):
    village = village_for_request(request, VIEW)
    if village is None:
        return render(request, "finance/choose_village.html", {
            "villages": scope_villages(request.user, VIEW)[:200], "target": "finance:statement",
        })
    today = timezone.localdate()
    first = parse_month(request.GET.get("month"), today)
    result = monthly_statement(village.code, first.year, first.month)
    previous = (first - datetime.timedelta(days=1)).replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return render(request, "finance/statement.html", {
        "village": village, "statement": result, "table": result.as_table(), "month": first,
        "previous": previous, "following": following if following <= today else None,
    })


@login_required
def account_create(request):
    village = village_for_request(request, vouchers.APPROVE)
    if village is None:
        require_capability(request.user, vouchers.APPROVE)
        return render(request, "finance/choose_village.html", {
            "villages": scope_villages(request.user, vouchers.APPROVE)[:200], "target": "finance:account_create",
        })
    form = AccountForm(request.POST or None, initial={"opened_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            vouchers.open_account(
                request.user, village.code, kind=data["kind"], name=data["name"],
                opening_balance_fen=data["opening_balance"], opened_on=data["opened_on"],
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("账户已建立。"))
            return redirect(f"{_url('finance:home')}?village={village.code}")
    return render(request, "finance/account_form.html", {"form": form, "village": village})


def _url(name, *args):
    from django.urls import reverse

    return reverse(name, args=args)


