"""On a 360 px phone: a villager sees their balance and redeems; the cadre marks it picked up."""

import pytest

from conftest import Personas, browser_login
from xiangzhi.points import ledger
from xiangzhi.shop.models import Redemption, RedemptionState

from .shop_data import give_points, link_villager, make_household, stocked_goods

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_villager_redeems_and_cadre_hands_over(tree, phone_page):
    personas = Personas()
    household = make_household()
    link_villager(personas.villager_a1, household)
    give_points(personas.secretary_a1, household, 100)
    stocked_goods(personas.cadre_a1, name="洗衣粉", price=30, stock=2)
    page = phone_page

    browser_login(page, "villager_a1")
    page.goto("/shop/")
    assert page.locator("#balance").inner_text() == "100"
    page.locator("#goods li", has_text="洗衣粉").get_by_role("button", name="兑换").click()
    page.wait_for_load_state()
    assert "已兑换 洗衣粉 × 1,用去 30 分" in page.content()
    assert page.locator("#balance").inner_text() == "70"
    assert page.locator("#redemptions li", has_text="洗衣粉").get_by_text("待领取").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.get_by_role("button", name="退出").click()
    page.wait_for_load_state()
    browser_login(page, "cadre_a1")
    page.goto("/shop/pickups/")
    page.locator("#pickups li", has_text="洗衣粉").get_by_role("button", name="已领取").click()
    page.wait_for_load_state()
    assert "已领取:" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    redemption = Redemption.objects.get()
    assert redemption.state == RedemptionState.PICKED_UP and ledger.balance(household) == 70
