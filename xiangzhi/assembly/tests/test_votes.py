"""Quorum and outcome at every boundary, tallies and per-person ballots, passed_resolution."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from xiangzhi.assembly import meetings
from xiangzhi.assembly.models import Attendance, Ballot, Body, Meeting, Resolution
from xiangzhi.assembly.resolutions import passed_resolution, record_vote
from xiangzhi.core.models import AuditEvent

from .assembly_data import A1, MEETING_DAY, body_with_members, person

pytestmark = pytest.mark.django_db


def new_meeting(actor, body, region=A1, **extra):
    meeting, _warnings = meetings.create_meeting(
        actor, region=region, body=body, title="测试会议", notice_on=MEETING_DAY - datetime.timedelta(days=12),
        meets_on=MEETING_DAY, **extra)
    return meeting


@pytest.fixture
def committee_of_30(personas):
    """A 村民代表会议 of 30: a 村委会 of 5 and 25 representatives (each standing for one group)."""
    from xiangzhi.assembly.models import Representative

    _org, committee = body_with_members("village_committee", 5)
    reps = [person() for _ in range(25)]
    for rep in reps:
        Representative.objects.create(resident=rep, village_id=A1, starts_on=datetime.date(2021, 1, 1),
                                      created_by=personas.cadre_a1)
    return committee + reps


def test_representatives_meeting_one_short_of_two_thirds_is_refused_with_the_shortfall(personas, committee_of_30):
    meeting = new_meeting(personas.cadre_a1, Body.REPRESENTATIVES)
    meetings.sign_in(personas.cadre_a1, meeting, [r.pk for r in committee_of_30[:19]])
    with pytest.raises(ValidationError) as error:
        record_vote(personas.cadre_a1, meeting, motion="修建村道", in_favour=15)
    assert error.value.message_dict["present"] == [
        "未达到法定人数:村民代表会议须有三分之二以上组成人员出席(应到 30 人,至少 20 人),实到 19 人,差 1 人。"
    ]
    assert not Resolution.objects.exists()
    meeting.refresh_from_db()
    assert meeting.state == "planned"


def test_exactly_two_thirds_is_a_quorum_and_exactly_half_in_favour_fails(personas, committee_of_30):
    meeting = new_meeting(personas.cadre_a1, Body.REPRESENTATIVES)
    meetings.sign_in(personas.cadre_a1, meeting, [r.pk for r in committee_of_30[:20]])
    failed = record_vote(personas.cadre_a1, meeting, motion="修建村道", in_favour=10, against=10)
    assert (failed.passed, failed.eligible, failed.present) == (False, 30, 20)
    assert "至少 11 人赞成" in failed.outcome and "差 1 人" in failed.outcome
    assert "第二十六条" in failed.rule
    passed = record_vote(personas.cadre_a1, meeting, motion="修建村道(复议)", in_favour=11, against=9)
    assert passed.passed
    meeting.refresh_from_db()
    assert meeting.state == "held" and meeting.held_at is not None
    assert AuditEvent.objects.filter(action="resolution.record").count() == 2


def test_tallies_above_attendance_are_refused(personas, committee_of_30):
    meeting = new_meeting(personas.cadre_a1, Body.REPRESENTATIVES)
    meetings.sign_in(personas.cadre_a1, meeting, [r.pk for r in committee_of_30[:20]])
    with pytest.raises(ValidationError) as error:
        record_vote(personas.cadre_a1, meeting, motion="修建村道", in_favour=15, against=5, abstain=1)
    assert "合计 21,实到 20 人" in error.value.message_dict["present"][0]
    assert not Resolution.objects.exists()


def test_negative_tally_is_refused(personas, committee_of_30):
    meeting = new_meeting(personas.cadre_a1, Body.REPRESENTATIVES)
    with pytest.raises(ValidationError) as error:
        record_vote(personas.cadre_a1, meeting, motion="修建村道", in_favour=-1)
    assert "in_favour" in error.value.message_dict


@pytest.fixture
def village_of_voters(personas):
    """10 voters over 18 in 6 households (and a 17-year-old who does not count)."""
    heads = [person() for _ in range(6)]
    others = [person(household=heads[i].household, relation="spouse") for i in range(4)]
    person(household=heads[0].household, relation="child", born=MEETING_DAY.replace(year=2008) + datetime.timedelta(days=1))
    return heads + others


def test_villagers_assembly_quorum_by_voters_needs_more_than_half(personas, village_of_voters):
    meeting = new_meeting(personas.cadre_a1, Body.VILLAGERS_ASSEMBLY)
    meetings.record_counts(personas.cadre_a1, meeting, voters_present=5, households_present=3)
    with pytest.raises(ValidationError) as error:
        record_vote(personas.cadre_a1, meeting, motion="村规民约", in_favour=5)
    message = error.value.message_dict["present"][0]
    assert "本村十八周岁以上村民过半数出席(应到 10 人,至少 6 人),实到 5 人,差 1 人" in message
    assert "三分之二以上本村的户的代表出席(应到 6 户,至少 4 户),实到 3 户,差 1 户" in message
    meetings.record_counts(personas.cadre_a1, meeting, voters_present=6, households_present=3)
    resolution = record_vote(personas.cadre_a1, meeting, motion="村规民约", in_favour=4, against=2)
    assert (resolution.eligible, resolution.present, resolution.passed) == (10, 6, True)


def test_villagers_assembly_quorum_by_two_thirds_of_households(personas, village_of_voters):
    meeting = new_meeting(personas.cadre_a1, Body.VILLAGERS_ASSEMBLY)
    meetings.record_counts(personas.cadre_a1, meeting, voters_present=4, households_present=4)
    resolution = record_vote(personas.cadre_a1, meeting, motion="村规民约", in_favour=2, against=2)
    assert (resolution.eligible, resolution.present, resolution.passed) == (6, 4, False)
    assert "至少 3 人赞成" in resolution.outcome


def test_more_voters_than_the_village_has_is_refused(personas, village_of_voters):
    meeting = new_meeting(personas.cadre_a1, Body.VILLAGERS_ASSEMBLY)
    with pytest.raises(ValidationError) as error:
        meetings.record_counts(personas.cadre_a1, meeting, voters_present=11, households_present=0)
    assert "超过本村十八周岁以上村民 10 人" in error.value.message_dict["voters_present"][0]
    meeting.refresh_from_db()
    assert meeting.voters_present is None


def test_party_members_pass_on_half_of_those_due_to_attend(personas):
    members = [person(party=True) for _ in range(9)]
    meeting = new_meeting(personas.cadre_a1, Body.PARTY_MEMBERS)
    meetings.sign_in(personas.cadre_a1, meeting, [m.pk for m in members[:5]])
    with pytest.raises(ValidationError) as error:
        record_vote(personas.cadre_a1, meeting, motion="审议", in_favour=5)
    assert "应到 9 人,至少 6 人),实到 5 人,差 1 人" in error.value.message_dict["present"][0]
    meetings.sign_in(personas.cadre_a1, meeting, [members[5].pk])
    assert not record_vote(personas.cadre_a1, meeting, motion="审议", in_favour=4).passed
    assert record_vote(personas.cadre_a1, meeting, motion="审议", in_favour=5).passed


def test_two_committees_pass_on_more_than_half_of_members(personas):
    body_with_members("village_committee", 3)
    body_with_members("party_branch", 3)
    meeting = new_meeting(personas.cadre_a1, Body.TWO_COMMITTEES)
    roster = list(meetings.rosters.roster(meeting))
    meetings.sign_in(personas.cadre_a1, meeting, [r.pk for r in roster[:4]])
    assert not record_vote(personas.cadre_a1, meeting, motion="商议", in_favour=3).passed
    assert record_vote(personas.cadre_a1, meeting, motion="商议", in_favour=4).passed


def test_household_heads_of_a_tun(personas):
    heads = [person() for _ in range(3)]
    meeting = new_meeting(personas.cadre_a1, Body.HOUSEHOLD_HEADS, region="450321100200001")
    meetings.sign_in(personas.cadre_a1, meeting, [heads[0].pk])
    with pytest.raises(ValidationError):
        record_vote(personas.cadre_a1, meeting, motion="修水池", in_favour=1)
    meetings.sign_in(personas.cadre_a1, meeting, [heads[1].pk])
    assert record_vote(personas.cadre_a1, meeting, motion="修水池", in_favour=2).passed


def test_non_member_sign_in_is_refused_by_name(personas):
    _org, committee = body_with_members("village_committee", 3)
    outsider = person(name="局外人")
    meeting = new_meeting(personas.cadre_a1, Body.VILLAGE_COMMITTEE)
    with pytest.raises(ValidationError) as error:
        meetings.sign_in(personas.cadre_a1, meeting, [committee[0].pk, outsider.pk])
    assert "局外人 不是村民委员会会议的组成人员" in error.value.message_dict["resident"][0]
    assert not Attendance.objects.exists()


def test_member_whose_term_ended_before_the_meeting_is_not_on_the_roster(personas):
    org, committee = body_with_members("village_committee", 3)
    org.memberships.filter(resident=committee[0]).update(ends_on=MEETING_DAY - datetime.timedelta(days=1))
    meeting = new_meeting(personas.cadre_a1, Body.VILLAGE_COMMITTEE)
    with pytest.raises(ValidationError):
        meetings.sign_in(personas.cadre_a1, meeting, [committee[0].pk])


def test_a_second_ballot_is_refused(personas):
    _org, committee = body_with_members("village_committee", 3)
    meeting = new_meeting(personas.cadre_a1, Body.VILLAGE_COMMITTEE)
    meetings.sign_in(personas.cadre_a1, meeting, [m.pk for m in committee])
    motion = meetings.open_motion(personas.cadre_a1, meeting, text="聘请会计")
    meetings.cast_ballot(personas.cadre_a1, motion, committee[0], "for")
    with pytest.raises(ValidationError) as error:
        meetings.cast_ballot(personas.cadre_a1, motion, committee[0], "against")
    assert "已投票,每人只能投一次" in error.value.message_dict["resident"][0]
    assert list(Ballot.objects.values_list("choice", flat=True)) == ["for"]
    meetings.cast_ballot(personas.cadre_a1, motion, committee[1], "for")
    resolution = meetings.close_motion(personas.cadre_a1, motion)
    assert (resolution.in_favour, resolution.present, resolution.passed) == (2, 3, True)
    with pytest.raises(ValidationError):
        meetings.close_motion(personas.cadre_a1, motion)
    with pytest.raises(ValidationError):
        meetings.cast_ballot(personas.cadre_a1, motion, committee[2], "for")


def test_ballot_of_someone_not_signed_in_is_refused(personas):
    _org, committee = body_with_members("village_committee", 3)
    meeting = new_meeting(personas.cadre_a1, Body.VILLAGE_COMMITTEE)
    motion = meetings.open_motion(personas.cadre_a1, meeting, text="聘请会计")
    with pytest.raises(ValidationError) as error:
        meetings.cast_ballot(personas.cadre_a1, motion, committee[0], "for")
    assert "未签到" in error.value.message_dict["resident"][0]


def test_passed_resolution(personas, committee_of_30):
    meeting = new_meeting(personas.cadre_a1, Body.REPRESENTATIVES)
    meetings.sign_in(personas.cadre_a1, meeting, [r.pk for r in committee_of_30[:20]])
    passed = record_vote(personas.cadre_a1, meeting, motion="甲", in_favour=11)
    failed = record_vote(personas.cadre_a1, meeting, motion="乙", in_favour=10)
    assert passed_resolution("450321100200001", passed.pk, bodies=[Body.REPRESENTATIVES]) == passed
    with pytest.raises(ValidationError) as error:
        passed_resolution(A1, failed.pk, bodies=[Body.REPRESENTATIVES])
    assert "未获通过" in error.value.message_dict["resolution"][0]
    with pytest.raises(ValidationError) as error:
        passed_resolution(A1, passed.pk, bodies=[Body.VILLAGERS_ASSEMBLY])
    assert "村民代表会议" in error.value.message_dict["resolution"][0]
    with pytest.raises(ValidationError):
        passed_resolution("450321100202", passed.pk, bodies=[Body.REPRESENTATIVES])


def test_vote_scope_and_capability(personas, committee_of_30):
    meeting = new_meeting(personas.cadre_a1, Body.REPRESENTATIVES)
    with pytest.raises(Http404):
        record_vote(personas.cadre_a2, meeting, motion="甲", in_favour=1)
    with pytest.raises(PermissionDenied):
        record_vote(personas.villager_a1, meeting, motion="甲", in_favour=1)
    with pytest.raises(PermissionDenied):
        record_vote(personas.supervisor_a1, meeting, motion="甲", in_favour=1)
    assert not Resolution.objects.exists()


def test_short_notice_for_a_villagers_assembly_warns_but_is_allowed(personas):
    meeting, warnings = meetings.create_meeting(
        personas.cadre_a1, region=A1, body=Body.VILLAGERS_ASSEMBLY, title="村民会议",
        notice_on=MEETING_DAY - datetime.timedelta(days=9), meets_on=MEETING_DAY)
    assert warnings == ["村民会议应当提前 10 天通知村民,本次只提前 9 天。"]
    assert Meeting.objects.filter(pk=meeting.pk).exists()
    _meeting, warnings = meetings.create_meeting(
        personas.cadre_a1, region=A1, body=Body.VILLAGERS_ASSEMBLY, title="村民会议",
        notice_on=MEETING_DAY - datetime.timedelta(days=10), meets_on=MEETING_DAY)
    assert warnings == []


def test_bad_meeting_input_names_the_field(personas):
    with pytest.raises(ValidationError) as error:
        meetings.create_meeting(personas.cadre_a1, region=A1, body=Body.HOUSEHOLD_HEADS, title="x",
                                notice_on=MEETING_DAY, meets_on=MEETING_DAY)
    assert "须在屯召开" in error.value.message_dict["region"][0]
    with pytest.raises(ValidationError) as error:
        meetings.create_meeting(personas.cadre_a1, region=A1, body=Body.REPRESENTATIVES, title="",
                                notice_on=MEETING_DAY, meets_on=MEETING_DAY - datetime.timedelta(days=1))
    assert set(error.value.message_dict) == {"title", "meets_on"}
    assert not Meeting.objects.exists()
