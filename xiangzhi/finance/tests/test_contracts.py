"""Resource contracts: schedule from term and period, payments, expiring and overdue flags."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from xiangzhi.finance import contracts
from xiangzhi.finance.models import ContractPayment, ResourceContract

from .conftest import A1, approved_filing, fresh, record, run_to_posted

pytestmark = pytest.mark.django_db


def create(user, village=A1, **overrides):
    data = {"resource_kind": "pond", "resource_name": "大塘", "party": "黄志强", "starts_on": datetime.date(2024, 1, 15),
            "ends_on": datetime.date(2026, 1, 14), "period": "quarter", "rent_fen": 1_500_00}
    data.update(overrides)
    return contracts.create_contract(user, village, **data)


def test_schedule_is_generated_from_term_and_period(personas):
    contract = create(personas.cadre_a1)
    rows = list(contract.payments.values_list("sequence", "due_on", "amount_fen"))
    assert len(rows) == 8
    assert rows[0] == (1, datetime.date(2024, 1, 15), 1_500_00) and rows[-1][1] == datetime.date(2025, 10, 15)
    assert contracts.schedule(datetime.date(2024, 1, 31), datetime.date(2024, 4, 30), "month", 1)[1][1] == \
        datetime.date(2024, 2, 29)


def test_bad_contracts_are_refused(personas):
    with pytest.raises(ValidationError) as caught:
        create(personas.cadre_a1, ends_on=datetime.date(2024, 1, 1), rent_fen=0, party="")
    assert caught.value.message_dict == {
        "party": ["请填写承包/承租方。"], "ends_on": ["终止日期须晚于起始日期。"], "rent_fen": ["每期租金必须大于零。"],
    }
    assert not ResourceContract.objects.exists() and not ContractPayment.objects.exists()
    with pytest.raises(PermissionDenied):
        create(personas.villager_a1)
    with pytest.raises(Http404):
        create(personas.cadre_a2)


def test_large_contract_needs_a_resource_filing(personas):
    kwargs = {"period": "year", "rent_fen": 20_000_00, "ends_on": datetime.date(2034, 1, 14)}  # 200,000 元
    with pytest.raises(ValidationError) as caught:
        create(personas.cadre_a1, **kwargs)
    assert caught.value.message_dict == {"filing": ["须先报备“土地/资源发包”重大事项并经乡镇审核通过。"]}
    filing = approved_filing(personas, kind="resource_contract", amount_fen=200_000_00, title="大塘发包")
    contract = create(personas.cadre_a1, filing=filing.pk, **kwargs)
    assert contract.filing == filing and fresh(filing).used_at is not None


def test_payments_and_flags(personas, account):
    today = timezone.localdate()
    contract = create(personas.cadre_a1, starts_on=today - datetime.timedelta(days=200),
                      ends_on=today + datetime.timedelta(days=30), period="quarter")
    first, second = contract.payments.all()[:2]
    assert first.is_overdue() and second.is_overdue()
    assert contracts.is_expiring(contract)
    income = run_to_posted(personas, record(personas.cadre_a1, account, direction="income", category="contract_income",
                                            amount=1_500_00, date=today - datetime.timedelta(days=1)))
    contracts.record_payment(personas.cadre_a1, first, voucher=income.pk)
    first = fresh(first)
    assert (first.paid_fen, first.voucher, first.paid_on) == (1_500_00, income, income.date)
    with pytest.raises(ValidationError) as caught:
        contracts.record_payment(personas.cadre_a1, second, voucher=income.pk)
    assert caught.value.message_dict == {"voucher": [f"凭证 {income.number} 已登记为其他一期的租金。"]}
    with pytest.raises(ValidationError) as caught:
        contracts.record_payment(personas.cadre_a1, second, paid_fen=None, paid_on="2024-13-01")
    assert caught.value.message_dict == {"paid_fen": ["请填写实缴金额。"],
                                         "paid_on": ["缴纳日期“2024-13-01”不是有效的日期(格式 2026-03-01)。"]}
    with pytest.raises(ValidationError):
        contracts.record_payment(personas.cadre_a1, first, paid_fen=1_00, paid_on=today)  # already paid
    contracts.record_payment(personas.cadre_a1, second, paid_fen=1_500_00, paid_on=today)
    assert fresh(second).paid_on == today
    with pytest.raises(Http404):
        contracts.record_payment(personas.cadre_a2, fresh(contract.payments.last()), paid_fen=1, paid_on=today)
    from xiangzhi.finance.dashboard import figures_by_village

    figures = figures_by_village("450321100")[A1]
    assert figures["expiring_contracts"] == 1
    assert figures["overdue_payments"] == ContractPayment.objects.overdue().count() >= 1


def test_pages_and_api(personas, client):
    today = timezone.localdate()
    client.force_login(personas.cadre_a1)
    response = client.post(reverse("finance:contract_create"), {
        "village": A1, "resource_kind": "shop", "resource_name": "临街铺面1号", "party": "李记米粉",
        "starts_on": (today - datetime.timedelta(days=100)).isoformat(),
        "ends_on": (today + datetime.timedelta(days=60)).isoformat(), "period": "month", "rent": "800",
    })
    contract = ResourceContract.objects.get()
    assert response.status_code == 302 and contract.payments.count() == 6
    listing = client.get(reverse("finance:contract_list") + "?flag=expiring").content.decode()
    assert "临街铺面1号" in listing and "即将到期" in listing and "逾期未缴" in listing
    home = client.get(reverse("finance:home")).content.decode()
    assert "90天内到期合同" in home
    payment = contract.payments.first()
    response = client.post(reverse("finance:payment_record", args=[payment.pk]), {"paid": "-1", "paid_on": ""})
    assert "实缴金额(元)必须大于零。" in response.content.decode() and fresh(payment).paid_on is None
    response = client.post(reverse("finance:payment_record", args=[payment.pk]),
                           {"paid": "800", "paid_on": today.isoformat()})
    assert response.status_code == 302 and fresh(payment).paid_fen == 800_00
    data = client.get(f"/api/v1/finance/contracts/{contract.pk}").json()
    assert data["expiring"] and data["payments"][0]["paid_fen"] == 800_00 and data["payments"][1]["overdue"]
    response = client.post(f"/api/v1/finance/payments/{data['payments'][1]['id']}",
                           {"paid_fen": 0, "paid_on": today.isoformat()}, content_type="application/json")
    assert response.status_code == 422 and response.json()["errors"]["paid_fen"] == ["实缴金额必须大于零。"]
    client.force_login(personas.cadre_b1)
    assert client.get(reverse("finance:contract_detail", args=[contract.pk])).status_code == 404
    assert client.get(f"/api/v1/finance/contracts/{contract.pk}").status_code == 404
    assert client.post(reverse("finance:payment_record", args=[payment.pk]), {}).status_code == 404
    client.force_login(personas.villager_a1)
    assert client.get("/api/v1/finance/contracts").status_code == 403
