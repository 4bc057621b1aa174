"""村级资金: fund accounts and vouchers, with the 村级财务报销 procedure on the workflow core.

Expense: 经办人登记 (finance.record) → 村务监督委员会审核 (finance.review, not the recorder)
→ 村主任/书记审批 (finance.approve; above the county threshold only with an approved
大额支出 filing) → 入账 (finance.record). Income: 登记 → 审核 → 入账. Any open step may
退回 it with a reason. Posting moves the account's balance with a conditional UPDATE, so a
balance never goes below zero, even when two postings race. A posted voucher is never
edited: a mistake is corrected by a reversing (红字) voucher that goes through the same steps.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xiangzhi.accounts.permissions import require
from xiangzhi.core.audit import record_event
from xiangzhi.core.workflow import Transition, Workflow

from . import inputs
from .filings import approved_filing, threshold_fen, use_filing
from .models import (
    CATEGORIES, AccountKind, Direction, FilingKind, FundAccount, Voucher, VoucherLine, VoucherSequence,
    VoucherState, village_code_of,
)
from .money import format_fen

RECORD = "finance.record"
REVIEW = "finance.review"
APPROVE = "finance.approve"
MAX_LINES = 50
REASON_MAX = 500


# --- the procedure --------------------------------------------------------------------


def _reviewer_is_not_recorder(voucher, actor, data):
    if actor is not None and actor.pk == voucher.submitted_by_id:
        return _("审核须由经办人以外的村务监督委员会成员进行。")
    return None


def _is_expense(voucher, actor, data):
    if voucher.direction != Direction.EXPENSE:
        return _("收入凭证不需要审批,审核后即可入账。")
    return None


def _ready_to_post(voucher, actor, data):
    needed = VoucherState.APPROVED if voucher.direction == Direction.EXPENSE else VoucherState.REVIEWED
    if voucher.state != needed:
        return _("支出凭证须经村主任或书记审批后才能入账。")
    return None


def needs_filing(voucher):
    return (
        voucher.direction == Direction.EXPENSE and not voucher.is_reversal
        and voucher.total_fen > threshold_fen(voucher.region_id)
    )


def _large_expense_has_filing(voucher, actor, data):
    if not needs_filing(voucher):
        return None
    filing = approved_filing(voucher.region_id, data.get("filing") or voucher.filing_id, kind=FilingKind.LARGE_EXPENSE)
    if filing.amount_fen < voucher.total_fen:
        return {"filing": _("备案“%(title)s”的金额 %(filed)s 元小于本凭证金额 %(amount)s 元。") % {
            "title": filing.title, "filed": format_fen(filing.amount_fen), "amount": format_fen(voucher.total_fen)}}
    data["filing_row"] = filing
    return None


def _use_filing(voucher, actor, data):
    filing = data.get("filing_row")
    if filing is None:
        return None
    changes = use_filing(filing, voucher)
    voucher.filing = filing
    voucher.save(update_fields=["filing"])
    return changes


def _post(voucher, actor, data):
    delta = voucher.balance_delta_fen
    accounts = FundAccount.objects.filter(pk=voucher.account_id)
    if delta < 0:
        # The condition is re-checked under the row lock, so two postings cannot both spend the same money.
        moved = accounts.filter(balance_fen__gte=-delta).update(balance_fen=F("balance_fen") + delta)
        if not moved:
            account = FundAccount.objects.get(pk=voucher.account_id)
            raise ValidationError({"account": _("“%(account)s”余额 %(balance)s 元,不足以支付 %(amount)s 元,不能入账。") % {
                "account": account.name, "balance": format_fen(account.balance_fen), "amount": format_fen(-delta)}})
    else:
        accounts.update(balance_fen=F("balance_fen") + delta)
    voucher.posted_at = timezone.now()
    voucher.posted_on = timezone.localdate(voucher.posted_at)
    voucher.save(update_fields=["posted_at", "posted_on"])
    return {"balance_fen": [None, delta], "posted_on": [None, voucher.posted_on.isoformat()]}


voucher_workflow = Workflow(
    "finance_voucher",
    Voucher,
    states=VoucherState,
    initial=VoucherState.SUBMITTED,
    final=(VoucherState.POSTED, VoucherState.RETURNED),
    start_name="record",
    start_label=gettext_lazy("经办人登记"),
    transitions=[
        Transition(
            "review", gettext_lazy("监委会审核"), source=(VoucherState.SUBMITTED,), target=VoucherState.REVIEWED,
            capability=REVIEW, guards=(_reviewer_is_not_recorder,),
        ),
        Transition(
            "approve", gettext_lazy("审批"), source=(VoucherState.REVIEWED,), target=VoucherState.APPROVED,
            capability=APPROVE, guards=(_is_expense, _large_expense_has_filing), effect=_use_filing,
        ),
        Transition(
            "post", gettext_lazy("入账"), source=(VoucherState.REVIEWED, VoucherState.APPROVED),
            target=VoucherState.POSTED, capability=RECORD, guards=(_ready_to_post,), effect=_post,
        ),
        Transition(
            "return_review", gettext_lazy("退回"), source=(VoucherState.SUBMITTED,), target=VoucherState.RETURNED,
            capability=REVIEW, requires_comment=True,
        ),
        Transition(
            "return_approve", gettext_lazy("退回"), source=(VoucherState.REVIEWED, VoucherState.APPROVED),
            target=VoucherState.RETURNED, capability=APPROVE, requires_comment=True,
        ),
    ],
)


# --- accounts -------------------------------------------------------------------------


def open_account(actor, village_code, *, kind, name, opening_balance_fen, opened_on):
    """A new cash box or bank account with its opening balance (期初余额)."""
    post = require(actor, APPROVE, village_code)
    from .filings import _village

    village = _village(village_code)
    errors = {}
    data = {"kind": kind, "name": name, "opened_on": opened_on}
    kind = inputs.choice(errors, data, "kind", _("账户类型"), AccountKind.choices)
    name = inputs.text(errors, data, "name", _("账户名称"), max_length=100)
    opening = inputs.fen(errors, opening_balance_fen, "opening_balance_fen", _("期初余额"), positive=False)
    opened_on = inputs.date(errors, data, "opened_on", _("建账日期"))
    if opened_on and opened_on > timezone.localdate():
        errors["opened_on"] = _("建账日期不能晚于今天。")
    if name and "name" not in errors and FundAccount.objects.filter(region=village, name=name).exists():
        errors["name"] = _("本村已有名为“%(name)s”的账户。") % {"name": name}
    inputs.raise_if(errors)
    with transaction.atomic():
        account = FundAccount.objects.create(
            region=village, kind=kind, name=name, opening_balance_fen=opening, balance_fen=opening, opened_on=opened_on,
        )
        record_event(actor, "fund_account.open", account, region_code=village.code, post=post, changes={
            "kind": [None, kind], "name": [None, name], "opening_balance_fen": [None, opening],
            "opened_on": [None, opened_on.isoformat()],
        })
    return account


# --- vouchers -------------------------------------------------------------------------


def _next_number(village_code, year):
    """记-2026-0001: the sequence row's lock makes concurrent recorders take distinct numbers."""
    try:
        with transaction.atomic():
            VoucherSequence.objects.get_or_create(region_id=village_code, year=year)
    except IntegrityError:
        pass  # created by a concurrent recorder; the update below waits for its lock
    VoucherSequence.objects.filter(region_id=village_code, year=year).update(last_number=F("last_number") + 1)
    number = VoucherSequence.objects.get(region_id=village_code, year=year).last_number
    return f"记-{year}-{number:04d}"


def _clean_lines(errors, lines, declared_total_fen):
    """[(description, amount_fen)] from [{"description", "amount_fen"}]; the total must be their sum."""
    cleaned = []
    rows = [line for line in (lines or []) if (str(line.get("description") or "").strip() or line.get("amount_fen") not in (None, ""))]
    if not rows:
        errors["lines"] = _("请至少填写一行明细。")
        return cleaned
    if len(rows) > MAX_LINES:
        errors["lines"] = _("明细最多 %(max)d 行。") % {"max": MAX_LINES}
        return cleaned
    for number, line in enumerate(rows, start=1):
        line_errors = {}
        description = inputs.text(line_errors, line, "description", _("第 %(n)d 行明细的说明") % {"n": number}, max_length=200)
        amount = inputs.fen(line_errors, line.get("amount_fen"), "amount_fen", _("第 %(n)d 行明细的金额") % {"n": number})
        if line_errors:
            errors.setdefault("lines", " ".join(line_errors.values()))
            continue
        cleaned.append((description, amount))
    if "lines" not in errors and declared_total_fen is not None:
        total = sum(amount for _description, amount in cleaned)
        if total != declared_total_fen:
            errors["total_fen"] = _("凭证金额 %(declared)s 元与明细合计 %(sum)s 元不符。") % {
                "declared": format_fen(declared_total_fen), "sum": format_fen(total)}
    return cleaned


def record_voucher(actor, village_code, *, direction, category, account_id, counterparty, summary, date, lines,
                   total_fen=None, attachments=()):
    """经办人登记. `lines` are [{"description", "amount_fen"}]; `total_fen`, if given, must equal their sum."""
    post = require(actor, RECORD, village_code)
    errors = {}
    data = {"direction": direction, "category": category, "counterparty": counterparty, "summary": summary, "date": date}
    direction = inputs.choice(errors, data, "direction", _("收支方向"), Direction.choices)
    if "direction" not in errors:
        inputs.choice(errors, data, "category", _("类别"), CATEGORIES[direction])
    counterparty = inputs.text(errors, data, "counterparty", _("对方单位/个人"), max_length=100)
    summary = inputs.text(errors, data, "summary", _("摘要"), max_length=200)
    date = inputs.date(errors, data, "date", _("业务日期"))
    if date and date > timezone.localdate():
        errors["date"] = _("业务日期不能晚于今天。")
    account = None
    if account_id in (None, ""):
        errors["account"] = _("请选择账户。")
    else:
        account = FundAccount.objects.filter(pk=_int_or_none(account_id), region_id=village_code).first()
        if account is None:
            errors["account"] = _("本村没有这个账户。")
    if total_fen is not None:
        inputs.fen(errors, total_fen, "total_fen", _("凭证金额"))
    cleaned = _clean_lines(errors, lines, total_fen if "total_fen" not in errors else None)
    inputs.raise_if(errors)
    return _create_voucher(
        actor, post, village_code, account=account, direction=direction, category=category,
        counterparty=counterparty, summary=summary, date=date, lines=cleaned, attachments=attachments,
    )


def _create_voucher(actor, post, village_code, *, account, direction, category, counterparty, summary, date, lines,
                    attachments=(), reverses=None, reversal_reason=""):
    total = sum(amount for _description, amount in lines)
    with transaction.atomic():
        voucher = Voucher(
            region_id=village_code, year=date.year, number=_next_number(village_code, date.year),
            direction=direction, category=category, account=account, counterparty=counterparty, summary=summary,
            date=date, total_fen=total, submitted_by=actor, reverses=reverses, reversal_reason=reversal_reason,
        )
        voucher_workflow.start(actor, voucher, post=post, attachments=attachments, comment=reversal_reason, changes={
            "number": [None, voucher.number], "direction": [None, direction], "category": [None, category],
            "account": [None, account.pk], "total_fen": [None, total], "date": [None, date.isoformat()],
            **({"reverses": [None, reverses.number]} if reverses else {}),
        })
        VoucherLine.objects.bulk_create([
            VoucherLine(voucher=voucher, position=position, description=description, amount_fen=amount)
            for position, (description, amount) in enumerate(lines, start=1)
        ])
    return voucher


def review_voucher(actor, voucher, *, comment=""):
    return voucher_workflow.advance(actor, voucher, "review", comment=comment)


def approve_voucher(actor, voucher, *, filing=None, comment=""):
    return voucher_workflow.advance(actor, voucher, "approve", comment=comment, data={"filing": filing})


def post_voucher(actor, voucher, *, comment=""):
    return voucher_workflow.advance(actor, voucher, "post", comment=comment)


def return_voucher(actor, voucher, *, reason):
    """退回 with a reason: by the supervisor before review, by the village head after it."""
    step = "return_review" if voucher.state == VoucherState.SUBMITTED else "return_approve"
    try:
        return voucher_workflow.advance(actor, voucher, step, comment=reason)
    except ValidationError as error:
        if hasattr(error, "error_dict") and "comment" in error.error_dict:
            raise ValidationError({"reason": error.error_dict["comment"]}) from None
        raise


def reverse_voucher(actor, voucher, *, reason, attachments=()):
    """红字冲销: a new voucher referring to the posted one, with the same lines, undoing it once posted."""
    post = require(actor, RECORD, voucher.region_id)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写冲销原因。")})
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": _("冲销原因不能超过 %(max)d 个字。") % {"max": REASON_MAX}})
    if voucher.state != VoucherState.POSTED:
        raise ValidationError(_("只有已入账的凭证才能冲销;未入账的凭证请退回。"))
    if voucher.is_reversal:
        raise ValidationError(_("冲销凭证不能再被冲销。"))
    if voucher.reversals.exclude(state=VoucherState.RETURNED).exists():
        raise ValidationError(_("凭证 %(number)s 已有冲销凭证。") % {"number": voucher.number})
    lines = [(line.description, line.amount_fen) for line in voucher.lines.all()]
    try:
        return _create_voucher(
            actor, post, voucher.region_id, account=voucher.account, direction=voucher.direction,
            category=voucher.category, counterparty=voucher.counterparty,
            summary=(_("冲销 %(number)s:%(summary)s") % {"number": voucher.number, "summary": voucher.summary})[:200],
            date=timezone.localdate(), lines=lines, attachments=attachments, reverses=voucher, reversal_reason=reason,
        )
    except IntegrityError:
        raise ValidationError(_("凭证 %(number)s 已有冲销凭证。") % {"number": voucher.number}) from None


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# --- queries --------------------------------------------------------------------------


def visible_vouchers(user):
    return Voucher.objects.visible_to(user).select_related("region", "account", "submitted_by", "reverses")


def get_voucher_for_user(user, pk):
    voucher = visible_vouchers(user).filter(pk=_int_or_none(pk)).first()
    if voucher is None:
        raise Http404(_("未找到该记录。"))
    return voucher


def visible_accounts(user):
    return FundAccount.objects.visible_to(user).select_related("region")


PENDING_STATES = (VoucherState.SUBMITTED, VoucherState.REVIEWED, VoucherState.APPROVED)


def village_of(voucher):
    return village_code_of(voucher.region_id)
