"""A villager opens an entry's verify page on a 360 px phone, without logging in."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_villager_checks_an_entry_on_a_phone(publish, phone_page):
    publish(5)
    phone_page.goto("/log/")
    phone_page.click("a[href='/log/entries/3/']")
    assert phone_page.locator("#verdict").inner_text() == "已验证"
    assert "测试区划3" in phone_page.locator(".translog-content").first.inner_text()
    phone_page.click("summary")
    assert phone_page.locator("ol li.translog-hash").count() == 3
    # Long hashes and keys wrap: nothing overflows the 360-pixel viewport sideways.
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    phone_page.goto("/log/")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
