"""On a phone, a village cadre runs a 出具证明 case through its steps, uploading the evidence, and
concludes it; the public page shows it masked, with its publication-log badge."""

import os

import pytest

from conftest import OUTPUT_DIR, browser_login
from xiangzhi.powers.models import PowerCase
from xiangzhi.translog.models import LogEntry

from .power_data import adopt_all

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EVIDENCE = {"name": "身份证明.jpg", "mimeType": "image/jpeg", "buffer": b"\xff\xd8\xff evidence"}


def complete_current_step(page, *, with_evidence):
    if with_evidence:
        page.set_input_files("#step-complete input[type=file]", files=[EVIDENCE])
    page.click("#step-complete button[type=submit]")
    page.wait_for_load_state()


def test_cadre_runs_a_certificate_case_and_the_public_page_shows_it(personas, phone_page):
    adopt_all(personas)
    page = phone_page
    browser_login(page, "cadre_a1")
    page.click("nav.modules >> text=小微权力")
    page.wait_for_load_state()
    page.click("#power-lists >> text=矮山村委会")
    page.wait_for_load_state()
    page.click("#items >> text=出具证明")
    page.wait_for_load_state()
    assert page.locator(".flowchart .flow-step").count() == 4
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.click("#start-case")
    page.wait_for_load_state()
    page.fill("input[name=applicant_name]", "张三丰")
    page.fill("textarea[name=subject]", "申请出具居住证明(子女入学)")
    page.click("#case-form button[type=submit]")
    page.wait_for_load_state()
    assert "受理申请" in page.locator("#case-state").inner_text()

    # The first step needs evidence: refused without it, with the step named.
    complete_current_step(page, with_evidence=False)
    assert "步骤“受理申请”须上传证明材料" in page.locator("#step-complete").inner_text()
    complete_current_step(page, with_evidence=True)
    assert "核实情况" in page.locator("#case-state").inner_text()
    complete_current_step(page, with_evidence=False)
    complete_current_step(page, with_evidence=False)
    assert "盖章出具" in page.locator("#case-state").inner_text()
    page.set_input_files("#step-complete input[type=file]", files=[EVIDENCE])
    page.select_option("#step-complete select[name=result]", "done")
    page.fill("#step-complete textarea[name=result_text]", "已出具居住证明一份。")
    os.makedirs(OUTPUT_DIR, exist_ok=True)
    page.screenshot(path=os.path.join(OUTPUT_DIR, "power_case_conclude_form.png"), full_page=True)
    page.click("#step-complete button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#case-state").inner_text().startswith("已办结")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    case = PowerCase.objects.get()
    assert case.state == "concluded" and case.result == "done"
    entry = LogEntry.objects.get(kind="power_case", object_id=str(case.pk))

    page.click("text=公开页面")
    page.wait_for_load_state()
    assert page.locator("#public-applicant").inner_text() == "张**"
    assert "张三丰" not in page.content()
    assert "已出具居住证明一份。" in page.locator("#public-result").inner_text()
    badge = page.locator("a.translog-badge")
    assert f"公开日志第 {entry.index} 条" in badge.inner_text()
    assert page.locator(".flowchart .flow-step.done").count() == 4
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
