"""On a phone: the county sets a scheme, computes and publishes; the township sees its own detail."""

import pytest
from conftest import browser_login

from xiangzhi.assessment.models import Result, Scheme

from .conftest import TOWNSHIP_A, TOWNSHIP_B, YEAR, value

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_county_publishes_and_township_reads_its_result(personas, phone_page):
    value(TOWNSHIP_A, "assessment_test.advisors", YEAR, 2, 2)
    value(TOWNSHIP_B, "assessment_test.advisors", YEAR, 0, 1)
    value(TOWNSHIP_A, "assessment_test.on_time", f"{YEAR}Q2", 36, 40)
    page = phone_page
    browser_login(page, "county")
    page.goto("/assessment/")
    page.click("text=制定考核方案")
    page.fill("input[name=title]", "2025年度乡镇实绩考核")
    page.fill("input[name=year]", str(YEAR))
    page.select_option("select[name=level]", "township")
    page.select_option("select[name=target_1]", "advisors")
    page.fill("input[name=weight_1]", "60")
    page.select_option("select[name=target_2]", "on_time")
    page.fill("input[name=weight_2]", "50")
    page.check("input[name=vetoes][value=public_security]")
    page.click("#scheme-form button[type=submit]")
    assert "各项权重合计应为 100,现为 110" in page.inner_text("#items")
    page.fill("input[name=weight_2]", "40")
    page.click("#scheme-form button[type=submit]")
    page.wait_for_selector("#scheme-status")
    page.click("#compute-form button")
    page.wait_for_selector("#ranking")
    assert page.locator("#ranking tbody tr").first.inner_text().startswith("1")
    page.click("#publish-form button")
    page.wait_for_selector("#scheme-status:has-text('已发布')")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert Scheme.objects.get().status == "published"

    page.context.clear_cookies()
    browser_login(page, "township_a")
    page.goto("/assessment/")
    assert "白沙镇" not in page.inner_text("#own-results")
    page.click("#own-results a:has-text('阳朔镇')")
    summary = page.inner_text("#result-summary")
    assert "100" in summary and "优秀" in summary
    details = page.inner_text("#result-details")
    assert "一村一法律顾问覆盖率" in details and "90.0%" in details and "60.0 / 60" in details
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert Result.objects.get(region_id=TOWNSHIP_A).score == 100.0
