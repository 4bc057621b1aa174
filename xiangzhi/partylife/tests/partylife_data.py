"""A1's party branch (矮山村党支部) with five members and a three-seat committee, a 党小组 under it,
and B1's branch with one member, for the scope tests. Import: `from .partylife_data import party`."""

import datetime
from dataclasses import dataclass

import pytest

from xiangzhi.party.models import MemberStatus, PartyMember
from xiangzhi.people import actions as people_actions
from xiangzhi.people.models import Membership, Organisation, OrganisationKind
from xiangzhi.people.tests.registry_data import member

A1 = "450321100200"
A2 = "450321100202"
B1 = "450321101200"
NAMES = ["张书记", "李委员", "王委员", "赵党员", "钱党员"]
COMMITTEE = {"张书记": "书记", "李委员": "组织委员", "王委员": "宣传委员"}


@dataclass
class Party:
    branch: object
    members: list  # PartyMember, in NAMES order
    b1_branch: object
    b1_member: object

    def member(self, name):
        return next(m for m in self.members if m.resident.name == name)


def make_member(resident, organisation, joined_on=datetime.date(2010, 7, 1)):
    return PartyMember.objects.create(
        resident=resident, organisation=organisation, region_id=organisation.region_id,
        status=MemberStatus.FULL, joined_on=joined_on, full_on=joined_on,
    )


def make_branch(region, name, kind=OrganisationKind.PARTY_BRANCH, established_on=datetime.date(2015, 1, 1),
                parent=None):
    return Organisation.objects.create(region_id=region, name=name, kind=kind, established_on=established_on,
                                       parent=parent)


@pytest.fixture
def party(personas):
    household = people_actions.register_household(
        personas.cadre_a1, region=A1 + "001", number="A1-101",
        members=[member(name, "head" if i == 0 else "other", 60 + i) for i, name in enumerate(NAMES)],
    )
    branch = make_branch(A1, "矮山村党支部")
    members = [make_member(resident, branch) for resident in household.residents.order_by("id")]
    for resident in household.residents.filter(name__in=COMMITTEE):
        Membership.objects.create(organisation=branch, resident=resident, position=COMMITTEE[resident.name],
                                  starts_on=datetime.date(2021, 1, 1))
    b1_household = people_actions.register_household(
        personas.cadre_b1, region=B1 + "001", number="B1-101", members=[member("孙党员", "head", 70)],
    )
    b1_branch = make_branch(B1, "白沙村党支部")
    b1_member = make_member(b1_household.residents.get(), b1_branch)
    return Party(branch=branch, members=members, b1_branch=b1_branch, b1_member=b1_member)
