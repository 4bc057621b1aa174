"""/api/v1/targets: plans and their targets, the registered indicators, values of a unit and its
children for a period, a unit's trend and its forecast against a target. Values are read from
the rollup table; a unit outside the caller's posts is a 404."""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from ninja import Router, Schema

from xiangzhi.accounts.permissions import require, require_capability
from xiangzhi.regions.models import STATISTICAL_LEVELS, Region

from . import forecast as forecasts
from . import registry
from .engine import period_for
from .models import IndicatorValue
from .periods import YEAR, Period
from .plans import PlanError, available_plans, load_plan

router = Router(tags=["targets"])

TARGETS_VIEW = "targets.view"
PENDING = "待接入"


def plan_or_404(key=None):
    if key is not None and key not in available_plans():
        raise Http404
    try:
        return load_plan(key)
    except PlanError as error:
        raise ValidationError({"plan": [str(error)]}) from None


def unit_for_user(user, code):
    """The unit (a statistical region) if the user may see its targets; 403 / 404 otherwise."""
    require(user, TARGETS_VIEW, code)
    try:
        return Region.objects.get(code=code, level__in=STATISTICAL_LEVELS)
    except Region.DoesNotExist:
        raise Http404 from None


def parse_period(key):
    if not key:
        return Period.containing(YEAR, timezone.localdate())
    try:
        return Period.parse(key)
    except ValueError as error:
        raise ValidationError({"period": [str(error)]}) from None


# --- plans -------------------------------------------------------------------------------

class PlanSummaryOut(Schema):
    key: str
    title: str
    start_year: int
    end_year: int
    current: bool


class TargetOut(Schema):
    key: str
    indicator: str
    title: str
    action: str
    module: str
    comparator: str
    value: float
    unit: str
    deadline: int
    section: str
    quantified: bool
    green: float
    amber: float
    pending: bool
    status: str  # "待接入" while the module is not installed
    kind: str | None
    period_kind: str | None


class ActionOut(Schema):
    key: str
    title: str
    section: str
    targets: list[TargetOut]


class PlanOut(Schema):
    key: str
    title: str
    start_year: int
    end_year: int
    actions: list[ActionOut]


def target_out(target):
    definition = target.definition
    return TargetOut(
        key=target.key, indicator=target.indicator, title=target.title, action=target.action, module=target.module,
        comparator=target.comparator, value=target.value, unit=target.unit, deadline=target.deadline,
        section=target.section, quantified=target.quantified, green=target.green, amber=target.amber,
        pending=target.pending, status=PENDING if target.pending else "",
        kind=definition.kind if definition else None, period_kind=definition.period_kind if definition else None,
    )


@router.get("/plans", response=list[PlanSummaryOut], summary="规划文件列表")
def list_plans(request):
    require_capability(request.user, TARGETS_VIEW)
    current = plan_or_404()
    plans = []
    for key in available_plans():
        plan = plan_or_404(key)
        plans.append(PlanSummaryOut(key=key, title=plan.title, start_year=plan.start_year,
                                    end_year=plan.end_year, current=key == current.key))
    return plans


@router.get("/plans/{key}", response=PlanOut, summary="规划详情：行动与目标（含待接入）")
def plan_detail(request, key: str):
    require_capability(request.user, TARGETS_VIEW)
    plan = plan_or_404(key)
    return PlanOut(
        key=plan.key, title=plan.title, start_year=plan.start_year, end_year=plan.end_year,
        actions=[ActionOut(key=action.key, title=action.title, section=action.section,
                           targets=[target_out(target) for target in action.targets]) for action in plan.actions],
    )


# --- indicators --------------------------------------------------------------------------

class IndicatorOut(Schema):
    key: str
    title: str
    module: str
    kind: str
    period_kind: str
    level: str
    unit: str
    polarity: str
    description: str


@router.get("/indicators", response=list[IndicatorOut], summary="已登记的指标")
def list_indicators(request):
    require_capability(request.user, TARGETS_VIEW)
    return [
        IndicatorOut(key=i.key, title=i.title, module=i.module, kind=i.kind, period_kind=i.period_kind,
                     level=i.level, unit=i.unit, polarity=i.polarity, description=i.description)
        for i in registry.registered().values()
    ]


# --- values ------------------------------------------------------------------------------

class ValueOut(Schema):
    indicator: str
    period: str
    numerator: float
    denominator: float | None
    value: float | None
    computed_at: datetime.datetime


class UnitValuesOut(Schema):
    code: str
    name: str
    level: str
    values: list[ValueOut]


class ValuesOut(Schema):
    plan: str
    period: str
    unit: UnitValuesOut
    children: list[UnitValuesOut]


def value_out(indicator, row):
    return ValueOut(indicator=row.indicator, period=row.period, numerator=row.numerator,
                    denominator=row.denominator, value=indicator.value(row.numerator, row.denominator),
                    computed_at=row.computed_at)


@router.get("/values/{code}", response=ValuesOut, summary="一个单位及其下级单位某统计期的指标值")
def unit_values(request, code: str, period: str | None = None, plan: str | None = None,
                indicator: str | None = None):
    unit = unit_for_user(request.user, code)
    chosen_plan = plan_or_404(plan)
    asked = parse_period(period)
    indicators = chosen_plan.indicators()
    if indicator:
        indicators = [i for i in indicators if i.key == indicator]
        if not indicators:
            raise ValidationError({"indicator": [f"规划中没有已接入的指标 {indicator}"]})
    wanted = {(i.key, period_for(i, asked).key): i for i in indicators}
    order = {key: n for n, (key, _) in enumerate(wanted)}
    rows = IndicatorValue.objects.filter(
        indicator__in={key for key, _ in wanted}, period__in={key for _, key in wanted},
    )
    own, below = [], {}
    for row in rows.filter(Q(region_id=code) | Q(parent_code=code)):
        definition = wanted.get((row.indicator, row.period))
        if definition is None:
            continue
        target = own if row.region_id == code else below.setdefault(row.region_id, [])
        target.append(value_out(definition, row))
    children = Region.objects.filter(parent_id=code, level__in=STATISTICAL_LEVELS).order_by("code")

    def ordered(values):
        return sorted(values, key=lambda value: order[value.indicator])

    return ValuesOut(
        plan=chosen_plan.key, period=asked.key,
        unit=UnitValuesOut(code=unit.code, name=unit.name, level=unit.level, values=ordered(own)),
        children=[UnitValuesOut(code=child.code, name=child.name, level=child.level,
                                values=ordered(below.get(child.code, []))) for child in children],
    )


class TrendPointOut(Schema):
    period: str
    numerator: float
    denominator: float | None
    value: float | None


@router.get("/trend/{code}/{indicator}", response=list[TrendPointOut], summary="一个单位某指标各期的值")
def trend(request, code: str, indicator: str):
    unit_for_user(request.user, code)
    definition = registry.get(indicator)
    if definition is None:
        raise Http404
    rows = IndicatorValue.objects.filter(region_id=code, indicator=indicator).values_list(
        "period", "numerator", "denominator")
    points = sorted((Period.parse(key), numerator, denominator) for key, numerator, denominator in rows)
    return [TrendPointOut(period=period.key, numerator=numerator, denominator=denominator,
                          value=definition.value(numerator, denominator)) for period, numerator, denominator in points]


class ForecastPointOut(Schema):
    period: str
    value: float


class ForecastOut(Schema):
    target: str
    deadline: int
    available: bool  # False: pending, or fewer than two values so far
    projected: float | None = None
    will_meet: bool | None = None
    actual: bool | None = None
    slope: float | None = None
    points: list[ForecastPointOut] = []


@router.get("/forecast/{code}/{target}", response=ForecastOut, summary="按线性趋势预测到期能否达标")
def forecast(request, code: str, target: str, plan: str | None = None):
    unit_for_user(request.user, code)
    try:
        chosen = plan_or_404(plan).target(target)
    except KeyError:
        raise Http404 from None
    result = forecasts.forecast(code, chosen)
    if result is None:
        return ForecastOut(target=chosen.key, deadline=chosen.deadline, available=False)
    return ForecastOut(
        target=chosen.key, deadline=chosen.deadline, available=True, projected=result.projected,
        will_meet=result.will_meet, actual=result.actual, slope=result.slope,
        points=[ForecastPointOut(period=key, value=value) for key, value in result.points],
    )
