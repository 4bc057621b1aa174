"""Assets and resource contracts: the registers, their entry forms, disposal and payments."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from xiangzhi.accounts.permissions import can, require_capability
from xiangzhi.core.forms import add_action_errors
from xiangzhi.core.scope import prefix_q

from . import assets, contracts
from .filings import open_filings
from .forms import AssetForm, ContractForm, DisposalForm, PaymentForm
from .models import AssetStatus, ContractPayment, Direction, FilingKind, Voucher, VoucherState
from .views import VIEW
from .villages import scope_villages, village_for_request

PER_PAGE = 30


def _in_village(queryset, request):
    village = request.GET.get("village", "").strip()
    return queryset.filter(prefix_q("region", village)) if village else queryset


@login_required
@require_GET
def asset_list(request):
    require_capability(request.user, VIEW)
    queryset = _in_village(assets.visible_assets(request.user), request)
    status = request.GET.get("status", "")
    if status in AssetStatus.values:
        queryset = queryset.filter(status=status)
    page = Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "finance/assets/list.html", {"page": page, "statuses": AssetStatus.choices, "status": status})


@login_required
def asset_create(request):
    village = village_for_request(request, assets.MANAGE)
    if village is None:
        return render(request, "finance/choose_village.html", {
            "villages": scope_villages(request.user, assets.MANAGE)[:200], "target": "finance:asset_create",
        })
    form = AssetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            asset = assets.register_asset(
                request.user, village.code, name=data["name"], category=data["category"],
                acquired_on=data["acquired_on"], original_value_fen=data["original_value"], location=data["location"],
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("资产已登记。"))
            return redirect("finance:asset_detail", asset.pk)
    return render(request, "finance/assets/create.html", {"form": form, "village": village})


def _asset_context(request, asset, form=None):
    can_dispose = asset.status == AssetStatus.IN_USE and can(request.user, assets.MANAGE, asset.region_id)
    filings = open_filings(asset.region_id, FilingKind.ASSET_DISPOSAL) if can_dispose else []
    return {
        "asset": asset, "can_dispose": can_dispose,
        "form": form or DisposalForm(filings=filings, initial={"disposed_on": timezone.localdate()}),
    }


@login_required
@require_GET
def asset_detail(request, pk):
    asset = assets.get_asset_for_user(request.user, pk)
    return render(request, "finance/assets/detail.html", _asset_context(request, asset))


@login_required
@require_POST
def asset_dispose(request, pk):
    asset = assets.get_asset_for_user(request.user, pk)
    form = DisposalForm(request.POST, filings=open_filings(asset.region_id, FilingKind.ASSET_DISPOSAL))
    if form.is_valid():
        data = form.cleaned_data
        try:
            assets.dispose_asset(
                request.user, asset, filing=data["filing"] or None, disposed_on=data["disposed_on"],
                method=data["method"], amount_fen=data["amount"] or 0, counterparty=data["counterparty"],
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("资产已处置。"))
            return redirect("finance:asset_detail", asset.pk)
    asset = assets.get_asset_for_user(request.user, pk)
    return render(request, "finance/assets/detail.html", _asset_context(request, asset, form))


@login_required
@require_GET
def contract_list(request):
    require_capability(request.user, VIEW)
    queryset = _in_village(contracts.visible_contracts(request.user), request)
    flag = request.GET.get("flag", "")
    if flag == "expiring":
        queryset = contracts.expiring(queryset)
    elif flag == "overdue":
        queryset = queryset.filter(has_overdue=True)
    page = Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    for contract in page.object_list:
        contract.expiring = contracts.is_expiring(contract, today)
    return render(request, "finance/contracts/list.html", {"page": page, "flag": flag})


@login_required
def contract_create(request):
    village = village_for_request(request, contracts.MANAGE)
    if village is None:
        return render(request, "finance/choose_village.html", {
            "villages": scope_villages(request.user, contracts.MANAGE)[:200], "target": "finance:contract_create",
        })
    filings = open_filings(village.code, FilingKind.RESOURCE_CONTRACT)
    form = ContractForm(request.POST or None, filings=filings)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            contract = contracts.create_contract(
                request.user, village.code, resource_kind=data["resource_kind"], resource_name=data["resource_name"],
                party=data["party"], starts_on=data["starts_on"], ends_on=data["ends_on"], period=data["period"],
                rent_fen=data["rent"], filing=data["filing"] or None,
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("合同已登记,缴费计划已生成。"))
            return redirect("finance:contract_detail", contract.pk)
    return render(request, "finance/contracts/create.html", {"form": form, "village": village})


def _contract_context(request, contract, forms_=None):
    today = timezone.localdate()
    payments = list(contract.payments.select_related("voucher"))
    can_manage = can(request.user, contracts.MANAGE, contract.region_id)
    linked = ContractPayment.objects.filter(region_id=contract.region_id, voucher__isnull=False).values("voucher")
    income = (
        Voucher.objects.filter(region_id=contract.region_id, direction=Direction.INCOME, reverses__isnull=True)
        .exclude(state=VoucherState.RETURNED).exclude(pk__in=linked).order_by("-date")[:50]
    ) if can_manage else []
    income = list(income)
    forms_ = forms_ or {}
    for payment in payments:
        payment.overdue = payment.is_overdue(today)
        if can_manage and payment.paid_on is None:
            payment.form = forms_.get(payment.pk) or PaymentForm(vouchers=income, initial={"paid_on": today})
    return {
        "contract": contract, "payments": payments, "can_manage": can_manage,
        "expiring": contracts.is_expiring(contract, today),
    }


@login_required
@require_GET
def contract_detail(request, pk):
    contract = contracts.get_contract_for_user(request.user, pk)
    return render(request, "finance/contracts/detail.html", _contract_context(request, contract))


@login_required
@require_POST
def payment_record(request, pk):
    payment = contracts.get_payment_for_user(request.user, pk)
    contract = contracts.get_contract_for_user(request.user, payment.contract_id)
    vouchers = Voucher.objects.filter(region_id=payment.region_id, direction=Direction.INCOME)
    form = PaymentForm(request.POST, vouchers=vouchers)
    if form.is_valid():
        data = form.cleaned_data
        try:
            contracts.record_payment(
                request.user, payment, voucher=data["voucher"] or None, paid_fen=data["paid"], paid_on=data["paid_on"],
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("第 %(n)d 期缴纳已登记。") % {"n": payment.sequence})
            return redirect("finance:contract_detail", contract.pk)
    return render(request, "finance/contracts/detail.html", _contract_context(request, contract, {payment.pk: form}))
