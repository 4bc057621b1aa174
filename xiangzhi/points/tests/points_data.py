"""Test data for the points module: households with a head, rules in force, approved entries."""

import datetime
import io
import itertools

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image

from xiangzhi.core.crypto import blind_index
from xiangzhi.people import citizen_id
from xiangzhi.people.models import Household, Resident
from xiangzhi.points import ledger, rules
from xiangzhi.points.models import EntryKind

A1, A2, B1 = "450321100200", "450321100202", "450321101200"
A1_TUN, A2_TUN, B1_TUN = "450321100200001", "450321100202001", "450321101200001"
_sequence = itertools.count()


def make_household(region_code=A1_TUN, head="王建国"):
    n = next(_sequence)
    household = Household.objects.create(region_id=region_code, number=f"P-{n}")
    birth = datetime.date(1970, 1, 1) + datetime.timedelta(days=n)
    number = citizen_id.make("450321", birth, n % 100, "male")
    head_resident = Resident.objects.create(
        household=household, region_id=region_code, name=head, relation="head", gender="male",
        birth_date=birth, id_number=number, id_number_index=blind_index(number, "citizen_id"),
    )
    household.head = head_resident
    return household


def link_villager(user, household):
    user.resident = household.head
    user.save(update_fields=["resident"])
    return user


def adopted_rules(actor, village=A1, items=None, title="积分管理细则"):
    """A draft with the given items (code, name, points, evidence_required), adopted by date and body."""
    rule_set = rules.create_draft(actor, village, title=title)
    for code, name, points, evidence in items or (
        ("meeting_attendance", "参加村民会议", 2, False),
        ("yard_clean", "庭院整洁", 5, False),
        ("illegal_building", "乱搭乱建", -10, True),
        ("volunteer_hour", "志愿服务每小时", 1, False),
    ):
        rules.add_item(actor, rule_set, code=code, name=name, points=points, evidence_required=evidence)
    return rules.adopt(actor, rule_set, adopted_on=datetime.date(2025, 1, 10), body="representatives")


def item(rule_set, code):
    return rule_set.items.get(code=code)


def seed_points(actor, household, points, reason="初始积分"):
    with transaction.atomic():
        return ledger.post_entry(actor, household, points, kind=EntryKind.AWARD, reason=reason)


def png_upload(name="yard.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (20, 160, 40)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")
