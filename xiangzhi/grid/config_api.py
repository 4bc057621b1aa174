"""/api/v1/grid/config: the county's categories, responsibility matrix, deadlines and calendar.

Reads list what holds in the county (shared rows included, marked `shared`); writes change
only the county's own rows. `county` picks the county when the caller configures several.
"""

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from . import config
from .models import CalendarDay, DeadlineRule, EventCategory, ResponsibilityRule

router = Router(tags=[gettext_lazy("网格事件配置")])


class CountyQuery(Schema):
    county: str = Field("", description="县的区划代码;只配置一个县时可不填")


def _county(request, query):
    return config.county_for(request.user, query.county.strip())


# --- categories ------------------------------------------------------------------------------


class CategoryOut(Schema):
    id: int
    code: str
    name: str
    parent_code: str | None
    description: str
    active: bool
    shared: bool

    @staticmethod
    def resolve_parent_code(obj):
        return obj.parent.code if obj.parent_id else None

    @staticmethod
    def resolve_shared(obj):
        return obj.county_id is None


class CategoryIn(Schema):
    parent: str = Field(..., description="平台统一大类的编码,如 dispute")
    name: str = Field(..., max_length=config.CATEGORY_NAME_MAX)
    code: str = Field("", description="不填则自动生成")
    description: str = Field("", max_length=500)


class CategoryUpdateIn(Schema):
    name: str | None = Field(None, max_length=config.CATEGORY_NAME_MAX)
    description: str | None = Field(None, max_length=500)
    active: bool | None = None


@router.get("/categories", response=list[CategoryOut], summary=_("事件类别(统一的和本县的)"))
def list_categories(request, query: Query[CountyQuery]):
    county = _county(request, query)
    return list(config.categories_for(county).order_by("order", "code"))


@router.post("/categories", response={201: CategoryOut}, summary=_("新增本县小类"))
def create_category(request, payload: CategoryIn, query: Query[CountyQuery]):
    county = _county(request, query)
    category = config.add_category(request.user, county, **payload.dict())
    return Status(201, EventCategory.objects.select_related("parent").get(pk=category.pk))


@router.post("/categories/{int:category_id}", response=CategoryOut, summary=_("改名、停用或启用本县小类"))
def update_category(request, category_id: int, payload: CategoryUpdateIn, query: Query[CountyQuery]):
    county = _county(request, query)
    category = config.get_visible_category(county, category_id)
    config.update_category(request.user, county, category, **payload.dict())
    return EventCategory.objects.select_related("parent").get(pk=category.pk)


# --- the matrix ------------------------------------------------------------------------------


class RuleOut(Schema):
    id: int
    category_code: str
    category_name: str
    level: str
    level_label: str
    department: str
    office: str

    @staticmethod
    def resolve_category_code(obj):
        return obj.category.code

    @staticmethod
    def resolve_category_name(obj):
        return str(obj.category)

    @staticmethod
    def resolve_level_label(obj):
        return str(obj.get_level_display())


class RuleIn(Schema):
    category: str = Field(..., description="类别编码(小类,或大类:对其所有小类有效)")
    level: str = Field(..., description="village、township、county")
    department: str = Field("", max_length=30)
    office: str = Field("", max_length=100)


@router.get("/rules", response=list[RuleOut], summary=_("职责矩阵"))
def list_rules(request, query: Query[CountyQuery]):
    return list(config.rules_of(_county(request, query)))


@router.post("/rules", response={200: RuleOut}, summary=_("设置某类别在某层级的责任单位(新增或修改)"))
def save_rule(request, payload: RuleIn, query: Query[CountyQuery]):
    county = _county(request, query)
    rule = config.save_rule(request.user, county, **payload.dict())
    return config.rules_of(county).get(pk=rule.pk)


@router.delete("/rules/{int:rule_id}", response={204: None}, summary=_("删除职责矩阵的一行"))
def delete_rule(request, rule_id: int, query: Query[CountyQuery]):
    county = _county(request, query)
    config.remove_rule(request.user, county, config.get_own(ResponsibilityRule, county, rule_id))
    return Status(204, None)


# --- deadlines -------------------------------------------------------------------------------


class DeadlineOut(Schema):
    id: int
    category_code: str
    urgency: str
    accept_days: int
    resolve_days: int
    shared: bool

    @staticmethod
    def resolve_category_code(obj):
        return obj.category.code

    @staticmethod
    def resolve_shared(obj):
        return obj.county_id is None


class DeadlineIn(Schema):
    category: str = Field(..., description="类别编码")
    urgency: str = Field(..., description="normal、urgent、critical")
    accept_days: int = Field(..., description="受理时限(工作日)")
    resolve_days: int = Field(..., description="办结时限(工作日)")


@router.get("/deadlines", response=list[DeadlineOut], summary=_("办理时限(统一的和本县的)"))
def list_deadlines(request, query: Query[CountyQuery]):
    county = _county(request, query)
    rows = config.deadline_table(county)
    return [rule for row in rows for rule in (row["shared"], row["own"]) if rule is not None]


@router.post("/deadlines", response=DeadlineOut, summary=_("设置本县时限(新增或修改)"))
def save_deadline(request, payload: DeadlineIn, query: Query[CountyQuery]):
    county = _county(request, query)
    rule = config.save_deadline(request.user, county, **payload.dict())
    return DeadlineRule.objects.select_related("category").get(pk=rule.pk)


@router.delete("/deadlines/{int:rule_id}", response={204: None}, summary=_("删除本县时限,恢复统一时限"))
def delete_deadline(request, rule_id: int, query: Query[CountyQuery]):
    county = _county(request, query)
    config.remove_deadline(request.user, county, config.get_own(DeadlineRule, county, rule_id))
    return Status(204, None)


# --- calendar --------------------------------------------------------------------------------


class CalendarDayOut(Schema):
    id: int
    date: datetime.date
    is_workday: bool
    name: str
    shared: bool

    @staticmethod
    def resolve_shared(obj):
        return obj.county_id is None


class CalendarDayIn(Schema):
    date: datetime.date
    is_workday: bool = Field(..., description="true:调休上班;false:放假")
    name: str = Field(..., max_length=50)


class CalendarQuery(CountyQuery):
    year: int = Field(default_factory=lambda: datetime.date.today().year, ge=2000, le=2100)


@router.get("/calendar", response=list[CalendarDayOut], summary=_("节假日与调休(某年)"))
def list_calendar(request, query: Query[CalendarQuery]):
    return config.calendar_of(_county(request, query), query.year)


@router.post("/calendar", response={201: CalendarDayOut}, summary=_("添加本县节假日或调休上班日"))
def create_calendar_day(request, payload: CalendarDayIn, query: Query[CountyQuery]):
    county = _county(request, query)
    return Status(201, config.add_calendar_day(request.user, county, **payload.dict()))


@router.delete("/calendar/{int:day_id}", response={204: None}, summary=_("删除本县的节假日或调休"))
def delete_calendar_day(request, day_id: int, query: Query[CountyQuery]):
    county = _county(request, query)
    config.remove_calendar_day(request.user, county, config.get_own(CalendarDay, county, day_id))
    return Status(204, None)
