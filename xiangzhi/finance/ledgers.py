"""财务收支台账: the village's posted vouchers (记账凭证) in the period, by posting date, with
income, expense and each account's balance after the voucher. Red-ink reversals show as negative
amounts, as on the statement; the balance brought forward comes from the account's opening
balance and the vouchers posted before the period."""

from django.db.models import Q, Sum

from xiangzhi.ledgers.registry import DATE_FORMAT, YUAN_FORMAT, Column, Ledger, register, yuan

from .models import Direction, FundAccount, Voucher, VoucherState


def _brought_forward(region_code, period):
    balances = dict(FundAccount.objects.within(region_code).values_list("pk", "opening_balance_fen"))
    earlier = (
        Voucher.objects.within(region_code)
        .filter(state=VoucherState.POSTED, posted_on__lt=period.first).order_by()
        .values("account", "direction")
        .annotate(normal=Sum("total_fen", filter=Q(reverses__isnull=True)),
                  reversed=Sum("total_fen", filter=Q(reverses__isnull=False)))
    )
    for row in earlier:
        signed = (row["normal"] or 0) - (row["reversed"] or 0)
        delta = signed if row["direction"] == Direction.INCOME else -signed
        balances[row["account"]] = balances.get(row["account"], 0) + delta
    return balances


def voucher_rows(region_code, period):
    balances = _brought_forward(region_code, period)
    vouchers = (
        Voucher.objects.within(region_code)
        .filter(state=VoucherState.POSTED, posted_on__range=(period.first, period.last))
        .select_related("region", "account", "submitted_by", "reverses")
        .order_by("posted_on", "posted_at", "id")
    )
    for voucher in vouchers:
        balances[voucher.account_id] = balances.get(voucher.account_id, 0) + voucher.balance_delta_fen
        income = voucher.signed_fen if voucher.direction == Direction.INCOME else None
        expense = voucher.signed_fen if voucher.direction == Direction.EXPENSE else None
        note = f"冲销 {voucher.reverses.number}：{voucher.reversal_reason}" if voucher.is_reversal else ""
        yield (
            voucher.posted_on,
            voucher.region.name,
            voucher.number,
            voucher.date,
            voucher.account.name,
            voucher.summary,
            voucher.counterparty,
            str(voucher.category_label),
            yuan(income),
            yuan(expense),
            yuan(balances[voucher.account_id]),
            str(voucher.submitted_by),
            note,
        )


register(Ledger(
    key="finance.vouchers",
    title="财务收支台账",
    module="finance",
    period_kind="month",
    capability="finance.view",
    columns=(
        Column("入账日期", 11, DATE_FORMAT), Column("村", 12), Column("凭证号", 12), Column("业务日期", 11, DATE_FORMAT),
        Column("账户", 14), Column("摘要", 22), Column("对方单位/个人", 16), Column("类别", 12),
        Column("收入(元)", 12, YUAN_FORMAT), Column("支出(元)", 12, YUAN_FORMAT),
        Column("账户余额(元)", 13, YUAN_FORMAT), Column("经办人", 8), Column("备注", 18),
    ),
    rows=voucher_rows,
    order=90,
))
