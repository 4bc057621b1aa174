import pytest
from django.db.models import Sum

from xiangzhi.finance.models import FundAccount, Voucher
from xiangzhi.finance.seeding import seed_finance
from xiangzhi.finance.statements import monthly_statement

from .conftest import A1

pytestmark = pytest.mark.django_db


def test_seeded_ledger_is_consistent(tree):
    result = seed_finance(A1, months=4)
    assert result["accounts"] == 2 and result["vouchers"] > 10
    assert seed_finance(A1) == {"accounts": 0, "vouchers": 0}
    for account in FundAccount.objects.filter(region_id=A1):
        posted = Voucher.objects.filter(account=account, state="posted")
        income = posted.filter(direction="income").aggregate(s=Sum("total_fen"))["s"] or 0
        expense = posted.filter(direction="expense").aggregate(s=Sum("total_fen"))["s"] or 0
        assert account.balance_fen == account.opening_balance_fen + income - expense >= 0
    last = Voucher.objects.order_by("-posted_on").first().posted_on
    statement = monthly_statement(A1, last.year, last.month)
    assert statement.totals["closing_fen"] == FundAccount.objects.filter(region_id=A1).aggregate(s=Sum("balance_fen"))["s"]
