"""At 360 px: a township official blows a whistle, a department official reports and acts, the
township confirms closure."""

import pytest

from conftest import browser_login, make_user
from xiangzhi.contact.models import Whistle

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_township_whistle_department_reports_township_closes(personas, phone_page):
    make_user("police", "county_department", "450321", department="public_security")
    page = phone_page
    browser_login(page, "township_a")
    page.goto("/contact/whistles/")
    page.click("a[href='/contact/whistles/new/']")
    page.fill("textarea[name=problem]", "河道非法采砂,需公安联合执法")
    page.check("input[name=departments][value=public_security]")
    page.fill("input[name=report_within]", "4")
    page.get_by_role("button", name="吹哨").click()
    page.wait_for_selector("#calls")
    assert "未报到" in page.inner_text("#calls")
    whistle = Whistle.objects.get()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.context.clear_cookies()
    browser_login(page, "police")
    page.goto("/contact/whistles/")
    page.click(f"#my-calls a[href='/contact/whistles/{whistle.pk}/']")
    page.get_by_role("button", name="报到").click()
    page.fill("textarea[name=action]", "已派民警到场处置")
    page.get_by_role("button", name="提交处置情况").click()
    assert "已派民警到场处置" in page.inner_text("#calls")

    page.context.clear_cookies()
    browser_login(page, "township_a")
    page.goto(f"/contact/whistles/{whistle.pk}/")
    page.fill("textarea[name=note]", "联合执法完毕")
    page.get_by_role("button", name="确认办结").click()
    page.wait_for_selector("text=已确认办结。")
    assert "已办结" in page.inner_text("#whistle-state")
    whistle.refresh_from_db()
    assert whistle.state == "closed" and whistle.calls.get().reported_by.username == "police"
