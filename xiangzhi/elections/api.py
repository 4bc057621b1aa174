"""/api/v1/elections: elections (voter list, objections, candidates, counts), recall, 民主评议,
村规民约 / 自治章程. Every write goes through the actions; errors are 422 with Chinese messages."""

import datetime

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from xiangzhi.accounts.permissions import require_capability

from . import appraisals, charters, elections, objections, recalls
from .models import Appraisal, Charter, Election, Recall

router = Router(tags=[_("选举与村规民约")])


class RegionRef(Schema):
    code: str
    name: str


class ElectionOut(Schema):
    id: int
    region: RegionRef
    title: str
    election_day: datetime.date
    seats: int
    state: str
    list_published_on: datetime.date | None


class CandidateOut(Schema):
    id: int
    voter_id: int
    name: str = Field(alias="voter.name")
    position: str
    elected: bool

    @staticmethod
    def resolve_elected(candidate):
        return candidate.elected_in_id is not None


class VoteOut(Schema):
    candidate_id: int
    votes: int
    elected: bool


class RoundOut(Schema):
    number: int
    kind: str
    held_on: datetime.date
    registered: int
    ballots_cast: int
    seats_open: int
    rule: str
    votes: list[VoteOut]

    @staticmethod
    def resolve_votes(election_round):
        return list(election_round.votes.all())


class ElectionDetailOut(ElectionOut):
    voters: int = Field(alias="voter_count")
    candidates: list[CandidateOut] = Field(alias="candidate_list")
    rounds: list[RoundOut] = Field(alias="round_list")


class ElectionIn(Schema):
    region: str = Field(max_length=15)
    election_day: str
    seats: int | None = None
    title: str = ""


class CandidateIn(Schema):
    voter: int
    position: str = ""


class RoundIn(Schema):
    registered: int | None = None
    ballots_cast: int | None = None
    votes: dict[str, int] = {}
    declared: list[int] | None = None
    held_on: datetime.date | None = None


class VoterOut(Schema):
    id: int
    resident_id: int
    name: str
    added_by_objection: bool
    removed: bool


class ObjectionOut(Schema):
    id: int
    election_id: int
    kind: str
    subject_id: int
    objector: str
    reason: str
    lodged_on: datetime.date
    state: str
    deadline: datetime.datetime | None
    answer: str


class ObjectionIn(Schema):
    kind: str = ""
    subject: int | None = None
    objector: str = ""
    reason: str = ""
    lodged_on: datetime.date | None = None


class AnswerIn(Schema):
    upheld: bool
    answer: str = ""


def _election_detail(request, pk):
    election = elections.get_election_for_user(request.user, pk)
    election.voter_count = election.voters.current().count()
    election.candidate_list = elections.candidates_of(election)
    election.round_list = elections.rounds_of(election)
    return election


@router.get("/", response=list[ElectionOut], summary=_("选举列表"))
@paginate
def list_elections(request):
    require_capability(request.user, Election.view_capability)
    return elections.visible_elections(request.user)


@router.post("/", response={201: ElectionDetailOut}, summary=_("安排换届选举"))
def create_election(request, payload: ElectionIn):
    election = elections.create_election(
        request.user, region=payload.region, election_day=payload.election_day, seats=payload.seats, title=payload.title
    )
    return Status(201, _election_detail(request, election.pk))


@router.get("/{int:election_id}", response=ElectionDetailOut, summary=_("选举详情"))
def get_election(request, election_id: int):
    return _election_detail(request, election_id)


@router.post("/{int:election_id}/publish", response=ElectionDetailOut, summary=_("生成并公布选民名单"))
def publish(request, election_id: int):
    elections.publish_voter_list(request.user, elections.get_election_for_user(request.user, election_id))
    return _election_detail(request, election_id)


@router.get("/{int:election_id}/voters", response=list[VoterOut], summary=_("选民名单"))
@paginate
def voters(request, election_id: int):
    return elections.voter_list(elections.get_election_for_user(request.user, election_id))


@router.post("/{int:election_id}/candidates", response={201: ElectionDetailOut}, summary=_("登记候选人"))
def add_candidate(request, election_id: int, payload: CandidateIn):
    election = elections.get_election_for_user(request.user, election_id)
    elections.add_candidate(request.user, election, voter=payload.voter, position=payload.position)
    return Status(201, _election_detail(request, election_id))


@router.post("/{int:election_id}/rounds", response={201: ElectionDetailOut}, summary=_("录入计票结果"))
def record_round(request, election_id: int, payload: RoundIn):
    election = elections.get_election_for_user(request.user, election_id)
    elections.record_round(
        request.user, election, registered=payload.registered, ballots_cast=payload.ballots_cast,
        votes=payload.votes, declared=payload.declared, held_on=payload.held_on,
    )
    return Status(201, _election_detail(request, election_id))


@router.get("/{int:election_id}/objections", response=list[ObjectionOut], summary=_("选民名单异议"))
def list_objections(request, election_id: int):
    election = elections.get_election_for_user(request.user, election_id)
    return list(election.objections.order_by("lodged_on", "id"))


@router.post("/{int:election_id}/objections", response={201: ObjectionOut}, summary=_("登记选民名单异议"))
def lodge_objection(request, election_id: int, payload: ObjectionIn):
    election = elections.get_election_for_user(request.user, election_id)
    objection = objections.lodge_objection(
        request.user, election, kind=payload.kind, subject=payload.subject, objector=payload.objector,
        reason=payload.reason, lodged_on=payload.lodged_on,
    )
    return Status(201, objection)


@router.post("/objections/{int:objection_id}/answer", response=ObjectionOut, summary=_("答复异议"))
def answer_objection(request, objection_id: int, payload: AnswerIn):
    objection = objections.get_objection_for_user(request.user, objection_id)
    objections.answer_objection(request.user, objection, upheld=payload.upheld, answer=payload.answer)
    return objections.get_objection_for_user(request.user, objection_id)


@router.get("/objections/overdue", response=list[ObjectionOut], summary=_("超期未答复的异议"))
@paginate
def overdue_objections(request):
    require_capability(request.user, "election.view")
    return objections.overdue_objections(request.user)


# --- recall -----------------------------------------------------------------------------


class RecallOut(Schema):
    id: int
    region: RegionRef
    membership_id: int
    member: str = Field(alias="membership.resident.name")
    basis: str
    reason: str
    state: str
    signatures: int = Field(alias="signature_count")
    eligible: int | None
    voted_on: datetime.date | None
    registered: int | None
    ballots_cast: int | None
    approve: int | None
    rule: str


class RecallIn(Schema):
    region: str = Field(max_length=15)
    membership: int | None = None
    basis: str = ""
    reason: str = ""


class SignIn(Schema):
    resident: int | None = None


class RecallVoteIn(Schema):
    registered: int | None = None
    ballots_cast: int | None = None
    approve: int | None = None
    voted_on: datetime.date | None = None


@router.get("/recalls", response=list[RecallOut], summary=_("罢免列表"))
@paginate
def list_recalls(request):
    require_capability(request.user, Recall.view_capability)
    return recalls.visible_recalls(request.user)


@router.post("/recalls", response={201: RecallOut}, summary=_("登记罢免要求"))
def open_recall(request, payload: RecallIn):
    recall = recalls.open_recall(
        request.user, region=payload.region, membership=payload.membership, basis=payload.basis, reason=payload.reason
    )
    return Status(201, recalls.get_recall_for_user(request.user, recall.pk))


@router.get("/recalls/{int:recall_id}", response=RecallOut, summary=_("罢免详情"))
def get_recall(request, recall_id: int):
    return recalls.get_recall_for_user(request.user, recall_id)


@router.post("/recalls/{int:recall_id}/signatures", response={201: dict}, summary=_("联名(村民本人,或村干部登记书面联名)"))
def sign(request, recall_id: int, payload: SignIn):
    if payload.resident is None:
        recall = recalls.get_petitionable_recall(request.user, recall_id)
    else:
        recall = recalls.get_recall_for_user(request.user, recall_id)
    recalls.sign_recall(request.user, recall, resident=payload.resident)
    valid, eligible, needed = recalls.tally(recall)
    return Status(201, {"signatures": valid, "eligible": eligible, "needed": needed})


@router.post("/recalls/{int:recall_id}/initiate", response=RecallOut, summary=_("提出罢免要求(联名达到法定比例)"))
def initiate(request, recall_id: int):
    recalls.initiate_recall(request.user, recalls.get_recall_for_user(request.user, recall_id))
    return recalls.get_recall_for_user(request.user, recall_id)


@router.post("/recalls/{int:recall_id}/vote", response=RecallOut, summary=_("录入罢免表决结果"))
def recall_vote(request, recall_id: int, payload: RecallVoteIn):
    recall = recalls.get_recall_for_user(request.user, recall_id)
    recalls.record_recall_vote(
        request.user, recall, registered=payload.registered, ballots_cast=payload.ballots_cast,
        approve=payload.approve, voted_on=payload.voted_on,
    )
    return recalls.get_recall_for_user(request.user, recall_id)


# --- 民主评议 -----------------------------------------------------------------------------


class RatingOut(Schema):
    membership_id: int
    resident_id: int
    name: str = Field(alias="resident.name")
    rating: str
    office_ended: bool


class AppraisalOut(Schema):
    id: int
    region: RegionRef
    year: int
    held_on: datetime.date
    ratings: list[RatingOut]

    @staticmethod
    def resolve_ratings(appraisal):
        return appraisals.ratings_of(appraisal)


class AppraisalIn(Schema):
    region: str = Field(max_length=15)
    year: int | None = None
    ratings: dict[str, str] = {}
    held_on: datetime.date | None = None


@router.get("/appraisals", response=list[AppraisalOut], summary=_("民主评议列表"))
@paginate
def list_appraisals(request):
    require_capability(request.user, Appraisal.view_capability)
    return appraisals.visible_appraisals(request.user)


@router.post("/appraisals", response={201: AppraisalOut}, summary=_("录入民主评议结果"))
def record_appraisal(request, payload: AppraisalIn):
    appraisal = appraisals.record_appraisal(
        request.user, region=payload.region, year=payload.year, ratings=payload.ratings, held_on=payload.held_on
    )
    return Status(201, appraisals.get_appraisal_for_user(request.user, appraisal.pk))


# --- 村规民约 / 自治章程 --------------------------------------------------------------------


class ArticleOut(Schema):
    number: int
    text: str


class CharterOut(Schema):
    id: int
    region: RegionRef
    kind: str
    version: int
    title: str
    state: str
    resolution_id: int | None
    adopted_on: datetime.date | None
    returned_articles: list[int]
    approved_at: datetime.datetime | None
    articles: list[ArticleOut]

    @staticmethod
    def resolve_articles(charter):
        return charters.articles_of(charter)


class CharterIn(Schema):
    region: str = Field(max_length=15)
    kind: str = ""
    title: str = ""
    articles: list[str] | None = None


class ArticlesIn(Schema):
    articles: list[str] = []
    title: str = ""


class AdoptIn(Schema):
    resolution: int | None = None
    comment: str = ""


class ReviewIn(Schema):
    approve: bool
    articles: list[int] = []
    comment: str = ""


@router.get("/charters", response=list[CharterOut], summary=_("村规民约/自治章程列表"))
@paginate
def list_charters(request, state: str | None = None):
    require_capability(request.user, Charter.view_capability)
    queryset = charters.visible_charters(request.user)
    return queryset.filter(state=state) if state else queryset


@router.post("/charters", response={201: CharterOut}, summary=_("起草(新版本不给条款时复制现行版本)"))
def create_charter(request, payload: CharterIn):
    charter = charters.create_charter(
        request.user, region=payload.region, kind=payload.kind, title=payload.title, articles=payload.articles
    )
    return Status(201, charters.get_charter_for_user(request.user, charter.pk))


@router.get("/charters/{int:charter_id}", response=CharterOut, summary=_("村规民约/自治章程详情"))
def get_charter(request, charter_id: int):
    return charters.get_charter_for_user(request.user, charter_id)


@router.put("/charters/{int:charter_id}/articles", response=CharterOut, summary=_("修改草案条款"))
def update_articles(request, charter_id: int, payload: ArticlesIn):
    charter = charters.get_charter_for_user(request.user, charter_id)
    charters.update_articles(request.user, charter, articles=payload.articles, title=payload.title)
    return charters.get_charter_for_user(request.user, charter_id)


@router.post("/charters/{int:charter_id}/adopt", response=CharterOut, summary=_("记录村民会议通过(须为通过的村民会议决议)"))
def adopt(request, charter_id: int, payload: AdoptIn):
    charter = charters.get_charter_for_user(request.user, charter_id)
    charters.adopt_charter(request.user, charter, resolution_id=payload.resolution, comment=payload.comment)
    return charters.get_charter_for_user(request.user, charter_id)


@router.post("/charters/{int:charter_id}/file", response=CharterOut, summary=_("报乡镇备案"))
def file(request, charter_id: int):
    charters.file_charter(request.user, charters.get_charter_for_user(request.user, charter_id))
    return charters.get_charter_for_user(request.user, charter_id)


@router.post("/charters/{int:charter_id}/review", response=CharterOut, summary=_("乡镇审查备案:通过或退回(列出须修改的条款)"))
def review(request, charter_id: int, payload: ReviewIn):
    charter = charters.get_charter_for_user(request.user, charter_id)
    if payload.approve:
        charters.approve_charter(request.user, charter, comment=payload.comment)
    else:
        charters.return_charter(request.user, charter, articles=payload.articles, comment=payload.comment)
    return charters.get_charter_for_user(request.user, charter_id)
