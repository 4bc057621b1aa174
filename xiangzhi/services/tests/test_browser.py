"""The issue's browser test: on a 360 px phone a villager applies for a certificate (出具证明),
the village cadre completes it, and the villager downloads the result document."""

import pytest

from conftest import browser_login

from .helpers import PDF, resident

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_villager_applies_cadre_approves_villager_downloads(personas, phone_page, region_wide_items):
    resident(user=personas.villager_a1)
    page = phone_page
    browser_login(page, "villager_a1")
    page.goto("/services/")
    page.click("text=出具证明")
    page.click("#apply-link")
    assert page.inner_text("#applicant-name") == "韦国强"
    page.set_input_files("input[type=file] >> nth=0",
                         files=[{"name": "hukou.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    page.fill("textarea[name=note]", "用于子女入学")
    page.click("#apply-form button[type=submit]")
    page.wait_for_selector("#state")
    assert "办理中" in page.inner_text("#state")
    url = page.url
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.context.clear_cookies()
    browser_login(page, "cadre_a1")
    page.goto("/services/office/")
    page.click("#queue a")
    page.click("#step-complete")
    page.wait_for_selector("#verification-code")
    assert "已办结" in page.inner_text("#state")

    page.context.clear_cookies()
    browser_login(page, "villager_a1")
    page.goto(url)
    code = page.inner_text("#verification-code")
    with page.expect_download() as download_info:
        page.click("#download-result")
    path = download_info.value.path()
    text = open(path, encoding="utf-8").read()
    assert code in text and "韦国强" in text and "特此证明" in text
