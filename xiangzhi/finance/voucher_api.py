"""/api/v1/finance: fund accounts, vouchers and their steps, the monthly statement. Amounts in fen."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from xiangzhi.accounts.permissions import require, require_capability
from xiangzhi.core.scope import prefix_q

from . import vouchers
from .models import VoucherState
from .statements import monthly_statement
from .vouchers import voucher_workflow

router = Router(tags=[_("村级三资")])


class AccountOut(Schema):
    id: int
    region_code: str = Field(alias="region_id")
    kind: str
    name: str
    opening_balance_fen: int
    opened_on: datetime.date
    balance_fen: int


class AccountIn(Schema):
    region_code: str = Field(max_length=15)
    kind: str
    name: str
    opening_balance_fen: int
    opened_on: datetime.date


class LineIn(Schema):
    description: str
    amount_fen: int


class LineOut(Schema):
    description: str
    amount_fen: int


class VoucherIn(Schema):
    region_code: str = Field(max_length=15)
    direction: str
    category: str
    account_id: int
    counterparty: str
    summary: str
    date: datetime.date
    total_fen: int
    lines: list[LineIn]


class VoucherOut(Schema):
    id: int
    region_code: str = Field(alias="region_id")
    number: str
    direction: str
    category: str
    account_id: int
    counterparty: str
    summary: str
    date: datetime.date
    total_fen: int
    signed_fen: int
    state: str
    state_label: str
    reverses_id: int | None
    reversal_reason: str
    filing_id: int | None
    posted_on: datetime.date | None

    @staticmethod
    def resolve_state_label(voucher):
        return str(voucher_workflow.state_label(voucher.state))


class StepOut(Schema):
    transition: str
    label: str
    actor: str
    comment: str
    occurred_at: datetime.datetime


class VoucherDetailOut(VoucherOut):
    lines: list[LineOut]
    history: list[StepOut]
    allowed_steps: list[str]


class CommentIn(Schema):
    comment: str = ""


class ApproveIn(CommentIn):
    filing_id: int | None = None


class ReasonIn(Schema):
    reason: str


def _detail(request, voucher):
    voucher = vouchers.get_voucher_for_user(request.user, voucher.pk)
    voucher.history = [
        {"transition": step.transition, "label": str(voucher_workflow.step_label(step.transition)),
         "actor": str(step.actor), "comment": step.comment, "occurred_at": step.occurred_at}
        for step in voucher_workflow.history(voucher)
    ]
    voucher.allowed_steps = [t.name for t in voucher_workflow.allowed_transitions(request.user, voucher)]
    return voucher


@router.get("/accounts", response=list[AccountOut], summary=_("资金账户"))
def list_accounts(request, region_code: str | None = None):
    require_capability(request.user, "finance.view")
    queryset = vouchers.visible_accounts(request.user)
    if region_code:
        queryset = queryset.filter(prefix_q("region", region_code))
    return list(queryset[:500])


@router.post("/accounts", response={201: AccountOut}, summary=_("建立资金账户(期初余额)"))
def open_account(request, payload: AccountIn):
    account = vouchers.open_account(
        request.user, payload.region_code, kind=payload.kind, name=payload.name,
        opening_balance_fen=payload.opening_balance_fen, opened_on=payload.opened_on,
    )
    return Status(201, account)


@router.get("/vouchers", response=list[VoucherOut], summary=_("记账凭证列表"))
@paginate
def list_vouchers(request, region_code: str | None = None, state: str | None = None):
    require_capability(request.user, "finance.view")
    queryset = vouchers.visible_vouchers(request.user)
    if region_code:
        queryset = queryset.filter(prefix_q("region", region_code))
    if state in VoucherState.values:
        queryset = queryset.filter(state=state)
    return queryset


@router.post("/vouchers", response={201: VoucherDetailOut}, summary=_("登记凭证(经办人)"))
def create_voucher(request, payload: VoucherIn):
    voucher = vouchers.record_voucher(
        request.user, payload.region_code, direction=payload.direction, category=payload.category,
        account_id=payload.account_id, counterparty=payload.counterparty, summary=payload.summary,
        date=payload.date, total_fen=payload.total_fen, lines=[line.dict() for line in payload.lines],
    )
    return Status(201, _detail(request, voucher))


@router.get("/vouchers/{int:voucher_id}", response=VoucherDetailOut, summary=_("凭证详情"))
def get_voucher(request, voucher_id: int):
    return _detail(request, vouchers.get_voucher_for_user(request.user, voucher_id))


@router.post("/vouchers/{int:voucher_id}/review", response=VoucherDetailOut, summary=_("村务监督委员会审核"))
def review(request, voucher_id: int, payload: CommentIn):
    voucher = vouchers.get_voucher_for_user(request.user, voucher_id)
    vouchers.review_voucher(request.user, voucher, comment=payload.comment)
    return _detail(request, voucher)


@router.post("/vouchers/{int:voucher_id}/approve", response=VoucherDetailOut, summary=_("村主任/书记审批"))
def approve(request, voucher_id: int, payload: ApproveIn):
    voucher = vouchers.get_voucher_for_user(request.user, voucher_id)
    vouchers.approve_voucher(request.user, voucher, filing=payload.filing_id, comment=payload.comment)
    return _detail(request, voucher)


@router.post("/vouchers/{int:voucher_id}/post", response=VoucherDetailOut, summary=_("入账"))
def post(request, voucher_id: int, payload: CommentIn):
    voucher = vouchers.get_voucher_for_user(request.user, voucher_id)
    vouchers.post_voucher(request.user, voucher, comment=payload.comment)
    return _detail(request, voucher)


@router.post("/vouchers/{int:voucher_id}/return", response=VoucherDetailOut, summary=_("退回(须写理由)"))
def return_(request, voucher_id: int, payload: ReasonIn):
    voucher = vouchers.get_voucher_for_user(request.user, voucher_id)
    vouchers.return_voucher(request.user, voucher, reason=payload.reason)
    return _detail(request, voucher)


@router.post("/vouchers/{int:voucher_id}/reverse", response={201: VoucherDetailOut}, summary=_("红字冲销"))
def reverse(request, voucher_id: int, payload: ReasonIn):
    voucher = vouchers.get_voucher_for_user(request.user, voucher_id)
    reversal = vouchers.reverse_voucher(request.user, voucher, reason=payload.reason)
    return Status(201, _detail(request, reversal))


class StatementAccountOut(Schema):
    name: str
    opening_fen: int
    income_fen: int
    expense_fen: int
    closing_fen: int


class StatementOut(Schema):
    region_code: str
    region_name: str
    year: int
    month: int
    title: str
    accounts: list[StatementAccountOut]
    income_by_category: list[tuple[str, int]]
    expense_by_category: list[tuple[str, int]]
    vouchers: list[dict]
    totals: dict
    table: dict


@router.get("/statement", response=StatementOut, summary=_("月度财务收支情况"))
def statement(request, region_code: str, year: int, month: int):
    require(request.user, "finance.view", region_code)
    if not 1 <= month <= 12:
        raise ValidationError({"month": _("月份须为 1 至 12。")})
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": _("年份须在 2000 至 2100 之间。")})
    result = monthly_statement(region_code, year, month)
    return {**result.__dict__, "accounts": [line.__dict__ for line in result.accounts], "title": result.title,
            "table": result.as_table()}
