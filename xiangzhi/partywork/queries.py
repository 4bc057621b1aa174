"""Reads of members at work, always within the user's scope: the branch sees its members
(partywork.view), a member sees their own record (partywork.own). Anything else is a 404."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import posts_with_capability
from xiangzhi.party.models import PartyMember

from .models import PARTYWORK_OWN, PARTYWORK_VIEW, Appeal, Commitment, MemberDuty, PioneerEvaluation
from .scoring import rules_for, score_for


def visible_members(user):
    return PartyMember.objects.visible_to(user, PARTYWORK_VIEW).filter(left_on__isnull=True).select_related(
        "resident", "organisation", "region",
    )


def visible_appeals(user):
    return Appeal.objects.visible_to(user)


def own_member(user):
    """The current party member record of the signed-in user, if they hold partywork.own."""
    if not posts_with_capability(user, PARTYWORK_OWN) or not user.resident_id:
        return None
    return PartyMember.objects.filter(resident_id=user.resident_id, left_on__isnull=True).select_related(
        "resident", "organisation", "region",
    ).first()


def is_own(user, member):
    own = own_member(user)
    return own is not None and own.pk == member.pk


def get_member_for_user(user, pk):
    if not (posts_with_capability(user, PARTYWORK_VIEW) or posts_with_capability(user, PARTYWORK_OWN)):
        raise PermissionDenied(_("您没有此项操作的权限。"))
    member = visible_members(user).filter(pk=pk).first()
    if member is None:
        own = own_member(user)
        if own is not None and own.pk == int(pk):
            return own
        raise Http404(_("未找到该党员。"))
    return member


def _get(model, user, pk):
    row = model.objects.visible_to(user).select_related("member__resident").filter(pk=pk).first()
    if row is None:
        own = own_member(user)
        row = model.objects.select_related("member__resident").filter(pk=pk, member=own).first() if own else None
    if row is None:
        raise Http404(_("未找到该记录。"))
    return row


def get_commitment_for_user(user, pk):
    return _get(Commitment, user, pk)


def get_duty_for_user(user, pk):
    return _get(MemberDuty, user, pk)


def get_appeal_for_user(user, pk):
    return _get(Appeal, user, pk)


def member_year(member, year):
    """Everything the member's page shows for a year."""
    return {
        "score": score_for(member, year),
        "duties": list(member.duties.filter(year=year)),
        "commitments": list(member.commitments.filter(year=year).select_related("reviewed_by")),
        "violations": list(member.violations.filter(occurred_on__year=year)),
        "appeals": list(member.points_appeals.filter(year=year)),
        "quarters": list(member.quarter_reviews.filter(year=year).order_by("quarter")),
        "evaluation": PioneerEvaluation.objects.filter(member=member, year=year).first(),
    }


def member_scores(members, year):
    """(member, score) for each member, the rules looked up once per region."""
    rules = {}
    rows = []
    for member in members:
        if member.region_id not in rules:
            rules[member.region_id] = rules_for(member.region_id)
        rows.append((member, score_for(member, year, rules=rules[member.region_id])))
    return rows
