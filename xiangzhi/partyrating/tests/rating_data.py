"""Shared rows of the star-rating tests: the three villages' party branches, members, evaluations."""

import datetime
import itertools

from xiangzhi.core.crypto import blind_index
from xiangzhi.party.models import PartyMember
from xiangzhi.people import citizen_id
from xiangzhi.people.models import Household, Organisation, OrganisationKind, Resident
from xiangzhi.partyrating.evaluations import review, self_assess, submit

A1, A2, B1 = "450321100200", "450321100202", "450321101200"
COUNTY, TOWNSHIP_A, TOWNSHIP_B = "450321", "450321100", "450321101"
YEAR = 2025
_sequence = itertools.count(5000)


def branch(village, name=None):
    return Organisation.objects.create(region_id=village, kind=OrganisationKind.PARTY_BRANCH,
                                       name=name or f"{village}党支部", established_on=datetime.date(2000, 1, 1))


def branches():
    return {code: branch(code) for code in (A1, A2, B1)}


def member(organisation, joined_on):
    n = next(_sequence)
    number = citizen_id.make("450321", datetime.date(1980, 1, 1) + datetime.timedelta(days=n // 100), n % 100, "male")
    household = Household.objects.create(region_id=organisation.region_id + "001" if organisation.region_id == A1
                                         else organisation.region_id, number=f"P-{n}")
    resident = Resident.objects.create(household=household, region_id=household.region_id, name=f"党员{n}",
                                       relation="head", gender="male", birth_date=datetime.date(1980, 1, 1),
                                       id_number=number, id_number_index=blind_index(number, "citizen_id"),
                                       is_party_member=True)
    return PartyMember.objects.create(resident=resident, organisation=organisation, region_id=organisation.region_id,
                                      status="full", joined_on=joined_on)


def scores(each):
    return {key: each for key in ("organisation", "leadership", "members", "institutions", "development")}


def rated(personas, organisation, each, year=YEAR, secretary=None, **assessed):
    """An evaluation taken through self-assessment and both reviews, scoring `each` on every criterion."""
    from conftest import make_user

    secretary = secretary or make_user(f"sec_{organisation.pk}_{year}", "village_secretary", organisation.region_id)
    evaluation = self_assess(secretary, organisation, year, scores=scores(each), **assessed)
    submit(secretary, evaluation)
    township = personas.township_a if organisation.region_id.startswith(TOWNSHIP_A) else personas.township_b
    review(township, evaluation, approve=True, scores=scores(each), opinion="属实")
    return review(personas.county, evaluation, approve=True, scores=scores(each), opinion="同意")
