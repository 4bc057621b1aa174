import pytest

from conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_cadre_logs_in_on_a_phone_and_sees_the_village_home(personas, phone_page):
    browser_login(phone_page, "cadre_a1")
    assert phone_page.locator("h1").inner_text() == "矮山村委会"
    assert "村干部" in phone_page.locator(".topbar").inner_text()
    # Nothing overflows the 360-pixel viewport sideways.
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
