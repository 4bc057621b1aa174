"""The figures the finance home pages show, per village, each from one grouped query."""

from collections import defaultdict

from django.db.models import Count, Sum
from django.utils import timezone

from xiangzhi.core.scope import prefix_q

from .contracts import EXPIRING_WITHIN
from .models import (
    AuditFinding, ContractPayment, Filing, FilingState, FindingState, FundAccount, ResourceContract, Voucher,
    VoucherState,
)

PENDING = (VoucherState.SUBMITTED, VoucherState.REVIEWED, VoucherState.APPROVED)
FIGURES = ("balance_fen", "pending_vouchers", "overdue_payments", "expiring_contracts", "overdue_findings",
           "pending_filings")


def _grouped(queryset, value):
    return dict(queryset.values("region_id").order_by("region_id").annotate(n=value).values_list("region_id", "n"))


def figures_by_village(area_code, now=None):
    """{village code: {figure: number}} for every village with finance records under `area_code`."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    within = prefix_q("region", area_code)
    columns = {
        "balance_fen": _grouped(FundAccount.objects.filter(within), Sum("balance_fen")),
        "pending_vouchers": _grouped(Voucher.objects.filter(within, state__in=PENDING), Count("id")),
        "overdue_payments": _grouped(ContractPayment.objects.filter(within).overdue(today), Count("id")),
        "expiring_contracts": _grouped(
            ResourceContract.objects.filter(within, ends_on__gte=today, ends_on__lte=today + EXPIRING_WITHIN),
            Count("id"),
        ),
        "overdue_findings": _grouped(
            AuditFinding.objects.filter(within, state=FindingState.RECTIFYING, deadline__lt=now), Count("id")
        ),
        "pending_filings": _grouped(Filing.objects.filter(within, state=FilingState.SUBMITTED), Count("id")),
    }
    result = defaultdict(lambda: dict.fromkeys(FIGURES, 0))
    for figure, by_village in columns.items():
        for code, value in by_village.items():
            result[code][figure] = value or 0
    return result


def totals(figures):
    return {figure: sum(row[figure] for row in figures.values()) for figure in FIGURES}


def pending_for(user, vouchers):
    """Vouchers waiting for a step this user may take (for the home page's to-do list)."""
    from .vouchers import voucher_workflow

    return [voucher for voucher in vouchers if voucher_workflow.allowed_transitions(user, voucher)]


