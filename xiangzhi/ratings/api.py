"""/api/v1/ratings: criteria, rating cycles, household ratings (self-report, appraisal, steps,
objections), sanctions, and selections (rounds, nominations, review, votes, results)."""

import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Router, Schema, Status

from xiangzhi.accounts.permissions import posts_with_capability, require_capability
from xiangzhi.people.models import Household, Resident

from . import criteria, household_ratings, selections
from .queries import (
    get_cycle_for_user, get_nomination_for_user, get_objection_for_user, get_rating_for_user, get_round_for_user,
    visible_cycles, visible_ratings, visible_rounds, visible_sanctions,
)

router = Router(tags=[gettext_lazy("评星评选")])


def _require_any(user, *capabilities):
    if not any(posts_with_capability(user, capability) for capability in capabilities):
        raise PermissionDenied(_("您没有此项操作的权限。"))


class PageQuery(Schema):
    limit: int = Field(100, ge=1, le=500)
    offset: int = Field(0, ge=0)


# --- criteria ----------------------------------------------------------------------------------


class CriterionOut(Schema):
    id: int
    name: str
    max_stars: int
    order: int


class CriterionIn(Schema):
    name: str
    max_stars: int = 1


class CriteriaIn(Schema):
    items: list[CriterionIn]


@router.get("/criteria/{county}", response=list[CriterionOut], summary=_("县的评星项目(未配置时为十星默认项)"))
def list_criteria(request, county: str):
    _require_any(request.user, "rating.view", household_ratings.SELF_REPORT)
    return criteria.criteria_for(county)


@router.put("/criteria/{county}", response=list[CriterionOut], summary=_("配置县的评星项目"))
def put_criteria(request, county: str, payload: CriteriaIn):
    return criteria.set_county_criteria(request.user, county, [(item.name, item.max_stars) for item in payload.items])


# --- cycles and ratings ------------------------------------------------------------------------


class CycleIn(Schema):
    region: str
    year: int
    kind: str
    notice_days: int | None = None


class CycleOut(Schema):
    id: int
    region: str = Field(..., alias="region_id")
    year: int
    kind: str
    notice_days: int


class RatingOut(Schema):
    id: int
    cycle_id: int
    region: str = Field(..., alias="region_id")
    household_id: int
    state: str
    stars: int
    self_report: str
    notice_ends: datetime.datetime | None
    recommended_upward: bool
    revoked_on: datetime.date | None


class ReportIn(Schema):
    household: int | None = Field(None, description="村干部代报时填写;村民自报为本户")
    self_report: str


class ScoresIn(Schema):
    scores: dict[str, int] = Field(..., description="{评星项目 id: 星数}")


class StepIn(Schema):
    comment: str = ""


class ObjectionIn(Schema):
    text: str


class AnswerIn(Schema):
    answer: str


class ObjectionOut(Schema):
    id: int
    rating_id: int
    text: str
    raised_at: datetime.datetime
    answer: str
    answered_at: datetime.datetime | None


@router.get("/cycles", response=list[CycleOut], summary=_("评星年度列表"))
def list_cycles(request, page: Query[PageQuery]):
    _require_any(request.user, "rating.view", household_ratings.SELF_REPORT)
    return list(visible_cycles(request.user).order_by("-year", "region_id", "id")[page.offset : page.offset + page.limit])


@router.post("/cycles", response={201: CycleOut}, summary=_("开始一个村的年度评星"))
def create_cycle(request, payload: CycleIn):
    cycle = household_ratings.open_cycle(request.user, region=payload.region.strip(), year=payload.year,
                                         kind=payload.kind, notice_days=payload.notice_days)
    return Status(201, cycle)


@router.get("/cycles/{int:cycle_id}/ratings", response=list[RatingOut], summary=_("该年度各户评星(按户排列,不排名)"))
def list_ratings(request, cycle_id: int):
    cycle = get_cycle_for_user(request.user, cycle_id)
    return list(visible_ratings(request.user).filter(cycle=cycle).order_by("household_id"))


@router.post("/cycles/{int:cycle_id}/reports", response={201: RatingOut}, summary=_("户自报(村干部可代报)"))
def report(request, cycle_id: int, payload: ReportIn):
    cycle = get_cycle_for_user(request.user, cycle_id)
    if payload.household is None:
        household = household_ratings.household_of_user(request.user)
    else:
        household = Household.objects.filter(pk=payload.household).first()
    rating = household_ratings.self_report(request.user, cycle, household=household, text=payload.self_report)
    return Status(201, rating)


@router.get("/ratings/{int:rating_id}", response=RatingOut, summary=_("一户的评星"))
def get_rating(request, rating_id: int):
    return get_rating_for_user(request.user, rating_id)


@router.post("/ratings/{int:rating_id}/appraisal", response=RatingOut, summary=_("录入村民代表评议的星数"))
def appraise(request, rating_id: int, payload: ScoresIn):
    rating = get_rating_for_user(request.user, rating_id)
    return household_ratings.record_appraisal(request.user, rating, payload.scores)


@router.post("/ratings/{int:rating_id}/steps/{step}", response=RatingOut,
             summary=_("两委审核 check、公示 publish、确认授予 award、不予通过 reject、撤销 revoke"))
def take_step(request, rating_id: int, step: str, payload: StepIn):
    rating = get_rating_for_user(request.user, rating_id)
    return household_ratings.advance(request.user, rating, step, comment=payload.comment)


@router.get("/ratings/{int:rating_id}/objections", response=list[ObjectionOut], summary=_("公示异议"))
def list_objections(request, rating_id: int):
    require_capability(request.user, "rating.view")
    rating = get_rating_for_user(request.user, rating_id)
    return list(rating.objections.all())


@router.post("/ratings/{int:rating_id}/objections", response={201: ObjectionOut}, summary=_("公示期内提出异议"))
def object_to(request, rating_id: int, payload: ObjectionIn):
    rating = get_rating_for_user(request.user, rating_id)
    return Status(201, household_ratings.raise_objection(request.user, rating, payload.text))


@router.post("/objections/{int:objection_id}/answer", response=ObjectionOut, summary=_("答复异议"))
def answer(request, objection_id: int, payload: AnswerIn):
    objection = get_objection_for_user(request.user, objection_id)
    return household_ratings.answer_objection(request.user, objection, payload.answer)


# --- sanctions ---------------------------------------------------------------------------------


class SanctionIn(Schema):
    resident: int
    date: datetime.date
    note: str


class SanctionOut(Schema):
    id: int
    resident_id: int
    date: datetime.date
    note: str


@router.get("/sanctions", response=list[SanctionOut], summary=_("村民受处理记录"))
def list_sanctions(request, page: Query[PageQuery]):
    require_capability(request.user, household_ratings.MANAGE)
    return list(visible_sanctions(request.user)[page.offset : page.offset + page.limit])


@router.post("/sanctions", response={201: SanctionOut}, summary=_("登记受处理记录"))
def create_sanction(request, payload: SanctionIn):
    require_capability(request.user, household_ratings.MANAGE)
    resident = Resident.objects.filter(pk=payload.resident).first()
    if resident is None:
        raise Http404
    return Status(201, household_ratings.record_sanction(request.user, resident=resident, date=payload.date, note=payload.note))


# --- selections --------------------------------------------------------------------------------


class RoundIn(Schema):
    region: str
    kind: str
    title: str
    votes_per_address: int | None = None


class RoundOut(Schema):
    id: int
    region: str = Field(..., alias="region_id")
    kind: str
    title: str
    state: str
    votes_per_address: int


class NominationIn(Schema):
    nominee: int
    story: str
    evidence: str


class NominationOut(Schema):
    id: int
    round_id: int
    nominee_id: int
    nominee_name: str
    story: str
    status: str

    @staticmethod
    def resolve_nominee_name(nomination):
        return nomination.nominee.name


class ReviewIn(Schema):
    accept: bool
    note: str = ""


class VoteIn(Schema):
    nomination: int


class VoteOut(Schema):
    round_id: int
    nomination_id: int


class ResultOut(Schema):
    nomination_id: int
    nominee_name: str
    votes: int


class ResultsOut(Schema):
    round_id: int
    total_votes: int
    results: list[ResultOut]


@router.get("/rounds", response=list[RoundOut], summary=_("评选列表"))
def list_rounds(request, page: Query[PageQuery]):
    _require_any(request.user, "selection.view", selections.VOTE)
    return list(visible_rounds(request.user)[page.offset : page.offset + page.limit])


@router.post("/rounds", response={201: RoundOut}, summary=_("发起评选"))
def create_round(request, payload: RoundIn):
    selection_round = selections.create_round(request.user, region=payload.region.strip(), kind=payload.kind,
                                              title=payload.title, votes_per_address=payload.votes_per_address)
    return Status(201, selection_round)


@router.get("/rounds/{int:round_id}/nominations", response=list[NominationOut], summary=_("推荐人选"))
def list_nominations(request, round_id: int):
    selection_round = get_round_for_user(request.user, round_id)
    queryset = selection_round.nominations.select_related("nominee")
    if not posts_with_capability(request.user, "selection.view"):
        queryset = queryset.filter(status="accepted")
    return list(queryset)


@router.post("/rounds/{int:round_id}/nominations", response={201: NominationOut}, summary=_("推荐人选"))
def nominate(request, round_id: int, payload: NominationIn):
    selection_round = get_round_for_user(request.user, round_id)
    nominee = Resident.objects.filter(pk=payload.nominee).first()
    nomination = selections.nominate(request.user, selection_round, nominee=nominee, story=payload.story,
                                     evidence=payload.evidence)
    return Status(201, nomination)


@router.post("/nominations/{int:nomination_id}/review", response=NominationOut, summary=_("审核推荐(入围/不入围)"))
def review(request, nomination_id: int, payload: ReviewIn):
    nomination = get_nomination_for_user(request.user, nomination_id)
    return selections.review_nomination(request.user, nomination, accept=payload.accept, note=payload.note)


@router.post("/rounds/{int:round_id}/voting", response=RoundOut, summary=_("开始投票"))
def open_voting(request, round_id: int):
    return selections.open_voting(request.user, get_round_for_user(request.user, round_id))


@router.post("/rounds/{int:round_id}/close", response=RoundOut, summary=_("结束投票并公布结果"))
def close(request, round_id: int):
    return selections.close_round(request.user, get_round_for_user(request.user, round_id))


@router.post("/rounds/{int:round_id}/votes", response={201: VoteOut}, summary=_("投票(每人每次评选一票)"))
def vote(request, round_id: int, payload: VoteIn):
    selection_round = get_round_for_user(request.user, round_id)
    nomination = selection_round.nominations.filter(pk=payload.nomination).first()
    return Status(201, selections.cast_vote(request.user, selection_round, nomination))


@router.get("/rounds/{int:round_id}/results", response=ResultsOut, summary=_("评选结果(结束后公布)"))
def results(request, round_id: int):
    selection_round = get_round_for_user(request.user, round_id)
    rows = selections.results(selection_round)
    if rows is None:
        raise Http404(_("评选结束后公布结果。"))
    return {
        "round_id": selection_round.pk,
        "total_votes": sum(row.vote_count for row in rows),
        "results": [{"nomination_id": row.pk, "nominee_name": row.nominee.name, "votes": row.vote_count}
                    for row in rows],
    }
