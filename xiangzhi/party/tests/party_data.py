"""Party organisations over the persona tree, set up through the registry's own actions.

Import the fixtures into a test module: `from .party_data import party, registry`.
"""

import datetime
from dataclasses import dataclass

import pytest

from xiangzhi.people.models import OrganisationKind
from xiangzhi.people.organisations import create_organisation
from xiangzhi.people.tests.registry_data import registry  # noqa: F401  (a fixture this one uses)

A1 = "450321100200"
A2 = "450321100202"
B1 = "450321101200"
JOINED = datetime.date(2010, 7, 1)


@dataclass
class Party:
    committee_a: object  # 阳朔镇党委
    branch_a1: object  # 矮山村党支部, under the committee
    branch_a2: object  # 骥马村党支部
    branch_b1: object  # 白沙村党支部 (township B)


@pytest.fixture
def party(personas, registry):
    committee = create_organisation(personas.township_a, region="450321100", name="阳朔镇党委",
                                    kind=OrganisationKind.PARTY_COMMITTEE)
    return Party(
        committee_a=committee,
        branch_a1=create_organisation(personas.township_a, region=A1, name="矮山村党支部",
                                      kind=OrganisationKind.PARTY_BRANCH, parent=committee),
        branch_a2=create_organisation(personas.township_a, region=A2, name="骥马村党支部",
                                      kind=OrganisationKind.PARTY_BRANCH, parent=committee),
        branch_b1=create_organisation(personas.township_b, region=B1, name="白沙村党支部",
                                      kind=OrganisationKind.PARTY_BRANCH),
    )
