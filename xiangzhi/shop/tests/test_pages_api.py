"""Pages and API: the villager's shop, pickups, scope personas, wrong methods and bad input."""

import json

import pytest
from django.urls import reverse

from xiangzhi.points import ledger
from xiangzhi.shop import actions
from xiangzhi.shop.models import Goods, Redemption, RedemptionState

from .shop_data import A1, give_points, link_villager, make_household, stocked_goods

pytestmark = pytest.mark.django_db
API = "/api/v1/shop"


def post_json(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


@pytest.fixture
def setup(personas):
    household = make_household()
    link_villager(personas.villager_a1, household)
    give_points(personas.secretary_a1, household, 100)
    return household, stocked_goods(personas.cadre_a1, price=30, stock=5)


def test_villager_page_shows_balance_and_redeems(personas, login, setup):
    household, goods = setup
    client = login(personas.villager_a1)
    page = client.get(reverse("shop:home")).content.decode()
    assert 'id="balance">100<' in page and "洗衣粉" in page
    assert client.get(reverse("shop:redeem", args=[goods.pk])).status_code == 405
    response = client.post(reverse("shop:redeem", args=[goods.pk]), {"quantity": "4"}, follow=True)
    assert "积分不足:现有 100 分,需要 120 分。" in response.content.decode()
    response = client.post(reverse("shop:redeem", args=[goods.pk]), {"quantity": "2"}, follow=True)
    assert "已兑换 洗衣粉 × 2,用去 60 分" in response.content.decode()
    assert ledger.balance(household) == 40 and Goods.objects.get(pk=goods.pk).stock == 3
    assert "待领取" in client.get(reverse("shop:mine")).content.decode()
    assert client.get(reverse("shop:pickups")).status_code == 403


def test_cadre_pickups_in_and_out_of_scope(personas, login, setup):
    household, goods = setup
    redemption = actions.redeem(personas.villager_a1, household, goods)
    for outsider in (personas.cadre_a2, personas.township_b, personas.cadre_b1):
        client = login(outsider)
        assert "洗衣粉" not in client.get(reverse("shop:pickups")).content.decode()
        assert client.post(reverse("shop:pick_up", args=[redemption.pk])).status_code == 404
        assert client.post(f"{API}/redemptions/{redemption.pk}/pick-up").status_code == 404
        assert client.get(f"{API}/redemptions/{redemption.pk}").status_code == 404
        assert client.get(reverse("shop:shop", args=[goods.shop_id])).status_code == 404
    assert login(personas.villager_a1).post(f"{API}/redemptions/{redemption.pk}/pick-up").status_code == 403
    assert Redemption.objects.get(pk=redemption.pk).state == RedemptionState.PENDING
    client = login(personas.township_a)
    assert "洗衣粉" in client.get(reverse("shop:pickups")).content.decode()
    client = login(personas.cadre_a1)
    assert client.get(reverse("shop:pick_up", args=[redemption.pk])).status_code == 405
    response = client.post(reverse("shop:pick_up", args=[redemption.pk]), follow=True)
    assert "已领取" in response.content.decode()
    assert Redemption.objects.get(pk=redemption.pk).state == RedemptionState.PICKED_UP


def test_api_flow_and_bad_input(personas, login, setup):
    household, goods = setup
    cadre = login(personas.cadre_a1)
    bad = post_json(cadre, f"{API}/shops/{goods.shop_id}/goods", {"name": "大米", "price": -5})
    assert bad.status_code == 422 and bad.json()["errors"]["price"] == ["兑换积分必须大于零。"]
    rice = post_json(cadre, f"{API}/shops/{goods.shop_id}/goods", {"name": "大米", "price": 40, "unit_value_fen": 2000})
    assert rice.status_code == 201 and rice.json()["stock"] == 0
    rice_id = rice.json()["id"]
    negative = post_json(cadre, f"{API}/goods/{rice_id}/write-off", {"quantity": 1, "note": "霉变"})
    assert negative.status_code == 422 and negative.json()["errors"]["quantity"] == ["库存不足:仅剩 0 件。"]
    stocked = post_json(cadre, f"{API}/goods/{rice_id}/stock-in", {"kind": "donation", "quantity": 2,
                                                                  "source": "乡贤黄先生", "value_fen": 4000})
    assert stocked.status_code == 201 and stocked.json()["source"] == "乡贤黄先生"
    villager = login(personas.villager_a1)
    assert villager.get(f"{API}/mine").json() == {"household_id": household.pk, "balance": 100}
    assert post_json(villager, f"{API}/goods/{rice_id}/stock-in", {"kind": "donation", "quantity": 2,
                                                                    "source": "x", "value_fen": 1}).status_code == 403
    made = post_json(villager, f"{API}/redemptions", {"goods": rice_id, "quantity": 1})
    assert made.status_code == 201 and made.json()["state_label"] == "待领取"
    other = make_household(head="王二")
    assert post_json(villager, f"{API}/redemptions", {"goods": rice_id, "household": other.pk}).status_code == 403
    cancelled = post_json(villager, f"{API}/redemptions/{made.json()['id']}/cancel", {"reason": "买错了"})
    assert cancelled.status_code == 200 and cancelled.json()["state"] == "cancelled"
    assert ledger.balance(household) == 100 and Goods.objects.get(pk=rice_id).stock == 2
    listed = villager.get(f"{API}/redemptions").json()
    assert [r["id"] for r in listed] == [made.json()["id"]]
    assert villager.get(f"{API}/redemptions", {"state": "bogus"}).status_code == 422
    outsider = login(personas.cadre_a2)
    assert post_json(outsider, f"{API}/redemptions", {"goods": rice_id, "household": household.pk}).status_code == 404
    assert post_json(outsider, f"{API}/shops", {"region": A1, "name": "另一个"}).status_code == 404
    assert ledger.balance(household) == 100
