"""Finance fixtures: a village cash account, vouchers taken through their steps, approved filings."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

A1, A2, B1 = "450321100200", "450321100202", "450321101200"


def resolution_file(name="村民代表会议决议.pdf", content=b"%PDF-1.4 resolution"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def account(personas):
    from xiangzhi.finance.vouchers import open_account

    return open_account(
        personas.secretary_a1, A1, kind="bank", name="农商行基本户", opening_balance_fen=100_000_00,
        opened_on=timezone.localdate() - datetime.timedelta(days=60),
    )


def record(user, account, *, direction="expense", category="management_expense", amount=120_50, lines=None, **extra):
    from xiangzhi.finance.vouchers import record_voucher

    lines = lines or [{"description": "办公用品", "amount_fen": amount}]
    return record_voucher(
        user, account.region_id, direction=direction, category=category, account_id=account.pk,
        counterparty=extra.pop("counterparty", "阳朔文具店"), summary=extra.pop("summary", "购买办公用品"),
        date=extra.pop("date", timezone.localdate()), lines=lines, total_fen=extra.pop("total_fen", None), **extra,
    )


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def run_to_posted(personas, voucher, *, filing=None):
    from xiangzhi.finance import vouchers

    vouchers.review_voucher(personas.supervisor_a1, voucher)
    voucher = fresh(voucher)
    if voucher.direction == "expense":
        vouchers.approve_voucher(personas.secretary_a1, voucher, filing=filing)
        voucher = fresh(voucher)
    vouchers.post_voucher(personas.cadre_a1, voucher)
    return fresh(voucher)


def approved_filing(personas, *, kind="large_expense", amount_fen=80_000_00, village=A1, title="村道硬化工程款"):
    from xiangzhi.finance import filings

    submitter = {A1: personas.cadre_a1, A2: personas.cadre_a2, B1: personas.cadre_b1}[village]
    reviewer = personas.township_b if village == B1 else personas.township_a
    filing = filings.submit_filing(
        submitter, village, kind=kind, title=title, amount_fen=amount_fen, description="经村民代表会议表决通过",
        resolution=resolution_file(),
    )
    filings.approve_filing(reviewer, filing)
    return fresh(filing)


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
