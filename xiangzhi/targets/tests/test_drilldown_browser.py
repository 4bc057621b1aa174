"""A region leader on a phone goes region → city → county → township → village through the links; a
screenshot of each level lands in test-output/."""

import os

import pytest

from conftest import OUTPUT_DIR, browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LEVELS = [
    ("广西壮族自治区", "桂林市"),
    ("桂林市", "阳朔县"),
    ("阳朔县", "阳朔镇"),
    ("阳朔镇", "矮山村委会"),
]


def test_region_leader_drills_down_to_a_village_on_a_phone(dash_values, dash_region_official, phone_page):
    page = phone_page
    csp_errors = []
    page.on("console", lambda message: csp_errors.append(message.text)
            if message.type == "error" else None)
    browser_login(page, "region_leader")
    page.goto("/targets/?period=2026")
    os.makedirs(OUTPUT_DIR, exist_ok=True)
    for depth, (here, child) in enumerate(LEVELS):
        assert page.locator("h1").inner_text() == f"{here} 规划目标"
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        page.screenshot(path=os.path.join(OUTPUT_DIR, f"targets_drilldown_{depth}_{here}.png"), full_page=True)
        page.locator("#children").get_by_role("link", name=child, exact=True).click()
        page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "矮山村委会 规划目标"
    row = page.locator('tr[data-target="dash.ratio"]')
    assert "90.0%" in row.inner_text() and "达标" in row.inner_text()
    assert "待接入" in page.locator('tr[data-target="future.child_director_coverage"]').inner_text()
    # The trend chart is drawn (ECharts, from the static script) without breaking the CSP.
    assert page.locator('tr[data-target="dash.ratio"] .sparkline canvas').count() == 1
    page.screenshot(path=os.path.join(OUTPUT_DIR, "targets_drilldown_4_矮山村委会.png"), full_page=True)
    # The village's indicator page with its trend chart.
    row.get_by_role("link", name="事件按期办结率").click()
    page.wait_for_load_state()
    assert page.locator("#trend .trend-chart canvas").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert not [text for text in csp_errors if "Content Security Policy" in text], csp_errors
