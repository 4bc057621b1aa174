"""Who belongs to a body on a date, read from the registry and its organisations.

A roster "as of a date" is the memberships active on that date (starts_on ≤ date, and no
end or an end on or after it). Bodies and the organisations that hold their members:

  村民委员会会议      the village's 村民委员会 (people.Organisation kind village_committee)
  村务监督委员会会议  its 村务监督委员会 (supervision_committee)
  村党组织会议        its 党委/党总支/党支部 (party organisations at the village)
  村“两委”联席会议    party organisation members and 村民委员会 members, each once
  村民代表会议        村民委员会 members and the representatives in office (Representative)
  党员大会            party members in the registry (Resident.is_party_member, living in the village)
  村民小组会议        the meeting's 村民小组 (its organisation)
  屯户主会            the meeting's 户主会 organisation, or else the heads of the 屯's households
  屯务理事会会议      the meeting's 屯务理事会, or else the 屯's own
  村民会议            not a name roster: eligible voters (18+, present, registered in the village) and households are counted
"""


from django.db.models import Q

from xiangzhi.people.models import (
    Household, Membership, Organisation, OrganisationKind, Relation, Resident, ResidentStatus,
)
from xiangzhi.regions.models import Level

from .models import Body, Representative

PARTY_KINDS = (
    OrganisationKind.PARTY_COMMITTEE, OrganisationKind.PARTY_GENERAL_BRANCH, OrganisationKind.PARTY_BRANCH,
)
VOTING_AGE = 18


def village_code_of(region_code):
    return region_code[:12]


def active_on(date, prefix=""):
    """Q for rows in office on `date` (fields starts_on / ends_on, optionally behind a relation)."""
    return Q(**{f"{prefix}starts_on__lte": date}) & (
        Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": date})
    )


def organisations(region_code, kinds, date):
    return Organisation.objects.filter(region_id=region_code, kind__in=kinds).filter(
        Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=date)
    )


def memberships(orgs, date):
    return Membership.objects.filter(organisation__in=orgs).filter(active_on(date)).select_related("resident")


def members_of(orgs, date):
    """Residents holding a membership of any of `orgs` on `date`, each once, in a stable order."""
    ids = memberships(orgs, date).values_list("resident_id", flat=True)
    return Resident.objects.filter(pk__in=ids, status=ResidentStatus.PRESENT).order_by("name", "id")


def tun_bodies(village_code, kinds, date):
    """{屯 code: [(organisation, [present members, by name])]} for the village's 屯 bodies of
    `kinds` on `date`, in two queries however many 屯 and bodies there are."""
    orgs = list(Organisation.objects.filter(
        region__parent_id=village_code, region__level=Level.NATURAL_VILLAGE, kind__in=kinds,
    ).filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=date)).order_by("region_id", "id"))
    members = {org.pk: {} for org in orgs}  # resident id -> resident: each member once
    for membership in memberships(orgs, date).filter(resident__status=ResidentStatus.PRESENT).order_by(
        "resident__name", "resident_id"
    ):
        members[membership.organisation_id].setdefault(membership.resident_id, membership.resident)
    bodies = {}
    for org in orgs:
        bodies.setdefault(org.region_id, []).append((org, list(members[org.pk].values())))
    return bodies


def village_committee(village_code, date):
    return members_of(organisations(village_code, [OrganisationKind.VILLAGE_COMMITTEE], date), date)


def supervision_committee(village_code, date):
    return members_of(organisations(village_code, [OrganisationKind.SUPERVISION_COMMITTEE], date), date)


def party_organisation(village_code, date):
    return members_of(organisations(village_code, PARTY_KINDS, date), date)


def representatives(village_code, date):
    return Representative.objects.filter(village_id=village_code).filter(active_on(date)).select_related("resident")


def representatives_meeting(village_code, date):
    ids = set(village_committee(village_code, date).values_list("pk", flat=True))
    ids |= set(representatives(village_code, date).values_list("resident_id", flat=True))
    return Resident.objects.filter(pk__in=ids, status=ResidentStatus.PRESENT).order_by("name", "id")


def two_committees(village_code, date):
    ids = set(village_committee(village_code, date).values_list("pk", flat=True))
    ids |= set(party_organisation(village_code, date).values_list("pk", flat=True))
    return Resident.objects.filter(pk__in=ids).order_by("name", "id")


def adult_cutoff(date):
    """The latest birth date of someone who is 18 on `date` (29 February births turn 18 on 1 March)."""
    try:
        return date.replace(year=date.year - VOTING_AGE)
    except ValueError:
        return date.replace(year=date.year - VOTING_AGE, day=28)


def eligible_voters(village_code, date):
    """Residents 18 or older on `date`, present in the registry, registered in the village or one of its 屯."""
    return Resident.objects.within(village_code).filter(
        status=ResidentStatus.PRESENT, birth_date__lte=adult_cutoff(date)
    ).order_by("name", "id")


def households(region_code):
    """Households of the village (or 屯) with at least one present resident."""
    return Household.objects.within(region_code).filter(residents__status=ResidentStatus.PRESENT).distinct()


def party_members(village_code):
    return Resident.objects.within(village_code).filter(
        status=ResidentStatus.PRESENT, is_party_member=True
    ).order_by("name", "id")


def household_heads(region_code):
    return Resident.objects.within(region_code).filter(
        status=ResidentStatus.PRESENT, relation=Relation.HEAD
    ).order_by("name", "id")


def roster(meeting):
    """The residents who may sign in at the meeting (as of its date). 村民会议: eligible voters."""
    date = meeting.meets_on
    village = village_code_of(meeting.region_id)
    body = meeting.body
    if body == Body.VILLAGERS_ASSEMBLY:
        return eligible_voters(village, date)
    if body == Body.REPRESENTATIVES:
        return representatives_meeting(village, date)
    if body == Body.TWO_COMMITTEES:
        return two_committees(village, date)
    if body == Body.PARTY_MEMBERS:
        return party_members(village)
    if meeting.organisation_id:
        own = members_of(Organisation.objects.filter(pk=meeting.organisation_id), date)
        if body != Body.HOUSEHOLD_HEADS or own.exists():
            return own
    if body == Body.VILLAGE_COMMITTEE:
        return village_committee(village, date)
    if body == Body.SUPERVISION:
        return supervision_committee(village, date)
    if body == Body.PARTY_ORGANISATION:
        return party_organisation(village, date)
    if body == Body.HOUSEHOLD_HEADS:
        return household_heads(meeting.region_id)
    if body == Body.TUN_COUNCIL:
        return members_of(organisations(meeting.region_id, [OrganisationKind.TUN_COUNCIL], date), date)
    if body == Body.VILLAGER_GROUP:
        return Resident.objects.none()
    raise ValueError(body)
