"""On a 360 px phone: registering an organisation (an invalid code shown under its field, then a
valid one) and the station coverage page."""

import pytest

from conftest import browser_login
from xiangzhi.socialorgs import actions
from xiangzhi.socialorgs.models import SocialOrganisation

from .socialorgs_data import TOWNSHIP_A, code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_register_organisation_on_a_phone(personas, phone_page):
    page = phone_page
    browser_login(page, "county")
    page.goto("/socialorgs/")
    page.click("text=登记社会组织")
    page.select_option("select[name=region]", "450321")
    page.fill("input[name=name]", "阳朔县乡村振兴促进会")
    page.select_option("select[name=kind]", "revitalisation")
    wrong = code(9)[:17] + ("0" if code(9)[17] != "0" else "1")
    page.fill("input[name=credit_code]", wrong)
    page.fill("input[name=registration_authority]", "阳朔县民政局")
    page.fill("input[name=registered_on]", "2020-05-01")
    page.fill("input[name=legal_representative]", "韦明")
    page.fill("input[name=contact_phone]", "13877300001")
    page.click("#organisation-form button[type=submit]")
    error = page.locator("#id_credit_code_error")
    assert f"第 18 位应为 {code(9)[17]}" in error.inner_text()
    assert not SocialOrganisation.objects.exists()
    page.fill("input[name=credit_code]", code(9).lower())
    page.click("#organisation-form button[type=submit]")
    page.wait_for_selector("#organisation-info")
    assert code(9) in page.locator("#organisation-info").inner_text()
    assert SocialOrganisation.objects.get().credit_code == code(9)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_station_coverage_on_a_phone(personas, phone_page):
    actions.open_station(personas.township_a, TOWNSHIP_A, name="阳朔镇社会工作服务站", opened_on="2024-01-15",
                         staff_count=3)
    page = phone_page
    browser_login(page, "county")
    page.goto("/socialorgs/stations/")
    assert "2 个乡镇中 1 个建有社会工作服务站" in page.locator("#coverage-summary").inner_text()
    assert "白沙镇" in page.locator("#uncovered").inner_text()
    assert "阳朔镇社会工作服务站" in page.locator(f"#township-{TOWNSHIP_A}").inner_text()
    page.click("text=阳朔镇社会工作服务站")
    page.wait_for_selector("#station-info")
    assert "3" in page.locator("#station-info").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
