"""/api/v1/points: rules, ledger entries (proposals, approval, reversal), balances and appeals."""

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, File, Form, Query, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.responses import Status

from xiangzhi.accounts.permissions import require_capability

from . import appeals, awards, ledger, rules
from .models import Appeal, PointsEntry, Proposal, RuleSet
from .queries import VIEW, get_household_for_user, households_with_balances

router = Router(tags=[gettext_lazy("积分制")])


# --- rules -----------------------------------------------------------------------------------


class RuleItemOut(Schema):
    id: int
    code: str
    name: str
    points: int
    evidence_required: bool


class RuleSetOut(Schema):
    id: int
    village_code: str
    version: int
    title: str
    state: str
    adopted_by_body: str
    adopted_on: datetime.date | None
    resolution_id: int | None
    items: list[RuleItemOut]

    @staticmethod
    def resolve_village_code(obj):
        return obj.village_id

    @staticmethod
    def resolve_items(obj):
        return list(obj.items.all())


class RuleSetQuery(Schema):
    village: str = Field("", description="只看该村")


@router.get("/rules", response=list[RuleSetOut], summary=_("积分细则(各版本)"))
@paginate(LimitOffsetPagination)
def list_rules(request, filters: Query[RuleSetQuery]):
    require_capability(request.user, VIEW)
    queryset = RuleSet.objects.visible_to(request.user).prefetch_related("items")
    if filters.village.strip():
        queryset = queryset.filter(village_id=filters.village.strip())
    return queryset.order_by("village_id", "-version")


class DraftIn(Schema):
    village: str = Field(..., description="村的区划代码")
    title: str = Field(..., max_length=100)


@router.post("/rules", response={201: RuleSetOut}, summary=_("起草新版本积分细则(沿用现行版本的项目)"))
def create_rule_set(request, payload: DraftIn):
    require_capability(request.user, rules.MANAGE)
    rule_set = rules.create_draft(request.user, payload.village.strip(), title=payload.title)
    return Status(201, RuleSet.objects.prefetch_related("items").get(pk=rule_set.pk))


class ItemIn(Schema):
    code: str = Field(..., description="项目代码,如 meeting_attendance、volunteer_hour")
    name: str
    points: int = Field(..., description="加分为正,扣分为负")
    evidence_required: bool = False


@router.post("/rules/{rule_set_id}/items", response={201: RuleItemOut}, summary=_("草案中增加积分项目"))
def add_rule_item(request, rule_set_id: int, payload: ItemIn):
    require_capability(request.user, rules.MANAGE)
    rule_set = rules.get_rule_set_for_user(request.user, rule_set_id)
    item = rules.add_item(request.user, rule_set, **payload.dict())
    return Status(201, item)


class AdoptIn(Schema):
    resolution: int | None = Field(None, description="村民会议或村民代表会议通过该细则的决议编号")
    adopted_on: datetime.date | None = Field(None, description="没有会议记录时:通过日期")
    body: str = Field("", description="没有会议记录时:villagers_assembly(村民会议)或 representatives(村民代表会议)")


@router.post("/rules/{rule_set_id}/adopt", response=RuleSetOut, summary=_("通过草案,施行并废止旧版本"))
def adopt_rule_set(request, rule_set_id: int, payload: AdoptIn):
    require_capability(request.user, rules.MANAGE)
    rule_set = rules.get_rule_set_for_user(request.user, rule_set_id)
    rules.adopt(request.user, rule_set, resolution_id=payload.resolution, adopted_on=payload.adopted_on,
                body=payload.body)
    return RuleSet.objects.prefetch_related("items").get(pk=rule_set.pk)


# --- entries and proposals -----------------------------------------------------------------


class EntryOut(Schema):
    id: int
    village_code: str
    household_id: int
    points: int
    kind: str
    reason: str
    rule_item_id: int | None
    rule_version: int | None
    refers_to_id: int | None
    reversed: bool
    created_at: datetime.datetime

    @staticmethod
    def resolve_village_code(obj):
        return obj.village_id

    @staticmethod
    def resolve_rule_version(obj):
        return obj.rule_item.rule_set.version if obj.rule_item_id else None

    @staticmethod
    def resolve_reversed(obj):
        return bool(getattr(obj, "reversed_flag", False))


def entries_queryset(queryset):
    from django.db.models import Exists, OuterRef

    return queryset.select_related("rule_item__rule_set").annotate(
        reversed_flag=Exists(PointsEntry.objects.filter(refers_to=OuterRef("pk"), kind="reversal"))
    ).order_by("-created_at", "-id")


class EntryQuery(Schema):
    household: int | None = Field(None, description="只看该户")
    village: str = Field("", description="只看该村")


@router.get("/entries", response=list[EntryOut], summary=_("积分台账"))
@paginate(LimitOffsetPagination)
def list_entries(request, filters: Query[EntryQuery]):
    require_capability(request.user, VIEW)
    queryset = PointsEntry.objects.visible_to(request.user)
    if filters.household is not None:
        queryset = queryset.filter(household_id=filters.household)
    if filters.village.strip():
        queryset = queryset.within(filters.village.strip())
    return entries_queryset(queryset)


class ProposalIn(Schema):
    household: int = Field(..., description="户的编号(id)")
    rule_item: int = Field(..., description="现行细则中积分项目的编号(id)")
    note: str = Field("", description="情况说明")
    grid_event: int | None = Field(None, description="关联的网格事件编号")


class ProposalOut(Schema):
    id: int
    village_code: str
    household_id: int
    rule_item_id: int
    points: int
    note: str
    has_photo: bool
    grid_event_id: int | None
    state: str
    decision_note: str
    entry_id: int | None
    proposed_at: datetime.datetime

    @staticmethod
    def resolve_village_code(obj):
        return obj.village_id

    @staticmethod
    def resolve_has_photo(obj):
        return bool(obj.photo)


@router.get("/proposals", response=list[ProposalOut], summary=_("积分提议"))
@paginate(LimitOffsetPagination)
def list_proposals(request, state: str = ""):
    require_capability(request.user, VIEW)
    queryset = Proposal.objects.visible_to(request.user)
    if state:
        queryset = queryset.filter(state=state)
    return queryset.order_by("-proposed_at", "-id")


@router.post("/proposals", response={201: ProposalOut}, summary=_("提议加分或扣分(multipart:可附照片 photo)"))
def create_proposal(request, payload: Form[ProposalIn], photo: File[UploadedFile] = None):
    require_capability(request.user, awards.PROPOSE)
    household = get_household_for_user(request.user, payload.household, awards.PROPOSE)
    proposal = awards.propose(
        request.user, household, rule_item_id=payload.rule_item, note=payload.note, photo=photo,
        grid_event_id=payload.grid_event,
    )
    return Status(201, proposal)


class DecisionIn(Schema):
    note: str = Field("", description="道德评议会的评议意见(不予通过时必填)")


@router.post("/proposals/{proposal_id}/approve", response=EntryOut, summary=_("道德评议会通过:记入台账"))
def approve_proposal(request, proposal_id: int, payload: DecisionIn):
    require_capability(request.user, awards.APPROVE)
    proposal = awards.get_proposal_for_user(request.user, proposal_id)
    proposal = awards.approve(request.user, proposal, note=payload.note)
    return entries_queryset(PointsEntry.objects.filter(pk=proposal.entry_id)).get()


@router.post("/proposals/{proposal_id}/reject", response=ProposalOut, summary=_("道德评议会不予通过"))
def reject_proposal(request, proposal_id: int, payload: DecisionIn):
    require_capability(request.user, awards.APPROVE)
    proposal = awards.get_proposal_for_user(request.user, proposal_id)
    return awards.reject(request.user, proposal, note=payload.note)


class ReverseIn(Schema):
    reason: str = Field(..., description="冲正理由")


@router.post("/entries/{entry_id}/reverse", response={201: EntryOut}, summary=_("冲正一条记录(新增一条相反记录)"))
def reverse_entry(request, entry_id: int, payload: ReverseIn):
    require_capability(request.user, awards.APPROVE)
    entry = awards.get_entry_for_user(request.user, entry_id)
    reversal = awards.reverse_entry(request.user, entry, reason=payload.reason)
    return Status(201, entries_queryset(PointsEntry.objects.filter(pk=reversal.pk)).get())


# --- balances --------------------------------------------------------------------------------


class BalanceOut(Schema):
    household_id: int
    village_code: str
    head_name: str | None
    balance: int

    @staticmethod
    def resolve_household_id(obj):
        return obj.pk

    @staticmethod
    def resolve_village_code(obj):
        return obj.region.village_code()

    @staticmethod
    def resolve_balance(obj):
        return obj.points_balance


@router.get("/balances", response=list[BalanceOut], summary=_("各户积分余额(按户编号排列,不排名)"))
@paginate(LimitOffsetPagination)
def list_balances(request, village: str = ""):
    require_capability(request.user, VIEW)
    queryset = households_with_balances(request.user)
    if village.strip():
        queryset = queryset.within(village.strip())
    return queryset


@router.get("/balances/{household_id}", response=BalanceOut, summary=_("一户的积分余额"))
def get_balance(request, household_id: int):
    require_capability(request.user, VIEW)
    return get_household_for_user(request.user, household_id)


class MineOut(Schema):
    household_id: int | None
    balance: int
    entries: list[EntryOut]


@router.get("/mine", response=MineOut, summary=_("我家的积分余额和明细"))
def my_points(request):
    require_capability(request.user, appeals.OWN)
    household = appeals.household_of(request.user)
    if household is None:
        return {"household_id": None, "balance": 0, "entries": []}
    return {
        "household_id": household.pk, "balance": ledger.balance(household),
        "entries": list(entries_queryset(appeals.own_entries(request.user))[:200]),
    }


# --- appeals ---------------------------------------------------------------------------------


class AppealIn(Schema):
    entry: int = Field(..., description="申诉的积分记录编号")
    reason: str


class AppealOut(Schema):
    id: int
    entry_id: int
    reason: str
    state: str
    answer: str
    reversal_id: int | None
    filed_at: datetime.datetime
    answered_at: datetime.datetime | None


@router.post("/appeals", response={201: AppealOut}, summary=_("对本户的一条积分记录提出申诉"))
def create_appeal(request, payload: AppealIn):
    require_capability(request.user, appeals.OWN)
    entry = appeals.get_own_entry(request.user, payload.entry)
    return Status(201, appeals.file_appeal(request.user, entry, reason=payload.reason))


@router.get("/appeals", response=list[AppealOut], summary=_("积分申诉"))
@paginate(LimitOffsetPagination)
def list_appeals(request, state: str = ""):
    require_capability(request.user, VIEW)
    queryset = Appeal.objects.visible_to(request.user)
    if state:
        queryset = queryset.filter(state=state)
    return queryset.order_by("-filed_at", "-id")


class AnswerIn(Schema):
    uphold: bool = Field(..., description="true:申诉成立,冲正原记录;false:申诉不成立")
    answer: str = Field(..., description="答复理由")


@router.post("/appeals/{appeal_id}/answer", response=AppealOut, summary=_("答复申诉"))
def answer_appeal(request, appeal_id: int, payload: AnswerIn):
    require_capability(request.user, appeals.ANSWER)
    appeal = appeals.get_appeal_for_user(request.user, appeal_id)
    return appeals.answer_appeal(request.user, appeal, uphold=payload.uphold, answer=payload.answer)
