"""Helpers shared by the customs tests: households linked to accounts, residents of a given age."""

import datetime

from xiangzhi.accounts.models import Post, User
from xiangzhi.core.crypto import blind_index
from xiangzhi.people import citizen_id
from xiangzhi.people.models import Household, Resident

A1, A2, B1 = "450321100200", "450321100202", "450321101200"
A1_TUN, A2_TUN, B1_TUN = "450321100200001", "450321100202001", "450321101200001"
_serial = iter(range(1, 5000))


def resident(household, name="韦国强", birth=datetime.date(1970, 3, 1), relation="head"):
    serial = next(_serial)
    number = citizen_id.make("450321", birth, serial, "male")
    return Resident.objects.create(
        household=household, region_id=household.region_id, name=name, relation=relation, gender="male",
        birth_date=birth, id_number=number, id_number_index=blind_index(number, "citizen_id"),
    )


def household(region=A1_TUN):
    return Household.objects.create(region_id=region, number=f"H-{next(_serial)}")


def link(user, region=A1_TUN, name="韦国强"):
    home = household(region)
    user.resident = resident(home, name=name)
    user.save(update_fields=["resident"])
    return home


def villager(username, village=A1):
    user = User.objects.create_user(username=username, password="x", full_name=username)
    Post.objects.create(user=user, role="villager", region_id=village)
    return user
