"""On a phone: a county official writes a brand case with a document, the city publishes it, and
an anonymous visitor reads it on the showcase."""

import pytest

from conftest import browser_login
from xiangzhi.pilots.models import CaseState, PilotCase

from .pilots_data import PDF, city_official

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_write_publish_and_read_on_the_showcase(personas, phone_page, tmp_path):
    city_official()
    document = tmp_path / "经验材料.pdf"
    document.write_bytes(PDF)
    page = phone_page
    browser_login(page, "county")
    page.goto("/pilots/")
    page.click("#new-case")
    page.select_option("#id_region", "450321")
    page.select_option("#id_kind", "brand")
    page.fill("#id_title", "阳朔“积分+清单”治理品牌")
    page.fill("#id_year", "2024")
    page.fill("#id_summary", "积分制与清单制结合,村务看得见。")
    page.fill("#id_body", "做法:村村公开小微权力清单。\n\n成效:群众参与率明显提高。")
    page.fill("#id_tags", "积分制 清单制")
    page.click("#case-form button[type=submit]")
    page.wait_for_selector("#case-state >> text=草稿")
    page.click("text=上传文件材料或照片")
    page.select_option("#file_kind", "document")
    page.fill("#file_title", "经验材料")
    page.set_input_files("#file_file", str(document))
    page.click("#file-form button[type=submit]")
    page.wait_for_selector("#documents >> text=经验材料")
    page.click("#submit-form button[type=submit]")
    page.wait_for_selector("#case-state >> text=待审核发布")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    case = PilotCase.objects.get()

    page.context.clear_cookies()
    browser_login(page, "city")
    page.goto(f"/pilots/cases/{case.pk}/")
    page.fill("#publish_comment", "做法成熟,予以发布")
    page.click("#publish-form button[type=submit]")
    page.wait_for_selector("#case-state >> text=已发布")
    case.refresh_from_db()
    assert case.state == CaseState.PUBLISHED

    page.context.clear_cookies()
    page.goto("/pilots/showcase/")
    page.click("text=阳朔“积分+清单”治理品牌")
    page.wait_for_selector("#case-body >> text=成效:群众参与率明显提高。")
    assert page.is_visible("#documents >> text=经验材料")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
