"""The registry's API: /api/v1/households and /api/v1/residents.

Citizen IDs and phones are masked; `GET /residents/{id}?reveal=true` returns the full ID to
roles with people.view_full_id, and the view is audited.
"""

import datetime

from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.responses import Status

from xiangzhi.accounts.permissions import require_capability

from . import actions, queries

router = Router(tags=[_("户籍村民")])


class RegistryQuery(Schema):
    region: str = Field("", description="区划代码:只看该区划(网格代码:该网格服务的户)")
    q: str = Field("", description="姓名(部分)、完整公民身份号码或电话")
    flag: str = Field("", description="标记:is_party_member、is_low_income … 或 lifted/monitored")
    status: str = Field("", description="present、moved_out、deceased")


class MemberIn(Schema):
    name: str = Field(..., max_length=50)
    relation: str = Field(..., description="户主关系:head、spouse … 或中文名称“户主”“配偶”…")
    id_number: str
    phone: str = ""
    ethnicity: str = "汉族"
    is_party_member: bool = False
    is_low_income: bool = False
    is_left_behind_child: bool = False
    is_elderly_living_alone: bool = False
    is_disabled: bool = False
    is_veteran: bool = False


class HouseholdIn(Schema):
    region: str = Field(..., description="所在村或自然村(屯)的代码")
    grid: str | None = Field(None, description="所属网格代码")
    number: str = ""
    address: str = ""
    poverty_status: str = Field("", description="\"\"(一般户)、lifted(脱贫户)、monitored(监测户)")
    members: list[MemberIn]


class ResidentIn(MemberIn):
    household: int = Field(..., description="所在户的编号(id)")


class ResidentOut(Schema):
    id: int
    household_id: int
    region_code: str
    name: str
    relation: str
    relation_label: str
    gender: str
    birth_date: datetime.date
    ethnicity: str
    id_number: str = Field(..., description="脱敏,如 450321********1234")
    phone: str = Field(..., description="脱敏,如 138****1234")
    status: str
    is_party_member: bool
    is_low_income: bool
    is_left_behind_child: bool
    is_elderly_living_alone: bool
    is_disabled: bool
    is_veteran: bool

    @staticmethod
    def resolve_region_code(obj):
        return obj.region_id

    @staticmethod
    def resolve_relation_label(obj):
        return str(obj.get_relation_display())

    @staticmethod
    def resolve_id_number(obj):
        return getattr(obj, "revealed_id_number", None) or obj.id_number_masked

    @staticmethod
    def resolve_phone(obj):
        return obj.phone_masked


class MemberOut(Schema):
    id: int
    name: str
    relation: str
    status: str


class HouseholdOut(Schema):
    id: int
    number: str
    region_code: str
    region_name: str
    grid_code: str | None
    address: str
    poverty_status: str
    head_name: str | None
    members_count: int = Field(..., description="在册人数")

    @staticmethod
    def resolve_region_code(obj):
        return obj.region_id

    @staticmethod
    def resolve_region_name(obj):
        return obj.region.name

    @staticmethod
    def resolve_grid_code(obj):
        return obj.grid_id

    @staticmethod
    def resolve_head_name(obj):
        head = queries.head_of(obj)
        return head.name if head else None

    @staticmethod
    def resolve_members_count(obj):
        return queries.present_count(obj)


class HouseholdDetailOut(HouseholdOut):
    members: list[ResidentOut]

    @staticmethod
    def resolve_members(obj):
        return obj.full_members


def household_detail(household):
    household.full_members = queries.members_of(household)
    household.member_list = household.full_members
    return household


@router.get("/households", response=list[HouseholdOut], summary=_("户列表(按职务范围)"))
@paginate(LimitOffsetPagination)
def list_households(request, filters: Query[RegistryQuery]):
    require_capability(request.user, "people.view")
    registry_filters = queries.RegistryFilters.from_params(filters.dict())
    return queries.with_members(queries.households_for(request.user, registry_filters))


@router.post("/households", response={201: HouseholdDetailOut}, summary=_("登记新户(含家庭成员)"))
def create_household(request, payload: HouseholdIn):
    data = payload.dict()
    household = actions.register_household(
        request.user,
        region=data["region"], grid=data["grid"] or None, number=data["number"], address=data["address"],
        poverty_status=data["poverty_status"], members=data["members"],
    )
    return Status(201, household_detail(queries.get_household_for_user(request.user, household.pk)))


@router.get("/households/{household_id}", response=HouseholdDetailOut, summary=_("户详情"))
def get_household(request, household_id: int):
    return household_detail(queries.get_household_for_user(request.user, household_id))


@router.get("/residents", response=list[ResidentOut], summary=_("村民列表(按职务范围)"))
@paginate(LimitOffsetPagination)
def list_residents(request, filters: Query[RegistryQuery]):
    require_capability(request.user, "people.view")
    registry_filters = queries.RegistryFilters.from_params(filters.dict())
    return queries.residents_for(request.user, registry_filters)


@router.post("/residents", response={201: ResidentOut}, summary=_("为户添加家庭成员"))
def create_resident(request, payload: ResidentIn):
    data = payload.dict()
    household = queries.get_household_for_user(request.user, data.pop("household"))
    return Status(201, actions.add_resident(request.user, household, **data))


@router.get("/residents/{resident_id}", response=ResidentOut, summary=_("村民详情"))
def get_resident(request, resident_id: int, reveal: bool = False):
    """With `reveal=true` the full citizen ID (people.view_full_id only; every view is audited)."""
    resident = queries.get_resident_for_user(request.user, resident_id)
    if reveal:
        resident.revealed_id_number = actions.reveal_id_number(request.user, resident)
    return resident
