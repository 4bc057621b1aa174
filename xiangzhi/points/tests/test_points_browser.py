"""A villager on a 360 px phone sees the household's balance and history and files an appeal."""

import pytest

from conftest import browser_login

from .points_data import link_villager, make_household, seed_points

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_villager_sees_balance_and_appeals_on_a_phone(personas, phone_page):
    household = make_household()
    link_villager(personas.villager_a1, household)
    seed_points(personas.cadre_a1, household, 12, reason="参加村民会议")
    browser_login(phone_page, "villager_a1")
    phone_page.goto("/points/mine/")
    assert phone_page.locator("#balance").inner_text() == "12"
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    phone_page.click("#entries a:has-text('申诉')")
    phone_page.fill("textarea[name=reason]", "少记了两分")
    phone_page.click("main form button:has-text('提交申诉')")
    phone_page.wait_for_load_state()
    assert "申诉已提交" in phone_page.content()
    assert phone_page.locator("#entries").inner_text().count("申诉待答复") == 1
