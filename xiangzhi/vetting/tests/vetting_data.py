"""Helpers for the vetting tests: registry residents, the county departments and a round."""

import datetime
import itertools

from conftest import make_user

from xiangzhi.people import citizen_id
from xiangzhi.people.models import Household, Resident
from xiangzhi.regions.models import Region
from xiangzhi.vetting import actions
from xiangzhi.vetting.models import Disqualification

COUNTY, A1, A2, B1 = "450321", "450321100200", "450321100202", "450321101200"
A1_TUN, B1_TUN = "450321100200001", "450321101200001"
ROUND_START = datetime.date(2024, 1, 1)
REVIEW_DAY = datetime.date(2024, 2, 1)
COUNTY_DEPARTMENTS = [
    "discipline", "organisation", "political_legal", "petitions", "court", "procuratorate", "public_security",
    "justice",
]
_serial = itertools.count(1)


def resident(region=A1_TUN, name="韦国强", birth=datetime.date(1980, 3, 1)):
    serial = next(_serial)
    home = Household.objects.create(region_id=region, number=f"V-{serial}")
    number = citizen_id.make("450321", birth, serial, "male")
    return Resident.objects.create(
        household=home, region_id=region, name=name, relation="head", gender="male",
        birth_date=birth, id_number=number, id_number_index=citizen_id.index(number),
    )


def departments():
    """One county post per department of the default list (组织部 included)."""
    return {code: make_user(f"dept_{code}", "county_department", COUNTY, department=code)
            for code in COUNTY_DEPARTMENTS}


def all_clear():
    return {category.value: "clear" for category in Disqualification}


def finding(category="criminal"):
    outcomes = all_clear()
    outcomes[category] = "disqualified"
    return outcomes


def open_round(organisation, departments=None, closes_on=None):
    return actions.open_round(organisation, Region.objects.get(pk=COUNTY), title="2024年村“两委”换届联审",
                              opens_on=ROUND_START, closes_on=closes_on, departments=departments)


def register(township, vetting_round, person, village=A1, post_sought="village_director"):
    return actions.register_candidate(township, vetting_round, person, Region.objects.get(pk=village), post_sought)


def clear_all_departments(depts, candidate, skip=()):
    for code, user in depts.items():
        if code not in skip and code in candidate.round.departments:
            actions.record_county_result(user, candidate, outcomes=all_clear(), reviewed_on=REVIEW_DAY)



