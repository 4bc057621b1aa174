"""A cadre on a 360 px phone records a 村民代表会议: refused without a quorum, then passed."""

import datetime

import pytest

from conftest import browser_login
from xiangzhi.assembly import meetings
from xiangzhi.assembly.models import Body, Representative, Resolution

from .assembly_data import A1, body_with_members, person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_cadre_records_a_representatives_meeting_on_a_phone(personas, phone_page):
    _org, committee = body_with_members("village_committee", 2)
    reps = [person(name=f"代表{i}") for i in range(4)]
    for rep in reps:
        Representative.objects.create(resident=rep, village_id=A1, starts_on=datetime.date(2021, 1, 1),
                                      created_by=personas.cadre_a1)
    today = datetime.date.today()
    meeting, _w = meetings.create_meeting(personas.cadre_a1, region=A1, body=Body.REPRESENTATIVES,
                                          title="村民代表会议", notice_on=today, meets_on=today)
    page = phone_page
    browser_login(page, "cadre_a1")
    page.goto(f"/assembly/meetings/{meeting.pk}/")
    for name in ("代表0", "代表1", "代表2"):
        page.get_by_label(name).check()
    page.click("#sign-in button[type=submit]")
    page.fill("#vote textarea[name=motion]", "修建村道")
    page.fill("#vote input[name=in_favour]", "3")
    page.click("#vote button[type=submit]")
    assert "未达到法定人数:村民代表会议须有三分之二以上组成人员出席(应到 6 人,至少 4 人),实到 3 人,差 1 人。" in page.content()
    assert not Resolution.objects.exists()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.get_by_label("代表3").check()
    page.click("#sign-in button[type=submit]")
    page.fill("#vote textarea[name=motion]", "修建村道")
    page.fill("#vote input[name=in_favour]", "3")
    page.fill("#vote input[name=against]", "1")
    page.click("#vote button[type=submit]")
    page.wait_for_selector(".resolution")
    assert "通过" in page.locator(".resolution").inner_text()
    assert Resolution.objects.get().passed
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
