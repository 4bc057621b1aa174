"""资源发包: contracts for land, forest, ponds and shops, their payment schedules and payments.

A contract whose total rent is above the county's major-matter amount needs an approved
土地/资源发包 filing. Contracts ending within 90 days and installments past due are flagged.
"""

import calendar
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import require
from xiangzhi.core.audit import record_event

from . import inputs
from .filings import _village, approved_filing, threshold_fen, use_filing
from .models import (
    PERIOD_MONTHS, ContractPayment, Direction, FilingKind, RentPeriod, ResourceContract, ResourceKind, Voucher,
    VoucherState,
)
from .money import format_fen

MANAGE = "contract.manage"
EXPIRING_WITHIN = datetime.timedelta(days=90)
MAX_INSTALLMENTS = 600


def add_months(day, months):
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def schedule(starts_on, ends_on, period, rent_fen):
    """[(sequence, due_on, amount_fen)]: one installment at the start of each period of the term."""
    step = PERIOD_MONTHS[period]
    rows, index = [], 0
    due = starts_on
    while due <= ends_on:
        rows.append((index + 1, due, rent_fen))
        index += 1
        due = add_months(starts_on, step * index)
    return rows


def create_contract(actor, village_code, *, resource_kind, resource_name, party, starts_on, ends_on, period, rent_fen,
                    filing=None):
    post = require(actor, MANAGE, village_code)
    village = _village(village_code)
    errors = {}
    data = {"resource_kind": resource_kind, "resource_name": resource_name, "party": party,
            "starts_on": starts_on, "ends_on": ends_on, "period": period}
    resource_kind = inputs.choice(errors, data, "resource_kind", _("资源类别"), ResourceKind.choices)
    resource_name = inputs.text(errors, data, "resource_name", _("资源名称"), max_length=100)
    party = inputs.text(errors, data, "party", _("承包/承租方"), max_length=100)
    starts_on = inputs.date(errors, data, "starts_on", _("起始日期"))
    ends_on = inputs.date(errors, data, "ends_on", _("终止日期"))
    if starts_on and ends_on and ends_on <= starts_on:
        errors["ends_on"] = _("终止日期须晚于起始日期。")
    period = inputs.choice(errors, data, "period", _("交租周期"), RentPeriod.choices)
    rent = inputs.fen(errors, rent_fen, "rent_fen", _("每期租金"))
    rows = []
    if not errors:
        rows = schedule(starts_on, ends_on, period, rent)
        if len(rows) > MAX_INSTALLMENTS:
            errors["ends_on"] = _("合同期限过长:最多 %(max)d 期。") % {"max": MAX_INSTALLMENTS}
    inputs.raise_if(errors)
    total = sum(amount for _seq, _due, amount in rows)
    with transaction.atomic():
        filing_row = None
        if total > threshold_fen(village.code):
            filing_row = approved_filing(village.code, filing, kind=FilingKind.RESOURCE_CONTRACT)
        contract = ResourceContract.objects.create(
            region=village, resource_kind=resource_kind, resource_name=resource_name, party=party,
            starts_on=starts_on, ends_on=ends_on, period=period, rent_fen=rent, filing=filing_row, created_by=actor,
        )
        ContractPayment.objects.bulk_create([
            ContractPayment(contract=contract, region=village, sequence=seq, due_on=due, amount_fen=amount)
            for seq, due, amount in rows
        ])
        changes = use_filing(filing_row, contract) if filing_row else {}
        record_event(actor, "resource_contract.create", contract, region_code=village.code, post=post, changes={
            "resource_kind": [None, resource_kind], "resource_name": [None, resource_name], "party": [None, party],
            "starts_on": [None, starts_on.isoformat()], "ends_on": [None, ends_on.isoformat()],
            "period": [None, period], "rent_fen": [None, rent], "installments": [None, len(rows)], **changes,
        })
    return contract


def record_payment(actor, payment, *, voucher=None, paid_fen=None, paid_on=None):
    """Record an installment's payment: link the income voucher that received it, or give amount and date."""
    post = require(actor, MANAGE, payment.region_id)
    errors = {}
    voucher_row = None
    if voucher not in (None, ""):
        try:
            voucher_id = int(voucher)
        except (TypeError, ValueError):
            voucher_id = None
        voucher_row = Voucher.objects.filter(pk=voucher_id, region_id=payment.region_id).first()
        if voucher_row is None:
            errors["voucher"] = _("本村没有这张凭证。")
        elif voucher_row.direction != Direction.INCOME or voucher_row.is_reversal:
            errors["voucher"] = _("凭证 %(number)s 不是收入凭证。") % {"number": voucher_row.number}
        elif voucher_row.state == VoucherState.RETURNED:
            errors["voucher"] = _("凭证 %(number)s 已被退回。") % {"number": voucher_row.number}
        else:
            paid_fen = voucher_row.total_fen if paid_fen in (None, "") else paid_fen
            paid_on = voucher_row.date if paid_on in (None, "") else paid_on
    amount = inputs.fen(errors, paid_fen, "paid_fen", _("实缴金额"))
    paid_on = inputs.date(errors, {"paid_on": paid_on}, "paid_on", _("缴纳日期"))
    if paid_on and paid_on > timezone.localdate():
        errors["paid_on"] = _("缴纳日期不能晚于今天。")
    inputs.raise_if(errors)
    with transaction.atomic():
        if voucher_row and ContractPayment.objects.filter(voucher=voucher_row).exists():
            raise ValidationError({"voucher": _("凭证 %(number)s 已登记为其他一期的租金。") % {"number": voucher_row.number}})
        moved = ContractPayment.objects.filter(pk=payment.pk, paid_on__isnull=True).update(
            paid_on=paid_on, paid_fen=amount, voucher=voucher_row,
        )
        if not moved:
            raise ValidationError(_("第 %(n)d 期已登记缴纳。") % {"n": payment.sequence})
        payment.refresh_from_db()
        record_event(actor, "contract_payment.record", payment.contract, region_code=payment.region_id, post=post,
                     changes={f"payment{payment.sequence}.paid_fen": [None, amount],
                              f"payment{payment.sequence}.paid_on": [None, paid_on.isoformat()],
                              **({"voucher": [None, voucher_row.number]} if voucher_row else {})},
                     target_repr=f"{payment.contract} 第{payment.sequence}期 {format_fen(amount)}")
    return payment


# --- queries --------------------------------------------------------------------------


def visible_contracts(user):
    today = timezone.localdate()
    overdue = ContractPayment.objects.filter(contract=OuterRef("pk"), paid_on__isnull=True, due_on__lt=today)
    return (
        ResourceContract.objects.visible_to(user).select_related("region", "filing")
        .annotate(has_overdue=Exists(overdue))
    )


def expiring(queryset, today=None):
    today = today or timezone.localdate()
    return queryset.filter(ends_on__gte=today, ends_on__lte=today + EXPIRING_WITHIN)


def get_contract_for_user(user, pk):
    contract = visible_contracts(user).filter(pk=pk).first()
    if contract is None:
        raise Http404(_("未找到该记录。"))
    return contract


def get_payment_for_user(user, pk):
    payment = ContractPayment.objects.visible_to(user).select_related("contract").filter(pk=pk).first()
    if payment is None:
        raise Http404(_("未找到该记录。"))
    return payment


def is_expiring(contract, today=None):
    today = today or timezone.localdate()
    return today <= contract.ends_on <= today + EXPIRING_WITHIN
