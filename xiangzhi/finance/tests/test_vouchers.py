"""Vouchers: recording, the 村级财务报销 steps, balances, refusals, reversal, threshold and filings."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from xiangzhi.core.models import AuditEvent, WorkflowStep
from xiangzhi.finance import vouchers
from xiangzhi.finance.models import FundAccount, Voucher, VoucherLine

from .conftest import A1, approved_filing, fresh, record, resolution_file, run_to_posted

pytestmark = pytest.mark.django_db


def balance(account):
    return FundAccount.objects.get(pk=account.pk).balance_fen


def test_record_numbers_the_voucher_and_keeps_its_lines(personas, account):
    voucher = record(personas.cadre_a1, account, lines=[
        {"description": "打印纸", "amount_fen": 100_00}, {"description": "墨盒", "amount_fen": 20_50}
    ], total_fen=120_50)
    year = voucher.date.year
    assert voucher.number == f"记-{year}-0001"
    assert voucher.state == "submitted" and voucher.total_fen == 120_50
    assert list(voucher.lines.values_list("description", "amount_fen")) == [("打印纸", 100_00), ("墨盒", 20_50)]
    assert record(personas.cadre_a1, account).number == f"记-{year}-0002"
    assert AuditEvent.objects.filter(action="finance_voucher.record", target_id=str(voucher.pk)).exists()
    assert balance(account) == 100_000_00  # nothing moves before posting


@pytest.mark.parametrize("lines, total, field, message", [
    ([{"description": "水泥", "amount_fen": 100_00}], 150_00, "total_fen", "凭证金额 150.00 元与明细合计 100.00 元不符。"),
    ([{"description": "水泥", "amount_fen": 0}], None, "lines", "第 1 行明细的金额必须大于零。"),
    ([{"description": "水泥", "amount_fen": 10_00}, {"description": "沙", "amount_fen": -5_00}], None, "lines",
     "第 2 行明细的金额必须大于零。"),
    ([{"description": "", "amount_fen": 10_00}], None, "lines", "请填写第 1 行明细的说明。"),
    ([], None, "lines", "请至少填写一行明细。"),
])
def test_unbalanced_or_non_positive_vouchers_are_refused(personas, account, lines, total, field, message):
    with pytest.raises(ValidationError) as caught:
        vouchers.record_voucher(
            personas.cadre_a1, A1, direction="expense", category="management_expense", account_id=account.pk,
            counterparty="某店", summary="采购", date=account.opened_on, lines=lines, total_fen=total,
        )
    assert caught.value.message_dict[field] == [message]
    assert not Voucher.objects.exists() and not VoucherLine.objects.exists()


def test_category_must_match_direction_and_account_must_be_the_villages(personas, account):
    with pytest.raises(ValidationError) as caught:
        record(personas.cadre_a1, account, direction="income", category="management_expense")
    assert "类别" in caught.value.message_dict["category"][0]
    other_village = FundAccount.objects.create(region_id="450321100202", kind="cash", name="骥马现金",
                                               opening_balance_fen=0, balance_fen=0, opened_on=account.opened_on)
    with pytest.raises(ValidationError) as caught:
        vouchers.record_voucher(personas.cadre_a1, A1, direction="expense", category="other_expense",
                                account_id=other_village.pk, counterparty="x", summary="x", date=account.opened_on,
                                lines=[{"description": "x", "amount_fen": 1}])
    assert caught.value.message_dict["account"] == ["本村没有这个账户。"]
    assert not Voucher.objects.exists()


def test_scope_and_capability(personas, account):
    with pytest.raises(PermissionDenied):
        record(personas.villager_a1, account)
    with pytest.raises(Http404):
        vouchers.record_voucher(personas.cadre_a2, A1, direction="expense", category="other_expense",
                                account_id=account.pk, counterparty="x", summary="x", date=account.opened_on,
                                lines=[{"description": "x", "amount_fen": 1}])
    voucher = record(personas.cadre_a1, account)
    with pytest.raises(Http404):
        vouchers.get_voucher_for_user(personas.cadre_b1, voucher.pk)
    with pytest.raises(Http404):
        vouchers.get_voucher_for_user(personas.villager_a1, voucher.pk)
    assert vouchers.get_voucher_for_user(personas.township_a, voucher.pk) == voucher
    assert vouchers.get_voucher_for_user(personas.county, voucher.pk) == voucher
    with pytest.raises(Http404):
        vouchers.get_voucher_for_user(personas.township_b, voucher.pk)


def test_expense_goes_through_review_approval_and_posting(personas, account):
    voucher = record(personas.cadre_a1, account, amount=300_00)
    # the recorder cannot counter-sign their own voucher, and the supervisor is not the recorder
    with pytest.raises(PermissionDenied):
        vouchers.review_voucher(personas.cadre_a1, voucher)
    with pytest.raises(ValidationError):
        vouchers.approve_voucher(personas.secretary_a1, voucher)  # not reviewed yet
    with pytest.raises(ValidationError):
        vouchers.post_voucher(personas.cadre_a1, voucher)
    vouchers.review_voucher(personas.supervisor_a1, voucher, comment="票据齐全")
    voucher = fresh(voucher)
    with pytest.raises(ValidationError) as caught:
        vouchers.post_voucher(personas.cadre_a1, voucher)
    assert caught.value.messages == ["支出凭证须经村主任或书记审批后才能入账。"]
    with pytest.raises(PermissionDenied):
        vouchers.approve_voucher(personas.cadre_a1, voucher)  # a cadre is not the village head
    vouchers.approve_voucher(personas.secretary_a1, voucher)
    vouchers.post_voucher(personas.cadre_a1, fresh(voucher))
    voucher = fresh(voucher)
    assert voucher.state == "posted" and voucher.posted_on is not None
    assert balance(account) == 100_000_00 - 300_00
    assert [s.transition for s in vouchers.voucher_workflow.history(voucher)] == ["record", "review", "approve", "post"]


def test_a_supervisor_who_recorded_cannot_review_their_own(personas, account):
    from conftest import make_user

    both = make_user("both", "village_supervisor", A1)
    from xiangzhi.accounts.models import Post

    Post.objects.create(user=both, role="village_cadre", region_id=A1)
    both = both.__class__.objects.get(pk=both.pk)
    voucher = record(both, account)
    with pytest.raises(ValidationError) as caught:
        vouchers.review_voucher(both, voucher)
    assert caught.value.messages == ["审核须由经办人以外的村务监督委员会成员进行。"]
    assert fresh(voucher).state == "submitted"


def test_income_is_reviewed_then_posted_without_approval(personas, account):
    voucher = record(personas.cadre_a1, account, direction="income", category="contract_income", amount=5_000_00)
    vouchers.review_voucher(personas.supervisor_a1, voucher)
    with pytest.raises(ValidationError):
        vouchers.approve_voucher(personas.secretary_a1, fresh(voucher))
    vouchers.post_voucher(personas.cadre_a1, fresh(voucher))
    assert balance(account) == 100_000_00 + 5_000_00


def test_balance_never_goes_negative(personas, account):
    voucher = record(personas.cadre_a1, account, category="public_welfare_expense", amount=100_000_01)
    vouchers.review_voucher(personas.supervisor_a1, voucher)
    filing = approved_filing(personas, amount_fen=200_000_00)
    vouchers.approve_voucher(personas.secretary_a1, fresh(voucher), filing=filing.pk)
    with pytest.raises(ValidationError) as caught:
        vouchers.post_voucher(personas.cadre_a1, fresh(voucher))
    assert caught.value.message_dict["account"] == ["“农商行基本户”余额 100,000.00 元,不足以支付 100,000.01 元,不能入账。"]
    assert fresh(voucher).state == "approved" and balance(account) == 100_000_00
    assert not WorkflowStep.objects.filter(transition="post").exists()


def test_return_needs_a_reason_and_ends_the_voucher(personas, account):
    voucher = record(personas.cadre_a1, account)
    with pytest.raises(ValidationError) as caught:
        vouchers.return_voucher(personas.supervisor_a1, voucher, reason="  ")
    assert caught.value.message_dict == {"reason": ["请填写退回的理由。"]}
    vouchers.return_voucher(personas.supervisor_a1, voucher, reason="缺发票")
    assert fresh(voucher).state == "returned"
    with pytest.raises(ValidationError):
        vouchers.review_voucher(personas.supervisor_a1, fresh(voucher))


def test_posted_voucher_is_corrected_by_a_reversing_voucher(personas, account):
    voucher = run_to_posted(personas, record(personas.cadre_a1, account, amount=800_00))
    assert balance(account) == 100_000_00 - 800_00
    with pytest.raises(ValidationError):
        vouchers.return_voucher(personas.secretary_a1, voucher, reason="错了")
    with pytest.raises(ValidationError) as caught:
        vouchers.reverse_voucher(personas.cadre_a1, voucher, reason="")
    assert caught.value.message_dict == {"reason": ["请填写冲销原因。"]}
    with pytest.raises(Http404):
        vouchers.reverse_voucher(personas.cadre_a2, voucher, reason="金额录错")
    reversal = vouchers.reverse_voucher(personas.cadre_a1, voucher, reason="金额录错")
    assert reversal.reverses == voucher and reversal.signed_fen == -800_00
    with pytest.raises(ValidationError) as caught:
        vouchers.reverse_voucher(personas.cadre_a1, fresh(voucher), reason="再冲一次")
    assert caught.value.messages == [f"凭证 {voucher.number} 已有冲销凭证。"]
    run_to_posted(personas, reversal)
    assert balance(account) == 100_000_00
    assert fresh(voucher).state == "posted" and fresh(voucher).total_fen == 800_00  # the original is untouched


def test_expense_above_threshold_needs_an_approved_large_expense_filing(personas, account):
    from xiangzhi.finance import filings

    voucher = record(personas.cadre_a1, account, category="project_expense", amount=60_000_00)
    vouchers.review_voucher(personas.supervisor_a1, voucher)
    voucher = fresh(voucher)
    with pytest.raises(ValidationError) as caught:
        vouchers.approve_voucher(personas.secretary_a1, voucher)
    assert caught.value.message_dict["filing"] == ["须先报备“大额支出”重大事项并经乡镇审核通过。"]
    pending = filings.submit_filing(personas.cadre_a1, A1, kind="large_expense", title="修桥", amount_fen=60_000_00,
                                    description="决议", resolution=resolution_file())
    with pytest.raises(ValidationError) as caught:
        vouchers.approve_voucher(personas.secretary_a1, voucher, filing=pending.pk)
    assert "尚未经乡镇审核通过" in caught.value.message_dict["filing"][0]
    wrong_kind = approved_filing(personas, kind="asset_disposal", title="旧办公楼拆除")
    with pytest.raises(ValidationError) as caught:
        vouchers.approve_voucher(personas.secretary_a1, voucher, filing=wrong_kind.pk)
    assert "此处需要“大额支出”备案" in caught.value.message_dict["filing"][0]
    too_small = approved_filing(personas, amount_fen=50_000_00, title="小额")
    with pytest.raises(ValidationError) as caught:
        vouchers.approve_voucher(personas.secretary_a1, voucher, filing=too_small.pk)
    assert "小于本凭证金额" in caught.value.message_dict["filing"][0]
    other_village = approved_filing(personas, village="450321100202", title="骥马村的")
    with pytest.raises(ValidationError) as caught:
        vouchers.approve_voucher(personas.secretary_a1, voucher, filing=other_village.pk)
    assert caught.value.message_dict["filing"] == [f"本村没有编号为 {other_village.pk} 的重大事项备案。"]
    assert fresh(voucher).state == "reviewed"

    filing = approved_filing(personas)
    vouchers.approve_voucher(personas.secretary_a1, voucher, filing=filing.pk)
    assert fresh(voucher).state == "approved" and fresh(voucher).filing == filing
    assert fresh(filing).used_at is not None and fresh(filing).used_for.endswith(voucher.number)
    # one filing, one use
    second = record(personas.cadre_a1, account, category="project_expense", amount=55_000_00)
    vouchers.review_voucher(personas.supervisor_a1, second)
    with pytest.raises(ValidationError) as caught:
        vouchers.approve_voucher(personas.secretary_a1, fresh(second), filing=filing.pk)
    assert "一项备案只能使用一次" in caught.value.message_dict["filing"][0]


def test_county_threshold_replaces_the_default(personas, account):
    from xiangzhi.finance import filings

    voucher = record(personas.cadre_a1, account, amount=20_000_00)
    vouchers.review_voucher(personas.supervisor_a1, voucher)
    with pytest.raises(PermissionDenied):
        filings.set_threshold(personas.township_a, "450321", amount_fen=10_000_00)
    filings.set_threshold(personas.county, "450321", amount_fen=10_000_00)
    assert filings.threshold_fen(A1) == 10_000_00
    with pytest.raises(ValidationError):
        vouchers.approve_voucher(personas.secretary_a1, fresh(voucher))
    with pytest.raises(ValidationError) as caught:
        filings.set_threshold(personas.county, "450321", amount_fen=0)
    assert caught.value.message_dict == {"amount_fen": ["备案金额标准必须大于零。"]}
    assert filings.threshold_fen(A1) == 10_000_00


def test_balances_equal_opening_plus_posted_incomes_minus_posted_expenses(personas, account):
    run_to_posted(personas, record(personas.cadre_a1, account, direction="income", category="subsidy_income",
                                   amount=30_000_00))
    run_to_posted(personas, record(personas.cadre_a1, account, amount=1_234_56))
    posted_expense = run_to_posted(personas, record(personas.cadre_a1, account, amount=2_000_00))
    record(personas.cadre_a1, account, amount=9_999_00)  # only submitted: does not count
    returned = record(personas.cadre_a1, account, amount=7_00)
    vouchers.return_voucher(personas.supervisor_a1, returned, reason="重复")
    run_to_posted(personas, vouchers.reverse_voucher(personas.cadre_a1, posted_expense, reason="重复支付"))
    assert balance(account) == 100_000_00 + 30_000_00 - 1_234_56 - 2_000_00 + 2_000_00
