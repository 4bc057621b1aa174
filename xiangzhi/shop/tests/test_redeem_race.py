"""64 concurrent redemptions, each on its own connection: never overdraw, never oversell (PostgreSQL)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.db.models import Sum

from xiangzhi.points import ledger
from xiangzhi.shop import actions
from xiangzhi.shop.models import Goods, Redemption, StockMovement

from .shop_data import give_points, make_household, stocked_goods

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent connections need a server database"),
]
THREADS = 64


def run_together(target, args_list):
    barrier = threading.Barrier(len(args_list))
    outcomes = []

    def run(*args):
        try:
            barrier.wait(timeout=30)
            target(*args)
            outcomes.append("ok")
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


def test_one_households_balance_is_never_overdrawn(personas):
    household = make_household()
    give_points(personas.secretary_a1, household, 100)  # enough for exactly 10 of 10 points each
    goods = stocked_goods(personas.cadre_a1, price=10, stock=THREADS)
    outcomes = run_together(lambda: actions.redeem(personas.cadre_a1, household, goods), [()] * THREADS)
    assert outcomes.count("ok") == 10, outcomes
    assert outcomes.count("积分不足:现有 0 分,需要 10 分。") == THREADS - 10, outcomes
    assert ledger.balance(household) == 0
    assert Goods.objects.get(pk=goods.pk).stock == THREADS - 10
    assert Redemption.objects.count() == 10


def test_one_items_last_stock_is_never_oversold(personas):
    households = [make_household(head=f"户主{n}") for n in range(THREADS)]
    for household in households:
        give_points(personas.secretary_a1, household, 50)
    goods = stocked_goods(personas.cadre_a1, price=20, stock=3)
    outcomes = run_together(lambda h: actions.redeem(personas.cadre_a1, h, goods), [(h,) for h in households])
    assert outcomes.count("ok") == 3, outcomes
    assert outcomes.count("库存不足:仅剩 0 袋。") == THREADS - 3, outcomes
    assert Goods.objects.get(pk=goods.pk).stock == 0
    assert StockMovement.objects.filter(goods=goods).aggregate(total=Sum("quantity"))["total"] == 0
    assert sorted(ledger.balance(h) for h in households) == [30] * 3 + [50] * (THREADS - 3)
