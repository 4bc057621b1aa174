"""Helpers shared by the partywork tests: a party branch per village, members linked to residents
(and, for the member personas, to a user with a party_member post), meetings and visits."""

import datetime

from xiangzhi.accounts.models import Post, User
from xiangzhi.contact.models import Visit
from xiangzhi.core.crypto import blind_index
from xiangzhi.customs.models import VolunteerActivity, VolunteerSignup, VolunteerTeam
from xiangzhi.party.models import PartyMember
from xiangzhi.partylife.models import Attendance, Meeting
from xiangzhi.people import citizen_id
from xiangzhi.people.models import Household, Organisation, Resident
from xiangzhi.regions.models import Region

A1, A2, B1 = "450321100200", "450321100202", "450321101200"
A1_TUN = "450321100200001"
_serial = iter(range(1, 5000))


def household(region=A1_TUN):
    return Household.objects.create(region_id=region, number=f"PW-{next(_serial)}")


def resident(home, name="黄志强", birth=datetime.date(1975, 5, 1)):
    number = citizen_id.make("450321", birth, next(_serial), "male")
    return Resident.objects.create(
        household=home, region_id=home.region_id, name=name, relation="head", gender="male", birth_date=birth,
        id_number=number, id_number_index=blind_index(number, "citizen_id"), is_party_member=True,
    )


def branch(village=A1, name="矮山村党支部"):
    return Organisation.objects.create(region_id=village, name=name, kind="party_branch")


def member(organisation, name="黄志强", joined_on=datetime.date(2010, 7, 1)):
    home = household(organisation.region_id + "001" if Region.objects.filter(
        pk=organisation.region_id + "001").exists() else organisation.region_id)
    return PartyMember.objects.create(
        resident=resident(home, name=name), organisation=organisation, region_id=organisation.region_id,
        status="full", joined_on=joined_on, full_on=joined_on.replace(year=joined_on.year + 1),
    )


def member_user(party_member, username="member_a1"):
    """A user with a party_member post in the member's village, linked to the member's resident."""
    user = User.objects.create_user(username=username, password="Xiangzhi-Test-2025", full_name=username,
                                    resident=party_member.resident)
    Post.objects.create(user=user, role="party_member", region_id=party_member.region_id)
    return user


def meeting(organisation, held_on, kind="theme_day"):
    return Meeting.objects.create(organisation=organisation, kind=kind, held_on=held_on, topic="学习",
                                  region_id=organisation.region_id)


def attend(party_member, held_on, *, present=True, excused=False):
    return Attendance.objects.create(meeting=meeting(party_member.organisation, held_on), member=party_member,
                                     present=present, excused=excused)


def visit(user, home, visited_on):
    return Visit.objects.create(visitor=user, household=home, region_id=home.region_id[:12], visited_on=visited_on,
                                findings="户内情况正常")


def volunteer(party_member, organiser, starts_at, hours, attended=True):
    team = VolunteerTeam.objects.get_or_create(region_id=party_member.region_id, name="党员志愿服务队",
                                               defaults={"created_by": organiser})[0]
    activity = VolunteerActivity.objects.create(team=team, region_id=team.region_id, title="清洁家园",
                                                starts_at=starts_at, organiser=organiser)
    return VolunteerSignup.objects.create(activity=activity, resident=party_member.resident, signed_up_by=organiser,
                                          attended=attended, hours=hours)
