"""On a phone, a county official changes the county's 民主法治示范村 criteria; a village then
scores itself against them."""

import os

import pytest
from conftest import OUTPUT_DIR, browser_login

from xiangzhi.safety.models import SafetyDefinition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_county_official_edits_the_criteria_on_a_phone(personas, phone_page):
    page = phone_page
    browser_login(page, "county")
    page.goto("/safety/definition/")
    page.click("a:has-text('民主法治示范村评分标准')")
    assert "全国指导标准" in page.inner_text("#criteria-source")
    page.fill("#id_label_2", "")  # a score without a name: refused, the row is named in the message
    page.click("#criteria-form button[type=submit]")
    assert "第 2 项标准的名称应为 1 至 50 个字" in page.inner_text("#criteria-errors")
    assert not SafetyDefinition.objects.exists()
    page.fill("#id_label_2", "民主选举")
    page.fill("#id_max_score_1", "20")
    page.fill("#id_label_9", "村规民约")
    page.fill("#id_max_score_9", "5")
    page.click("#criteria-form button[type=submit]")
    page.wait_for_selector("#criteria-source:has-text('本县自定标准')")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    os.makedirs(OUTPUT_DIR, exist_ok=True)
    page.screenshot(path=os.path.join(OUTPUT_DIR, "county_official_criteria_page.png"), full_page=True)
    criteria = SafetyDefinition.objects.get().criteria
    assert criteria[0]["max_score"] == 20 and criteria[-1]["label"] == "村规民约" and len(criteria) == 9

    page.context.clear_cookies()
    browser_login(page, "cadre_a1")
    page.goto("/safety/democracy/apply/")
    form = page.inner_text("form:has(#id_year)")
    assert "村规民约(5)" in form and "组织健全(20)" in form
