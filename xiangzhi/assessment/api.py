"""/api/v1/assessment: the veto allowlist, the county's schemes (set, compute, publish, correct),
vetoes recorded against units, and results (a unit's own, published; the county's ranking)."""

import datetime

from ninja import Router, Schema, Status

from xiangzhi.accounts.permissions import require_capability

from . import actions, queries
from .models import ASSESSMENT_VIEW, UnitVeto
from .vetoes import allowed_vetoes

router = Router(tags=["assessment"])


class VetoOut(Schema):
    key: str
    title: str
    basis: str
    level: str


@router.get("/vetoes", response=list[VetoOut], summary="一票否决允许清单(含中央或自治区依据)")
def list_vetoes(request):
    return list(allowed_vetoes().values())


class ItemIn(Schema):
    target: str
    weight: int | str
    target_value: float | str | None = None  # shares in %, counts as numbers; None: the plan's share
    bands: list[list[float]] | str | None = None  # [[达成率 %, 得分 %], …], best first


class SchemeIn(Schema):
    title: str = ""
    year: int | None = None
    level: str = ""
    items: list[ItemIn] = []
    vetoes: list[str] = []


class SchemeUpdateIn(Schema):
    title: str = ""
    items: list[ItemIn] = []
    vetoes: list[str] = []


class ItemOut(Schema):
    position: int
    target_key: str
    indicator: str
    title: str
    comparator: str
    target_value: float
    is_share: bool
    weight: int
    bands: list[list[float]]


class SchemeOut(Schema):
    id: int
    county: str
    year: int
    level: str
    title: str
    plan_key: str
    version: int
    supersedes: int | None
    correction_reason: str
    status: str
    vetoes: list[str]
    computed_at: datetime.datetime | None
    published_at: datetime.datetime | None
    items: list[ItemOut]

    @staticmethod
    def resolve_county(scheme):
        return scheme.region_id

    @staticmethod
    def resolve_supersedes(scheme):
        return scheme.supersedes_id

    @staticmethod
    def resolve_items(scheme):
        return list(scheme.items.all())


def _items(payload):
    return [item.dict() for item in payload.items]


@router.get("/schemes", response=list[SchemeOut], summary="本县的考核方案")
def list_schemes(request):
    queries.county_for(request.user)
    return list(queries.schemes_for(request.user).prefetch_related("items"))


@router.post("/schemes", response={201: SchemeOut}, summary="制定考核方案")
def create_scheme(request, payload: SchemeIn):
    county = queries.county_for(request.user)
    scheme = actions.create_scheme(request.user, county, year=payload.year, level=payload.level,
                                   title=payload.title, items=_items(payload), vetoes=payload.vetoes)
    return Status(201, scheme)


@router.get("/schemes/{scheme_id}", response=SchemeOut, summary="考核方案")
def get_scheme(request, scheme_id: int):
    return queries.get_scheme_for_user(request.user, scheme_id)


@router.put("/schemes/{scheme_id}", response=SchemeOut, summary="修改草稿方案(已发布的不能修改)")
def update_scheme(request, scheme_id: int, payload: SchemeUpdateIn):
    scheme = queries.get_scheme_for_user(request.user, scheme_id)
    return actions.update_scheme(request.user, scheme, title=payload.title, items=_items(payload),
                                 vetoes=payload.vetoes)


class UnitVetoIn(Schema):
    region: str = ""
    veto_key: str = ""
    reason: str = ""
    evidence: str = ""


class UnitVetoOut(Schema):
    id: int
    region: str
    veto_key: str
    reason: str
    evidence: str
    recorded_at: datetime.datetime

    @staticmethod
    def resolve_region(veto):
        return veto.region_id


@router.get("/schemes/{scheme_id}/vetoes", response=list[UnitVetoOut], summary="本方案的一票否决记录")
def list_unit_vetoes(request, scheme_id: int):
    return list(queries.get_scheme_for_user(request.user, scheme_id).unit_vetoes.all())


@router.post("/schemes/{scheme_id}/vetoes", response={201: UnitVetoOut}, summary="对被考核单位记录一票否决")
def record_veto(request, scheme_id: int, payload: UnitVetoIn):
    scheme = queries.get_scheme_for_user(request.user, scheme_id)
    return Status(201, actions.record_veto(request.user, scheme, region_code=payload.region,
                                           veto_key=payload.veto_key, reason=payload.reason,
                                           evidence=payload.evidence))


@router.delete("/vetoes/{veto_id}", response={204: None}, summary="撤销一票否决记录(草稿方案)")
def withdraw_veto(request, veto_id: int):
    veto = UnitVeto.objects.filter(pk=veto_id, scheme__in=queries.schemes_for(request.user)).first()
    if veto is None:
        raise queries.not_found()
    actions.withdraw_veto(request.user, veto)
    return Status(204, None)


class ResultOut(Schema):
    id: int
    scheme: int
    year: int
    region: str
    region_name: str
    score: float
    vetoed: bool
    grade: str
    grade_label: str
    rank: int
    details: list[dict]

    @staticmethod
    def resolve_scheme(result):
        return result.scheme_id

    @staticmethod
    def resolve_year(result):
        return result.scheme.year

    @staticmethod
    def resolve_region(result):
        return result.region_id

    @staticmethod
    def resolve_region_name(result):
        return result.region.name

    @staticmethod
    def resolve_grade_label(result):
        return result.get_grade_display()


@router.post("/schemes/{scheme_id}/compute", response=list[ResultOut], summary="按指标数据计算考核结果")
def compute(request, scheme_id: int):
    scheme = queries.get_scheme_for_user(request.user, scheme_id)
    actions.compute_results(request.user, scheme)
    return queries.ranking(scheme)


@router.post("/schemes/{scheme_id}/publish", response=SchemeOut, summary="发布(仅一次;之后只能发布更正版本)")
def publish(request, scheme_id: int):
    return actions.publish_scheme(request.user, queries.get_scheme_for_user(request.user, scheme_id))


class ReviseIn(Schema):
    reason: str = ""


@router.post("/schemes/{scheme_id}/revise", response={201: SchemeOut}, summary="建立更正版本(须说明理由)")
def revise(request, scheme_id: int, payload: ReviseIn):
    scheme = queries.get_scheme_for_user(request.user, scheme_id)
    return Status(201, actions.revise_scheme(request.user, scheme, reason=payload.reason))


@router.get("/schemes/{scheme_id}/results", response=list[ResultOut], summary="全县被考核单位排名")
def scheme_results(request, scheme_id: int):
    return queries.ranking(queries.get_scheme_for_user(request.user, scheme_id))


@router.get("/results", response=list[ResultOut], summary="本单位已发布的考核结果")
def own_results(request):
    require_capability(request.user, ASSESSMENT_VIEW)
    return list(queries.own_results(request.user))


@router.get("/results/{result_id}", response=ResultOut, summary="一个单位的考核结果及得分明细")
def result_detail(request, result_id: int):
    return queries.get_result_for_user(request.user, result_id)
