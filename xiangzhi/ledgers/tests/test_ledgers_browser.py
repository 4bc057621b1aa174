"""A village secretary opens the village's ledgers on a phone, picks a year and downloads the
矛盾纠纷排查调处台账; the file is named for the village, period and ledger, and opens."""

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from conftest import browser_login
from xiangzhi.core.models import AuditEvent
from xiangzhi.mediation.tests.helpers import intake

from .ledger_data import A1, A1_FULL_NAME

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretary_picks_a_period_and_downloads_a_ledger(personas, phone_page, tmp_path):
    dispute = intake(personas.cadre_a1)
    year = timezone.localdate().year
    page = phone_page
    browser_login(page, "secretary_a1")
    page.goto(f"/ledgers/{A1}/?year={year - 1}")
    assert "待接入" in page.locator('tr[data-ledger="future.register"]').inner_text()
    page.select_option("select[name=year]", str(year))
    page.click("#period-picker button[type=submit]")
    page.wait_for_url(f"**/ledgers/{A1}/?year={year}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    row = page.locator('tr[data-ledger="mediation.disputes"]')
    with page.expect_download() as info:
        row.get_by_role("link", name=f"{timezone.localdate().month}月", exact=True).click()
    download = info.value
    month = f"{year}-{timezone.localdate().month:02d}"
    assert download.suggested_filename == f"矮山村委会-{month}-矛盾纠纷排查调处台账.xlsx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    sheet = load_workbook(path).active
    assert sheet["A1"].value.startswith(f"{A1_FULL_NAME} {year}年{timezone.localdate().month}月")
    assert sheet.cell(row=3, column=1).value == dispute.pk
    assert AuditEvent.objects.filter(action="ledger.download", actor=personas.secretary_a1).count() == 1
