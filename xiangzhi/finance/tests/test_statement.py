"""The monthly statement: only posted vouchers count, in the month they were posted; red ink is negative."""

import datetime

import pytest
from django.utils import timezone

from xiangzhi.finance import vouchers
from xiangzhi.finance.models import Voucher
from xiangzhi.finance.statements import monthly_statement

from .conftest import A1, record, run_to_posted

pytestmark = pytest.mark.django_db


def post_in(personas, account, month_day, **kwargs):
    voucher = run_to_posted(personas, record(personas.cadre_a1, account, **kwargs))
    Voucher.objects.filter(pk=voucher.pk).update(posted_on=month_day)  # as if posted that day
    return Voucher.objects.get(pk=voucher.pk)


def test_statement_figures(personas, account):
    today = timezone.localdate()
    this_month = today.replace(day=1)
    last_month = (this_month - datetime.timedelta(days=1)).replace(day=1)
    post_in(personas, account, last_month, direction="income", category="subsidy_income", amount=10_000_00,
            summary="上月补助")
    post_in(personas, account, this_month, direction="income", category="contract_income", amount=3_000_00,
            counterparty="黄家", summary="鱼塘承包费")
    wrong = post_in(personas, account, this_month, category="management_expense", amount=500_00, summary="办公费")
    post_in(personas, account, this_month, category="public_welfare_expense", amount=1_200_00, summary="路灯维修")
    record(personas.cadre_a1, account, amount=99_00)  # not posted: not in the statement
    reversal = run_to_posted(personas, vouchers.reverse_voucher(personas.cadre_a1, wrong, reason="重复"))
    Voucher.objects.filter(pk=reversal.pk).update(posted_on=this_month)

    result = monthly_statement(A1, this_month.year, this_month.month)
    [line] = result.accounts
    assert line.opening_fen == 100_000_00 + 10_000_00
    assert line.income_fen == 3_000_00
    assert line.expense_fen == 500_00 + 1_200_00 - 500_00
    assert line.closing_fen == 110_000_00 + 3_000_00 - 1_200_00
    assert result.income_by_category == [("发包及上交收入", 3_000_00)]
    assert result.expense_by_category == [("管理费用", 0), ("公益支出", 1_200_00)]
    assert [v["amount_fen"] for v in result.vouchers] == [3_000_00, 500_00, 1_200_00, -500_00]
    assert result.totals["closing_fen"] == 111_800_00
    # the closing balance of the month is the account's balance now (nothing posted since)
    assert account.__class__.objects.get(pk=account.pk).balance_fen == result.totals["closing_fen"]

    table = result.as_table()
    assert table["columns"][0] == "凭证号" and table["columns"][-1] == "金额(元)"
    assert table["rows"][0][4:] == ["黄家", "鱼塘承包费", "3,000.00"]
    assert table["rows"][3][-1] == "-500.00"
    assert ["", "", "", "", "", "月末余额合计", "111,800.00"] == table["rows"][-1]
    assert result.title.endswith(f"{this_month.year}年{this_month.month}月财务收支情况")

    earlier = monthly_statement(A1, last_month.year, last_month.month)
    assert earlier.totals == {"opening_fen": 100_000_00, "income_fen": 10_000_00, "expense_fen": 0,
                              "closing_fen": 110_000_00}
