"""/api/v1/disclosure: the catalogue, disclosures and their procedure, questions, the
village's due calendar and a township's compliance."""

import datetime
from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from xiangzhi.accounts.permissions import require_capability

from . import catalogue, compliance, disclosures, questions
from .disclosures import disclosure_workflow
from .models import Disclosure

router = Router(tags=[gettext_lazy("三务公开")])


# --- catalogue ---------------------------------------------------------------------------------


class RegionQuery(Schema):
    region: str = Field("", description="县的区划代码(或全区 45);只管理一个目录时可不填")


class ItemOut(Schema):
    id: int
    region_code: str
    category: str
    name: str
    cadence: str
    legal_basis: str
    generator: str
    active: bool
    order: int
    replaces_id: int | None
    shared: bool

    @staticmethod
    def resolve_shared(item):
        return item.is_shared


class ItemIn(Schema):
    category: str = Field(..., description="party、village、finance")
    name: str
    cadence: str = Field(..., description="monthly、quarterly、yearly、immediate、per_event")
    legal_basis: str = ""
    generator: str = Field("", description="空,或 finance_monthly")
    order: int = 100


class ItemUpdateIn(Schema):
    category: str | None = None
    name: str | None = None
    cadence: str | None = None
    legal_basis: str | None = None
    generator: str | None = None
    order: int | None = None
    active: bool | None = None


@router.get("/catalogue", response=list[ItemOut], summary=_("公开目录(全区统一的和本县的)"))
def list_items(request, query: Query[RegionQuery]):
    region = catalogue.catalogue_region_for(request.user, query.region.strip())
    return list(catalogue.items_of(region.code))


@router.post("/catalogue", response={201: ItemOut}, summary=_("新增目录项"))
def create_item(request, payload: ItemIn, query: Query[RegionQuery]):
    region = catalogue.catalogue_region_for(request.user, query.region.strip())
    return Status(201, catalogue.add_item(request.user, region, **payload.dict()))


@router.post("/catalogue/{int:item_id}", response=ItemOut, summary=_("修改、停用或启用目录项(统一目录项由本县另存一份)"))
def update_item(request, item_id: int, payload: ItemUpdateIn, query: Query[RegionQuery]):
    region = catalogue.catalogue_region_for(request.user, query.region.strip())
    item = catalogue.get_item_in(region.code, item_id)
    return catalogue.update_item(request.user, region, item, **payload.dict())


# --- disclosures -----------------------------------------------------------------------------


class TableSchema(Schema):
    columns: list[str]
    rows: list[list[Any]]


class DisclosureOut(Schema):
    id: int
    village_code: str
    village_name: str
    item_id: int
    item_name: str
    period: str
    title: str
    state: str
    state_label: str
    corrects_id: int | None
    countersigned_by: str | None
    published_at: datetime.datetime | None
    public_url: str | None

    @staticmethod
    def resolve_village_code(d):
        return d.village_id

    @staticmethod
    def resolve_village_name(d):
        return d.village.name

    @staticmethod
    def resolve_item_name(d):
        return d.item.name

    @staticmethod
    def resolve_state_label(d):
        return str(disclosure_workflow.state_label(d.state))

    @staticmethod
    def resolve_countersigned_by(d):
        return str(d.countersigned_by) if d.countersigned_by_id else None

    @staticmethod
    def resolve_public_url(d):
        return disclosures.public_url(d) if d.is_published else None


class DisclosureDetailOut(DisclosureOut):
    body: str
    table: dict
    figures: dict
    attachments: list[dict]
    history: list[dict]
    allowed_steps: list[str]
    log_index: int | None

    @staticmethod
    def resolve_attachments(d):
        return d.attachments_list


class DraftIn(Schema):
    village: str = Field(..., max_length=15)
    item: int
    period: str = ""
    title: str = ""
    body: str = ""
    table: dict | None = None


class UpdateIn(Schema):
    period: str | None = None
    title: str | None = None
    body: str | None = None
    table: dict | None = None


class CorrectIn(Schema):
    title: str
    body: str = ""
    table: dict | None = None


class CommentIn(Schema):
    comment: str = ""


class ReturnIn(Schema):
    reason: str


def _detail(request, pk):
    from xiangzhi.translog.log import entry_for

    disclosure = disclosures.get_disclosure_for_user(request.user, pk)
    disclosure.attachments_list = [
        {"name": a.name, "size": a.size, "sha256": a.sha256} for a in disclosure.attachments.all()
    ]
    disclosure.history = [
        {"transition": step.transition, "label": str(disclosure_workflow.step_label(step.transition)),
         "from_state": step.from_state, "to_state": step.to_state, "actor": str(step.actor),
         "comment": step.comment, "occurred_at": step.occurred_at.isoformat()}
        for step in disclosure_workflow.history(disclosure)
    ]
    disclosure.allowed_steps = [t.name for t in disclosure_workflow.allowed_transitions(request.user, disclosure)]
    entry = entry_for(disclosure, disclosures.LOG_KIND) if disclosure.is_published else None
    disclosure.log_index = entry.index if entry else None
    return disclosure


@router.get("/disclosures", response=list[DisclosureOut], summary=_("公开事项列表"))
@paginate
def list_disclosures(request, state: str = "", village: str = ""):
    require_capability(request.user, Disclosure.view_capability)
    queryset = disclosures.visible_disclosures(request.user)
    if state:
        queryset = queryset.filter(state=state)
    if village:
        queryset = queryset.filter(village_id=village)
    return queryset


@router.post("/disclosures", response={201: DisclosureDetailOut}, summary=_("拟稿(财务收支由账务数据生成)"))
def create_disclosure(request, payload: DraftIn):
    require_capability(request.user, disclosures.DRAFT)
    disclosure = disclosures.draft_disclosure(request.user, payload.village, **payload.dict(exclude={"village"}))
    return Status(201, _detail(request, disclosure.pk))


@router.get("/disclosures/{int:disclosure_id}", response=DisclosureDetailOut, summary=_("公开事项详情"))
def get_disclosure(request, disclosure_id: int):
    return _detail(request, disclosure_id)


@router.post("/disclosures/{int:disclosure_id}", response=DisclosureDetailOut,
             summary=_("修改草稿(已提交会签或已公开的不能修改)"))
def update_disclosure(request, disclosure_id: int, payload: UpdateIn):
    disclosure = disclosures.get_disclosure_for_user(request.user, disclosure_id)
    disclosures.update_draft(request.user, disclosure, **payload.dict())
    return _detail(request, disclosure_id)


def _step(request, disclosure_id, action, **kwargs):
    disclosure = disclosures.get_disclosure_for_user(request.user, disclosure_id)
    action(request.user, disclosure, **kwargs)
    return _detail(request, disclosure_id)


@router.post("/disclosures/{int:disclosure_id}/submit", response=DisclosureDetailOut, summary=_("提交会签"))
def submit(request, disclosure_id: int, payload: CommentIn):
    return _step(request, disclosure_id, disclosures.submit_disclosure, comment=payload.comment)


@router.post("/disclosures/{int:disclosure_id}/countersign", response=DisclosureDetailOut,
             summary=_("会签(村务监督委员会)"))
def countersign(request, disclosure_id: int, payload: CommentIn):
    return _step(request, disclosure_id, disclosures.countersign_disclosure, comment=payload.comment)


@router.post("/disclosures/{int:disclosure_id}/return", response=DisclosureDetailOut, summary=_("退回(须写理由)"))
def return_(request, disclosure_id: int, payload: ReturnIn):
    return _step(request, disclosure_id, disclosures.return_disclosure, reason=payload.reason)


@router.post("/disclosures/{int:disclosure_id}/publish", response=DisclosureDetailOut,
             summary=_("发布(须已会签;写入公开日志)"))
def publish(request, disclosure_id: int, payload: CommentIn):
    return _step(request, disclosure_id, disclosures.publish_disclosure, comment=payload.comment)


@router.post("/disclosures/{int:disclosure_id}/correct", response={201: DisclosureDetailOut},
             summary=_("对已公开内容拟更正稿"))
def correct(request, disclosure_id: int, payload: CorrectIn):
    original = disclosures.get_disclosure_for_user(request.user, disclosure_id)
    correction = disclosures.correct_disclosure(request.user, original, **payload.dict())
    return Status(201, _detail(request, correction.pk))


# --- questions -----------------------------------------------------------------------------------


class QuestionOut(Schema):
    id: int
    disclosure_id: int
    asker: str
    text: str
    asked_at: datetime.datetime
    deadline: datetime.datetime
    answer: str
    answered_at: datetime.datetime | None
    overdue: bool

    @staticmethod
    def resolve_asker(question):
        return questions.mask_name(question.asked_by.full_name or question.asked_by.username)

    @staticmethod
    def resolve_overdue(question):
        return question.is_overdue


class AskIn(Schema):
    text: str


class AnswerIn(Schema):
    answer: str


@router.get("/disclosures/{int:disclosure_id}/questions", response=list[QuestionOut], auth=None,
            summary=_("已公开事项的提问与答复(公开,无需登录)"))
def list_questions(request, disclosure_id: int):
    disclosure = Disclosure.objects.published().filter(pk=disclosure_id).first()
    if disclosure is None:
        raise Http404
    return questions.public_questions(disclosure)


@router.post("/disclosures/{int:disclosure_id}/questions", response={201: QuestionOut},
             summary=_("村民对已公开事项提问"))
def ask(request, disclosure_id: int, payload: AskIn):
    disclosure = Disclosure.objects.published().filter(pk=disclosure_id).first()
    if disclosure is None:
        raise Http404
    return Status(201, questions.ask_question(request.user, disclosure, text=payload.text))


@router.post("/questions/{int:question_id}/answer", response=QuestionOut, summary=_("答复村民提问"))
def answer(request, question_id: int, payload: AnswerIn):
    question = questions.get_question_for_user(request.user, question_id)
    return questions.answer_question(request.user, question, answer=payload.answer)


# --- calendar and compliance -------------------------------------------------------------------------


class DueOut(Schema):
    item_id: int
    item_name: str
    category: str
    period: str
    due_date: datetime.date
    status: str
    status_label: str
    published_at: datetime.datetime | None


def _entries(entries):
    return [
        {"item_id": e.item.pk, "item_name": e.item.name, "category": e.item.category, "period": e.period_label,
         "due_date": e.due_date, "status": e.status, "status_label": str(e.status_label),
         "published_at": e.published_at}
        for e in entries
    ]


class CalendarOut(Schema):
    village_code: str
    village_name: str
    on_time: int
    late: int
    overdue: int
    entries: list[DueOut]


@router.get("/calendar", response=CalendarOut, summary=_("村的公开日历:应公开、待公开、已逾期"))
def due_calendar(request, village: str = ""):
    region = compliance.village_for_calendar(request.user, village.strip())
    calendar = compliance.village_calendar(region)
    return {"village_code": region.code, "village_name": region.name, "on_time": calendar.on_time_count,
            "late": calendar.late_count, "overdue": len(calendar.overdue), "entries": _entries(calendar.entries)}


class ComplianceRowOut(Schema):
    village_code: str
    village_name: str
    on_time: int
    late: int
    overdue: list[DueOut]
    overdue_questions: int


@router.get("/compliance", response=list[ComplianceRowOut], summary=_("乡镇(或县)各村的公开合规情况"))
def compliance_list(request, region: str = ""):
    area = compliance.compliance_region_for(request.user, region.strip())
    return [
        {"village_code": row["village"].code, "village_name": row["village"].name,
         "on_time": row["calendar"].on_time_count, "late": row["calendar"].late_count,
         "overdue": _entries(row["calendar"].overdue), "overdue_questions": row["overdue_questions"]}
        for row in compliance.compliance_of(area)["rows"]
    ]
