"""On a 360 px phone, the village secretary records a 主题党日 with its attendees, and the branch's
calendar shows this month as held."""

import pytest
from django.utils import timezone

from conftest import browser_login
from xiangzhi.partylife.models import Meeting

from .partylife_data import party  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretary_records_a_theme_day_on_a_phone(party, phone_page):
    page = phone_page
    browser_login(page, "secretary_a1")
    page.goto("/partylife/")
    page.click("#record-meeting")
    page.click("text=矮山村党支部")
    page.select_option("#id_kind", "theme_day")
    page.fill("#id_held_on", timezone.localdate().isoformat())
    page.fill("#id_topic", "重温入党誓词,清理村内河道")
    for name in ("张书记", "李委员", "赵党员"):
        page.locator("#present label", has_text=name).locator("input").check()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.click("#meeting-form button[type=submit]")
    page.wait_for_selector("#attendance")
    assert "应到 5 人,实到 3 人" in page.locator("h2", has_text="参会情况").inner_text()
    meeting = Meeting.objects.get()
    assert meeting.kind == "theme_day" and meeting.attendances.filter(present=True).count() == 3

    page.click(f"a[href^='/partylife/organisations/{party.branch.pk}/']")
    month = timezone.localdate().strftime("%Y-%m")
    chip = page.locator(f"#kind-theme_day li[data-period='{month}']")
    assert chip.get_attribute("data-state") == "held"
    assert "已开展" in chip.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
