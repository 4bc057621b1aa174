"""A grid worker on a 360 px phone: the due households on their work list, a visit logged."""

import pytest

from conftest import browser_login
from xiangzhi.grid.models import Visit

from .test_coverage import A1_GRID, A1_TUN, make_household

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_grid_worker_logs_a_visit_from_the_work_list_on_a_phone(personas, phone_page):
    household = make_household(A1_TUN, "A1-007", ("陈二", "陈小明"), grid=A1_GRID)
    make_household(A1_TUN, "A1-008", ("不在本网格",))
    page = phone_page
    browser_login(page, "grid_a1")

    page.goto("/grid/my-work/")
    due = page.locator("#due-visits")
    assert "陈二" in due.inner_text() and "从未走访" in due.inner_text()
    assert "不在本网格" not in due.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    due.get_by_role("button", name="记录走访").click()
    page.wait_for_load_state()
    assert page.locator("#household-name").inner_text() == "陈二"
    page.fill("textarea[name=findings]", "老人独居,身体尚好,需关注用电安全。")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_role("button", name="保存走访").click()
    page.wait_for_load_state()

    assert page.url.endswith("/grid/my-work/")
    assert "已记录走访。" in page.locator(".messages").inner_text()
    assert "陈二" not in page.locator("#due-visits").inner_text()
    visit = Visit.objects.get()
    assert visit.household_id == household.pk and visit.findings == "老人独居,身体尚好,需关注用电安全。"
