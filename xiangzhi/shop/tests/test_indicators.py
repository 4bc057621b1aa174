"""积分超市 activity per village: households that redeemed (not cancelled) in the period / households."""

import datetime

import pytest

from xiangzhi.people.models import Household
from xiangzhi.shop import actions
from xiangzhi.shop.models import Redemption
from xiangzhi.targets.periods import Period
from xiangzhi.targets.registry import RATIO, get

from .shop_data import A1, A1_TUN, A2, A2_TUN, B1, B1_TUN, TOWNSHIP_A, give_points, make_household, stocked_goods

pytestmark = pytest.mark.django_db
YEAR = Period.containing("year")
LAST_YEAR = YEAR.previous()


def test_redemption_activity(personas):
    cadre = personas.secretary_a1
    twice, cancelled, last_year, idle = (make_household(A1_TUN) for _ in range(4))
    a2_home, b1_home = make_household(A2_TUN), make_household(B1_TUN)
    Household.objects.update(created_at=LAST_YEAR.starts)
    for household in (twice, cancelled, last_year):
        give_points(cadre, household, 100)
    give_points(personas.cadre_a2, a2_home, 100)
    goods = stocked_goods(personas.cadre_a1, price=10, stock=20)
    actions.redeem(cadre, twice, goods)
    actions.redeem(cadre, twice, goods)  # the same household counts once
    undone = actions.redeem(cadre, cancelled, goods)
    actions.cancel_redemption(cadre, undone, reason="农户改变主意")
    old = actions.redeem(cadre, last_year, goods)
    Redemption.objects.filter(pk=old.pk).update(created_at=YEAR.starts - datetime.timedelta(minutes=1))
    # A2's household redeems at the township's shop: counted in its own village, not the shop's.
    oil = stocked_goods(personas.township_a, region=TOWNSHIP_A, name="食用油", price=50, stock=2)
    actions.redeem(personas.cadre_a2, a2_home, oil)

    indicator = get("shop.redemption_activity")
    assert (indicator.kind, indicator.module) == (RATIO, "shop")
    assert indicator.compute(YEAR, None) == {A1: (1, 4), A2: (1, 1), B1: (0, 1)}
    assert indicator.compute(LAST_YEAR, None) == {A1: (1, 4), A2: (0, 1), B1: (0, 1)}
    assert indicator.compute(YEAR, [A2]) == {A2: (1, 1)}
    assert indicator.compute(YEAR, [TOWNSHIP_A]) == {A1: (1, 4), A2: (1, 1)}
    assert indicator.records_url(A1, YEAR) == "/shop/shops/"
    assert idle.pk not in Redemption.objects.values_list("household_id", flat=True)
    assert b1_home.pk not in Redemption.objects.values_list("household_id", flat=True)
