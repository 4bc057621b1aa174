"""On a phone, a village cadre takes a matter through ① to ⑤, each step recorded by a real
meeting's vote; signed out, a villager sees the notice on the village page with its verify badge."""

import os

import pytest

from conftest import OUTPUT_DIR, browser_login
from xiangzhi.assembly.models import Body
from xiangzhi.matters.models import Matter, MatterState
from xiangzhi.translog.models import LogEntry

from .helpers import A1, Village, item

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def submit(page, selector):
    page.click(f"{selector} button[type=submit]")
    page.wait_for_load_state()


def test_cadre_takes_a_matter_to_the_resolution_notice(personas, phone_page, browser):
    public_works = item()
    village = Village(A1)
    for body in (Body.PARTY_ORGANISATION, Body.TWO_COMMITTEES, Body.PARTY_MEMBERS, Body.VILLAGERS_ASSEMBLY):
        village.hold(personas.cadre_a1, body)
    page = phone_page
    browser_login(page, "cadre_a1")
    page.click("nav.modules >> text=四议两公开")
    page.wait_for_load_state()
    page.click("#new-matter")
    page.wait_for_load_state()
    page.fill("input[name=title]", "修建屯内文化室")
    page.select_option("select[name=item]", str(public_works.pk))
    page.fill("input[name=amount]", "30000")
    submit(page, "#matter-form")
    assert "待村党组织提议" in page.locator("#matter-state").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # Each due step is recorded by choosing the meeting's vote; the next step is then due.
    for due_next in ("②", "③", "④", "⑤"):
        page.select_option("#record-step select[name=resolution]", index=1)
        submit(page, "#record-step")
        assert due_next in page.locator("#matter-state").inner_text()
    assert "待决议公开" in page.locator("#matter-state").inner_text()
    page.fill("#publish-resolution textarea[name=text]", "经村民会议表决通过:修建屯内文化室,预算 3 万元。")
    page.screenshot(path=os.path.join(OUTPUT_DIR, "matter_resolution_notice_form.png"), full_page=True)
    submit(page, "#publish-resolution")
    matter = Matter.objects.get()
    assert matter.state == MatterState.IMPLEMENTING
    entry = LogEntry.objects.get(kind="matter_resolution")

    villager = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN",
                                   base_url=page.url.split("/matters/")[0])
    public = villager.new_page()
    try:
        public.goto(f"/v/{A1}/")
        section = public.locator("#section-matters")
        assert "修建屯内文化室" in section.inner_text()
        badge = section.locator("a.translog-badge")
        assert badge.inner_text() == f"公开日志第 {entry.index} 条 · 验证"
        section.locator("text=修建屯内文化室").click()
        public.wait_for_load_state()
        assert "经村民会议表决通过:修建屯内文化室" in public.locator(".matter-notice").inner_text()
        assert public.evaluate("document.documentElement.scrollWidth") <= 360
    finally:
        villager.close()
