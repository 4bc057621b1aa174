"""On a 360 px phone a villager asks for legal help and the village's advisor answers it."""

import pytest

from conftest import browser_login
from xiangzhi.legal.models import HelpRequest

from .legal_data import advisor_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_villager_asks_and_advisor_answers_on_a_phone(personas, phone_page, browser):
    advisor_user()
    page = phone_page
    browser_login(page, "villager_a1")
    page.goto("/legal/requests/")
    page.click("#ask")
    page.select_option("#id_kind", "drafting")
    page.fill("#id_question", "请帮我写一份土地流转合同。")
    page.click("#ask-form button[type=submit]")
    page.wait_for_selector("#due")
    assert "待答复" in page.inner_text("#state")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    request = HelpRequest.objects.get()

    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN",
                                  base_url=page.url.split("/legal")[0])
    lawyer = context.new_page()
    try:
        browser_login(lawyer, "lawyer_a1")
        lawyer.goto(f"/legal/requests/{request.pk}/")
        lawyer.fill("#id_answer", "合同应写明流转期限、价款与用途。")
        lawyer.click("#answer-form button[type=submit]")
        lawyer.wait_for_selector("#answer")
        assert "流转期限" in lawyer.inner_text("#answer")
    finally:
        context.close()
    page.reload()
    assert "已答复" in page.inner_text("#state") and "流转期限" in page.inner_text("#answer")
