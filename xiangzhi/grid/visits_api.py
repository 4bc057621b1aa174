"""/api/v1/grid: grids with their coverage, households in no grid, and patrol visits."""

import datetime

from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.responses import Status

from xiangzhi.accounts.permissions import posts_with_capability, require_capability
from xiangzhi.people.models import Relation, Resident
from xiangzhi.regions.models import Level, Region

from . import coverage, visits

router = Router(tags=[gettext_lazy("网格与走访")])


# --- grids and coverage ----------------------------------------------------------------------


class PersonOut(Schema):
    id: int
    name: str


class GridOut(Schema):
    code: str
    name: str
    village_code: str
    village_name: str
    households: int
    residents: int
    leaders: list[PersonOut]
    workers: list[PersonOut]
    warnings: list[str]


class GridQuery(Schema):
    region: str = Field("", description="只看该区划(村、乡镇…)下的网格")


def _person(user):
    return {"id": user.pk, "name": str(user)}


def grids_in_reach(user, within=""):
    """Grids under the user's coverage posts, and a grid worker's own grid."""
    capabilities = [c for c in (coverage.VIEW, visits.LOG) if posts_with_capability(user, c)]
    if not capabilities:
        require_capability(user, coverage.VIEW)
    queryset = Region.objects.none()
    for capability in capabilities:
        queryset |= Region.objects.visible_to(user, capability).filter(level=Level.GRID)
    if within:
        queryset = queryset.within(within)
    return queryset.select_related("parent").order_by("code")


class GridPageOut(Schema):
    items: list[GridOut]
    count: int


class GridPageQuery(GridQuery):
    limit: int = Field(100, ge=1, le=500)
    offset: int = Field(0, ge=0)


@router.get("/grids", response=GridPageOut, summary=_("网格列表(户数、人数、网格长和网格员)"))
def list_grids(request, filters: Query[GridPageQuery]):
    queryset = grids_in_reach(request.user, filters.region.strip().upper())
    grids = list(queryset[filters.offset : filters.offset + filters.limit])
    villages = {grid.parent_id: grid.parent for grid in grids}
    rows = {row.grid.code: row for village in coverage.coverage_of(villages.values()) for row in village.grids}
    items = [
        {
            "code": grid.code, "name": grid.name, "village_code": grid.parent_id, "village_name": grid.parent.name,
            "households": rows[grid.code].households, "residents": rows[grid.code].residents,
            "leaders": [_person(user) for user in rows[grid.code].leaders],
            "workers": [_person(user) for user in rows[grid.code].workers],
            "warnings": [str(warning) for warning in rows[grid.code].warnings],
        }
        for grid in grids
    ]
    return {"items": items, "count": queryset.count()}


class AssignIn(Schema):
    households: list[int] = Field(..., description="要划入该网格的户的编号(id)")


class AssignOut(Schema):
    grid: str
    assigned: int


@router.post("/grids/{code}/households", response=AssignOut, summary=_("把本村的户划入网格"))
def assign_to_grid(request, code: str, payload: AssignIn):
    require_capability(request.user, coverage.ASSIGN)
    grid = grids_in_reach(request.user).filter(code=code.upper()).first() if posts_with_capability(
        request.user, coverage.VIEW) else None
    if grid is None:
        raise Http404
    count = coverage.assign_households(request.user, grid, payload.households)
    return {"grid": grid.code, "assigned": count}


class UnassignedOut(Schema):
    id: int
    number: str
    region_code: str
    region_name: str
    village_code: str
    address: str
    head_name: str | None

    @staticmethod
    def resolve_region_code(obj):
        return obj.region_id

    @staticmethod
    def resolve_region_name(obj):
        return obj.region.name

    @staticmethod
    def resolve_village_code(obj):
        return obj.region_id[:12]


@router.get("/coverage/unassigned", response=list[UnassignedOut], summary=_("未划入网格的户"))
@paginate(LimitOffsetPagination)
def list_unassigned(request, filters: Query[GridQuery]):
    return coverage.unassigned_households(request.user, filters.region.strip().upper())


# --- visits ----------------------------------------------------------------------------------


class SpawnEventIn(Schema):
    category: str = Field(..., description="事件类别编码(Open311 service_code),如 dispute.neighbour")
    description: str = Field("", description="不填则使用走访情况")
    urgency: str = Field("normal", description="normal、urgent、critical")


class VisitIn(Schema):
    household: int = Field(..., description="走访户的编号(id)")
    visited_on: datetime.date = Field(..., description="走访日期,不能晚于今天")
    findings: str = Field(..., max_length=visits.FINDINGS_MAX_LENGTH)
    spawn_event: SpawnEventIn | None = Field(None, description="同时上报的事件")


class VisitOut(Schema):
    id: int
    household_id: int
    head_name: str | None
    region_code: str
    grid_code: str | None
    visitor: str
    visited_on: datetime.date
    findings: str
    event_id: int | None
    created_at: datetime.datetime

    @staticmethod
    def resolve_head_name(obj):
        return getattr(obj, "head_name", None)

    @staticmethod
    def resolve_region_code(obj):
        return obj.region_id

    @staticmethod
    def resolve_grid_code(obj):
        return obj.grid_id

    @staticmethod
    def resolve_visitor(obj):
        return str(obj.visitor)


class VisitQuery(Schema):
    household: int | None = Field(None, description="只看该户")
    region: str = Field("", description="区划代码(网格代码:该网格的走访)")
    since: datetime.date | None = Field(None, description="走访日期不早于")


def head_name():
    return Subquery(Resident.objects.filter(household=OuterRef("household"), relation=Relation.HEAD).values("name")[:1])


@router.get("/visits", response=list[VisitOut], summary=_("走访记录"))
@paginate(LimitOffsetPagination)
def list_visits(request, filters: Query[VisitQuery]):
    queryset = visits.visible_visits(request.user).annotate(head_name=head_name())
    if filters.household is not None:
        queryset = queryset.filter(household_id=filters.household)
    region = filters.region.strip().upper()
    if region:
        queryset = queryset.filter(grid_id=region) if "W" in region else queryset.within(region)
    if filters.since:
        queryset = queryset.filter(visited_on__gte=filters.since)
    return queryset.order_by("-visited_on", "-id")


@router.post("/visits", response={201: VisitOut}, summary=_("记录走访(可同时上报事件)"))
def create_visit(request, payload: VisitIn):
    household = visits.get_household_to_visit(request.user, payload.household)
    visit = visits.log_visit(
        request.user, household, visited_on=payload.visited_on, findings=payload.findings,
        spawn_event=payload.spawn_event.dict() if payload.spawn_event else None,
    )
    return Status(201, visits.visible_visits(request.user).annotate(head_name=head_name()).get(pk=visit.pk))
