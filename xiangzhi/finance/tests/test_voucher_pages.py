"""Voucher and account pages and API: what a cadre, a supervisor, a secretary and outsiders get."""

import pytest
from django.urls import reverse
from django.utils import timezone

from xiangzhi.finance.models import FundAccount, Voucher

from .conftest import A1, fresh, record, run_to_posted

pytestmark = pytest.mark.django_db


def voucher_form(account, **overrides):
    data = {"village": A1, "direction": "expense", "category": "management_expense", "total": "120.50",
            "summary": "购买办公用品", "counterparty": "阳朔文具店", "account": account.pk,
            "date": timezone.localdate().isoformat()}
    data.update(overrides)
    return data


def test_cadre_records_a_voucher_on_the_page(personas, account, client):
    client.force_login(personas.cadre_a1)
    assert client.get(reverse("finance:voucher_create")).status_code == 200
    response = client.post(reverse("finance:voucher_create"), voucher_form(account))
    voucher = Voucher.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("finance:voucher_detail", args=[voucher.pk])
    assert (voucher.total_fen, voucher.lines.get().description) == (120_50, "购买办公用品")


@pytest.mark.parametrize("overrides, message", [
    ({"total": "0"}, "金额(元)必须大于零。"),
    ({"total": "12.345"}, "金额(元)最多保留两位小数"),
    ({"total": "一百"}, "金额(元)“一百”不是有效的数字。"),
    ({"total": "100", "line0_description": "纸", "line0_amount": "60", "line1_description": "笔", "line1_amount": "30"},
     "凭证金额 100.00 元与明细合计 90.00 元不符。"),
    ({"category": "subsidy_income"}, "类别“subsidy_income”不在可选范围内。"),
    ({"summary": ""}, "请填写摘要。"),
])
def test_bad_voucher_input_shows_a_chinese_message_and_saves_nothing(personas, account, client, overrides, message):
    client.force_login(personas.cadre_a1)
    response = client.post(reverse("finance:voucher_create"), voucher_form(account, **overrides))
    page = response.content.decode().replace("（", "(").replace("）", ")")
    assert response.status_code == 200 and message in page
    assert not Voucher.objects.exists()


def test_steps_on_the_page(personas, account, client):
    voucher = record(personas.cadre_a1, account, amount=300_00)
    client.force_login(personas.supervisor_a1)
    page = client.get(reverse("finance:voucher_detail", args=[voucher.pk])).content.decode()
    assert "监委会审核" in page
    assert client.get(reverse("finance:voucher_step", args=[voucher.pk, "review"])).status_code == 405
    assert client.post(reverse("finance:voucher_step", args=[voucher.pk, "review"]), {}).status_code == 302
    client.force_login(personas.secretary_a1)
    assert client.post(reverse("finance:voucher_step", args=[voucher.pk, "approve"]), {}).status_code == 302
    assert client.post(reverse("finance:voucher_step", args=[voucher.pk, "post"]), {}).status_code == 302
    assert fresh(voucher).state == "posted" and FundAccount.objects.get().balance_fen == 100_000_00 - 300_00
    page = client.get(reverse("finance:voucher_detail", args=[voucher.pk])).content.decode()
    assert "红字冲销" in page and "99,700.00" in page
    response = client.post(reverse("finance:voucher_reverse", args=[voucher.pk]), {"reason": ""})
    assert "请填写冲销原因。" in response.content.decode() and Voucher.objects.count() == 1
    client.force_login(personas.cadre_a2)
    assert client.get(reverse("finance:voucher_detail", args=[voucher.pk])).status_code == 404
    assert client.post(reverse("finance:voucher_reverse", args=[voucher.pk]), {"reason": "x"}).status_code == 404
    client.force_login(personas.villager_a1)
    assert client.get(reverse("finance:voucher_list")).status_code == 403
    assert client.get(reverse("finance:voucher_create")).status_code == 403


def test_voucher_api(personas, account, client):
    client.force_login(personas.cadre_a1)
    payload = {"region_code": A1, "direction": "income", "category": "contract_income", "account_id": account.pk,
               "counterparty": "黄志强", "summary": "鱼塘承包费", "date": timezone.localdate().isoformat(),
               "total_fen": 2_000_00, "lines": [{"description": "2026年承包费", "amount_fen": 2_000_00}]}
    response = client.post("/api/v1/finance/vouchers", payload, content_type="application/json")
    assert response.status_code == 201, response.content
    voucher_id = response.json()["id"]
    bad = {**payload, "total_fen": 2_500_00}
    response = client.post("/api/v1/finance/vouchers", bad, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"]["total_fen"] == ["凭证金额 2,500.00 元与明细合计 2,000.00 元不符。"]
    assert Voucher.objects.count() == 1
    client.force_login(personas.supervisor_a1)
    assert client.post(f"/api/v1/finance/vouchers/{voucher_id}/review", {}, content_type="application/json").json()[
        "state"] == "reviewed"
    client.force_login(personas.cadre_a1)
    data = client.post(f"/api/v1/finance/vouchers/{voucher_id}/post", {}, content_type="application/json").json()
    assert data["state"] == "posted" and [s["transition"] for s in data["history"]] == ["record", "review", "post"]
    assert client.get("/api/v1/finance/accounts").json()[0]["balance_fen"] == 102_000_00
    response = client.post(f"/api/v1/finance/vouchers/{voucher_id}/reverse", {"reason": "收错户"},
                           content_type="application/json")
    assert response.status_code == 201 and response.json()["signed_fen"] == -2_000_00
    month = timezone.localdate()
    statement = client.get(f"/api/v1/finance/statement?region_code={A1}&year={month.year}&month={month.month}").json()
    assert statement["totals"]["income_fen"] == 2_000_00 and statement["table"]["rows"][0][-1] == "2,000.00"
    assert client.get(f"/api/v1/finance/statement?region_code={A1}&year={month.year}&month=13").status_code == 422
    client.force_login(personas.cadre_b1)
    assert client.get(f"/api/v1/finance/vouchers/{voucher_id}").status_code == 404
    assert client.post(f"/api/v1/finance/vouchers/{voucher_id}/return", {"reason": "x"},
                       content_type="application/json").status_code == 404
    assert client.get(f"/api/v1/finance/statement?region_code={A1}&year=2026&month=1").status_code == 404
    assert client.get("/api/v1/finance/vouchers").json()["count"] == 0
    client.force_login(personas.villager_a1)
    assert client.get("/api/v1/finance/vouchers").status_code == 403
    assert client.post("/api/v1/finance/vouchers", payload, content_type="application/json").status_code == 403


def test_accounts(personas, client):
    client.force_login(personas.cadre_a1)
    assert client.get(reverse("finance:account_create")).status_code == 403  # a cadre does not open accounts
    client.force_login(personas.secretary_a1)
    response = client.post(reverse("finance:account_create"), {"village": A1, "kind": "cash", "name": "现金",
                                                               "opening_balance": "-5", "opened_on": "2025-01-01"})
    assert "期初余额(元)不能为负数。" in response.content.decode() and not FundAccount.objects.exists()
    response = client.post(reverse("finance:account_create"), {"village": A1, "kind": "cash", "name": "现金",
                                                               "opening_balance": "1,500.00", "opened_on": "2025-01-01"})
    assert response.status_code == 302 and FundAccount.objects.get().balance_fen == 1_500_00
    response = client.post("/api/v1/finance/accounts", {"region_code": A1, "kind": "cash", "name": "现金",
                                                        "opening_balance_fen": 0, "opened_on": "2025-01-01"},
                           content_type="application/json")
    assert response.status_code == 422 and response.json()["errors"]["name"] == ["本村已有名为“现金”的账户。"]
    client.force_login(personas.township_a)
    response = client.post("/api/v1/finance/accounts", {"region_code": A1, "kind": "bank", "name": "银行",
                                                        "opening_balance_fen": 0, "opened_on": "2025-01-01"},
                           content_type="application/json")
    assert response.status_code == 403
    client.force_login(personas.secretary_a1)
    response = client.post("/api/v1/finance/accounts", {"region_code": "450321100202", "kind": "bank", "name": "银行",
                                                        "opening_balance_fen": 0, "opened_on": "2025-01-01"},
                           content_type="application/json")
    assert response.status_code == 404 and FundAccount.objects.count() == 1


def test_home_overview_and_statement_pages(personas, account, client):
    run_to_posted(personas, record(personas.cadre_a1, account, direction="income", category="subsidy_income",
                                   amount=5_000_00))
    record(personas.cadre_a1, account, amount=10_00)
    client.force_login(personas.supervisor_a1)
    page = client.get(reverse("finance:home")).content.decode()
    assert "105,000.00" in page and "待我办理" in page and "购买办公用品" in page
    client.force_login(personas.township_a)
    page = client.get(reverse("finance:home")).content.decode()
    assert "辖区总览" in page and "矮山村委会" in page and "骥马村委会" in page and "白沙村委会" not in page
    assert client.get(reverse("finance:home") + "?village=450321101200").status_code == 404
    page = client.get(reverse("finance:statement") + f"?village={A1}").content.decode()
    assert "财务收支情况" in page and "5,000.00" in page
    client.force_login(personas.cadre_b1)
    assert client.get(reverse("finance:statement") + f"?village={A1}").status_code == 404
    client.force_login(personas.villager_a1)
    assert client.get(reverse("finance:home")).status_code == 403
    assert client.get(reverse("finance:statement")).status_code == 403
