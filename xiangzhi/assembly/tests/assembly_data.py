"""Registry rows for assembly tests, written straight to the database (fast, many people)."""

import datetime
import itertools

from xiangzhi.core.crypto import blind_index
from xiangzhi.people import citizen_id
from xiangzhi.people.models import Household, Membership, Organisation, Resident

A1, A2, B1 = "450321100200", "450321100202", "450321101200"
A1_TUN = "450321100200001"
MEETING_DAY = datetime.date(2025, 6, 20)
_sequence = itertools.count(1000)


def person(region_code=A1_TUN, name=None, *, household=None, relation="head", gender="male",
           born=datetime.date(1980, 1, 1), party=False):
    n = next(_sequence)
    number = citizen_id.make("450321", born + datetime.timedelta(days=n // 100), n % 100, gender)
    if household is None:
        household = Household.objects.create(region_id=region_code, number=f"H-{n}")
    return Resident.objects.create(
        household=household, region_id=household.region_id, name=name or f"村民{n}", relation=relation,
        gender=gender, birth_date=born, id_number=number, id_number_index=blind_index(number, "citizen_id"),
        is_party_member=party,
    )


def organisation(kind, region_code=A1, name=None):
    return Organisation.objects.create(region_id=region_code, kind=kind, name=name or kind,
                                       established_on=datetime.date(2000, 1, 1))


def body_with_members(kind, count, region_code=A1, starts_on=datetime.date(2021, 1, 1), **person_kwargs):
    org = organisation(kind, region_code)
    members = [person(**person_kwargs) for _ in range(count)]
    for member in members:
        Membership.objects.create(organisation=org, resident=member, starts_on=starts_on)
    return org, members
