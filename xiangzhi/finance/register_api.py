"""/api/v1/finance: the assets register and resource contracts with their payments. Amounts in fen."""

import datetime

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from xiangzhi.accounts.permissions import require_capability
from xiangzhi.core.scope import prefix_q

from . import assets, contracts

router = Router(tags=[_("村级三资")])


class AssetIn(Schema):
    region_code: str = Field(max_length=15)
    name: str
    category: str
    acquired_on: datetime.date
    original_value_fen: int
    location: str = ""


class AssetOut(Schema):
    id: int
    region_code: str = Field(alias="region_id")
    name: str
    category: str
    acquired_on: datetime.date
    original_value_fen: int
    location: str
    status: str
    disposed_on: datetime.date | None
    disposal_method: str
    disposal_amount_fen: int | None
    disposal_counterparty: str
    disposal_filing_id: int | None


class DisposalIn(Schema):
    filing_id: int | None = None
    disposed_on: datetime.date
    method: str
    amount_fen: int = 0
    counterparty: str = ""


class ContractIn(Schema):
    region_code: str = Field(max_length=15)
    resource_kind: str
    resource_name: str
    party: str
    starts_on: datetime.date
    ends_on: datetime.date
    period: str
    rent_fen: int
    filing_id: int | None = None


class PaymentOut(Schema):
    id: int
    sequence: int
    due_on: datetime.date
    amount_fen: int
    paid_on: datetime.date | None
    paid_fen: int | None
    voucher_id: int | None
    overdue: bool

    @staticmethod
    def resolve_overdue(payment):
        return payment.is_overdue()


class ContractOut(Schema):
    id: int
    region_code: str = Field(alias="region_id")
    resource_kind: str
    resource_name: str
    party: str
    starts_on: datetime.date
    ends_on: datetime.date
    period: str
    rent_fen: int
    filing_id: int | None
    expiring: bool
    has_overdue: bool

    @staticmethod
    def resolve_expiring(contract):
        return contracts.is_expiring(contract)


class ContractDetailOut(ContractOut):
    payments: list[PaymentOut]

    @staticmethod
    def resolve_payments(contract):
        return list(contract.payments.all())


class PaymentIn(Schema):
    voucher_id: int | None = None
    paid_fen: int | None = None
    paid_on: datetime.date | None = None


@router.get("/assets", response=list[AssetOut], summary=_("集体资产"))
@paginate
def list_assets(request, region_code: str | None = None):
    require_capability(request.user, "finance.view")
    queryset = assets.visible_assets(request.user)
    return queryset.filter(prefix_q("region", region_code)) if region_code else queryset


@router.post("/assets", response={201: AssetOut}, summary=_("登记资产"))
def create_asset(request, payload: AssetIn):
    asset = assets.register_asset(
        request.user, payload.region_code, name=payload.name, category=payload.category,
        acquired_on=payload.acquired_on, original_value_fen=payload.original_value_fen, location=payload.location,
    )
    return Status(201, asset)


@router.get("/assets/{int:asset_id}", response=AssetOut, summary=_("资产详情"))
def get_asset(request, asset_id: int):
    return assets.get_asset_for_user(request.user, asset_id)


@router.post("/assets/{int:asset_id}/dispose", response=AssetOut, summary=_("处置资产(须有处置备案)"))
def dispose_asset(request, asset_id: int, payload: DisposalIn):
    asset = assets.get_asset_for_user(request.user, asset_id)
    return assets.dispose_asset(
        request.user, asset, filing=payload.filing_id, disposed_on=payload.disposed_on, method=payload.method,
        amount_fen=payload.amount_fen, counterparty=payload.counterparty,
    )


@router.get("/contracts", response=list[ContractOut], summary=_("资源发包合同"))
@paginate
def list_contracts(request, region_code: str | None = None, flag: str | None = None):
    require_capability(request.user, "finance.view")
    queryset = contracts.visible_contracts(request.user)
    if region_code:
        queryset = queryset.filter(prefix_q("region", region_code))
    if flag == "expiring":
        queryset = contracts.expiring(queryset)
    elif flag == "overdue":
        queryset = queryset.filter(has_overdue=True)
    return queryset


@router.post("/contracts", response={201: ContractDetailOut}, summary=_("登记合同(生成缴费计划)"))
def create_contract(request, payload: ContractIn):
    contract = contracts.create_contract(
        request.user, payload.region_code, resource_kind=payload.resource_kind, resource_name=payload.resource_name,
        party=payload.party, starts_on=payload.starts_on, ends_on=payload.ends_on, period=payload.period,
        rent_fen=payload.rent_fen, filing=payload.filing_id,
    )
    return Status(201, contracts.get_contract_for_user(request.user, contract.pk))


@router.get("/contracts/{int:contract_id}", response=ContractDetailOut, summary=_("合同详情与缴费计划"))
def get_contract(request, contract_id: int):
    return contracts.get_contract_for_user(request.user, contract_id)


@router.post("/payments/{int:payment_id}", response=PaymentOut, summary=_("登记缴纳"))
def record_payment(request, payment_id: int, payload: PaymentIn):
    payment = contracts.get_payment_for_user(request.user, payment_id)
    return contracts.record_payment(
        request.user, payment, voucher=payload.voucher_id, paid_fen=payload.paid_fen, paid_on=payload.paid_on,
    )
