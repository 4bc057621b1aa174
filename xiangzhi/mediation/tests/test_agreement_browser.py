"""A township mediator registers a committee with three members on a phone, records an agreement
sealed by it and opens the printable 调解协议书."""

import pytest

import os

from conftest import OUTPUT_DIR, browser_login, make_user
from xiangzhi.mediation import actions
from xiangzhi.mediation.models import Committee, DisputeState

from .helpers import TOWNSHIP_A, fresh, intake

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_township_mediator_records_agreement_and_prints_it(personas, phone_page):
    mediator = make_user("mediator_a", "township_official", TOWNSHIP_A, department="justice")
    dispute = intake(mediator, venue=TOWNSHIP_A)
    actions.take_case(mediator, dispute)
    page = phone_page
    browser_login(page, "mediator_a")
    page.goto("/mediation/committees/")
    page.click("#new-committee")
    page.select_option("#id_kind", "township")
    page.select_option("#id_region_code", TOWNSHIP_A)
    page.fill("#id_name", "阳朔镇人民调解委员会")
    page.fill("#id_term_start", __import__("django.utils.timezone", fromlist=["x"]).localdate().isoformat())
    page.fill("#id_member1_name", "韦主任")
    page.select_option("#id_member2_role", "vice_chair")
    page.fill("#id_member2_name", "蒙副主任")
    # Two members only: refused, the rule named.
    page.click("#committee-form button[type=submit]")
    assert "人民调解委员会由 3 至 9 名委员组成,此操作后将为 2 名。" in page.content()
    assert not Committee.objects.exists()
    page.fill("#id_member3_name", "覃委员")
    page.click("#committee-form button[type=submit]")
    page.wait_for_selector("#committee-term")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    sealing = Committee.objects.get()
    assert sealing.members.count() == 3 and "第 1 届" in page.inner_text("#committee-term")
    os.makedirs(OUTPUT_DIR, exist_ok=True)
    page.screenshot(path=os.path.join(OUTPUT_DIR, "mediation_committee_formed.png"), full_page=True)
    page.goto(f"/mediation/{dispute.pk}/")
    page.click("#step-agree summary")
    page.fill("#id_agree-terms", "李小河于十日内拆除越界围墙,张大山不再追究")
    page.fill("#id_agree-signed_on", __import__("django.utils.timezone", fromlist=["x"]).localdate().isoformat())
    page.check("#id_agree-signed_party_ids_0")
    page.select_option("#id_agree-committee_id", str(sealing.pk))
    page.check("#id_agree-mediator_signed")
    page.check("#id_agree-committee_sealed")
    page.click("#step-agree button[type=submit]")
    # One party has not signed: refused, nothing recorded.
    assert "当事人未签名" in page.content()
    assert fresh(dispute).state == DisputeState.MEDIATING
    page.check("#id_agree-signed_party_ids_0")
    page.check("#id_agree-signed_party_ids_1")
    page.click("#step-agree button[type=submit]")
    page.wait_for_selector("#print-agreement")
    assert fresh(dispute).state == DisputeState.AGREED
    page.click("#print-agreement")
    page.wait_for_selector("#copy-3")
    text = page.inner_text("main") if page.query_selector("main") else page.content()
    assert "人民调解协议书" in text
    assert "第 1 份(共 3 份)" in text and "第 3 份(共 3 份)" in text and "调解委员会存档" in text
    assert "李小河于十日内拆除越界围墙" in text
    assert "阳朔镇人民调解委员会(盖章)" in text
    assert fresh(dispute).agreement.committee_id == sealing.pk
    page.emulate_media(media="print")
    assert not page.is_visible("nav") if page.query_selector("nav") else True
