"""Posted vouchers of village A1 for a given month, made with the finance module's actions."""

import datetime

from django.utils import timezone

from xiangzhi.finance import vouchers
from xiangzhi.finance.models import Voucher

from .helpers import A1


def last_month():
    first = timezone.localdate().replace(day=1)
    return (first - datetime.timedelta(days=1)).replace(day=1)


def open_cash_account(personas):
    return vouchers.open_account(
        personas.secretary_a1, A1, kind="bank", name="农商行基本户", opening_balance_fen=50_000_00,
        opened_on=last_month() - datetime.timedelta(days=40),
    )


def posted_voucher(personas, account, day, *, direction, category, amount_fen, counterparty, summary):
    voucher = vouchers.record_voucher(
        personas.cadre_a1, A1, direction=direction, category=category, account_id=account.pk,
        counterparty=counterparty, summary=summary, date=day,
        lines=[{"description": summary, "amount_fen": amount_fen}], total_fen=None,
    )
    vouchers.review_voucher(personas.supervisor_a1, voucher)
    voucher = Voucher.objects.get(pk=voucher.pk)
    if voucher.direction == "expense":
        vouchers.approve_voucher(personas.secretary_a1, voucher)
        voucher = Voucher.objects.get(pk=voucher.pk)
    vouchers.post_voucher(personas.cadre_a1, voucher)
    Voucher.objects.filter(pk=voucher.pk).update(posted_on=day)  # as if posted on that day
    return Voucher.objects.get(pk=voucher.pk)


def last_month_ledger(personas):
    account = open_cash_account(personas)
    month = last_month()
    posted_voucher(personas, account, month.replace(day=3), direction="income", category="contract_income",
                   amount_fen=3_000_00, counterparty="黄家", summary="鱼塘承包费")
    posted_voucher(personas, account, month.replace(day=12), direction="expense", category="public_welfare_expense",
                   amount_fen=1_200_50, counterparty="阳朔电器行", summary="路灯维修")
    return account
