"""/api/v1/organisations: organisations and their members."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from xiangzhi.accounts.permissions import require, require_capability

from . import organisations
from .models import Organisation, OrganisationKind, Resident

router = Router(tags=[_("组织")])


class OrganisationOut(Schema):
    id: int
    name: str
    kind: str
    kind_label: str
    region_code: str
    region_name: str
    parent_id: int | None
    established_on: date | None
    dissolved_on: date | None
    member_count: int

    @staticmethod
    def resolve_kind_label(organisation):
        return str(organisation.get_kind_display())

    @staticmethod
    def resolve_region_code(organisation):
        return organisation.region_id

    @staticmethod
    def resolve_region_name(organisation):
        return organisation.region.name


class MembershipOut(Schema):
    id: int
    resident_id: int
    resident_name: str
    position: str
    starts_on: date
    ends_on: date | None

    @staticmethod
    def resolve_resident_name(membership):
        return membership.resident.name


class OrganisationDetailOut(OrganisationOut):
    members: list[MembershipOut]

    @staticmethod
    def resolve_members(organisation):
        return list(organisations.memberships_of(organisation))


class OrganisationIn(Schema):
    region: str = Field(max_length=15)
    name: str = Field(max_length=organisations.NAME_MAX_LENGTH)
    kind: OrganisationKind
    parent: int | None = None
    established_on: date | None = None


class MemberIn(Schema):
    resident: int
    position: str = Field("成员", max_length=organisations.POSITION_MAX_LENGTH)
    starts_on: date
    ends_on: date | None = None


class EndIn(Schema):
    ends_on: date


class DissolveIn(Schema):
    dissolved_on: date


@router.get("", response=list[OrganisationOut], summary=_("组织列表(按区划范围)"))
@paginate
def list_organisations(request, kind: OrganisationKind | None = None, dissolved: bool = False):
    require_capability(request.user, Organisation.view_capability)
    return organisations.visible_organisations(request.user, kind=kind, include_dissolved=dissolved)


@router.post("", response={201: OrganisationDetailOut}, summary=_("新建组织"))
def create_organisation(request, payload: OrganisationIn):
    organisation = organisations.create_organisation(
        request.user, region=payload.region, name=payload.name, kind=payload.kind,
        parent=payload.parent, established_on=payload.established_on,
    )
    return Status(201, organisations.get_organisation_for_user(request.user, organisation.pk))


@router.get("/{int:organisation_id}", response=OrganisationDetailOut, summary=_("组织详情及成员"))
def get_organisation(request, organisation_id: int):
    return organisations.get_organisation_for_user(request.user, organisation_id)


@router.post("/{int:organisation_id}/members", response={201: MembershipOut}, summary=_("添加成员"))
def add_member(request, organisation_id: int, payload: MemberIn):
    organisation = organisations.get_organisation_for_user(request.user, organisation_id)
    require(request.user, organisations.MANAGE, organisation.region_id)
    resident = Resident.objects.within(organisation.region_id).filter(pk=payload.resident).first()
    if resident is None:
        raise ValidationError({"resident": _("本组织所在区划内没有编号为 %(id)s 的村民。") % {"id": payload.resident}})
    membership = organisations.add_member(
        request.user, organisation, resident, position=payload.position,
        starts_on=payload.starts_on, ends_on=payload.ends_on,
    )
    return Status(201, membership)


@router.post(
    "/{int:organisation_id}/members/{int:membership_id}/end", response=MembershipOut, summary=_("结束任期")
)
def end_membership(request, organisation_id: int, membership_id: int, payload: EndIn):
    organisation = organisations.get_organisation_for_user(request.user, organisation_id)
    membership = organisations.get_membership_for_user(request.user, organisation, membership_id)
    return organisations.end_membership(request.user, membership, payload.ends_on)


@router.post("/{int:organisation_id}/dissolve", response=OrganisationDetailOut, summary=_("撤销组织"))
def dissolve(request, organisation_id: int, payload: DissolveIn):
    organisation = organisations.get_organisation_for_user(request.user, organisation_id)
    organisations.dissolve_organisation(request.user, organisation, payload.dissolved_on)
    return organisations.get_organisation_for_user(request.user, organisation_id)
