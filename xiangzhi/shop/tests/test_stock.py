"""Shops, goods and stock: in with the source, write-off, never negative, bad input."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404

from xiangzhi.shop import actions
from xiangzhi.shop.models import Goods, MovementKind, Shop, StockMovement

from .shop_data import A1, A2, stocked_goods

pytestmark = pytest.mark.django_db


def test_stock_in_records_source_and_value(personas):
    goods = stocked_goods(personas.cadre_a1, stock=0)
    movement = actions.stock_in(personas.cadre_a1, goods, kind=MovementKind.BUDGET, quantity="12",
                                source="村集体经济收益", value_fen=10200)
    assert Goods.objects.get(pk=goods.pk).stock == 12
    assert (movement.kind, movement.quantity, movement.source, movement.value_fen) == ("budget", 12, "村集体经济收益", 10200)


@pytest.mark.parametrize("kwargs,field,message", [
    ({"kind": "redemption"}, "kind", "入库类型须为捐赠、预算或采购。"),
    ({"quantity": -3}, "quantity", "入库数量必须大于零。"),
    ({"source": " "}, "source", "请填写捐赠人。"),
    ({"value_fen": -1}, "value_fen", "价值不能为负数。"),
])
def test_stock_in_bad_input_changes_nothing(personas, kwargs, field, message):
    goods = stocked_goods(personas.cadre_a1, stock=0)
    data = {"kind": MovementKind.DONATION, "quantity": 5, "source": "张老板", "value_fen": 500, **kwargs}
    with pytest.raises(ValidationError) as error:
        actions.stock_in(personas.cadre_a1, goods, **data)
    assert error.value.message_dict[field] == [message]
    assert Goods.objects.get(pk=goods.pk).stock == 0 and not StockMovement.objects.exists()


def test_write_off_cannot_take_stock_below_zero(personas):
    goods = stocked_goods(personas.cadre_a1, stock=3)
    with pytest.raises(ValidationError) as error:
        actions.write_off(personas.cadre_a1, goods, quantity=4, note="过期")
    assert error.value.message_dict["quantity"] == ["库存不足:仅剩 3 袋。"]
    actions.write_off(personas.cadre_a1, goods, quantity=3, note="过期")
    assert Goods.objects.get(pk=goods.pk).stock == 0
    assert StockMovement.objects.filter(kind=MovementKind.WRITE_OFF).get().quantity == -3


def test_database_refuses_negative_stock_and_zero_price(personas):
    goods = stocked_goods(personas.cadre_a1, stock=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Goods.objects.filter(pk=goods.pk).update(stock=-1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Goods.objects.filter(pk=goods.pk).update(price=0)
    assert Goods.objects.get(pk=goods.pk).stock == 1


def test_goods_bad_input(personas):
    shop = actions.create_shop(personas.cadre_a1, region_code=A1, name="矮山爱心超市")
    with pytest.raises(ValidationError) as error:
        actions.add_goods(personas.cadre_a1, shop, name="大米", price=0)
    assert error.value.message_dict["price"] == ["兑换积分必须大于零。"]
    with pytest.raises(ValidationError) as error:
        actions.add_goods(personas.cadre_a1, shop, name="", price=10)
    assert error.value.message_dict["name"] == ["请填写商品名称。"]
    actions.add_goods(personas.cadre_a1, shop, name="大米", price=10)
    with pytest.raises(ValidationError) as error:
        actions.add_goods(personas.cadre_a1, shop, name="大米", price=12)
    assert error.value.message_dict["name"] == ["本超市已有商品“大米”。"]
    assert Goods.objects.count() == 1


def test_shop_scope_and_level(personas):
    with pytest.raises(Http404):
        actions.create_shop(personas.cadre_a1, region_code=A2, name="骥马超市")
    with pytest.raises(PermissionDenied):
        actions.create_shop(personas.villager_a1, region_code=A1, name="矮山超市")
    with pytest.raises(PermissionDenied):
        actions.create_shop(personas.supervisor_a1, region_code=A1, name="矮山超市")
    with pytest.raises(ValidationError) as error:
        actions.create_shop(personas.cadre_a1, region_code="450321100200001", name="屯超市")
    assert error.value.message_dict["region"] == ["积分超市须设在村或乡镇。"]
    with pytest.raises(ValidationError) as error:
        actions.create_shop(personas.cadre_a1, region_code="999", name="x")
    assert error.value.message_dict["region"] == ["区划代码“999”不存在。"]
    assert not Shop.objects.exists()
