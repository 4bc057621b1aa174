"""/api/v1/partywork: 设岗定责, 承诺践诺, violations, 党员积分 with its calculation, quarterly
reviews, appeals, 先锋指数 and the points rules. Scoped like the pages; every write is an action."""

import datetime

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from xiangzhi.accounts.permissions import posts_with_capability, require_capability
from xiangzhi.people.models import Organisation

from . import actions, queries
from .models import PARTYWORK_MANAGE, PARTYWORK_VIEW
from .scoring import rules_for

router = Router(tags=["partywork"])


def _year(year):
    return year or timezone.localdate().year


class LineOut(Schema):
    rule: str
    label: str
    count: str
    per: int
    points: int


class PointsOut(Schema):
    member: int
    name: str
    year: int
    total: int
    member_class: str
    member_class_label: str
    lines: list[LineOut]


def _points(member, score):
    return {"member": member.pk, "name": member.resident.name, "year": score.year, "total": score.total,
            "member_class": score.member_class.value, "member_class_label": str(score.member_class.label),
            "lines": score.as_json()}


@router.get("/members", response=list[PointsOut], summary=_("范围内党员的年度积分与分类"))
def list_members(request, year: int | None = None):
    require_capability(request.user, PARTYWORK_VIEW)
    members = queries.visible_members(request.user).order_by("region_id", "organisation_id", "id")[:500]
    return [_points(member, score) for member, score in queries.member_scores(members, _year(year))]


@router.get("/members/{member_id}/points", response=PointsOut, summary=_("党员积分及计算明细"))
def member_points(request, member_id: int, year: int | None = None):
    member = queries.get_member_for_user(request.user, member_id)
    return _points(member, queries.member_year(member, _year(year))["score"])


@router.get("/mine/points", response=PointsOut, summary=_("我的党员积分及计算明细"))
def my_points(request, year: int | None = None):
    member = queries.own_member(request.user)
    if member is None:
        raise Http404(_("您的账号没有关联在册党员信息。"))
    return _points(member, queries.member_year(member, _year(year))["score"])


# --- 设岗定责 ----------------------------------------------------------------------------------


class DutyIn(Schema):
    year: int | str | None = None
    name: str = ""
    duties: str = ""


class DutyOut(Schema):
    id: int
    member_id: int
    year: int
    name: str
    duties: str


@router.post("/members/{member_id}/duties", response={201: DutyOut}, summary=_("为党员设定岗位"))
def assign_duty(request, member_id: int, payload: DutyIn):
    member = queries.get_member_for_user(request.user, member_id)
    return Status(201, actions.assign_duty(request.user, member, **payload.dict()))


@router.post("/duties/{duty_id}/remove", response={204: None}, summary=_("撤销党员岗位"))
def remove_duty(request, duty_id: int):
    actions.remove_duty(request.user, queries.get_duty_for_user(request.user, duty_id))
    return Status(204, None)


# --- 承诺践诺 ----------------------------------------------------------------------------------


class CommitmentIn(Schema):
    year: int | str | None = None
    content: str = ""


class ReviewIn(Schema):
    outcome: str = ""
    note: str = ""
    reviewed_on: datetime.date | None = None


class CommitmentOut(Schema):
    id: int
    member_id: int
    year: int
    content: str
    outcome: str
    review_note: str
    reviewed_on: datetime.date | None


@router.post("/members/{member_id}/commitments", response={201: CommitmentOut}, summary=_("登记承诺事项"))
def add_commitment(request, member_id: int, payload: CommitmentIn):
    member = queries.get_member_for_user(request.user, member_id)
    return Status(201, actions.add_commitment(request.user, member, **payload.dict()))


@router.post("/commitments/{commitment_id}/review", response=CommitmentOut, summary=_("评议践诺情况"))
def review_commitment(request, commitment_id: int, payload: ReviewIn):
    commitment = queries.get_commitment_for_user(request.user, commitment_id)
    return actions.review_commitment(request.user, commitment, **payload.dict())


# --- violations -------------------------------------------------------------------------------


class ViolationIn(Schema):
    occurred_on: str = ""
    reason: str = ""


class ViolationOut(Schema):
    id: int
    member_id: int
    occurred_on: datetime.date
    reason: str


@router.post("/members/{member_id}/violations", response={201: ViolationOut}, summary=_("登记违规记录"))
def record_violation(request, member_id: int, payload: ViolationIn):
    member = queries.get_member_for_user(request.user, member_id)
    return Status(201, actions.record_violation(request.user, member, **payload.dict()))


# --- appeals ----------------------------------------------------------------------------------


class AppealIn(Schema):
    year: int | str | None = None
    reason: str = ""


class DecisionIn(Schema):
    upheld: bool | None = None
    adjustment: int = 0
    note: str = ""


class AppealOut(Schema):
    id: int
    member_id: int
    year: int
    reason: str
    state: str
    adjustment: int
    decision_note: str


@router.get("/appeals", response=list[AppealOut], summary=_("范围内的积分申诉"))
def list_appeals(request, state: str | None = None):
    require_capability(request.user, PARTYWORK_VIEW)
    appeals = queries.visible_appeals(request.user)
    if state:
        appeals = appeals.filter(state=state)
    return list(appeals[:500])


@router.post("/members/{member_id}/appeals", response={201: AppealOut}, summary=_("党员对积分提出申诉"))
def file_appeal(request, member_id: int, payload: AppealIn):
    member = queries.get_member_for_user(request.user, member_id)
    return Status(201, actions.file_appeal(request.user, member, **payload.dict()))


@router.post("/appeals/{appeal_id}/decide", response=AppealOut, summary=_("支部处理积分申诉"))
def decide_appeal(request, appeal_id: int, payload: DecisionIn):
    appeal = queries.get_appeal_for_user(request.user, appeal_id)
    return actions.decide_appeal(request.user, appeal, **payload.dict())


# --- quarterly review and 先锋指数 --------------------------------------------------------------


class QuarterIn(Schema):
    organisation: int
    year: int | str | None = None
    quarter: int | str | None = None


class QuarterOut(Schema):
    member_id: int
    year: int
    quarter: int
    score: int
    member_class: str


@router.post("/quarter-reviews", response={201: list[QuarterOut]}, summary=_("季度积分评审"))
def review_quarter(request, payload: QuarterIn):
    require_capability(request.user, PARTYWORK_MANAGE)
    organisation = Organisation.objects.visible_to(request.user, PARTYWORK_MANAGE).filter(
        pk=payload.organisation).first()
    if organisation is None:
        raise Http404(_("未找到该党组织。"))
    return Status(201, actions.review_quarter(request.user, organisation, year=payload.year, quarter=payload.quarter))


class EvaluationIn(Schema):
    year: int | str | None = None
    note: str = ""


class EvaluationOut(Schema):
    id: int
    member_id: int
    year: int
    score: int
    member_class: str
    note: str


@router.post("/members/{member_id}/pioneer", response={201: EvaluationOut}, summary=_("先锋指数年度评价"))
def evaluate_pioneer(request, member_id: int, payload: EvaluationIn):
    member = queries.get_member_for_user(request.user, member_id)
    return Status(201, actions.evaluate_pioneer(request.user, member, **payload.dict()))


# --- rules ------------------------------------------------------------------------------------


class RulesIn(Schema):
    region: str = ""
    base: int | str | None = None
    per_meeting: int | str | None = None
    per_household: int | str | None = None
    per_commitment: int | str | None = None
    per_commitment_partly: int | str | None = None
    per_volunteer_hour: int | str | None = None
    per_absence: int | str | None = None
    per_violation: int | str | None = None
    excellent_from: int | str | None = None
    qualified_from: int | str | None = None
    basic_from: int | str | None = None


class RulesOut(Schema):
    region: str
    source: str
    base: int
    per_meeting: int
    per_household: int
    per_commitment: int
    per_commitment_partly: int
    per_volunteer_hour: int
    per_absence: int
    per_violation: int
    excellent_from: int
    qualified_from: int
    basic_from: int


@router.get("/rules", response=RulesOut, summary=_("适用于某区划的积分规则"))
def get_rules(request, region: str | None = None):
    posts = posts_with_capability(request.user, PARTYWORK_VIEW)
    require_capability(request.user, PARTYWORK_VIEW)
    code = region or posts[0].region_id
    if not any(code.startswith(post.region_id) or post.region_id.startswith(code) for post in posts):
        raise Http404(_("未找到该区划。"))
    return {"region": code, **rules_for(code)}


@router.put("/rules", response=RulesOut, summary=_("设定县或乡镇的积分规则"))
def set_rules(request, payload: RulesIn):
    values = {name: value for name, value in payload.dict(exclude={"region"}).items() if value is not None}
    rules = actions.set_rules(request.user, payload.region, **values)
    return {"region": rules.region_id, **rules_for(rules.region_id)}

