"""/api/v1/safety: yearly case statistics (entry, history, import), 无案村/降发案村 outcomes, the
county definition, and 民主法治示范村 applications, reviews, grants and revocations."""

import datetime

from django.core.exceptions import ValidationError
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from xiangzhi.accounts.permissions import require_capability
from xiangzhi.regions.models import Level

from . import democracy, queries, statistics
from .definitions import configure, definition_of
from .models import DEMOCRACY_APPLY, SAFETY_CONFIG, SAFETY_STATS, SAFETY_VIEW, CaseStatistics
from .outcomes import outcomes

router = Router(tags=["safety"])


class StatisticsIn(Schema):
    village: str = ""
    year: int | None = None
    criminal: int | None = 0
    public_order: int | None = 0
    civil_to_criminal: int | None = 0
    mass_incidents: int | None = 0
    collective_petitions: int | None = 0


class StatisticsOut(Schema):
    village: str
    year: int
    version: int
    is_current: bool
    criminal: int
    public_order: int
    civil_to_criminal: int
    mass_incidents: int
    collective_petitions: int
    source: str
    entered_at: datetime.datetime

    @staticmethod
    def resolve_village(row):
        return row.region_id


@router.get("/statistics", response=list[StatisticsOut], summary="各村年度案件统计(现行版本)")
def list_statistics(request, year: int | None = None, region: str | None = None):
    require_capability(request.user, SAFETY_VIEW)
    scope = queries.scope_region(request.user, SAFETY_VIEW, region)
    year = queries.parse_year(year)
    return list(CaseStatistics.objects.visible_to(request.user).current().within(scope.code).filter(year=year)
                .order_by("region_id")[:5000])


@router.post("/statistics", response={201: StatisticsOut}, summary="填报或更正一个村的年度案件统计")
def record(request, payload: StatisticsIn):
    require_capability(request.user, SAFETY_STATS)
    village = queries.village_for_user(request.user, SAFETY_STATS, payload.village)
    row = statistics.record_statistics(request.user, village, payload.year,
                                       payload.dict(exclude={"village", "year"}))
    return Status(201, row)


@router.get("/statistics/{village}/{year}", response=list[StatisticsOut], summary="一个村一个年度的全部版本")
def history(request, village: str, year: int):
    require_capability(request.user, SAFETY_VIEW)
    return queries.statistics_history(request.user, village, year)[1]


class ImportOut(Schema):
    written: int
    unchanged: int


@router.post("/statistics/import", response={200: ImportOut}, summary="导入案件统计(.xlsx/.csv)")
def import_file(request, file: File[UploadedFile]):
    require_capability(request.user, SAFETY_STATS)
    try:
        written, unchanged = statistics.import_statistics(request.user, file, file.name)
    except statistics.ImportRejected as rejected:
        raise ValidationError({"file": [statistics.error_text(item) for item in rejected.errors]}) from None
    return {"written": written, "unchanged": unchanged}


class TallyOut(Schema):
    code: str
    name: str
    villages: int
    no_case: int
    fewer_cases: int
    neither: int
    not_reported: int
    qualified: int
    percent: float
    target_percent: int
    meets_target: bool


class VillageOutcomeOut(Schema):
    code: str
    name: str
    outcome: str
    outcome_label: str


class OutcomesOut(Schema):
    region: str
    year: int
    summary: TallyOut
    children: list[TallyOut]
    villages: list[VillageOutcomeOut]


@router.get("/outcomes", response=OutcomesOut, summary="无案村/降发案村及占比(目标 80%)")
def list_outcomes(request, year: int | None = None, region: str | None = None):
    require_capability(request.user, SAFETY_VIEW)
    data = outcomes(queries.scope_region(request.user, SAFETY_VIEW, region), queries.parse_year(year))
    return {
        "region": data["region"].code, "year": data["year"], "summary": data["summary"].as_dict(),
        "children": [child.as_dict() for child in data["children"]],
        "villages": [{key: row[key] for key in ("code", "name", "outcome", "outcome_label")} for row in data["villages"]],
    }


class CriterionIn(Schema):
    key: str = ""
    label: str = ""
    max_score: int | None = None


class DefinitionIn(Schema):
    no_case_counts: list[str] = []
    fewer_case_counts: list[str] = []
    target_percent: int | None = None
    criteria: list[CriterionIn] | None = None


class CriterionOut(Schema):
    key: str
    label: str
    max_score: int


class DefinitionOut(Schema):
    county: str
    own: bool
    no_case_counts: list[str]
    fewer_case_counts: list[str]
    target_percent: int
    criteria: list[CriterionOut]


def _county(request, capability, code):
    require_capability(request.user, capability)
    region = queries.scope_region(request.user, capability, code)
    if region.level != Level.COUNTY:
        raise ValidationError({"county": "认定口径按县设置,请指定县(市、区)代码。"})
    return region


@router.get("/definition/{county}", response=DefinitionOut, summary="县的无案村/降发案村认定口径")
def get_definition(request, county: str):
    return definition_of(_county(request, SAFETY_VIEW, county).code)


@router.put("/definition/{county}", response=DefinitionOut, summary="设置县的认定口径与示范村评分标准")
def put_definition(request, county: str, payload: DefinitionIn):
    region = _county(request, SAFETY_CONFIG, county)
    configure(request.user, region, no_case_counts=payload.no_case_counts,
              fewer_case_counts=payload.fewer_case_counts, target_percent=payload.target_percent,
              criteria=None if payload.criteria is None else [item.dict() for item in payload.criteria])
    return definition_of(region.code)


# --- 民主法治示范村 ------------------------------------------------------------------------------


class ApplicationIn(Schema):
    village: str = ""
    year: int | None = None
    scores: dict[str, int | None] = {}
    summary: str = ""


class ApplicationOut(Schema):
    id: int
    village: str
    year: int
    status: str
    status_label: str
    self_assessment: list[dict]
    self_score: int
    summary: str
    township_opinion: str
    county_opinion: str
    designation_id: int | None
    designation_level: str | None

    @staticmethod
    def resolve_village(application):
        return application.region_id

    @staticmethod
    def resolve_status_label(application):
        return application.get_status_display()

    @staticmethod
    def resolve_designation_level(application):
        return application.designation.level if application.designation_id else None


class ReviewIn(Schema):
    approve: bool = False
    opinion: str = ""


class GrantIn(Schema):
    level: str = ""
    granted_on: datetime.date | None = None
    document_number: str = ""


class RevokeIn(Schema):
    reason: str = ""


class TargetOut(Schema):
    level: str
    label: str
    count: int
    target: int
    percent: float


@router.get("/democracy/applications", response=list[ApplicationOut], summary="民主法治示范村申报")
def list_applications(request, status: str | None = None):
    require_capability(request.user, SAFETY_VIEW)
    applications = queries.visible_applications(request.user)
    if status:
        applications = applications.filter(status=status)
    return list(applications[:500])


@router.post("/democracy/applications", response={201: ApplicationOut}, summary="村申报(含自评)")
def create_application(request, payload: ApplicationIn):
    require_capability(request.user, DEMOCRACY_APPLY)
    village = queries.village_for_user(request.user, DEMOCRACY_APPLY, payload.village)
    application = democracy.apply(request.user, village, year=payload.year, scores=payload.scores,
                                  summary=payload.summary)
    return Status(201, application)


@router.get("/democracy/applications/{pk}", response=ApplicationOut, summary="申报详情")
def get_application(request, pk: int):
    return queries.get_application_for_user(request.user, pk)


@router.post("/democracy/applications/{pk}/review", response=ApplicationOut, summary="乡镇/县级审核")
def review_application(request, pk: int, payload: ReviewIn):
    application = queries.get_application_for_user(request.user, pk)
    return democracy.review(request.user, application, approve=payload.approve, opinion=payload.opinion)


@router.post("/democracy/applications/{pk}/grant", response=ApplicationOut, summary="市级/自治区级命名")
def grant_application(request, pk: int, payload: GrantIn):
    application = queries.get_application_for_user(request.user, pk)
    if payload.granted_on is None:
        raise ValidationError({"granted_on": "请填写命名日期。"})
    return democracy.grant(request.user, application, level=payload.level, granted_on=payload.granted_on,
                           document_number=payload.document_number)


@router.post("/democracy/applications/{pk}/revoke", response=ApplicationOut, summary="撤销称号")
def revoke_application(request, pk: int, payload: RevokeIn):
    application = queries.get_application_for_user(request.user, pk)
    return democracy.revoke(request.user, application, reason=payload.reason)


@router.get("/democracy/targets", response=list[TargetOut], summary="示范村命名数与规划目标(300/1000)")
def targets(request, region: str | None = None):
    require_capability(request.user, SAFETY_VIEW)
    return democracy.designation_counts(queries.scope_region(request.user, SAFETY_VIEW, region).code)


