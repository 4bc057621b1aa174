"""A township official assigns a 第一书记 on a phone; the assignee writes a work log."""

import pytest

from conftest import browser_login, make_user
from xiangzhi.talent.models import Assignment, WorkLog

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

A1 = "450321100200"


def test_township_assigns_and_assignee_logs(personas, phone_page):
    make_user("first_sec", "party_member", A1)
    page = phone_page
    browser_login(page, "township_a")
    page.goto(f"/talent/v/{A1}/")
    page.click("text=选派第一书记或工作队员")
    page.select_option("#assignment_role", "first_secretary")
    page.fill("#assignment_name", "李驻村")
    page.fill("#assignment_sending_unit", "阳朔县财政局")
    page.fill("#assignment_username", "first_sec")
    page.fill("#assignment_starts_on", "2025-01-01")
    page.click("#assignment-form button[type=submit]")
    page.wait_for_selector("#assignments >> text=李驻村")
    assignment = Assignment.objects.get()
    assert assignment.user.username == "first_sec" and assignment.role == "first_secretary"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.context.clear_cookies()
    browser_login(page, "first_sec")
    page.goto("/talent/mine/")
    page.click("#my-assignments a")
    page.fill("#log_date", "2025-03-02")
    page.fill("#log_work", "走访脱贫户 12 户,召开产业发展座谈会")
    page.click("#log-form button[type=submit]")
    page.wait_for_selector("#logs >> text=走访脱贫户 12 户")
    assert WorkLog.objects.get().written_by.username == "first_sec"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
