"""/api/v1/party: party organisations (read), members, household links and their coverage."""

from datetime import date

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from xiangzhi.accounts.permissions import require, require_capability
from xiangzhi.people.models import Household, Resident
from xiangzhi.people.queries import page_of

from . import actions, queries
from .models import MemberStatus

router = Router(tags=["party"])


class OrganisationOut(Schema):
    id: int
    name: str
    kind: str
    kind_label: str
    region_code: str
    parent_id: int | None
    established_on: date | None
    dissolved_on: date | None
    member_count: int
    full_count: int
    mobile_count: int
    committee_count: int
    warnings: list[str]

    @staticmethod
    def resolve_kind_label(organisation):
        return str(organisation.get_kind_display())

    @staticmethod
    def resolve_region_code(organisation):
        return organisation.region_id

    @staticmethod
    def resolve_warnings(organisation):
        return queries.organisation_warnings(organisation)


class MemberOut(Schema):
    id: int
    resident_id: int
    name: str
    organisation_id: int
    organisation_name: str
    region_code: str
    status: MemberStatus
    joined_on: date
    full_on: date | None
    mobile: bool
    whereabouts: str
    identity_shown: bool
    household_plaque: bool
    left_on: date | None

    @staticmethod
    def resolve_name(member):
        return member.resident.name

    @staticmethod
    def resolve_organisation_name(member):
        return member.organisation.name

    @staticmethod
    def resolve_region_code(member):
        return member.region_id


class MemberIn(Schema):
    resident: int
    organisation: int
    status: MemberStatus
    joined_on: date
    full_on: date | None = None
    mobile: bool = False
    whereabouts: str = Field("", max_length=actions.WHEREABOUTS_MAX_LENGTH)
    identity_shown: bool = False
    household_plaque: bool = False


class MemberPatch(Schema):
    status: MemberStatus | None = None
    full_on: date | None = None
    mobile: bool | None = None
    whereabouts: str | None = Field(None, max_length=actions.WHEREABOUTS_MAX_LENGTH)
    identity_shown: bool | None = None
    household_plaque: bool | None = None


class TransferIn(Schema):
    organisation: int
    transferred_on: date | None = None


class LeaveIn(Schema):
    left_on: date


class LinkOut(Schema):
    id: int
    household_id: int
    member_id: int
    member_name: str
    region_code: str
    linked_on: date
    ended_on: date | None

    @staticmethod
    def resolve_member_name(link):
        return link.member.resident.name

    @staticmethod
    def resolve_region_code(link):
        return link.region_id


class LinkIn(Schema):
    household: int
    member: int
    linked_on: date | None = None


class EndLinkIn(Schema):
    ended_on: date | None = None


class CoverageOut(Schema):
    village_code: str
    village_name: str
    households: int
    linked: int
    unlinked: int


class HouseholdOut(Schema):
    id: int
    number: str
    region_code: str
    head_name: str | None

    @staticmethod
    def resolve_region_code(household):
        return household.region_id


class HouseholdPage(Schema):
    page: int
    has_next: bool
    items: list[HouseholdOut]


# --- organisations ------------------------------------------------------------------


@router.get("/organisations", response=list[OrganisationOut], summary="党组织(按区划范围)")
@paginate
def list_organisations(request, region: str = "", dissolved: bool = False):
    return queries.party_organisations(request.user, region.strip().upper()[:15], include_dissolved=dissolved)


@router.get("/organisations/{int:organisation_id}", response=OrganisationOut, summary="党组织详情")
def get_organisation(request, organisation_id: int):
    return queries.get_party_organisation_for_user(request.user, organisation_id)


# --- members ------------------------------------------------------------------------


def _organisation_to_manage(user, pk):
    """A current party organisation where the user holds party.manage; one elsewhere reads as missing."""
    require_capability(user, queries.MANAGE)
    organisation = queries.party_organisation_choices(user).filter(pk=pk).first()
    if organisation is None:
        raise Http404(_("未找到该党组织。"))
    return organisation


@router.get("/members", response=list[MemberOut], summary="党员(可按姓名、党组织、区划、类别、流动筛选)")
@paginate
def list_members(request, q: str = "", organisation: int | None = None, region: str = "",
                 status: MemberStatus | None = None, mobile: bool = False, left: bool = False):
    filters = queries.MemberFilters(q=q.strip()[:50], organisation=organisation, region=region.strip().upper()[:15],
                                    status=status or "", mobile=mobile, left=left)
    return queries.filter_members(queries.visible_members(request.user), filters).order_by(
        "region_id", "organisation_id", "id")


@router.get("/members/{int:member_id}", response=MemberOut, summary="党员详情")
def get_member(request, member_id: int):
    return queries.get_member_for_user(request.user, member_id)


@router.post("/members", response={201: MemberOut}, summary="登记党员")
def register_member(request, payload: MemberIn):
    organisation = _organisation_to_manage(request.user, payload.organisation)
    resident = Resident.objects.visible_to(request.user, queries.MANAGE).filter(pk=payload.resident).first()
    if resident is None:
        raise Http404(_("未找到该村民。"))
    member = actions.register_member(
        request.user, organisation, resident, status=payload.status, joined_on=payload.joined_on,
        full_on=payload.full_on, mobile=payload.mobile, whereabouts=payload.whereabouts,
        identity_shown=payload.identity_shown, household_plaque=payload.household_plaque,
    )
    return Status(201, queries.get_member_for_user(request.user, member.pk))


@router.patch("/members/{int:member_id}", response=MemberOut, summary="修改党员类别、流动情况与标记")
def update_member(request, member_id: int, payload: MemberPatch):
    member = queries.get_member_for_user(request.user, member_id)
    actions.update_member(request.user, member, **payload.dict(exclude_unset=True))
    return queries.get_member_for_user(request.user, member_id)


@router.post("/members/{int:member_id}/transfer", response=MemberOut, summary="组织关系转接")
def transfer_member(request, member_id: int, payload: TransferIn):
    member = queries.get_member_for_user(request.user, member_id)
    require(request.user, queries.MANAGE, member.region_id)
    organisation = _organisation_to_manage(request.user, payload.organisation)
    actions.transfer_member(request.user, member, organisation, transferred_on=payload.transferred_on)
    return queries.get_member_for_user(request.user, member_id)


@router.post("/members/{int:member_id}/leave", response=MemberOut, summary="党员离开(转出、去世等)")
def member_leaves(request, member_id: int, payload: LeaveIn):
    member = queries.get_member_for_user(request.user, member_id)
    actions.member_leaves(request.user, member, payload.left_on)
    return queries.get_member_for_user(request.user, member_id)


# --- household links ----------------------------------------------------------------


@router.get("/links", response=list[LinkOut], summary="党员联系农户(可按区划、党员筛选)")
@paginate
def list_links(request, region: str = "", member: int | None = None, current: bool = True):
    links = queries.visible_links(request.user)
    if region:
        links = links.within(region.strip().upper()[:15])
    if member:
        links = links.filter(member_id=member)
    if current:
        links = links.current()
    return links.order_by("region_id", "household_id", "-linked_on", "-id")


@router.post("/links", response={201: LinkOut}, summary="安排党员联系农户")
def create_link(request, payload: LinkIn):
    require_capability(request.user, queries.MANAGE)
    household = Household.objects.visible_to(request.user, queries.MANAGE).filter(pk=payload.household).first()
    if household is None:
        raise Http404(_("未找到该户。"))
    member = queries.current_members(household.region_id[:queries.VILLAGE_LENGTH]).filter(pk=payload.member).first()
    if member is None:
        raise ValidationError({"member": _("本村党组织没有编号为 %(id)s 的现有党员。") % {"id": payload.member}})
    link = actions.link_household(request.user, household, member, linked_on=payload.linked_on)
    return Status(201, queries.get_link_for_user(request.user, link.pk))


@router.post("/links/{int:link_id}/end", response=LinkOut, summary="结束联系")
def end_link(request, link_id: int, payload: EndLinkIn):
    link = queries.get_link_for_user(request.user, link_id)
    actions.end_link(request.user, link, payload.ended_on)
    return queries.get_link_for_user(request.user, link_id)


@router.get("/coverage", response=list[CoverageOut], summary="各村党员联系农户覆盖情况")
def coverage(request, region: str = ""):
    area = queries.region_for_user(request.user, region)
    return [
        {"village_code": row.village.code, "village_name": row.village.name, "households": row.households,
         "linked": row.linked, "unlinked": row.unlinked}
        for row in queries.coverage(area.code)
    ]


@router.get("/coverage/{code}/unlinked", response=HouseholdPage, summary="本村未联系的农户(分页)")
def unlinked(request, code: str, page: int = 1):
    village = queries.get_village_for_user(request.user, code)
    result = page_of(queries.unlinked_households(village.code), page)
    return {"page": result.number, "has_next": result.has_next, "items": result.items}
