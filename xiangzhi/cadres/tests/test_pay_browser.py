"""On a phone: a township official runs the pay calculation with an entered score, and the cadre
reads their own calculation step by step."""

import pytest

from conftest import browser_login

from .cadres_data import A1, LAST_YEAR, backdate_posts, set_standard

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_township_calculates_and_cadre_reads_the_steps(personas, phone_page):
    backdate_posts()
    set_standard(personas.county)
    page = phone_page
    browser_login(page, "township_a")
    page.goto(f"/cadres/pay/?year={LAST_YEAR}")
    page.locator("#calculate-box summary").click()
    page.select_option("#id_village", A1)
    page.fill("#id_year", str(LAST_YEAR))
    page.fill("#id_score", "80")
    page.fill("#id_reason", "县考核结果尚未发布")
    page.click("#calculate-form button[type=submit]")
    page.wait_for_load_state()
    assert "已计算 1 名村干部的报酬" in page.locator(".messages").inner_text()
    assert "cadre_a1" in page.locator("#calculations").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.context.clear_cookies()
    browser_login(page, "cadre_a1")
    page.goto("/cadres/mine/")
    steps = page.locator("#my-pay .calculation-steps li").all_inner_texts()
    assert steps == [
        "基本报酬 ¥2,000.00 × 12 个月 = ¥24,000.00",
        "绩效:手工填写 80 分 良好(理由:县考核结果尚未发布) → 85% × ¥6,000.00 = ¥5,100.00",
        "合计 ¥24,000.00 + ¥5,100.00 = ¥29,100.00",
    ]
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
