"""On a phone, the township official opens a village's application and passes it."""

import pytest
from conftest import browser_login

from xiangzhi.safety.democracy import apply
from xiangzhi.regions.models import Region

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_township_official_reviews_on_a_phone(personas, phone_page):
    scores = {"organisation": 15, "election": 10, "decision": 12, "management": 9, "supervision": 9,
              "publicity": 14, "lawful_conduct": 13, "safety": 10}
    application = apply(personas.cadre_a1, Region.objects.get(pk="450321100200"), year=2024, scores=scores)
    page = phone_page
    browser_login(page, "township_a")
    page.goto("/safety/democracy/")
    page.click("#applications a:has-text('矮山村委会')")
    assert "待乡镇审核" in page.inner_text("#application-status")
    assert page.locator("#self-assessment").inner_text().count("组织健全") == 1
    page.select_option("#review-form select[name=decision]", "pass")
    page.click("#review-form button[type=submit]")  # no opinion: stays, says why
    assert "请填写审核意见" in page.inner_text("#review-form")
    page.fill("#review-form textarea[name=opinion]", "台账齐全,同意推荐")
    page.click("#review-form button[type=submit]")
    page.wait_for_selector("#application-status:has-text('待县级审核')")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    application.refresh_from_db()
    assert application.status == "township_passed" and application.township_opinion == "台账齐全,同意推荐"
