"""On a phone, the receiving village's cadre accepts an incoming household transfer."""

import datetime
import os

import pytest

from conftest import OUTPUT_DIR, browser_login
from xiangzhi.core.crypto import blind_index
from xiangzhi.people import citizen_id, transfers
from xiangzhi.people.models import Household, HouseholdTransfer, Resident, VillageTally
from xiangzhi.people.tallies import adjust_tally

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

B1, B1_TUN = "450321101200", "450321101200001"


def make_household():
    household = Household.objects.create(region_id="450321100200001", number="A1-088")
    for sequence, (name, relation, gender) in enumerate([("黄秀英", "head", "female"), ("李强", "spouse", "male")]):
        birth = datetime.date(1982, 4, 1 + sequence)
        number = citizen_id.make("450321", birth, sequence, gender)
        Resident.objects.create(
            household=household, region_id=household.region_id, name=name, relation=relation, gender=gender,
            birth_date=birth, id_number=number, id_number_index=blind_index(number, "citizen_id"),
        )
    adjust_tally("450321100200", households=1, residents=2)
    return household


def test_receiving_cadre_accepts_an_incoming_transfer(personas, phone_page):
    household = make_household()
    transfer = transfers.request_transfer(personas.cadre_a1, household, to_region=B1, reason="婚嫁迁入白沙村")
    page = phone_page

    browser_login(page, "cadre_b1")
    page.click("nav.modules >> text=户籍迁移")
    page.wait_for_load_state()
    row = page.locator("#transfers tbody tr").first
    assert "A1-088" in row.inner_text() and "待接收" in row.inner_text()
    row.locator("a").first.click()
    page.wait_for_load_state()
    assert page.locator("#head-name").inner_text() == "黄秀英"
    assert page.locator("#member-count").inner_text() == "2"

    page.click("#step-accept summary")
    page.select_option("#step-accept select[name=destination]", B1_TUN)
    page.fill("#step-accept textarea[name=comment]", "同意接收")
    os.makedirs(OUTPUT_DIR, exist_ok=True)
    page.screenshot(path=os.path.join(OUTPUT_DIR, "transfer_accept_form.png"), full_page=True)
    page.click("#step-accept button[type=submit]")
    page.wait_for_load_state()

    assert page.locator("#transfer-state").inner_text().startswith("已接收")
    history = page.locator("#history").inner_text()
    assert "接收" in history and "同意接收" in history and "cadre_b1" in history
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    transfer = HouseholdTransfer.objects.get(pk=transfer.pk)
    assert transfer.state == "accepted" and transfer.destination_id == B1_TUN
    assert Household.objects.get(pk=household.pk).region_id == B1_TUN
    assert VillageTally.objects.get(village_id=B1).residents == 2
