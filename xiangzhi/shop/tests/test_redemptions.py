"""Redeeming: points and stock in one transaction, refusals, pick-up and cancellation with refund."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.http import Http404

from xiangzhi.core.models import AuditEvent
from xiangzhi.points import ledger
from xiangzhi.points.models import EntryKind, PointsEntry
from xiangzhi.shop import actions
from xiangzhi.shop.models import Goods, MovementKind, Redemption, RedemptionState, StockMovement

from .shop_data import A1, A2_TUN, TOWNSHIP_A, give_points, link_villager, make_household, stocked_goods

pytestmark = pytest.mark.django_db


def stock_is_sum_of_movements(goods):
    total = StockMovement.objects.filter(goods=goods).aggregate(total=Sum("quantity"))["total"] or 0
    return Goods.objects.get(pk=goods.pk).stock == total


@pytest.fixture
def setup(personas):
    household = make_household()
    link_villager(personas.villager_a1, household)
    give_points(personas.secretary_a1, household, 100)
    goods = stocked_goods(personas.cadre_a1, price=30, stock=5)
    return household, goods


def test_villager_redeems_for_own_household(personas, setup):
    household, goods = setup
    redemption = actions.redeem(personas.villager_a1, household, goods, quantity=2)
    assert redemption.state == RedemptionState.PENDING and redemption.points == 60
    assert ledger.balance(household) == 40
    assert redemption.entry.kind == EntryKind.REDEMPTION and redemption.entry.points == -60
    assert Goods.objects.get(pk=goods.pk).stock == 3
    assert stock_is_sum_of_movements(goods)
    movement = StockMovement.objects.get(redemption=redemption)
    assert (movement.kind, movement.quantity, movement.points, movement.value_fen) == (MovementKind.REDEMPTION, -2, 60, 1700)
    assert AuditEvent.objects.filter(action="redemption.create", target_id=str(redemption.pk)).exists()


def test_refused_without_enough_points_and_nothing_changes(personas, setup):
    household, goods = setup
    with pytest.raises(ValidationError) as error:
        actions.redeem(personas.villager_a1, household, goods, quantity=4)
    assert error.value.message_dict["points"] == ["积分不足:现有 100 分,需要 120 分。"]
    assert ledger.balance(household) == 100 and Goods.objects.get(pk=goods.pk).stock == 5
    assert not Redemption.objects.exists()


def test_refused_without_enough_stock_names_what_is_left(personas, setup):
    household, goods = setup
    give_points(personas.secretary_a1, household, 1000)
    with pytest.raises(ValidationError) as error:
        actions.redeem(personas.cadre_a1, household, goods, quantity=6)
    assert error.value.message_dict["quantity"] == ["库存不足:仅剩 5 袋。"]
    assert ledger.balance(household) == 1100
    assert not PointsEntry.objects.filter(kind=EntryKind.REDEMPTION).exists()


@pytest.mark.parametrize("quantity,message", [(0, "兑换数量必须大于零。"), ("两", "兑换数量须为整数。"),
                                              (100, "兑换数量不能超过 99。")])
def test_bad_quantity(personas, setup, quantity, message):
    household, goods = setup
    with pytest.raises(ValidationError) as error:
        actions.redeem(personas.villager_a1, household, goods, quantity=quantity)
    assert error.value.message_dict["quantity"] == [message]
    assert not Redemption.objects.exists()


def test_villager_cannot_redeem_for_another_household(personas, setup):
    _household, goods = setup
    neighbour = make_household(head="张邻居")
    give_points(personas.secretary_a1, neighbour, 100)
    with pytest.raises(PermissionDenied):
        actions.redeem(personas.villager_a1, neighbour, goods)
    assert ledger.balance(neighbour) == 100


def test_other_village_cadre_and_unserved_household_are_404(personas, setup):
    household, goods = setup
    with pytest.raises(Http404):
        actions.redeem(personas.cadre_a2, household, goods)
    other = make_household(A2_TUN)
    give_points(personas.cadre_a2, other, 100)
    with pytest.raises(Http404):  # A1's village shop does not serve A2
        actions.redeem(personas.cadre_a2, other, goods)
    assert not Redemption.objects.exists()


def test_township_shop_serves_the_villages_under_it(personas):
    goods = stocked_goods(personas.township_a, region=TOWNSHIP_A, name="食用油", price=50, stock=2)
    other = make_household(A2_TUN)
    give_points(personas.cadre_a2, other, 60)
    redemption = actions.redeem(personas.cadre_a2, other, goods)
    assert redemption.village_id == "450321100202" and redemption.region_id == TOWNSHIP_A
    with pytest.raises(Http404):  # the village cadre does not run the township's shop
        actions.mark_picked_up(personas.cadre_a2, redemption)
    actions.mark_picked_up(personas.township_a, redemption)
    assert Redemption.objects.get(pk=redemption.pk).state == RedemptionState.PICKED_UP


def test_pick_up_once(personas, setup):
    household, goods = setup
    redemption = actions.redeem(personas.villager_a1, household, goods)
    with pytest.raises(PermissionDenied):
        actions.mark_picked_up(personas.villager_a1, redemption)
    actions.mark_picked_up(personas.cadre_a1, redemption)
    redemption.refresh_from_db()
    assert redemption.state == RedemptionState.PICKED_UP and redemption.closed_by == personas.cadre_a1
    with pytest.raises(ValidationError) as error:
        actions.cancel_redemption(personas.cadre_a1, redemption, reason="误操作")
    assert error.value.message_dict["state"] == ["这笔兑换已是“已领取”,不能再办理。"]
    assert ledger.balance(household) == 70 and Goods.objects.get(pk=goods.pk).stock == 4


def test_cancel_refunds_points_and_returns_stock(personas, setup):
    household, goods = setup
    redemption = actions.redeem(personas.villager_a1, household, goods, quantity=3)
    assert ledger.balance(household) == 10
    with pytest.raises(ValidationError) as error:
        actions.cancel_redemption(personas.cadre_a1, redemption, reason="  ")
    assert error.value.message_dict["reason"] == ["请填写取消原因。"]
    actions.cancel_redemption(personas.cadre_a1, redemption, reason="商品受潮")
    redemption.refresh_from_db()
    assert redemption.state == RedemptionState.CANCELLED and redemption.cancel_reason == "商品受潮"
    refund = redemption.refund_entry
    assert (refund.kind, refund.points, refund.refers_to_id) == (EntryKind.REFUND, 90, redemption.entry_id)
    assert ledger.balance(household) == 100
    assert Goods.objects.get(pk=goods.pk).stock == 5 and stock_is_sum_of_movements(goods)
    with pytest.raises(ValidationError):
        actions.cancel_redemption(personas.cadre_a1, redemption, reason="再取消")
    assert PointsEntry.objects.filter(kind=EntryKind.REFUND).count() == 1


def test_villager_cancels_own_pending_redemption(personas, setup):
    household, goods = setup
    redemption = actions.redeem(personas.villager_a1, household, goods)
    actions.cancel_redemption(personas.villager_a1, redemption, reason="不需要了")
    assert ledger.balance(household) == 100
    assert Redemption.objects.get(pk=redemption.pk).state == RedemptionState.CANCELLED


def test_inactive_goods_are_not_redeemable(personas, setup):
    household, goods = setup
    actions.update_goods(personas.cadre_a1, goods, active=False)
    with pytest.raises(ValidationError) as error:
        actions.redeem(personas.villager_a1, household, goods)
    assert error.value.message_dict["goods"] == ["“洗衣粉”已下架,不能兑换。"]


def test_shop_region_and_ledger_village(personas, setup):
    household, goods = setup
    redemption = actions.redeem(personas.villager_a1, household, goods)
    assert redemption.region_id == A1 and redemption.entry.village_id == A1
