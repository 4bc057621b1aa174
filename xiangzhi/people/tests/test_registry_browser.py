"""A village cadre registers a household of two on a 360×740 phone, and sees both listed."""

import os

import pytest

from conftest import OUTPUT_DIR, browser_login
from xiangzhi.people.models import Household

from .registry_data import A1_TUN, new_id  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_cadre_adds_a_household_with_two_residents_on_a_phone(personas, phone_page):
    page = phone_page
    browser_login(page, "cadre_a1")
    page.goto("/people/households/")
    page.get_by_role("link", name="登记新户").click()
    page.wait_for_selector("#id_members-1-name")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.select_option("#id_region", A1_TUN)
    page.fill("#id_number", "A1-888")
    page.fill("#id_address", "矮山屯 88 号")
    # The first row is the household head already.
    assert page.input_value("#id_members-0-relation") == "head"
    page.fill("#id_members-0-name", "蒙大山")
    page.fill("#id_members-0-id_number", new_id(88))
    page.fill("#id_members-0-phone", "13877776666")
    page.fill("#id_members-1-name", "蒙小溪")
    page.select_option("#id_members-1-relation", "spouse")
    page.fill("#id_members-1-id_number", new_id(89, "female"))
    page.check("#id_members-1-is_party_member")

    # "添加家庭成员" fetches one more row through htmx; left blank, it is not registered.
    page.get_by_role("button", name="添加家庭成员").click()
    page.wait_for_selector("#id_members-2-name")
    assert page.input_value("#id_members-TOTAL_FORMS") == "3"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    os.makedirs(OUTPUT_DIR, exist_ok=True)
    page.screenshot(path=os.path.join(OUTPUT_DIR, "registry_household_form_phone.png"), full_page=True)

    page.get_by_role("button", name="保存登记").last.click()
    page.wait_for_url("**/people/households/*/")
    members = page.locator("table").inner_text()
    assert "蒙大山" in members and "蒙小溪" in members
    assert new_id(88)[:6] + "********" + new_id(88)[-4:] in members and new_id(88) not in members

    page.goto("/people/residents/?q=蒙")
    listed = page.locator("table").inner_text()
    assert "蒙大山" in listed and "蒙小溪" in listed
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    household = Household.objects.get(number="A1-888")
    assert sorted(household.residents.values_list("name", flat=True)) == ["蒙大山", "蒙小溪"]
    page.goto(f"/people/households/{household.pk}/")
