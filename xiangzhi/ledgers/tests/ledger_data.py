"""Helpers of the ledger tests: download a ledger through the page and read it back."""

import io

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

COUNTY, TOWNSHIP_A, TOWNSHIP_B = "450321", "450321100", "450321101"
A1, A2, B1 = "450321100200", "450321100202", "450321101200"
A1_TUN, A2_TUN, B1_TUN = "450321100200001", "450321100202001", "450321101200001"
A1_FULL_NAME = "桂林市阳朔县阳朔镇矮山村委会"


def this_year():
    return str(timezone.localdate().year)


def last_year():
    return str(timezone.localdate().year - 1)


def download(client, code, key, period=None):
    return client.get(reverse("ledgers:download", args=[code, key]), {"period": period or this_year()})


def sheet_of(response):
    assert response.status_code == 200, response.content[:500]
    return load_workbook(io.BytesIO(response.content)).active


def data_rows(sheet):
    """The rows below the title and header rows, as tuples of values."""
    return [row for row in sheet.iter_rows(min_row=3, values_only=True)]


def headers(sheet):
    return [cell.value for cell in sheet[2]]


def ledger_rows(client, code, key, period=None):
    sheet = sheet_of(download(client, code, key, period))
    rows = data_rows(sheet)
    return [] if rows == [("本期无记录",) + (None,) * (len(rows[0]) - 1)] else rows
