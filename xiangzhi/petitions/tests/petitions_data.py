"""Helpers for the petitions tests: residents of a given age and the designated posts."""

import datetime
import itertools

from conftest import make_user
from xiangzhi.core.crypto import blind_index
from xiangzhi.people import citizen_id
from xiangzhi.people.models import Household, Resident

A1, A2, B1 = "450321100200", "450321100202", "450321101200"
A1_TUN, B1_TUN = "450321100200001", "450321101200001"
TOWNSHIP_A, TOWNSHIP_B = "450321100", "450321101"
_serial = itertools.count(1)


def resident(region=A1_TUN, name="韦国强", birth=datetime.date(1980, 3, 1)):
    serial = next(_serial)
    home = Household.objects.create(region_id=region, number=f"H-{serial}")
    number = citizen_id.make("450321", birth, serial, "male")
    return Resident.objects.create(
        household=home, region_id=region, name=name, relation="head", gender="male",
        birth_date=birth, id_number=number, id_number_index=blind_index(number, "citizen_id"),
    )


def justice(username="sifasuo_a", region=TOWNSHIP_A):
    """司法所 of a township."""
    return make_user(username, "township_official", region, department="justice")


def police(username="paichusuo_a", region=TOWNSHIP_A):
    return make_user(username, "township_official", region, department="public_security")

