"""On a phone: a party member opens their points page and reads the calculation; the secretary
records a violation and the member's score drops."""

import datetime

import pytest
from django.utils import timezone

from conftest import browser_login

from .partywork_data import attend, branch, member, member_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_member_sees_the_calculation_and_a_violation_lowers_the_score(personas, phone_page, browser):
    huang = member(branch())
    member_user(huang, username="member_a1")
    year = timezone.localdate().year
    attend(huang, datetime.date(year, 1, 10))
    attend(huang, datetime.date(year, 2, 10))

    page = phone_page
    browser_login(page, "member_a1")
    page.goto("/partywork/")
    assert page.locator("h1").inner_text() == "黄志强"
    meeting = page.locator('#calculation tr[data-rule="meeting"]')
    assert meeting.locator("td").all_inner_texts() == ["参加组织生活(三会一课等)", "2", "2", "4"]
    assert page.locator("#total").inner_text() == "104"
    assert page.locator("#member-class").inner_text() == "合格"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.context.clear_cookies()
    browser_login(page, "secretary_a1")
    page.goto(f"/partywork/members/{huang.pk}/")
    page.locator("#violation-box summary").click()
    page.fill("#id_violation-occurred_on", timezone.localdate().isoformat())
    page.fill("#id_violation-reason", "无故不参加主题党日")
    page.click("#violation-form button[type=submit]")
    page.wait_for_load_state()
    assert "积分已相应扣减" in page.locator(".messages").inner_text()
    assert page.locator("#total").inner_text() == "94"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.context.clear_cookies()
    browser_login(page, "member_a1")
    page.goto("/partywork/mine/")
    violation = page.locator('#calculation tr[data-rule="violation"]')
    assert violation.locator("td").all_inner_texts() == ["违规记录", "1", "-10", "-10"]
    assert page.locator("#total").inner_text() == "94"
