"""Registry rows, elections ready to count and passed resolutions for the elections tests,
written straight to the database where the thing being tested is not their creation."""

import datetime
import itertools

from django.utils import timezone

from xiangzhi.assembly.models import Body, Meeting, Representative, Resolution
from xiangzhi.core.crypto import blind_index
from xiangzhi.people import citizen_id
from xiangzhi.people.models import Household, Membership, Organisation, Resident
from xiangzhi.elections import elections
from xiangzhi.elections.models import Election

A1, A2, B1 = "450321100200", "450321100202", "450321101200"
A1_TUN = "450321100200001"
TOWNSHIP_A = "450321100"
_sequence = itertools.count(5000)


def person(region_code=A1_TUN, name=None, *, born=datetime.date(1980, 1, 1), status="present"):
    n = next(_sequence)
    number = citizen_id.make("450321", datetime.date(1960, 1, 1) + datetime.timedelta(days=n), n % 100, "male")
    household = Household.objects.create(region_id=region_code, number=f"H-{n}")
    return Resident.objects.create(
        household=household, region_id=region_code, name=name or f"村民{n}", relation="head", gender="male",
        birth_date=born, status=status, id_number=number, id_number_index=blind_index(number, "citizen_id"),
    )


def people(count, region_code=A1_TUN, **kwargs):
    return [person(region_code, **kwargs) for _ in range(count)]


def today():
    return timezone.localdate()


def ready_election(actor, *, voters=10, candidates=3, seats=3, region=A1, tun=A1_TUN, names=None):
    """An election of `region` with `voters` on its published list and `candidates` registered,
    moved to today's election day (published 25 days ago) so that its count can be entered."""
    residents = people(voters, tun)
    for resident, name in zip(residents, names or ()):
        Resident.objects.filter(pk=resident.pk).update(name=name)
    election = elections.create_election(
        actor, region=region, election_day=today() + datetime.timedelta(days=25), seats=seats
    )
    elections.publish_voter_list(actor, election)
    entries = list(election.voters.order_by("id"))
    added = [elections.add_candidate(actor, election, voter=entry) for entry in entries[:candidates]]
    Election.objects.filter(pk=election.pk).update(
        election_day=today(), list_published_on=today() - datetime.timedelta(days=25)
    )
    election.refresh_from_db()
    return election, added


def committee_members(count, region=A1, tun=A1_TUN, starts_on=datetime.date(2021, 1, 1)):
    organisation = Organisation.objects.create(region_id=region, kind="village_committee", name="村民委员会")
    return [
        Membership.objects.create(organisation=organisation, resident=person(tun), position="委员", starts_on=starts_on)
        for _ in range(count)
    ]


def representatives(count, region=A1, tun=A1_TUN, actor=None):
    return [
        Representative.objects.create(
            resident=person(tun), village_id=region, starts_on=datetime.date(2021, 1, 1), created_by=actor
        )
        for _ in range(count)
    ]


def resolution(actor, *, region=A1, body=Body.VILLAGERS_ASSEMBLY, passed=True, held=True):
    meeting = Meeting.objects.create(
        region_id=region, body=body, title="村民会议", notice_on=today() - datetime.timedelta(days=12),
        meets_on=today() - datetime.timedelta(days=1), state="held" if held else "planned",
        held_at=timezone.now() - datetime.timedelta(days=1) if held else None, created_by=actor,
    )
    return Resolution.objects.create(
        meeting=meeting, motion="通过村规民约", eligible=100, present=60, in_favour=40 if passed else 20,
        against=20 if passed else 40, passed=passed, rule="过半数", outcome="" if passed else "赞成 20 票,未过半数",
        recorded_by=actor,
    )
