"""On a 360 px phone, a villager declares a wedding over the village standard and sees it flagged."""

import pytest

from conftest import browser_login
from xiangzhi.customs import actions
from xiangzhi.customs.models import Declaration

from .customs_data import A1, link

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_villager_declares_an_over_standard_wedding_on_a_phone(personas, phone_page):
    actions.set_standard(personas.cadre_a1, A1, effective_from="2025-01-01", max_tables=20, max_guests=200,
                         max_gift_fen=10000, max_cost_fen=3000000)
    link(personas.villager_a1)
    page = phone_page
    browser_login(page, "villager_a1")
    page.goto("/customs/declarations/")
    page.click("#declare")
    page.select_option("#id_kind", "wedding")
    page.fill("#id_event_date", "2025-10-01")
    page.fill("#id_tables", "30")
    page.fill("#id_guests", "150")
    page.fill("#id_gift_per_guest", "200")
    page.fill("#id_total_cost", "20000")
    page.click("#declaration-form button[type=submit]")
    page.wait_for_selector("#over-standard")
    flagged = page.inner_text("#over-standard")
    assert "桌数" in flagged and "每人礼金" in flagged and "宾客" not in flagged
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    declaration = Declaration.objects.get()
    assert declaration.exceeded == ["tables", "gift"] and declaration.gift_per_guest_fen == 20000
    # Money is shown in 元, as the family typed it, next to the village standard.
    row = page.inner_text("#declaration tbody tr:nth-child(3)")
    assert "每人礼金(元)" in row and "200.00" in row
