"""Two postings at once never overdraw an account; two recorders never share a number (PostgreSQL)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from xiangzhi.finance import vouchers
from xiangzhi.finance.models import FundAccount, Voucher

from .conftest import A1, fresh, record

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="two live connections need a server database"),
]


def run_together(target, args_list):
    barrier = threading.Barrier(len(args_list))
    outcomes = []

    def run(*args):
        try:
            barrier.wait(timeout=10)
            outcomes.append(target(*args))
        except ValidationError as error:
            outcomes.append(error.messages[0])
        except Exception as error:  # noqa: BLE001 - reported by the assertions
            outcomes.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=args) for args in args_list]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_two_concurrent_postings_cannot_overdraw(personas, account):
    # Two approved expenses of 60,000 元 each against 100,000 元: only one may be posted.
    FundAccount.objects.filter(pk=account.pk).update(balance_fen=100_000_00)
    from xiangzhi.finance.filings import set_threshold

    set_threshold(personas.county, "450321", amount_fen=1_000_000_00)
    approved = []
    for _ in range(2):
        voucher = record(personas.cadre_a1, account, amount=60_000_00)
        vouchers.review_voucher(personas.supervisor_a1, voucher)
        vouchers.approve_voucher(personas.secretary_a1, fresh(voucher))
        approved.append(fresh(voucher))

    def post(voucher):
        vouchers.post_voucher(personas.cadre_a1, voucher)
        return "posted"

    outcomes = run_together(post, [(approved[0],), (approved[1],)])
    assert outcomes.count("posted") == 1, outcomes
    assert any("不足以支付" in outcome for outcome in outcomes), outcomes
    assert FundAccount.objects.get(pk=account.pk).balance_fen == 40_000_00
    assert Voucher.objects.filter(state="posted").count() == 1


def test_concurrent_recorders_take_distinct_numbers(personas, account):
    outcomes = run_together(
        lambda user: record(user, account).number, [(personas.cadre_a1,), (personas.secretary_a1,), (personas.cadre_a1,)]
    )
    assert len(set(outcomes)) == 3 and all(o.startswith("记-") for o in outcomes), outcomes
    assert Voucher.objects.filter(region_id=A1).count() == 3
