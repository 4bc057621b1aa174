import pytest

from conftest import browser_login
from xiangzhi.regions.models import Region

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

A1 = "450321100200"


def test_cadre_adds_a_natural_village_on_a_phone(personas, phone_page):
    page = phone_page
    browser_login(page, "cadre_a1")
    page.goto("/regions/")
    assert page.locator("h1").inner_text() == "矮山村委会"

    page.fill("#id_natural_village_name", "新寨屯")
    page.click("#add-natural-villages button[type=submit]")
    page.wait_for_load_state()

    rows = page.locator("#natural-villages tbody tr")
    assert rows.count() == 3
    assert rows.nth(2).inner_text().split() == ["新寨屯", f"{A1}003"]
    assert "已添加自然村/屯“新寨屯”" in page.locator(".messages").inner_text()
    assert Region.objects.get(code=f"{A1}003").name == "新寨屯"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_live_search_on_a_phone(personas, phone_page):
    page = phone_page
    browser_login(page, "county")
    page.goto("/regions/search/")
    page.fill("input[name=q]", "ys")
    page.locator("#search-results a", has_text="阳朔县").wait_for()
    assert page.locator("#search-results li").first.locator("a").inner_text() == "阳朔县"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
