"""Scoped reads: the party organisations a user may see, their members and committee on a day,
meetings, and the gaps of every organisation in a region."""

from django.db.models import Count, Q
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import posts_with_capability
from xiangzhi.party.models import PartyMember
from xiangzhi.people.models import Membership, Organisation, OrganisationKind
from xiangzhi.regions.models import CODE_LENGTHS, Level, Region

from .compliance import PARTY_KINDS, basic_units, calendars_for, committee_q, owes_in
from .models import PARTYLIFE_VIEW, Meeting


def not_found():
    return Http404(_("未找到该记录。"))


def party_organisations(user, capability=PARTYLIFE_VIEW):
    return (Organisation.objects.visible_to(user, capability).filter(kind__in=PARTY_KINDS)
            .select_related("region").order_by("region_id", "name"))


def get_organisation_for_user(user, pk, capability=PARTYLIFE_VIEW):
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise not_found() from None
    organisation = party_organisations(user, capability).filter(pk=pk).first()
    if organisation is None:
        raise not_found()
    return organisation


def visible_meetings(user):
    return (Meeting.objects.visible_to(user).select_related("organisation", "region")
            .annotate(present_count=Count("attendances", filter=Q(attendances__present=True)),
                      member_count=Count("attendances")))


def get_meeting_for_user(user, pk):
    meeting = Meeting.objects.visible_to(user).select_related("organisation", "region", "recorded_by").filter(
        pk=pk).first()
    if meeting is None:
        raise not_found()
    return meeting


def member_organisations(organisation):
    """The organisation and the 党小组 directly under it: their members make up its meetings."""
    return [organisation.pk, *Organisation.objects.filter(
        parent=organisation, kind=OrganisationKind.PARTY_GROUP).values_list("pk", flat=True)]


def members_on(organisation, day):
    """Members of the organisation (or its groups) on the day: joined by then and not yet left."""
    return (PartyMember.objects.filter(organisation_id__in=member_organisations(organisation), joined_on__lte=day)
            .filter(Q(left_on__isnull=True) | Q(left_on__gt=day))
            .select_related("resident").order_by("resident__name", "id"))


def committee_on(organisation, day):
    """Resident ids holding a committee seat (书记, 副书记, 委员 …) of the organisation on the day."""
    return set(
        Membership.objects.filter(organisation=organisation, starts_on__lte=day)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day)).filter(committee_q())
        .values_list("resident_id", flat=True)
    )


def scope_region(user, capability, code=None):
    """The region a page shows: `code` if one of the user's posts covers it, else their widest post's."""
    posts = posts_with_capability(user, capability)
    if code:
        region = Region.objects.filter(pk=code).first()
        if region is None or not any(code.startswith(post.region_id) for post in posts):
            raise not_found()
        return region
    return min((post.region for post in posts), key=lambda region: len(region.code))


def gaps(user, region, year, *, today=None):
    """Every basic unit in the region the user sees, with its calendar for the year (few queries)."""
    organisations = owes_in(basic_units(party_organisations(user).filter(region_id__prefix=region.code)), year)
    return list(calendars_for(organisations, year, today=today).values())


def county_for(user, capability, code=None):
    """The county a schedule belongs to: the one asked for (or holding the region asked for), else
    the county of the user's widest post."""
    region = scope_region(user, capability, code)
    county = Region.objects.filter(code=region.code[:CODE_LENGTHS[Level.COUNTY]], level=Level.COUNTY).first()
    if county is None:
        raise PermissionDenied(_("会议频次按县设置,请在县级及以下岗位下操作。"))
    return county


def parse_year(value):
    """The year asked for (2000 to this year), else this year."""
    this_year = timezone.localdate().year
    try:
        year = int(value)
    except (TypeError, ValueError):
        return this_year
    return year if 2000 <= year <= this_year else this_year
