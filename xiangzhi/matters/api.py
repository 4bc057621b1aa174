"""/api/v1/matters: the 村级协商目录, matters and their steps (①–④ by resolution, failed votes),
⑤ and ⑥ notices, implementation milestones, and the township's bypass flags."""

from datetime import date, datetime

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from xiangzhi.accounts.permissions import require_capability

from . import actions, catalogue, queries
from .models import Matter
from .procedure import matter_workflow

router = Router(tags=[_("四议两公开")])


# --- schemas -----------------------------------------------------------------------------------


class CatalogueItemOut(Schema):
    id: int
    region_code: str
    name: str
    legal_basis: str
    threshold_fen: int | None
    filing_kind: str
    active: bool
    order: int
    replaces_id: int | None


class CatalogueItemIn(Schema):
    region: str = Field(max_length=15)
    name: str = ""
    legal_basis: str = ""
    threshold_fen: int | None = None
    filing_kind: str = ""
    order: int = 100


class CatalogueItemChange(Schema):
    region: str = Field(max_length=15)
    name: str | None = None
    legal_basis: str | None = None
    threshold_fen: int | None = None
    filing_kind: str | None = None
    order: int | None = None
    active: bool | None = None


class StepOut(Schema):
    round: int
    step: int
    step_label: str
    passed: bool
    combined: bool
    comment: str
    resolution_id: int
    meeting_id: int
    body: str
    held_at: datetime | None
    eligible: int
    present: int
    in_favour: int
    against: int
    abstain: int

    @staticmethod
    def resolve_meeting_id(row):
        return row.resolution.meeting_id

    @staticmethod
    def resolve_body(row):
        return row.resolution.meeting.body

    @staticmethod
    def resolve_held_at(row):
        return row.resolution.meeting.held_at

    @staticmethod
    def resolve_eligible(row):
        return row.resolution.eligible

    @staticmethod
    def resolve_present(row):
        return row.resolution.present

    @staticmethod
    def resolve_in_favour(row):
        return row.resolution.in_favour

    @staticmethod
    def resolve_against(row):
        return row.resolution.against

    @staticmethod
    def resolve_abstain(row):
        return row.resolution.abstain


class MilestoneOut(Schema):
    id: int
    title: str
    due_on: date
    progress: int
    note: str
    done_on: date | None
    overdue: bool = Field(alias="is_overdue")


class NoticeOut(Schema):
    id: int
    matter_id: int
    kind: str
    text: str
    published_at: datetime


class MatterOut(Schema):
    id: int
    village: str = Field(alias="village_id")
    title: str
    description: str
    item_id: int | None
    item_name: str | None
    amount_fen: int
    filing_id: int | None
    round: int
    state: str
    state_label: str
    created_at: datetime

    @staticmethod
    def resolve_item_name(matter):
        return matter.item.name if matter.item_id else None


class MatterDetailOut(MatterOut):
    requires_procedure: bool
    missing_step: str | None
    steps: list[StepOut] = Field(alias="step_rows")
    milestones: list[MilestoneOut] = Field(alias="milestone_rows")
    notices: list[NoticeOut] = Field(alias="notice_rows")
    allowed_steps: list[str]


class MatterIn(Schema):
    village: str = Field(max_length=15)
    title: str = ""
    description: str = ""
    item: int | None = None
    amount_fen: int = 0
    filing: int | None = None


class StepIn(Schema):
    step: int
    resolution: int | None = None
    comment: str = ""


class JointIn(Schema):
    resolution: int | None = None
    comment: str = ""


class FailedVoteIn(Schema):
    resolution: int | None = None
    outcome: str = ""
    reason: str = ""


class NoticeIn(Schema):
    text: str = ""


class CommentIn(Schema):
    comment: str = ""


class FilingIn(Schema):
    filing: int | None = None


class MilestoneIn(Schema):
    title: str = ""
    due_on: date | None = None
    progress: int = 0


class ProgressIn(Schema):
    progress: int
    note: str = ""


class BypassOut(Schema):
    kind: str
    id: int
    village: str
    title: str
    missing: str


def _detail(request, matter):
    matter = queries.get_matter_for_user(request.user, matter.pk)
    matter.requires_procedure, matter.missing_step = queries.trail_status(matter)
    matter.step_rows = queries.steps_of(matter)
    matter.milestone_rows = queries.milestones_of(matter)
    matter.notice_rows = queries.notices_of(matter)
    matter.allowed_steps = [transition.name for transition in matter_workflow.allowed_transitions(request.user, matter)]
    return matter


# --- catalogue ---------------------------------------------------------------------------------


@router.get("/catalogue", response=list[CatalogueItemOut], summary=_("村级协商目录(本县适用的全部目录项)"))
def list_catalogue(request, region: str | None = None):
    _region, items = catalogue.readable_catalogue(request.user, region)
    return items


@router.get("/catalogue/{int:item_id}", response=CatalogueItemOut, summary=_("目录项详情"))
def get_catalogue_item(request, item_id: int):
    return catalogue.get_item_for_user(request.user, item_id)


@router.post("/catalogue", response={201: CatalogueItemOut}, summary=_("新增本县目录项"))
def add_catalogue_item(request, payload: CatalogueItemIn):
    region = catalogue.catalogue_region_for(request.user, payload.region)
    values = payload.dict(exclude={"region"})
    return Status(201, catalogue.add_item(request.user, region, **values))


@router.patch("/catalogue/{int:item_id}", response=CatalogueItemOut, summary=_("调整或停用目录项"))
def update_catalogue_item(request, item_id: int, payload: CatalogueItemChange):
    region = catalogue.catalogue_region_for(request.user, payload.region)
    item = catalogue.get_item_in(region.code, item_id)
    changes = payload.dict(exclude={"region"}, exclude_unset=True)
    return catalogue.update_item(request.user, region, item, **changes)


# --- matters -----------------------------------------------------------------------------------


@router.get("", response=list[MatterOut], summary=_("事项列表"))
@paginate
def list_matters(request, state: str | None = None, village: str | None = None):
    require_capability(request.user, Matter.view_capability)
    return queries.open_filter(queries.visible_matters(request.user), state, village)


@router.post("", response={201: MatterDetailOut}, summary=_("登记事项"))
def create_matter(request, payload: MatterIn):
    matter = actions.create_matter(
        request.user, payload.village, title=payload.title, description=payload.description, item=payload.item,
        amount_fen=payload.amount_fen, filing=payload.filing,
    )
    return Status(201, _detail(request, matter))


@router.get("/supervision", response=list[BypassOut], summary=_("绕过四议两公开的事项和备案(乡镇督导)"))
def supervision(request, region: str | None = None):
    scope = queries.supervised_region(request.user, region)
    flagged = [
        {"kind": "matter", "id": matter.pk, "village": matter.village_id, "title": matter.title,
         "missing": str(matter.missing)}
        for matter in queries.bypassed_matters(scope.code)
    ]
    flagged += [
        {"kind": "filing", "id": filing.pk, "village": filing.region_id, "title": filing.title,
         "missing": str(filing.missing)}
        for filing in queries.bypassed_filings(scope.code)
    ]
    return flagged


@router.get("/{int:matter_id}", response=MatterDetailOut, summary=_("事项详情(含步骤、实施节点、公开)"))
def get_matter(request, matter_id: int):
    return _detail(request, queries.get_matter_for_user(request.user, matter_id))


@router.post("/{int:matter_id}/steps", response=MatterDetailOut, summary=_("记录①–④(以会议决议为据)"))
def record_step(request, matter_id: int, payload: StepIn):
    matter = queries.get_matter_for_user(request.user, matter_id)
    actions.record_step(request.user, matter, payload.step, resolution_id=payload.resolution, comment=payload.comment)
    return _detail(request, matter)


@router.post("/{int:matter_id}/joint-proposal", response=MatterDetailOut,
             summary=_("①+② 一次“两委”会议提议并商议(书记、主任一肩挑)"))
def record_joint(request, matter_id: int, payload: JointIn):
    matter = queries.get_matter_for_user(request.user, matter_id)
    actions.record_joint_proposal(request.user, matter, resolution_id=payload.resolution, comment=payload.comment)
    return _detail(request, matter)


@router.post("/{int:matter_id}/failed-vote", response=MatterDetailOut,
             summary=_("②–④表决未通过:退回①(restart)或终止(abandon)"))
def record_failed(request, matter_id: int, payload: FailedVoteIn):
    matter = queries.get_matter_for_user(request.user, matter_id)
    actions.record_failed_vote(
        request.user, matter, resolution_id=payload.resolution, outcome=payload.outcome, reason=payload.reason
    )
    return _detail(request, matter)


@router.post("/{int:matter_id}/filing", response=MatterDetailOut, summary=_("关联重大事项备案"))
def link_filing(request, matter_id: int, payload: FilingIn):
    matter = queries.get_matter_for_user(request.user, matter_id)
    actions.link_filing(request.user, matter, payload.filing)
    return _detail(request, matter)


@router.post("/{int:matter_id}/notices/resolution", response={201: NoticeOut}, summary=_("⑤ 决议公开"))
def publish_resolution(request, matter_id: int, payload: NoticeIn):
    matter = queries.get_matter_for_user(request.user, matter_id)
    return Status(201, actions.publish_resolution(request.user, matter, text=payload.text))


@router.post("/{int:matter_id}/milestones", response={201: MilestoneOut}, summary=_("添加实施节点"))
def add_milestone(request, matter_id: int, payload: MilestoneIn):
    matter = queries.get_matter_for_user(request.user, matter_id)
    return Status(201, actions.add_milestone(
        request.user, matter, title=payload.title, due_on=payload.due_on, progress=payload.progress
    ))


@router.patch("/milestones/{int:milestone_id}", response=MilestoneOut, summary=_("更新实施进度"))
def update_milestone(request, milestone_id: int, payload: ProgressIn):
    milestone = queries.get_milestone_for_user(request.user, milestone_id)
    return actions.update_milestone(request.user, milestone, progress=payload.progress, note=payload.note)


@router.post("/{int:matter_id}/implemented", response=MatterDetailOut, summary=_("标记实施完成"))
def implemented(request, matter_id: int, payload: CommentIn):
    matter = queries.get_matter_for_user(request.user, matter_id)
    actions.mark_implemented(request.user, matter, comment=payload.comment)
    return _detail(request, matter)


@router.post("/{int:matter_id}/notices/result", response={201: NoticeOut}, summary=_("⑥ 实施结果公开(事项办结)"))
def publish_result(request, matter_id: int, payload: NoticeIn):
    matter = queries.get_matter_for_user(request.user, matter_id)
    return Status(201, actions.publish_result(request.user, matter, text=payload.text))


@router.get("/{int:matter_id}/notices", response=list[NoticeOut], summary=_("事项的公开"))
def list_notices(request, matter_id: int):
    return queries.notices_of(queries.get_matter_for_user(request.user, matter_id))
