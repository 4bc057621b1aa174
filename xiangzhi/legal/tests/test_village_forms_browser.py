"""On a 360 px phone a village cadre registers a 法律明白人 from the registry with a training
record, and adds a publicity site with its photo."""

import pytest
from conftest import browser_login

from xiangzhi.customs.tests.customs_data import household, resident
from xiangzhi.legal.models import LegalLiterate, PublicitySite

from .legal_data import A1, png

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PAGE = f"/legal/v/{A1}/"


def test_cadre_registers_a_literate_with_a_training_on_a_phone(personas, phone_page):
    person = resident(household("450321100200001"), name="覃明白")
    page = phone_page
    browser_login(page, "cadre_a1")
    page.goto(PAGE)
    page.click("#literate-form >> xpath=.. >> summary")
    page.fill("#literate_id_number", person.id_number)
    page.fill("#literate_trained_on", "2999-01-01")  # in the future: refused under the field
    page.click("#literate-form button[type=submit]")
    assert "不能晚于今天" in page.inner_text("#literate_trained_on_error")
    assert not LegalLiterate.objects.exists()
    page.fill("#literate_trained_on", "2025-03-01")
    page.click("#literate-form button[type=submit]")
    page.wait_for_selector("#literates li:has-text('覃明白')")
    page.click("#training-form >> xpath=.. >> summary")
    page.select_option("#training_literate", label="覃明白")
    page.fill("#training_date", "2025-04-01")
    page.fill("#training_topic", "民法典婚姻家庭编")
    page.fill("#training_hours", "2.5")
    page.click("#training-form button[type=submit]")
    page.wait_for_selector("#literates .trainings li:has-text('民法典婚姻家庭编')")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    literate = LegalLiterate.objects.get()
    assert literate.resident == person and literate.trainings.get().topic == "民法典婚姻家庭编"


def test_cadre_adds_a_publicity_site_with_a_photo_on_a_phone(personas, phone_page, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    page = phone_page
    browser_login(page, "cadre_a1")
    page.goto(PAGE)
    page.click("#site-form >> xpath=.. >> summary")
    page.select_option("#site_kind", "corridor")
    page.fill("#site_name", "矮山村法治长廊")
    page.set_input_files("#site_photo", {"name": "note.png", "mimeType": "image/png", "buffer": b"not a picture"})
    page.click("#site-form button[type=submit]")
    assert "不是图片" in page.inner_text("#site_photo_error")
    page.set_input_files("#site_photo", {"name": "site.png", "mimeType": "image/png", "buffer": png().getvalue()})
    page.click("#site-form button[type=submit]")
    page.wait_for_selector("#sites li:has-text('矮山村法治长廊')")
    page.locator("#sites img").first.scroll_into_view_if_needed()
    # The photo is served (wait for it: the list item appears before the image has loaded).
    page.wait_for_function("(() => { const img = document.querySelector('#sites img'); "
                           "return img && img.complete && img.naturalWidth > 0; })()")
    assert page.evaluate("document.querySelector('#sites img').naturalWidth") == 8
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    site = PublicitySite.objects.get()
    assert (site.kind, site.content_type) == ("corridor", "image/png")
