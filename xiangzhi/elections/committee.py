"""The 村民委员会 roster as elections, recall and 民主评议 change it: people.Membership rows of
the village's village_committee organisation.

These run inside the calling action's transaction, after it has checked the actor's election
capability (an election, a recall or an appraisal is the lawful ground for the change, not
the roster-keeping capability org.manage), and write their own audit events.
"""

import datetime

from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xiangzhi.core.audit import record_event
from xiangzhi.people.models import Membership, Organisation, OrganisationKind


def committee_of(village, *, create_for=None):
    """The village's (undissolved) 村民委员会; created when `create_for` = (actor, post) is given."""
    organisation = (
        Organisation.objects.filter(region_id=village.code, kind=OrganisationKind.VILLAGE_COMMITTEE, dissolved_on__isnull=True)
        .order_by("id").first()
    )
    if organisation is None and create_for is not None:
        actor, post = create_for
        name = village.name if village.name.endswith("村委会") else f"{village.name}村民委员会"
        organisation = Organisation.objects.create(region=village, name=name, kind=OrganisationKind.VILLAGE_COMMITTEE)
        record_event(
            actor, "organisation.create", organisation, region_code=village.code, post=post,
            changes={"name": [None, name], "kind": [None, OrganisationKind.VILLAGE_COMMITTEE], "region": [None, village.code]},
        )
    return organisation


def current_members(village_code, on=None):
    on = on or timezone.localdate()
    return (
        Membership.objects.filter(
            organisation__region_id=village_code, organisation__kind=OrganisationKind.VILLAGE_COMMITTEE,
            organisation__dissolved_on__isnull=True, starts_on__lte=on,
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .select_related("resident", "organisation")
        .order_by("id")
    )


def get_current_member(village_code, membership_id):
    membership = current_members(village_code).filter(pk=membership_id).first()
    if membership is None:
        raise Http404(_("未找到该记录。"))
    return membership


def end_term(actor, post, membership, ends_on, *, because):
    """End a running term on `ends_on`; `because` names the ground in the audit event."""
    old = membership.ends_on
    Membership.objects.filter(pk=membership.pk).update(ends_on=ends_on)
    membership.ends_on = ends_on
    record_event(
        actor, "membership.end", membership, region_code=membership.organisation.region_id, post=post,
        target_repr=f"{membership.organisation.name} · {membership.resident.name}",
        changes={"ends_on": [old.isoformat() if old else None, ends_on.isoformat()], "ground": [None, because]},
    )


def seat_elected(actor, post, village, elected, starts_on, *, first_round):
    """Give each elected candidate a term from `starts_on`. The round that opens the new term
    ends the previous committee's running terms the day before."""
    organisation = committee_of(village, create_for=(actor, post))
    if first_round:
        previous = Membership.objects.filter(organisation=organisation, starts_on__lt=starts_on).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on)
        ).select_related("resident", "organisation")
        for membership in previous:
            end_term(actor, post, membership, starts_on - datetime.timedelta(days=1), because="election")
    created = []
    for candidate in elected:
        membership = Membership.objects.create(
            organisation=organisation, resident=candidate.voter.resident, position=candidate.position,
            starts_on=starts_on,
        )
        record_event(
            actor, "membership.add", membership, region_code=village.code, post=post,
            target_repr=f"{organisation.name} · {candidate.voter.name}",
            changes={
                "organisation": [None, organisation.pk], "resident": [None, candidate.voter.resident_id],
                "position": [None, candidate.position], "starts_on": [None, starts_on.isoformat()],
                "ground": [None, "election"],
            },
        )
        created.append(membership)
    return created
