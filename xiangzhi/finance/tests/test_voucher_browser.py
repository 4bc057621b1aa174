"""On a 360 px phone: a cadre records an expense, the supervisor counter-signs, the secretary
approves and posts it, and the new balance is shown."""

import pytest

from conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def logout(page):
    page.click("form.logout button")
    page.wait_for_load_state()


def fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_expense_voucher_from_record_to_posted_on_a_phone(personas, account, phone_page):
    page = phone_page
    browser_login(page, "cadre_a1")
    page.goto("/finance/")
    assert "100,000.00" in page.locator("#total-balance").inner_text()
    page.click("#record-voucher")
    fits(page)
    page.check("input[name=direction][value=expense]")
    page.select_option("select[name=category]", "management_expense")
    page.fill("input[name=total]", "356.80")
    page.fill("input[name=summary]", "购买村部打印纸")
    page.fill("input[name=counterparty]", "阳朔文具店")
    page.click("#voucher-form button[type=submit]")
    page.wait_for_load_state()
    assert "待监委会审核" in page.locator("#voucher-state").inner_text()
    voucher_url = page.url
    logout(page)

    browser_login(page, "supervisor_a1")
    page.goto(voucher_url)
    page.click("#step-review summary")
    page.fill("#step-review textarea[name=comment]", "票据齐全,同意")
    page.click("#step-review button[type=submit]")
    page.wait_for_load_state()
    assert "已审核" in page.locator("#voucher-state").inner_text()
    logout(page)

    browser_login(page, "secretary_a1")
    page.goto(voucher_url)
    page.click("#step-approve summary")
    page.click("#step-approve button[type=submit]")
    page.wait_for_load_state()
    assert "已审批待入账" in page.locator("#voucher-state").inner_text()
    page.click("#step-post summary")
    page.click("#step-post button[type=submit]")
    page.wait_for_load_state()
    assert "已入账" in page.locator("#voucher-state").inner_text()
    assert page.locator("#account-balance").inner_text() == "99,643.20"
    fits(page)
    page.goto("/finance/")
    assert "99,643.20" in page.locator("#total-balance").inner_text()
    fits(page)
