"""Shop staff keep the goods from the shop page: put goods on the shelf, stock in with the donor
or fund and the value in 元, write off with a reason — refused in Chinese, scoped."""

import pytest
from django.urls import reverse

from xiangzhi.shop import actions
from xiangzhi.shop.models import Goods, MovementKind, StockMovement

from .shop_data import A1, stocked_goods

pytestmark = pytest.mark.django_db


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_goods_stock_in_and_write_off_from_the_page(personas, login):
    shop = actions.create_shop(personas.cadre_a1, region_code=A1, name="矮山爱心超市")
    client = login(personas.cadre_a1)
    page = client.get(reverse("shop:shop", args=[shop.pk])).content.decode()
    assert 'id="goods-form"' in page and 'id="stock-in-form"' in page

    client.post(reverse("shop:goods_add", args=[shop.pk]),
                {"name": "食用油", "price": "50", "unit": "桶", "unit_value": "45.80"})
    oil = Goods.objects.get(shop=shop, name="食用油")
    assert (oil.price, oil.unit, oil.unit_value_fen, oil.stock) == (50, "桶", 4580, 0)

    client.post(reverse("shop:stock_in", args=[shop.pk]), {
        "goods": oil.pk, "kind": MovementKind.DONATION, "quantity": "12", "source": "桂林某公司", "value": "549.60"})
    movement = StockMovement.objects.get(goods=oil)
    assert (movement.quantity, movement.source, movement.value_fen) == (12, "桂林某公司", 54960)

    client.post(reverse("shop:write_off", args=[shop.pk]), {"goods": oil.pk, "quantity": "2", "note": "漏油"})
    oil.refresh_from_db()
    assert oil.stock == 10
    assert "食用油" in client.get(reverse("shop:shop", args=[shop.pk])).content.decode()


@pytest.mark.parametrize("url, data, message", [
    ("shop:goods_add", {"name": "大米", "price": "0"}, "兑换积分"),
    ("shop:goods_add", {"name": "大米", "price": "10", "unit_value": "12.345"}, "参考单价"),
    ("shop:stock_in", {"kind": "donation", "quantity": "5", "source": ""}, "捐赠人"),
    ("shop:write_off", {"quantity": "11", "note": "过期"}, "库存不足:仅剩 10 袋"),
])
def test_bad_input_is_refused_and_nothing_changes(personas, login, url, data, message):
    goods = stocked_goods(personas.cadre_a1)
    before = (Goods.objects.count(), StockMovement.objects.count())
    data = {"goods": goods.pk, **data}
    response = login(personas.cadre_a1).post(reverse(url, args=[goods.shop_id]), data, follow=True)
    assert any(message in text for text in messages_of(response)), messages_of(response)
    assert (Goods.objects.count(), StockMovement.objects.count()) == before
    goods.refresh_from_db()
    assert goods.stock == 10


def test_other_villages_and_villagers_cannot_keep_the_shop(personas, login):
    goods = stocked_goods(personas.cadre_a1)
    for outsider in (personas.cadre_a2, personas.cadre_b1):
        response = login(outsider).post(reverse("shop:stock_in", args=[goods.shop_id]), {
            "goods": goods.pk, "kind": "donation", "quantity": "5", "source": "某人"})
        assert response.status_code == 404
    villager = login(personas.villager_a1).post(reverse("shop:write_off", args=[goods.shop_id]), {
        "goods": goods.pk, "quantity": "1", "note": "x"})
    assert villager.status_code in (403, 404)
    goods.refresh_from_db()
    assert goods.stock == 10 and StockMovement.objects.filter(goods=goods).count() == 1
