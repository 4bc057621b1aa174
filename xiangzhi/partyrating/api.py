"""/api/v1/partyrating: the county's scheme, star evaluations (self-assessment, evidence, reviews),
软弱涣散 screening and flags, and rectification plans with their tasks and closing review."""

import datetime
import decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from xiangzhi.accounts.permissions import require_capability
from xiangzhi.regions.models import Level

from . import evaluations, queries, rectifications, screening
from .models import CONFIG, RECTIFY, REVIEW, SELF_ASSESS, VIEW
from .schemes import configure, scheme_for

router = Router(tags=["partyrating"])


class CriterionSchema(Schema):
    key: str = ""
    label: str = ""
    max_score: int | str | None = None


class SchemeIn(Schema):
    criteria: list[CriterionSchema]
    star_bands: list[int | str]
    secretary_vacant_days: int | None = None
    satisfaction_below: int | None = None
    no_new_member_years: int | None = None
    last_place: bool = True
    mass_incident: bool = True
    bottom_share: int | None = None


class SchemeOut(Schema):
    county: str
    year: int
    criteria: list[dict]
    star_bands: list[int]
    secretary_vacant_days: int | None
    satisfaction_below: int | None
    no_new_member_years: int | None
    last_place: bool
    mass_incident: bool
    bottom_share: int
    own: bool


def _county(request, capability, code):
    require_capability(request.user, capability)
    county = queries.scope_region(request.user, capability, code)
    if county.level != Level.COUNTY:
        raise ValidationError({"county": _("星级评定方案按县设置,请选择县(市、区)。")})
    return county


@router.get("/scheme/{county}/{year}", response=SchemeOut, summary="县的年度星级评定方案(未设置时为默认)")
def get_scheme(request, county: str, year: int):
    county = _county(request, VIEW, county)
    return scheme_for(county.code, year).as_dict()


@router.put("/scheme/{county}/{year}", response=SchemeOut, summary="设置县的年度星级评定方案")
def put_scheme(request, county: str, year: int, payload: SchemeIn):
    county = _county(request, CONFIG, county)
    data = payload.dict()
    configure(request.user, county, year, **data)
    return scheme_for(county.code, year).as_dict()


class EvaluationOut(Schema):
    id: int
    organisation: int
    organisation_name: str
    village: str
    year: int
    state: str
    criteria: list[dict]
    self_scores: dict
    self_total: int
    satisfaction: decimal.Decimal | None
    mass_incident: bool
    summary: str
    reviewed_scores: dict
    score: int | None
    stars: int | None
    township_opinion: str
    county_opinion: str

    @staticmethod
    def resolve_organisation(row):
        return row.organisation_id

    @staticmethod
    def resolve_organisation_name(row):
        return row.organisation.name

    @staticmethod
    def resolve_village(row):
        return row.region_id


class SelfAssessIn(Schema):
    organisation: int
    year: int
    scores: dict[str, int | str | None]
    satisfaction: decimal.Decimal | str | None = None
    mass_incident: bool = False
    summary: str = ""


class ReviewIn(Schema):
    approve: bool
    scores: dict[str, int | str | None] = {}
    opinion: str = ""


class EvidenceOut(Schema):
    id: int
    name: str
    criterion: str
    size: int
    sha256: str


@router.get("/evaluations", response=list[EvaluationOut], summary="范围内的星级评定")
def list_evaluations(request, year: int | None = None, region: str | None = None):
    require_capability(request.user, VIEW)
    scope = queries.scope_region(request.user, VIEW, region)
    return list(queries.visible_evaluations(request.user).within(scope.code).filter(
        year=queries.parse_year(year)).order_by("region_id", "id")[:5000])


@router.post("/evaluations", response={201: EvaluationOut}, summary="村党组织年度自评(新建或修改草稿)")
def assess(request, payload: SelfAssessIn):
    require_capability(request.user, SELF_ASSESS)
    organisation = queries.organisation_for_user(request.user, SELF_ASSESS, payload.organisation)
    evaluation = evaluations.self_assess(
        request.user, organisation, payload.year, scores=payload.scores, satisfaction=payload.satisfaction,
        mass_incident=payload.mass_incident, summary=payload.summary)
    return Status(201, evaluation)


@router.get("/evaluations/{pk}", response=EvaluationOut, summary="一项星级评定")
def get_evaluation(request, pk: int):
    return queries.get_evaluation_for_user(request.user, pk)


@router.post("/evaluations/{pk}/evidence", response={201: EvidenceOut}, summary="上传佐证材料")
def upload_evidence(request, pk: int, file: File[UploadedFile], criterion: Form[str] = ""):
    evaluation = queries.get_evaluation_for_user(request.user, pk)
    return Status(201, evaluations.add_evidence(request.user, evaluation, file, criterion=criterion))


@router.post("/evaluations/{pk}/submit", response=EvaluationOut, summary="提交乡镇审核")
def submit(request, pk: int):
    return evaluations.submit(request.user, queries.get_evaluation_for_user(request.user, pk))


@router.post("/evaluations/{pk}/review", response=EvaluationOut, summary="乡镇/县级审核(通过并评分,或退回)")
def review(request, pk: int, payload: ReviewIn):
    evaluation = queries.get_evaluation_for_user(request.user, pk)
    return evaluations.review(request.user, evaluation, approve=payload.approve, scores=payload.scores,
                              opinion=payload.opinion)


class FlagOut(Schema):
    id: int
    organisation: int
    village: str
    year: int
    trigger: str
    trigger_label: str
    manual: bool
    reason: str

    @staticmethod
    def resolve_organisation(row):
        return row.organisation_id

    @staticmethod
    def resolve_village(row):
        return row.region_id

    @staticmethod
    def resolve_trigger_label(row):
        return str(row.get_trigger_display())


class ScreeningIn(Schema):
    region: str
    year: int


class FlagIn(Schema):
    organisation: int
    year: int
    trigger: str
    reason: str = ""


@router.get("/screening", response=list[FlagOut], summary="软弱涣散情形(排查所得与乡镇认定)")
def list_flags(request, year: int | None = None, region: str | None = None):
    require_capability(request.user, VIEW)
    scope = queries.scope_region(request.user, VIEW, region)
    return list(queries.flags_within(request.user, scope.code, queries.parse_year(year))[:5000])


@router.post("/screening/run", response=list[FlagOut], summary="按县的排查条件重新排查")
def run(request, payload: ScreeningIn):
    require_capability(request.user, REVIEW)
    region = queries.scope_region(request.user, REVIEW, payload.region)
    screening.run_screening(request.user, region, payload.year)
    return list(queries.flags_within(request.user, region.code, payload.year))


@router.post("/screening/flags", response={201: FlagOut}, summary="乡镇认定软弱涣散情形(2014 年十类)")
def add_flag(request, payload: FlagIn):
    require_capability(request.user, REVIEW)
    organisation = queries.organisation_for_user(request.user, REVIEW, payload.organisation)
    return Status(201, screening.flag(request.user, organisation, payload.year, trigger=payload.trigger,
                                      reason=payload.reason))


class TaskOut(Schema):
    id: int
    title: str
    owner: str
    deadline: datetime.date
    done_on: datetime.date | None
    evidence_note: str
    evidence_name: str


class RectificationOut(Schema):
    id: int
    organisation: int
    village: str
    year: int
    state: str
    problems: str
    measures: str
    deadline: datetime.date
    review_opinion: str
    reviewed_on: datetime.date | None
    tasks: list[TaskOut]

    @staticmethod
    def resolve_organisation(row):
        return row.organisation_id

    @staticmethod
    def resolve_village(row):
        return row.region_id

    @staticmethod
    def resolve_tasks(row):
        return list(row.tasks.all())


class RectificationIn(Schema):
    organisation: int
    year: int
    problems: str = ""
    measures: str = ""
    deadline: datetime.date | None = None


class TaskIn(Schema):
    title: str = ""
    owner: str = ""
    deadline: datetime.date | None = None


class TaskDoneIn(Schema):
    done_on: datetime.date | None = None
    note: str = ""


class CloseIn(Schema):
    passed: bool
    opinion: str = ""
    extended_to: datetime.date | None = None


@router.get("/rectifications", response=list[RectificationOut], summary="范围内的整顿方案")
def list_rectifications(request, region: str | None = None):
    require_capability(request.user, VIEW)
    scope = queries.scope_region(request.user, VIEW, region)
    return list(queries.visible_rectifications(request.user).within(scope.code).prefetch_related("tasks")[:2000])


@router.post("/rectifications", response={201: RectificationOut}, summary="为软弱涣散村党组织建立整顿方案")
def open_plan(request, payload: RectificationIn):
    require_capability(request.user, RECTIFY)
    organisation = queries.organisation_for_user(request.user, RECTIFY, payload.organisation)
    return Status(201, rectifications.open_rectification(
        request.user, organisation, payload.year, problems=payload.problems, measures=payload.measures,
        deadline=payload.deadline))


@router.get("/rectifications/{pk}", response=RectificationOut, summary="一个整顿方案")
def get_plan(request, pk: int):
    return queries.get_rectification_for_user(request.user, pk)


@router.post("/rectifications/{pk}/tasks", response={201: TaskOut}, summary="添加整顿任务")
def add_task(request, pk: int, payload: TaskIn):
    plan = queries.get_rectification_for_user(request.user, pk)
    return Status(201, rectifications.add_task(request.user, plan, title=payload.title, owner=payload.owner,
                                               deadline=payload.deadline))


@router.post("/rectifications/{pk}/tasks/{task}/done", response=TaskOut, summary="任务完成(附完成情况)")
def task_done(request, pk: int, task: int, payload: TaskDoneIn):
    plan = queries.get_rectification_for_user(request.user, pk)
    item = queries.get_task_for_user(request.user, plan, task)
    return rectifications.complete_task(request.user, item, done_on=payload.done_on, note=payload.note)


@router.post("/rectifications/{pk}/close", response=RectificationOut, summary="验收:通过销号或延期整顿")
def close(request, pk: int, payload: CloseIn):
    plan = queries.get_rectification_for_user(request.user, pk)
    return rectifications.close_review(request.user, plan, passed=payload.passed, opinion=payload.opinion,
                                       extended_to=payload.extended_to)

