"""Regions and designations under /api/v1/regions. Out of scope is 404."""

from datetime import date
from typing import Literal

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from . import actions, queries
from .models import Level
from .search import search_regions

router = Router(tags=[_("区划")])


class PathItemOut(Schema):
    code: str
    name: str


class RegionOut(Schema):
    code: str
    name: str
    level: str
    level_label: str
    parent_code: str | None
    path: list[PathItemOut] = Field(description="从自治区到本单位(含本单位)")


class RegionPageOut(Schema):
    items: list[RegionOut]
    count: int


class PageIn(Schema):
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0)


class SubunitIn(Schema):
    kind: Literal["natural_village", "grid"]
    name: str = Field(max_length=100)


class DesignationOut(Schema):
    id: int
    region_code: str
    region_name: str
    title: str
    title_label: str
    level: str
    level_label: str
    year: int
    granted_on: date
    document_number: str
    in_force: bool
    revoked_on: date | None
    revoke_reason: str


class DesignationPageOut(Schema):
    items: list[DesignationOut]
    count: int


class DesignationFilterIn(PageIn):
    title: str = ""
    level: str = ""
    year: int | None = None


class GrantIn(Schema):
    region_code: str = Field(max_length=15)
    title: str
    level: str
    year: int
    granted_on: date
    document_number: str = Field("", max_length=100)


class RevokeIn(Schema):
    reason: str = Field(max_length=500)


def region_out(region, names):
    return {
        "code": region.code,
        "name": region.name,
        "level": region.level,
        "level_label": region.get_level_display(),
        "parent_code": region.parent_id,
        "path": [{"code": code, "name": name} for code, name in queries.path_of(region, names)],
    }


def regions_out(regions):
    names = queries.ancestor_names(regions)
    return [region_out(region, names) for region in regions]


def designation_out(designation):
    return {
        "id": designation.pk,
        "region_code": designation.region_id,
        "region_name": designation.region.name,
        "title": designation.title,
        "title_label": designation.get_title_display(),
        "level": designation.level,
        "level_label": designation.get_level_display(),
        "year": designation.year,
        "granted_on": designation.granted_on,
        "document_number": designation.document_number,
        "in_force": designation.in_force,
        "revoked_on": designation.revoked_on,
        "revoke_reason": designation.revoke_reason,
    }


# Fixed paths come before "/{code}", which would otherwise take them.
@router.get("/search", response=list[RegionOut], summary=_("按名称、拼音、首字母或代码查找区划"))
def search(request, q: str = ""):
    return regions_out(search_regions(q, queries.scope_codes(request.user)))


@router.get("/designations", response=DesignationPageOut, summary=_("辖区内的称号"))
def list_designations(request, filters: Query[DesignationFilterIn]):
    designations = queries.designations_visible_to(
        request.user, title=filters.title, level=filters.level, year=filters.year
    )
    page = designations[filters.offset:filters.offset + filters.limit]
    return {"items": [designation_out(d) for d in page], "count": designations.count()}


@router.post("/designations", response={201: DesignationOut}, summary=_("登记称号"))
def grant(request, payload: GrantIn):
    region = queries.get_region_for_user(request.user, payload.region_code, actions.GRANT)
    designation = actions.grant_designation(
        request.user, region, title=payload.title, level=payload.level, year=payload.year,
        granted_on=payload.granted_on, document_number=payload.document_number,
    )
    return Status(201, designation_out(designation))


@router.post("/designations/{int:pk}/revoke", response=DesignationOut, summary=_("撤销称号"))
def revoke(request, pk: int, payload: RevokeIn):
    designation = queries.get_designation_for_user(request.user, pk)
    return designation_out(actions.revoke_designation(request.user, designation, payload.reason))


@router.get("/{code}", response=RegionOut, summary=_("区划详情"))
def detail(request, code: str):
    region = queries.get_region_for_user(request.user, code)
    return region_out(region, queries.ancestor_names([region]))


@router.get("/{code}/children", response=RegionPageOut, summary=_("下级区划"))
def children(request, code: str, page: Query[PageIn]):
    region = queries.get_region_for_user(request.user, code)
    names = queries.ancestor_names([region])
    names[region.code] = region.name
    children = queries.children_of(region)
    items = children[page.offset:page.offset + page.limit]
    return {"items": [region_out(child, names) for child in items], "count": children.count()}


@router.post("/{code}/subunits", response={201: RegionOut}, summary=_("添加自然村/屯或网格"))
def add_subunit(request, code: str, payload: SubunitIn):
    village = queries.get_region_for_user(request.user, code)
    add = actions.add_natural_village if payload.kind == Level.NATURAL_VILLAGE else actions.add_grid
    unit = add(request.user, village, payload.name)
    return Status(201, region_out(unit, queries.ancestor_names([unit])))


@router.get("/{code}/designations", response=list[DesignationOut], summary=_("授予该区划的称号(含已撤销)"))
def region_designations(request, code: str):
    region = queries.get_region_for_user(request.user, code)
    return [designation_out(d) for d in region.designations.select_related("region").order_by("-year", "title")]
