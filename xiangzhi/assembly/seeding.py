"""Demo data for one village, from its registry.

seed_assembly(village_code, actor=None) -> {"committee": n, "supervision": n, "representatives": n,
                                           "meeting": id, "resolution": id}
Takes the village's present adult residents: the first 5 heads of household form the 村民委员会
(skipped if the village has one), the next 3 residents from other households the 村务监督委员会,
and representatives for the rest, each with up to 10 households of their own 屯. Then `actor`
(default: the first village secretary / director / cadre posted there) holds a 村民代表会议 through
the real actions: notice, sign-in of everyone on the roster, a passed resolution. Run again, it
reuses the bodies and adds another meeting. Needs at least 12 households with adults.
"""

import datetime

from django.utils import timezone

from xiangzhi.accounts.models import Post, Role
from xiangzhi.people.models import Membership, Organisation, OrganisationKind, Relation

from . import meetings, rosters
from .models import Body, Representative
from .resolutions import record_vote

TERM_START = datetime.date(2021, 6, 1)


def _actor_for(village_code):
    post = Post.objects.active().filter(
        region_id=village_code,
        role__in=(Role.VILLAGE_SECRETARY, Role.VILLAGE_DIRECTOR, Role.VILLAGE_CADRE),
    ).select_related("user").first()
    if post is None:
        raise ValueError(f"村 {village_code} 没有村干部账号,无法以其身份召开会议。")
    return post.user


def _body(village_code, kind, name, members, position):
    organisation, _created = Organisation.objects.get_or_create(
        region_id=village_code, kind=kind, dissolved_on=None,
        defaults={"name": name, "established_on": TERM_START},
    )
    if not organisation.memberships.exists():
        for index, resident in enumerate(members):
            Membership.objects.create(organisation=organisation, resident=resident, starts_on=TERM_START,
                                      position=position if index == 0 else "委员")
    return organisation


def seed_assembly(village_code, actor=None):
    actor = actor or _actor_for(village_code)
    today = timezone.localdate()
    adults = list(rosters.eligible_voters(village_code, today).select_related("household"))
    heads = [r for r in adults if r.relation == Relation.HEAD]
    if len(heads) < 12:
        raise ValueError(f"村 {village_code} 户数不足 12 户,无法生成示例名册。")
    committee_members = heads[:5]
    committee_households = {r.household_id for r in committee_members}
    others = [r for r in adults if r.household_id not in committee_households]
    supervisors = []
    for resident in others:
        if len(supervisors) == 3:
            break
        if resident.household_id not in {s.household_id for s in supervisors}:
            supervisors.append(resident)
    _body(village_code, OrganisationKind.VILLAGE_COMMITTEE, "村民委员会", committee_members, "主任")
    _body(village_code, OrganisationKind.SUPERVISION_COMMITTEE, "村务监督委员会", supervisors, "主任")
    taken = committee_households | {s.household_id for s in supervisors}
    if not Representative.objects.filter(village_id=village_code).exists():
        free = [r for r in heads if r.household_id not in taken]
        for index in range(0, len(free), 10):
            group = free[index:index + 10]
            rep = Representative.objects.create(resident=group[0], village_id=village_code, starts_on=TERM_START,
                                                created_by=actor)
            rep.households.set([r.household_id for r in group])
    meeting, _warnings = meetings.create_meeting(
        actor, region=village_code, body=Body.REPRESENTATIVES, title="村民代表会议(示例)",
        notice_on=today - datetime.timedelta(days=7), meets_on=today, place="村委会议室",
        agenda="一、审议村道硬化方案\n二、其他事项",
    )
    roster = list(rosters.roster(meeting).values_list("pk", flat=True))
    meetings.sign_in(actor, meeting, roster)
    resolution = record_vote(actor, meeting, motion="同意实施村道硬化工程", in_favour=len(roster))
    meetings.record_minutes(actor, meeting, minutes="会议审议通过村道硬化方案。")
    return {
        "committee": len(committee_members), "supervision": len(supervisors),
        "representatives": Representative.objects.filter(village_id=village_code).count(),
        "meeting": meeting.pk, "resolution": resolution.pk,
    }
