"""Shared helpers of the matter tests: a village with its bodies, real meetings and votes."""

import datetime
import itertools

from django.utils import timezone

from xiangzhi.assembly import meetings
from xiangzhi.assembly.models import Body
from xiangzhi.assembly.resolutions import record_vote
from xiangzhi.core.crypto import blind_index
from xiangzhi.people import citizen_id
from xiangzhi.people.models import Household, Membership, Organisation, Resident
from xiangzhi.matters import actions, defaults
from xiangzhi.matters.models import CatalogueItem, Matter

COUNTY = "450321"
TOWNSHIP_A, TOWNSHIP_B = "450321100", "450321101"
A1, A2, B1 = "450321100200", "450321100202", "450321101200"
PUBLIC_WORKS = "本村公益事业的兴办和筹资筹劳方案及建设承包方案"


_sequence = itertools.count(5000)


def person(region_code, *, party=False):
    n = next(_sequence)
    born = datetime.date(1975, 1, 1) + datetime.timedelta(days=n % 3000)
    number = citizen_id.make("450321", born, n % 100, "male")
    household = Household.objects.create(region_id=region_code, number=f"M-{n}")
    return Resident.objects.create(
        household=household, region_id=region_code, name=f"村民{n}", relation="head", gender="male",
        birth_date=born, id_number=number, id_number_index=blind_index(number, "citizen_id"), is_party_member=party,
    )


def body_with_members(kind, count, village, tun, *, party=False):
    org = Organisation.objects.create(region_id=village, kind=kind, name=kind, established_on=datetime.date(2000, 1, 1))
    members = [person(tun, party=party) for _ in range(count)]
    for member in members:
        Membership.objects.create(organisation=org, resident=member, starts_on=datetime.date(2021, 1, 1))
    return org, members


def item(name=PUBLIC_WORKS):
    # Transactional tests flush the migration's rows: install them again (idempotent).
    defaults.install(CatalogueItem)
    return CatalogueItem.objects.get(region_code="45", name=name, replaces=None)


def fresh(matter):
    return Matter.objects.get(pk=matter.pk)


class Village:
    """A village's deciding bodies: a party branch (3, all party members), a 村民委员会 (3),
    so the 两委 joint meeting has 6 members; 6 adults vote at the 村民会议."""

    def __init__(self, code=A1):
        self.code = code
        tun = code + "001"
        self.branch, self.branch_members = body_with_members("party_branch", 3, code, tun, party=True)
        self.committee, self.committee_members = body_with_members("village_committee", 3, code, tun)

    def hold(self, actor, body, *, passed=True, title=None):
        """A meeting of `body` held today, everyone on its roster present, and its vote (all for,
        or all against). Returns the Resolution."""
        today = timezone.localdate()
        meeting, _warnings = meetings.create_meeting(
            actor, region=self.code, body=body, title=title or f"{Body(body).label}", notice_on=today
            - datetime.timedelta(days=10), meets_on=today,
        )
        if body == Body.VILLAGERS_ASSEMBLY:
            meetings.record_counts(actor, meeting, voters_present=4, households_present=4)
            present = 4
        else:
            from xiangzhi.assembly import rosters

            ids = list(rosters.roster(meeting).values_list("pk", flat=True))
            meetings.sign_in(actor, meeting, ids)
            present = len(ids)
        if passed:
            return record_vote(actor, meeting, motion=f"同意:{meeting.title}", in_favour=present)
        return record_vote(actor, meeting, motion=f"表决:{meeting.title}", in_favour=0, against=present)


def register(personas, *, village=A1, title="修建村道", catalogue_item="default", amount_fen=0, actor=None):
    return actions.create_matter(
        actor or personas.cadre_a1, village, title=title, description="硬化村道 800 米。",
        item=item() if catalogue_item == "default" else catalogue_item, amount_fen=amount_fen,
    )


def take_steps(personas, village, matter, upto=4, actor=None):
    """Record ①..upto with passing meetings, in order."""
    actor = actor or personas.cadre_a1
    bodies = {1: Body.PARTY_ORGANISATION, 2: Body.TWO_COMMITTEES, 3: Body.PARTY_MEMBERS, 4: Body.VILLAGERS_ASSEMBLY}
    for step in range(1, upto + 1):
        resolution = village.hold(actor, bodies[step])
        actions.record_step(actor, fresh(matter), step, resolution_id=resolution.pk)
    return fresh(matter)
