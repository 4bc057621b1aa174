"""Helpers shared by the topic tests: households linked to accounts, photos, topics moved along."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from xiangzhi.accounts.models import Post, User
from xiangzhi.core.crypto import blind_index
from xiangzhi.people import citizen_id
from xiangzhi.people.models import Household, Resident
from xiangzhi.topics import actions
from xiangzhi.topics.models import Topic

A1, A2, B1 = "450321100200", "450321100202", "450321101200"
A1_TUN, A2_TUN = "450321100200001", "450321100202001"
_serial = iter(range(1, 1000))


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def photo(name="路灯.png", content=None):
    if content is None:
        buffer = io.BytesIO()
        Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, format="PNG")
        content = buffer.getvalue()
    return SimpleUploadedFile(name, content, content_type="image/png")


def link_household(user, household=None, region=A1_TUN, name="韦国强"):
    """Make `user` a member of `household` (a new one in `region` if None)."""
    serial = next(_serial)
    if household is None:
        household = Household.objects.create(region_id=region, number=f"H-{serial}")
    birth = datetime.date(1970, 3, 1)
    number = citizen_id.make("450321", birth, serial, "male")
    resident = Resident.objects.create(
        household=household, region_id=household.region_id, name=name, relation="head", gender="male",
        birth_date=birth, id_number=number, id_number_index=blind_index(number, "citizen_id"),
    )
    user.resident = resident
    user.save(update_fields=["resident"])
    return household


def villager(username, village=A1, full_name="黄秀英"):
    user = User.objects.create_user(username=username, password="x", full_name=full_name)
    Post.objects.create(user=user, role="villager", region_id=village)
    return user


def fresh(topic):
    return Topic.objects.with_rating().get(pk=topic.pk)


def raise_one(user, title="村口路灯坏了", anonymous=False, **options):
    return actions.raise_topic(user, title=title, body="晚上出行不安全,请尽快修理。", anonymous=anonymous, **options)


def move_to(topic, state, cadre):
    path = {"deliberating": ["deliberate"], "implementing": ["implement"], "evaluating": ["implement", "finish"]}
    for name in path.get(state, []):
        actions.take_step(cadre, fresh(topic), name)
    return fresh(topic)
