"""On a 360 px phone: a villager reports an event with a photo; the township dispatcher accepts it."""

import os

import pytest
from PIL import Image

from conftest import OUTPUT_DIR, browser_login
from xiangzhi.grid.models import Event, EventPhoto

from .event_data import A1_TUN, categories, media_in_tmp  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def thumbnail_width(page):
    """The loaded width of the first photo thumbnail (polled: the CSP forbids wait_for_function's eval)."""
    thumbnail = page.locator(".event-photos img").first
    thumbnail.wait_for()
    for _attempt in range(50):
        width = thumbnail.evaluate("img => img.complete ? img.naturalWidth : -1")
        if width >= 0:
            return width
        page.wait_for_timeout(100)
    return None


def test_villager_reports_with_a_photo_and_the_township_accepts(personas, categories, phone_page, tmp_path):
    picture = tmp_path / "垃圾堆.png"
    Image.new("RGB", (64, 48), (120, 160, 40)).save(picture)
    page = phone_page

    browser_login(page, "villager_a1")
    page.click("nav.modules >> text=上报事件")
    page.wait_for_load_state()
    page.select_option("#id_category", str(categories.garbage.pk))
    page.fill("#id_description", "矮山屯村口垃圾堆放多日,气味很大。")
    page.select_option("#id_urgency", "urgent")
    page.select_option("#id_region", A1_TUN)
    page.set_input_files("#id_photos", str(picture))
    os.makedirs(OUTPUT_DIR, exist_ok=True)
    page.screenshot(path=os.path.join(OUTPUT_DIR, "event_report_form.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.click("#event-report button[type=submit]")
    page.wait_for_load_state()

    assert page.locator("#event-state").inner_text().startswith("待受理")
    assert "气味很大" in page.locator("#event-description").inner_text()
    assert thumbnail_width(page) == 64
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    event = Event.objects.get()
    assert (event.reporter, event.urgency, event.region_id, event.state) == (
        personas.villager_a1, "urgent", A1_TUN, "reported")
    assert EventPhoto.objects.get(event=event).content_type == "image/png"

    page.click("header form.logout button")
    page.wait_for_load_state()
    browser_login(page, "township_a")
    page.click("nav.modules >> text=网格事件")
    page.wait_for_load_state()
    row = page.locator("#events tbody tr").first
    assert "垃圾乱堆乱放" in row.inner_text() and "待受理" in row.inner_text()
    row.locator("a").first.click()
    page.wait_for_load_state()
    assert thumbnail_width(page) == 64
    page.click("#step-accept summary")
    page.fill("#step-accept textarea[name=accept-comment]", "已收到,安排保洁员今天清运。")
    page.screenshot(path=os.path.join(OUTPUT_DIR, "event_accept_form.png"), full_page=True)
    page.click("#step-accept button[type=submit]")
    page.wait_for_load_state()

    assert page.locator("#event-state").inner_text().startswith("已受理")
    history = page.locator("#history").inner_text()
    assert "受理" in history and "安排保洁员" in history and "township_a" in history
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    event.refresh_from_db()
    assert event.state == "accepted" and event.deadline == event.resolve_deadline
