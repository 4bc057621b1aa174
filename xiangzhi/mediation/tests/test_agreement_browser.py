"""A township mediator records an agreement on a phone and opens the printable 调解协议书."""

import pytest

from conftest import browser_login, make_user
from xiangzhi.mediation import actions
from xiangzhi.mediation.models import DisputeState

from .helpers import TOWNSHIP_A, fresh, intake

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_township_mediator_records_agreement_and_prints_it(personas, phone_page):
    mediator = make_user("mediator_a", "township_official", TOWNSHIP_A, department="justice")
    dispute = intake(mediator, venue=TOWNSHIP_A)
    actions.take_case(mediator, dispute)
    page = phone_page
    browser_login(page, "mediator_a")
    page.goto(f"/mediation/{dispute.pk}/")
    page.click("#step-agree summary")
    page.fill("#id_agree-terms", "李小河于十日内拆除越界围墙,张大山不再追究")
    page.fill("#id_agree-signed_on", __import__("django.utils.timezone", fromlist=["x"]).localdate().isoformat())
    page.check("#id_agree-signed_party_ids_0")
    page.fill("#id_agree-committee_name", "阳朔镇人民调解委员会")
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
    page.emulate_media(media="print")
    assert not page.is_visible("nav") if page.query_selector("nav") else True
