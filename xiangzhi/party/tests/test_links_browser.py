"""On a phone: a village secretary registers a party member and links two households to them."""

import pytest

from conftest import browser_login

from .party_data import party, registry  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretary_registers_a_member_and_links_two_households(personas, party, registry, phone_page):
    page = phone_page
    browser_login(page, "secretary_a1")
    page.goto("/party/members/new/")
    page.fill("input[name=q]", "李四")
    page.click("form[role=search] button")
    page.select_option("#id_resident", label="李四(矮山屯)")
    page.select_option("#id_organisation", label="矮山村党支部(矮山村委会)")
    page.select_option("#id_status", "full")
    page.fill("#id_joined_on", "2015-07-01")
    page.fill("#id_full_on", "2016-07-01")
    page.click("#member-form button[type=submit]")
    assert page.locator("h1").inner_text() == "李四"
    assert "已登记党员 李四" in page.locator(".messages").inner_text()

    page.goto("/party/links/450321100200/")
    assert "已联系 0 / 2 户" in page.locator("#village-coverage").inner_text()
    for household in ("张三", "王五"):
        page.select_option("#id_household", label=next(
            option for option in page.locator("#id_household option").all_inner_texts() if option.startswith(household)
        ))
        page.select_option("#id_member", label="李四(矮山村党支部)")
        page.click("#link-form button[type=submit]")
        assert "已安排党员 李四 联系该户" in page.locator(".messages").inner_text()
    assert "已联系 2 / 2 户" in page.locator("#village-coverage").inner_text()
    assert "每户都已有党员联系" in page.locator("#unlinked").inner_text()

    page.goto("/party/links/")
    assert "100%" in page.locator("#coverage").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
