"""On a 360 px phone: a cadre drafts last month's finance disclosure (generated from posted
vouchers), the supervisor counter-signs it, the secretary publishes it, and a villager who is
not signed in opens the village page, the item and its verify link."""

import pytest

from conftest import browser_login
from xiangzhi.disclosure.models import Disclosure

from .finance_data import last_month, last_month_ledger
from .helpers import A1, FINANCE, item

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def sign_out(page):
    page.context.clear_cookies()


def take_step(page, pk, step):
    page.goto(f"/disclosure/{pk}/")
    page.click(f"#step-{step} summary")
    page.click(f"#step-{step} button[type=submit]")
    page.wait_for_load_state()


def test_finance_disclosure_from_draft_to_verified_on_a_phone(personas, phone_page):
    last_month_ledger(personas)
    finance = item(FINANCE)
    month = last_month()
    page = phone_page

    browser_login(page, "cadre_a1")
    page.goto("/disclosure/")
    page.click("#new-disclosure")
    page.select_option("#id_item", str(finance.pk))
    page.fill("#id_period", f"{month.year}年{month.month}月")
    page.fill("#id_body", "请村民监督。")
    page.click("#draft-form button[type=submit]")
    page.wait_for_load_state()
    disclosure = Disclosure.objects.get()
    assert "鱼塘承包费" in page.content() and "51,799.50" in page.content()
    take_step(page, disclosure.pk, "submit")
    assert "待会签" in page.locator("#disclosure-state").inner_text()
    sign_out(page)

    browser_login(page, "supervisor_a1")
    take_step(page, disclosure.pk, "countersign")
    assert page.locator("#countersigned-by").inner_text() == "supervisor_a1"
    sign_out(page)

    browser_login(page, "secretary_a1")
    take_step(page, disclosure.pk, "publish")
    assert "已公开" in page.locator("#disclosure-state").inner_text()
    sign_out(page)

    page.goto(f"/v/{A1}/")
    assert page.locator("#village-name").inner_text() == "矮山村委会"
    page.click(f"a[href='/v/{A1}/d/{disclosure.pk}/']")
    page.wait_for_load_state()
    assert "财务收支情况" in page.locator("#disclosure-title").inner_text()
    assert "路灯维修" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360 + 1
    page.click(".translog-badge")
    page.wait_for_load_state()
    assert page.locator("#verdict").inner_text() == "已验证"
