"""Households, assignments and party members the contact tests share."""

import datetime

from django.utils import timezone

from conftest import make_user
from xiangzhi.contact import assignments
from xiangzhi.grid.tests.test_coverage import A1_GRID, A1_TUN, A1_TUN2, A2_TUN, B1_TUN, add_resident, make_household
from xiangzhi.party.models import PartyMember
from xiangzhi.people.models import Organisation, OrganisationKind

A1, A2, B1 = "450321100200", "450321100202", "450321101200"
TOWNSHIP_A, TOWNSHIP_B, COUNTY = "450321100", "450321101", "450321"
__all__ = ["A1_GRID", "A1_TUN", "A1_TUN2", "A2_TUN", "B1_TUN", "add_resident", "make_household"]


def today():
    return timezone.localdate()


def days_ago(n):
    return today() - datetime.timedelta(days=n)


def homes():
    return {
        "zhang": make_household(A1_TUN, "A1-001", ("张三",), grid=A1_GRID),
        "liu": make_household(A1_TUN, "A1-002", ("刘一",), grid=A1_GRID),
        "wang": make_household(A1_TUN2, "A1-003", ("王五",)),
        "zhao": make_household(A2_TUN, "A2-001", ("赵六",)),
        "sun": make_household(B1_TUN, "B1-001", ("孙七",)),
    }


def assign_village(personas, user, village=A1, starts_on=None):
    return assignments.assign(personas.township_a, assignee=user, kind="village", region_code=village,
                              starts_on=starts_on or days_ago(30))


def make_party_member(household, username, region=A1):
    """A resident of the household who is a current party member of the village, with a user."""
    resident = household.residents.first()
    branch = Organisation.objects.filter(region_id=region, kind=OrganisationKind.PARTY_BRANCH).first()
    if branch is None:
        branch = Organisation.objects.create(name="党支部", kind=OrganisationKind.PARTY_BRANCH, region_id=region)
    PartyMember.objects.create(resident=resident, organisation=branch, region_id=region, status="full",
                               joined_on=datetime.date(2010, 7, 1))
    user = make_user(username, "party_member", region)
    user.resident = resident
    user.save(update_fields=["resident"])
    return user
