"""On a 360-pixel phone: a village 代办员 registers a petition that the township then finds in its
deadline list; a justice official registers a special-population record and a visit, and a
village cadre who is not the helper gets 404 at its address."""

import datetime
import os

import pytest
from django.utils import timezone

from conftest import OUTPUT_DIR, browser_login
from xiangzhi.petitions.models import Petition, SpecialPerson, SpecialVisit

from .petitions_data import A1, justice, resident

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def _shot(page, name):
    os.makedirs(OUTPUT_DIR, exist_ok=True)
    page.screenshot(path=os.path.join(OUTPUT_DIR, f"{name}.png"), full_page=True)


def test_village_proxy_registers_and_township_sees_the_deadline(personas, phone_page, browser):
    petitioner = resident(name="韦大伯")
    received = timezone.localdate() - datetime.timedelta(days=20)
    browser_login(phone_page, "cadre_a1")
    phone_page.goto("/petitions/new/")
    phone_page.select_option("select[name=village]", A1)
    phone_page.fill("input[name=petitioner]", petitioner.id_number)
    phone_page.fill("input[name=subject]", "村道塌方无人修")
    phone_page.fill("textarea[name=facts]", "去年雨季塌方,至今未修复。")
    phone_page.fill("input[name=received_on]", received.isoformat())
    _fits(phone_page)
    phone_page.click("#petition-form button[type=submit]")
    phone_page.wait_for_url("**/petitions/*/")
    assert "村道塌方无人修" in phone_page.locator("h1").inner_text()
    petition = Petition.objects.get()
    assert petition.handler == personas.cadre_a1 and petition.due_on == received + datetime.timedelta(days=15)
    _shot(phone_page, "petition_registered_by_village")

    township = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN",
                                   timezone_id="Asia/Shanghai", base_url=phone_page.url.split("/petitions")[0])
    page = township.new_page()
    try:
        browser_login(page, "township_a")
        page.goto("/petitions/")
        page.check("input[name=overdue]")
        page.click("#petition-filters button[type=submit]")
        page.wait_for_url("**overdue=on**")
        row = page.locator("#petitions tbody tr", has_text="村道塌方无人修")
        assert "已逾期" in row.inner_text() and petition.due_on.isoformat() in row.inner_text()
        assert "阳朔镇:1" in page.locator("#overdue-by-township").inner_text()
        _fits(page)
        _shot(page, "petition_township_overdue_list")
    finally:
        township.close()


def test_justice_registers_record_and_visit_other_cadre_gets_404(personas, phone_page, browser):
    justice("sifasuo_a")
    person = resident(name="黄志明")
    browser_login(phone_page, "sifasuo_a")
    phone_page.goto("/petitions/special/")
    phone_page.click("text=登记特殊人群记录")
    phone_page.fill("input[name=resident]", person.id_number)
    phone_page.select_option("select[name=category]", "community_correction")
    phone_page.select_option("select[name=risk_level]", "medium")
    phone_page.fill("input[name=helper]", "cadre_a1")
    _fits(phone_page)
    phone_page.click("#special-form button[type=submit]")
    phone_page.wait_for_url("**/petitions/special/*/")
    record = SpecialPerson.objects.get()
    assert record.helper == personas.cadre_a1 and record.risk_level == "medium"
    phone_page.select_option("select[name=kind]", "supervision")
    phone_page.fill("textarea[name=note]", "按时报到,情绪稳定")
    phone_page.click("#visit-form button[type=submit]")
    phone_page.wait_for_selector("#visits li:has-text('按时报到')")
    assert "按时报到,情绪稳定" in phone_page.locator("#visits").inner_text()
    assert SpecialVisit.objects.get().recorded_by.username == "sifasuo_a"
    _fits(phone_page)
    _shot(phone_page, "special_record_and_visit")

    other = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN",
                                timezone_id="Asia/Shanghai", base_url=phone_page.url.split("/petitions")[0])
    page = other.new_page()
    try:
        browser_login(page, "cadre_a2")
        response = page.goto(f"/petitions/special/{record.pk}/")
        assert response.status == 404 and "黄志明" not in page.content()
        _shot(page, "special_record_404_for_other_cadre")
    finally:
        other.close()
