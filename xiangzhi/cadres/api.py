"""/api/v1/cadres: trainings (plans, roster, attendance), training coverage, pay standards, pay
calculations with their steps, and the cadre's own trainings and pay. Scoped like the pages; every
write is an action."""

import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from xiangzhi.accounts.permissions import posts_with_capability, require_capability

from . import actions, queries
from .models import CADRE_OWN, CADRE_VIEW, TRAINING_MANAGE

router = Router(tags=["cadres"])


def _year(year):
    return year or timezone.localdate().year


def _require_view(user):
    if not posts_with_capability(user, TRAINING_MANAGE):
        require_capability(user, CADRE_VIEW)


# --- trainings --------------------------------------------------------------------------------


class TrainingIn(Schema):
    region: str = ""
    title: str = ""
    year: int | str | None = None
    starts_on: str = ""
    ends_on: str = ""
    venue: str = ""
    hours: Decimal | str | None = None
    content: str = ""
    target_roles: list[str] = []


class TrainingOut(Schema):
    id: int
    region: str
    level: str
    title: str
    year: int
    starts_on: datetime.date
    ends_on: datetime.date
    venue: str
    hours: Decimal
    content: str
    target_roles: list[str]

    @staticmethod
    def resolve_region(plan):
        return plan.region_id


class TraineeOut(Schema):
    user: int
    name: str
    role: str
    region: str
    status: str
    absence_reason: str


class TrainingDetailOut(TrainingOut):
    trainees: list[TraineeOut]


@router.get("/trainings", response=list[TrainingOut], summary=_("范围内的培训计划"))
def list_trainings(request, year: int | None = None):
    _require_view(request.user)
    return list(queries.visible_plans(request.user).filter(year=_year(year))[:500])


@router.post("/trainings", response={201: TrainingOut}, summary=_("新建培训计划"))
def create_training(request, payload: TrainingIn):
    data = payload.dict()
    return Status(201, actions.create_training(request.user, region_code=data.pop("region"), **data))


def _detail(plan):
    plan.trainees = [{"user": post.user_id, "name": str(post.user), "role": post.role, "region": post.region_id,
                 "status": row.status if row else "", "absence_reason": row.absence_reason if row else ""}
                for post, row in queries.roster(plan)]
    return plan


@router.get("/trainings/{plan_id}", response=TrainingDetailOut, summary=_("培训计划、学员与出勤"))
def training_detail(request, plan_id: int):
    return _detail(queries.get_plan_for_user(request.user, plan_id))


class AttendanceEntry(Schema):
    user: int | None = None
    status: str = ""
    reason: str = ""


class AttendanceIn(Schema):
    entries: list[AttendanceEntry] = []


@router.post("/trainings/{plan_id}/attendance", response=TrainingDetailOut, summary=_("登记培训出勤"))
def record_attendance(request, plan_id: int, payload: AttendanceIn):
    plan = queries.get_plan_for_user(request.user, plan_id)
    actions.record_attendance(request.user, plan, [entry.dict() for entry in payload.entries])
    return _detail(plan)


class CoverageOut(Schema):
    region: str
    name: str
    cadres: int
    trained: int
    share: float | None


@router.get("/coverage", response=list[CoverageOut], summary=_("各单位村干部培训覆盖率"))
def coverage(request, year: int | None = None):
    require_capability(request.user, CADRE_VIEW)
    return [{**row, "region": row["region"].code, "name": row["region"].name}
            for row in queries.coverage(request.user, _year(year))]


# --- pay standards ----------------------------------------------------------------------------


class StandardIn(Schema):
    county: str = ""
    year: int | str | None = None
    role: str = ""
    monthly_basic: str | int | None = None
    performance: str | int | None = None
    rule: str = ""
    excellent_percent: int | str = 100
    good_percent: int | str = 85
    pass_percent: int | str = 70
    fail_percent: int | str = 0


class StandardOut(Schema):
    id: int
    county: str
    year: int
    role: str
    version: int
    supersedes_id: int | None
    monthly_basic_fen: int
    performance_fen: int
    rule: str
    excellent_percent: int
    good_percent: int
    pass_percent: int
    fail_percent: int

    @staticmethod
    def resolve_county(standard):
        return standard.region_id


@router.get("/pay/standards", response=list[StandardOut], summary=_("村干部报酬标准(各版本)"))
def list_standards(request, year: int | None = None):
    _require_view(request.user)
    standards = queries.visible_standards(request.user)
    if year:
        standards = standards.filter(year=year)
    return list(standards.order_by("region_id", "-year", "role", "-version")[:500])


@router.post("/pay/standards", response={200: StandardOut}, summary=_("设定报酬标准(已使用的标准生成新版本)"))
def set_standard(request, payload: StandardIn):
    data = payload.dict()
    return actions.set_pay_standard(request.user, data.pop("county"), **data)


# --- calculations -----------------------------------------------------------------------------


class CalculateIn(Schema):
    village: str = ""
    year: int | str | None = None
    score: str | float | None = None
    grade: str = ""
    reason: str = ""
    correction_reason: str = ""


class CalculationOut(Schema):
    id: int
    village: str
    user: int
    name: str
    role: str
    year: int
    standard_id: int
    months: int
    monthly_basic_fen: int
    basic_fen: int
    performance_amount_fen: int
    rule: str
    source: str
    assessment_result_id: int | None
    scheme_title: str
    rank: int | None
    score: float | None
    grade: str
    entered_reason: str
    share_percent: Decimal
    performance_fen: int
    total_fen: int
    status: str
    supersedes_id: int | None
    correction_reason: str
    steps: list[str]

    @staticmethod
    def resolve_village(row):
        return row.region_id

    @staticmethod
    def resolve_user(row):
        return row.user_id

    @staticmethod
    def resolve_name(row):
        return str(row.user)

    @staticmethod
    def resolve_steps(row):
        return [str(step) for step in row.steps()]


@router.get("/pay/calculations", response=list[CalculationOut], summary=_("范围内的报酬计算"))
def list_calculations(request, year: int | None = None, village: str | None = None, history: bool = False):
    require_capability(request.user, CADRE_VIEW)
    rows = queries.visible_calculations(request.user).filter(year=_year(year))
    if not history:
        rows = rows.current()
    if village:
        rows = rows.filter(region_id=village)
    return list(rows[:500])


@router.post("/pay/calculations", response={201: list[CalculationOut]}, summary=_("计算一个村的村干部年度报酬"))
def calculate(request, payload: CalculateIn):
    data = payload.dict()
    return Status(201, actions.calculate_pay(request.user, data.pop("village"), **data))


@router.get("/pay/calculations/{calculation_id}", response=CalculationOut, summary=_("报酬计算及步骤"))
def calculation_detail(request, calculation_id: int):
    return queries.get_calculation_for_user(request.user, calculation_id)


# --- own --------------------------------------------------------------------------------------


class OwnTrainingOut(Schema):
    training: TrainingOut
    status: str
    absence_reason: str


class HoursOut(Schema):
    year: int
    hours: Decimal


class MineOut(Schema):
    year: int
    trainings: list[OwnTrainingOut]
    hours: Decimal
    hours_by_year: list[HoursOut]
    calculations: list[CalculationOut]


@router.get("/mine", response=MineOut, summary=_("我的培训、学时与报酬计算"))
def mine(request, year: int | None = None):
    require_capability(request.user, CADRE_OWN)
    year = _year(year)
    rows, hours = queries.own_trainings(request.user, year)
    return {
        "year": year, "hours": hours,
        "trainings": [{"training": plan, "status": row.status if row else "",
                       "absence_reason": row.absence_reason if row else ""} for plan, row in rows],
        "hours_by_year": [{"year": y, "hours": h} for y, h in queries.own_hours_by_year(request.user)],
        "calculations": list(queries.own_calculations(request.user).select_related("user")),
    }
