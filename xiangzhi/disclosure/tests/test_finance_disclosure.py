"""A finance disclosure is generated from the ledger's posted vouchers, never typed."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from xiangzhi.disclosure import disclosures
from xiangzhi.disclosure.models import Disclosure
from xiangzhi.finance.statements import monthly_statement

from .finance_data import last_month, last_month_ledger
from .helpers import A1, FINANCE, fresh, item

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def label(day):
    return f"{day.year}年{day.month}月"


def test_finance_disclosure_snapshots_the_monthly_statement(personas):
    last_month_ledger(personas)
    month = last_month()
    disclosure = disclosures.draft_disclosure(personas.cadre_a1, A1, item=item(FINANCE), period=label(month))
    statement = monthly_statement(A1, month.year, month.month)
    assert disclosure.table == json.loads(json.dumps(statement.as_table()))
    assert disclosure.title == statement.title
    assert disclosure.figures["totals"] == {"opening_fen": 50_000_00, "income_fen": 3_000_00,
                                            "expense_fen": 1_200_50, "closing_fen": 51_799_50}
    assert ["", "", "", "", "", "月末余额合计", "51,799.50"] in disclosure.table["rows"]


def test_finance_table_cannot_be_typed_and_the_month_must_have_ended(personas):
    last_month_ledger(personas)
    with pytest.raises(ValidationError) as caught:
        disclosures.draft_disclosure(personas.cadre_a1, A1, item=item(FINANCE), period=label(last_month()),
                                     table={"columns": ["收入"], "rows": [["100"]]})
    assert "自动生成" in caught.value.message_dict["table"][0]
    today = timezone.localdate()
    with pytest.raises(ValidationError) as caught:
        disclosures.draft_disclosure(personas.cadre_a1, A1, item=item(FINANCE), period=label(today))
    assert "尚未结束" in caught.value.message_dict["period"][0]
    assert not Disclosure.objects.exists()


def test_regenerated_on_edit_while_a_draft(personas):
    account = last_month_ledger(personas)
    month = last_month()
    disclosure = disclosures.draft_disclosure(personas.cadre_a1, A1, item=item(FINANCE), period=label(month))
    from .finance_data import posted_voucher

    posted_voucher(personas, account, month.replace(day=20), direction="income", category="subsidy_income",
                   amount_fen=500_00, counterparty="阳朔镇政府", summary="补助")
    disclosures.update_draft(personas.cadre_a1, disclosure, body="请村民监督。")
    assert fresh(disclosure).figures["totals"]["income_fen"] == 3_500_00
