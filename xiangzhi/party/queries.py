"""Reads over party organisations, members and household links: scoped, free of N+1.

`current_members` is the contract every party module reads members through.
"""

from dataclasses import dataclass

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import posts_with_capability, require, require_capability
from xiangzhi.people.models import Household, Membership, Organisation, OrganisationKind, Relation, Resident
from xiangzhi.regions.indicators import village_of
from xiangzhi.regions.models import CODE_LENGTHS, Level, Region

from .models import PARTY_VIEW, HouseholdLink, MemberStatus, PartyMember

MANAGE = "party.manage"
PARTY_KINDS = (
    OrganisationKind.PARTY_COMMITTEE,
    OrganisationKind.PARTY_GENERAL_BRANCH,
    OrganisationKind.PARTY_BRANCH,
    OrganisationKind.PARTY_GROUP,
)
# A branch needs at least this many full members (党章: 正式党员 3 人以上成立支部).
MIN_FULL_MEMBERS = 3
# From this many members a branch elects a committee (支部委员会) …
COMMITTEE_FROM_MEMBERS = 7
# … which is the branch's current memberships (people.Membership) in these positions, at least
# COMMITTEE_MIN_SIZE of them.
COMMITTEE_POSITIONS = ("书记", "副书记", "委员", "组织委员", "宣传委员", "纪检委员", "青年委员", "统战委员")
COMMITTEE_MIN_SIZE = 3
VILLAGE_LENGTH = CODE_LENGTHS[Level.VILLAGE]


# --- members ------------------------------------------------------------------------


def current_members(organisation_or_code):
    """Members who have not left: of an Organisation, or whose region is within a region code."""
    members = PartyMember.objects.filter(left_on__isnull=True)
    if isinstance(organisation_or_code, Organisation):
        return members.filter(organisation=organisation_or_code)
    return members.within(str(organisation_or_code))


def visible_members(user):
    require_capability(user, PARTY_VIEW)
    return PartyMember.objects.visible_to(user).select_related("resident", "organisation", "region")


def get_member_for_user(user, pk):
    member = visible_members(user).filter(pk=pk).first()
    if member is None:
        raise Http404(_("未找到该党员。"))
    return member


@dataclass(frozen=True)
class MemberFilters:
    q: str = ""
    organisation: int | None = None
    region: str = ""
    status: str = ""
    mobile: bool = False
    left: bool = False

    @classmethod
    def from_params(cls, params):
        organisation = (params.get("organisation") or "").strip()
        status = (params.get("status") or "").strip()
        return cls(
            q=(params.get("q") or "").strip()[:50],
            organisation=int(organisation) if organisation.isdigit() else None,
            region=(params.get("region") or "").strip().upper()[:15],
            status=status if status in MemberStatus.values else "",
            mobile=params.get("mobile") in ("1", "true", "on", True),
            left=params.get("left") in ("1", "true", "on", True),
        )

    def as_dict(self):
        values = {
            "q": self.q, "organisation": self.organisation or "", "region": self.region, "status": self.status,
            "mobile": "1" if self.mobile else "", "left": "1" if self.left else "",
        }
        return {key: value for key, value in values.items() if value}


def filter_members(queryset, filters):
    queryset = queryset.filter(left_on__isnull=not filters.left)
    if filters.q:
        queryset = queryset.filter(resident__name__contains=filters.q)
    if filters.organisation:
        queryset = queryset.filter(organisation_id=filters.organisation)
    if filters.region:
        queryset = queryset.within(filters.region)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.mobile:
        queryset = queryset.filter(mobile=True)
    return queryset


def member_candidates(user, q="", limit=50):
    """Present residents the user may register as members: in reach of party.manage, not a current member."""
    regions = [post.region_id for post in posts_with_capability(user, MANAGE)]
    if not regions:
        return []
    scope = Q()
    for code in regions:
        scope |= Q(region_id__prefix=code)
    residents = Resident.objects.present().filter(scope).exclude(
        Exists(PartyMember.objects.filter(resident=OuterRef("pk"), left_on__isnull=True))
    )
    q = (q or "").strip()[:50]
    if q:
        residents = residents.filter(name__contains=q)
    return list(residents.select_related("region").order_by("name", "id")[:limit])


def village_members(village_code):
    """Current members who may be linked to a household of the village: those of its organisations."""
    return current_members(village_code).select_related("resident", "organisation").order_by("resident__name", "id")


# --- organisations ------------------------------------------------------------------


def _count(queryset):
    return Coalesce(
        Subquery(queryset.order_by().values("organisation").annotate(n=Count("id")).values("n")),
        Value(0), output_field=IntegerField(),
    )


def party_organisations(user, region_code="", include_dissolved=False):
    """Party organisations in the user's scope (optionally within a region), with their member and
    committee counts — correlated subqueries, computed for these rows only."""
    require_capability(user, PARTY_VIEW)
    today = timezone.localdate()
    members = PartyMember.objects.filter(organisation=OuterRef("pk"), left_on__isnull=True)
    committee = Membership.objects.filter(
        organisation=OuterRef("pk"), position__in=COMMITTEE_POSITIONS, starts_on__lte=today
    ).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
    organisations = (
        Organisation.objects.visible_to(user, PARTY_VIEW)
        .filter(kind__in=PARTY_KINDS)
        .select_related("region")
        .annotate(
            member_count=_count(members),
            full_count=_count(members.filter(status=MemberStatus.FULL)),
            mobile_count=_count(members.filter(mobile=True)),
            committee_count=_count(committee),
        )
    )
    if region_code:
        organisations = organisations.within(region_code)
    if not include_dissolved:
        organisations = organisations.filter(dissolved_on__isnull=True)
    return organisations.order_by("region_id", "kind", "name", "id")


def get_party_organisation_for_user(user, pk):
    organisation = party_organisations(user, include_dissolved=True).filter(pk=pk).first()
    if organisation is None:
        raise Http404(_("未找到该党组织。"))
    return organisation


def organisation_warnings(organisation):
    """What a branch lacks (needs the counts party_organisations annotates)."""
    if organisation.kind != OrganisationKind.PARTY_BRANCH or organisation.dissolved_on is not None:
        return []
    warnings = []
    if organisation.full_count < MIN_FULL_MEMBERS:
        warnings.append(_("正式党员仅 %(n)d 名,不足 %(min)d 名。") % {"n": organisation.full_count, "min": MIN_FULL_MEMBERS})
    if organisation.member_count >= COMMITTEE_FROM_MEMBERS and organisation.committee_count < COMMITTEE_MIN_SIZE:
        warnings.append(
            _("党员 %(n)d 名,应选举产生支部委员会(书记、副书记、委员至少 %(min)d 名),目前未组成。")
            % {"n": organisation.member_count, "min": COMMITTEE_MIN_SIZE}
        )
    return warnings


def as_tree(organisations):
    """The organisations in tree order (each after its parent), as (organisation, depth) pairs;
    one whose parent is not among them starts a tree of its own."""
    organisations = list(organisations)
    by_id = {organisation.pk: organisation for organisation in organisations}
    children = {}
    roots = []
    for organisation in organisations:
        if organisation.parent_id in by_id:
            children.setdefault(organisation.parent_id, []).append(organisation)
        else:
            roots.append(organisation)
    ordered = []
    stack = [(root, 0) for root in reversed(roots)]
    while stack:
        organisation, depth = stack.pop()
        organisation.warnings = organisation_warnings(organisation)
        ordered.append((organisation, min(depth, 4)))
        stack.extend((child, depth + 1) for child in reversed(children.get(organisation.pk, [])))
    return ordered


def party_organisation_choices(user, capability=MANAGE):
    """Current party organisations the user may place members in."""
    scope = Q()
    for post in posts_with_capability(user, capability):
        scope |= Q(region_id__prefix=post.region_id)
    if not scope:
        return Organisation.objects.none()
    return (
        Organisation.objects.filter(scope, kind__in=PARTY_KINDS, dissolved_on__isnull=True)
        .select_related("region").order_by("region_id", "kind", "name")
    )


# --- household links ----------------------------------------------------------------


def visible_links(user):
    require_capability(user, PARTY_VIEW)
    return HouseholdLink.objects.visible_to(user).select_related(
        "household", "region", "member", "member__resident"
    )


def get_link_for_user(user, pk):
    link = visible_links(user).filter(pk=pk).first()
    if link is None:
        raise Http404(_("未找到该联系记录。"))
    return link


def head_name():
    return Subquery(
        Resident.objects.filter(household=OuterRef("pk"), relation=Relation.HEAD).order_by("id").values("name")[:1]
    )


def region_for_user(user, code, capability=PARTY_VIEW):
    """The region a page is asked for, if one of the user's posts covers it; 404 otherwise."""
    code = (code or "").strip().upper()[:15]
    if not code:
        posts = posts_with_capability(user, capability)
        if not posts:
            require_capability(user, capability)
        return posts[0].region
    require(user, capability, code)
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise Http404(_("没有该区划。"))
    return region


def get_village_for_user(user, code, capability=PARTY_VIEW):
    region = region_for_user(user, code, capability)
    if region.level != Level.VILLAGE:
        raise Http404(_("请选择一个村。"))
    return region


@dataclass(frozen=True)
class Coverage:
    village: Region
    households: int
    linked: int

    @property
    def unlinked(self):
        return self.households - self.linked

    @property
    def percent(self):
        return round(100 * self.linked / self.households) if self.households else None


def coverage(region_code):
    """Per village under the region: households registered and households with a current link."""
    if len(region_code) >= VILLAGE_LENGTH:
        region_code = region_code[:VILLAGE_LENGTH]
    villages = Region.objects.filter(level=Level.VILLAGE, code__prefix=region_code).order_by("code")
    households = dict(
        Household.objects.within(region_code).annotate(village=village_of()).values("village").order_by()
        .annotate(n=Count("id")).values_list("village", "n")
    )
    linked = dict(
        HouseholdLink.objects.within(region_code).current().annotate(village=village_of()).values("village")
        .order_by().annotate(n=Count("household_id", distinct=True)).values_list("village", "n")
    )
    return [Coverage(village, households.get(village.code, 0), linked.get(village.code, 0)) for village in villages]


def unlinked_households(village_code):
    return (
        Household.objects.within(village_code)
        .exclude(Exists(HouseholdLink.objects.current().filter(household=OuterRef("pk"))))
        .select_related("region").annotate(head_name=head_name()).order_by("region_id", "id")
    )


def current_links(village_code):
    return (
        HouseholdLink.objects.within(village_code).current()
        .select_related("household", "region", "member__resident")
        .annotate(head_name=Subquery(
            Resident.objects.filter(household=OuterRef("household"), relation=Relation.HEAD)
            .order_by("id").values("name")[:1]
        ))
        .order_by("member__resident__name", "household_id")
    )
