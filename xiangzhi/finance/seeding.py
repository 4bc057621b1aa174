"""Demo data for one village: two fund accounts and a few months of posted vouchers.

Called by `seed_demo`. It writes rows directly (not through the actions, which need signed-in
people with posts) but keeps every invariant the actions keep: yearly voucher numbers from the
sequence, lines summing to the total, balance = opening + posted incomes − posted expenses ≥ 0.
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import FundAccount, Voucher, VoucherLine, VoucherSequence, VoucherState

INCOMES = [
    ("contract_income", "鱼塘承包户", "山塘承包费", (3_000_00, 12_000_00)),
    ("subsidy_income", "乡镇财政所", "村级组织运转经费补助", (10_000_00, 30_000_00)),
    ("operating_income", "村集体合作社", "沙糖桔销售分红", (5_000_00, 20_000_00)),
]
EXPENSES = [
    ("management_expense", "阳朔文具店", "购买办公用品", (200_00, 1_500_00)),
    ("management_expense", "阳朔供电所", "村部电费", (300_00, 900_00)),
    ("public_welfare_expense", "本村施工队", "路灯维修", (800_00, 4_000_00)),
    ("public_welfare_expense", "本村保洁员", "村道保洁劳务费", (1_500_00, 3_000_00)),
]


def _seed_user():
    user, _created = get_user_model().objects.get_or_create(
        username="finance_seed", defaults={"full_name": "演示会计", "is_active": False}
    )
    return user


def seed_finance(village_code: str, *, months: int = 4, today: datetime.date | None = None, seed: int | None = None):
    """Create the village's cash and bank accounts (if it has none) and `months` months of posted
    vouchers ending this month. Returns {"accounts": n, "vouchers": n}. Idempotent per village:
    a village that already has fund accounts is left alone."""
    if FundAccount.objects.filter(region_id=village_code).exists():
        return {"accounts": 0, "vouchers": 0}
    rng = random.Random(seed if seed is not None else village_code)
    today = today or timezone.localdate()
    first_month = (today.replace(day=1) - datetime.timedelta(days=31 * (months - 1))).replace(day=1)
    user = _seed_user()
    created = 0
    with transaction.atomic():
        opened_on = first_month - datetime.timedelta(days=1)
        bank = FundAccount.objects.create(region_id=village_code, kind="bank", name="农村商业银行基本户",
                                          opening_balance_fen=rng.randint(50_000, 200_000) * 100,
                                          balance_fen=0, opened_on=opened_on)
        cash = FundAccount.objects.create(region_id=village_code, kind="cash", name="库存现金",
                                          opening_balance_fen=rng.randint(500, 3_000) * 100,
                                          balance_fen=0, opened_on=opened_on)
        balances = {bank.pk: bank.opening_balance_fen, cash.pk: cash.opening_balance_fen}
        day = first_month
        while day <= today:
            for direction, templates, count in (("income", INCOMES, 2), ("expense", EXPENSES, 4)):
                for _ in range(count):
                    category, counterparty, summary, (low, high) = rng.choice(templates)
                    amount = rng.randint(low // 100, high // 100) * 100
                    account = cash if direction == "expense" and amount < 1_000_00 else bank
                    if direction == "expense" and balances[account.pk] < amount:
                        continue
                    on = min(today, day + datetime.timedelta(days=rng.randint(0, 27)))
                    balances[account.pk] += amount if direction == "income" else -amount
                    _posted_voucher(village_code, user, account, direction, category, counterparty, summary,
                                    amount, on)
                    created += 1
            day = (day + datetime.timedelta(days=32)).replace(day=1)
        for account in (bank, cash):
            FundAccount.objects.filter(pk=account.pk).update(balance_fen=balances[account.pk])
    return {"accounts": 2, "vouchers": created}


def _posted_voucher(village_code, user, account, direction, category, counterparty, summary, amount, on):
    VoucherSequence.objects.get_or_create(region_id=village_code, year=on.year)
    VoucherSequence.objects.filter(region_id=village_code, year=on.year).update(last_number=F("last_number") + 1)
    number = VoucherSequence.objects.get(region_id=village_code, year=on.year).last_number
    posted_at = timezone.make_aware(datetime.datetime.combine(on, datetime.time(16, 0)))
    voucher = Voucher.objects.create(
        region_id=village_code, year=on.year, number=f"记-{on.year}-{number:04d}", direction=direction,
        category=category, account=account, counterparty=counterparty, summary=summary, date=on, total_fen=amount,
        submitted_by=user, state=VoucherState.POSTED, state_changed_at=posted_at, posted_at=posted_at, posted_on=on,
    )
    VoucherLine.objects.create(voucher=voucher, position=1, description=summary, amount_fen=amount)
    return voucher
