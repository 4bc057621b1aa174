"""/api/v1/powers: power lists (versions), items and their steps, cases and their steps."""

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from xiangzhi.accounts.permissions import require_capability

from . import cases, lists
from .cases import case_workflow
from .models import PowerCase, PowerList

router = Router(tags=[_("小微权力")])


class RegionRef(Schema):
    code: str
    name: str


class StepOut(Schema):
    id: int
    order: int
    name: str
    responsible: str
    responsible_role: str
    time_limit_days: int
    evidence_required: bool
    evidence_description: str


class ItemOut(Schema):
    id: int
    list_id: int = Field(alias="power_list_id")
    code: str
    name: str
    category: str
    legal_basis: str
    responsible: str
    responsible_role: str
    time_limit: int
    time_limit_unit: str
    required_evidence: str
    negative_list: list[str]
    public: bool

    @staticmethod
    def resolve_negative_list(item):
        return item.prohibitions()


class ItemDetailOut(ItemOut):
    steps: list[StepOut]

    @staticmethod
    def resolve_steps(item):
        return list(item.steps.all())


class ListOut(Schema):
    id: int
    region: RegionRef
    version: int
    state: str
    adopted_at: datetime | None
    adoption_note: str


class ListDetailOut(ListOut):
    items: list[ItemOut]

    @staticmethod
    def resolve_items(power_list):
        return list(power_list.items.order_by("order", "id"))


class AdoptIn(Schema):
    region: str = Field(max_length=15)
    note: str = ""


class NoteIn(Schema):
    note: str = ""


class ItemIn(Schema):
    code: str = ""
    name: str = ""
    category: str = ""
    legal_basis: str = ""
    responsible: str = ""
    responsible_role: str = ""
    time_limit: int | None = None
    time_limit_unit: str = "working"
    required_evidence: str = ""
    negative_list: str = ""
    public: bool = True


class StepIn(Schema):
    order: int | None = None
    name: str = ""
    responsible: str = ""
    responsible_role: str = ""
    time_limit_days: int = 0
    evidence_required: bool = False
    evidence_description: str = ""


class CaseStepOut(Schema):
    step: str
    action: str
    occurred_at: datetime
    comment: str
    evidence: list[dict]


class CaseOut(Schema):
    id: int
    item_id: int
    item_name: str
    list_version: int
    region: RegionRef
    applicant_name: str
    subject: str
    state: str
    current_step: str | None
    step_deadline: datetime | None
    overall_deadline: datetime | None
    overdue: bool
    result: str
    result_text: str
    concluded_at: datetime | None

    @staticmethod
    def resolve_item_name(case):
        return case.item.name

    @staticmethod
    def resolve_list_version(case):
        return case.item.power_list.version

    @staticmethod
    def resolve_current_step(case):
        return case.current_step.name if case.current_step else None

    @staticmethod
    def resolve_overdue(case):
        return case_workflow.is_overdue(case)


class CaseDetailOut(CaseOut):
    steps: list[CaseStepOut]
    allowed_steps: list[str]


class CaseIn(Schema):
    item: int
    applicant_name: str = ""
    subject: str = ""
    comment: str = ""


class CompleteIn(Schema):
    comment: str = ""
    result: str | None = None
    result_text: str = ""


class ReasonIn(Schema):
    reason: str = ""


def _case_detail(request, case):
    case = cases.get_case_for_user(request.user, case.pk)
    case.steps = [
        {
            "step": row.step.name,
            "action": row.action,
            "occurred_at": row.occurred_at,
            "comment": row.history.comment,
            "evidence": [
                {"name": attachment.name, "size": attachment.size, "sha256": attachment.sha256}
                for attachment in row.history.attachments.all()
            ],
        }
        for row in cases.progress_of(case)
    ]
    case.allowed_steps = [transition.name for transition in case_workflow.allowed_transitions(request.user, case)]
    return case


# --- lists ----------------------------------------------------------------------------


@router.get("/lists", response=list[ListOut], summary=_("清单版本列表"))
@paginate
def list_lists(request, state: str | None = None):
    require_capability(request.user, PowerList.view_capability)
    queryset = lists.visible_lists(request.user).order_by("region_id", "-version")
    return queryset.filter(state=state) if state else queryset


@router.post("/lists", response={201: ListDetailOut}, summary=_("采用默认清单(第 1 版)"))
def adopt(request, payload: AdoptIn):
    power_list = lists.adopt_default_list(request.user, payload.region, note=payload.note)
    return Status(201, lists.get_list_for_user(request.user, power_list.pk))


@router.get("/lists/{int:list_id}", response=ListDetailOut, summary=_("清单版本详情"))
def get_list(request, list_id: int):
    return lists.get_list_for_user(request.user, list_id)


@router.post("/lists/{int:list_id}/new-version", response={201: ListDetailOut}, summary=_("复制现行版本为新草稿"))
def new_version(request, list_id: int, payload: NoteIn):
    draft = lists.start_new_version(request.user, lists.get_list_for_user(request.user, list_id), note=payload.note)
    return Status(201, lists.get_list_for_user(request.user, draft.pk))


@router.post("/lists/{int:list_id}/activate", response=ListDetailOut, summary=_("草稿生效(原版本废止)"))
def activate(request, list_id: int, payload: NoteIn):
    power_list = lists.get_list_for_user(request.user, list_id)
    lists.activate_list(request.user, power_list, note=payload.note)
    return lists.get_list_for_user(request.user, list_id)


@router.post("/lists/{int:list_id}/items", response={201: ItemDetailOut}, summary=_("草稿中添加事项"))
def create_item(request, list_id: int, payload: ItemIn):
    item = lists.add_item(request.user, lists.get_list_for_user(request.user, list_id), payload.dict())
    return Status(201, lists.get_item_for_user(request.user, item.pk))


# --- items and steps ------------------------------------------------------------------


@router.get("/items/{int:item_id}", response=ItemDetailOut, summary=_("事项详情(含步骤)"))
def get_item(request, item_id: int):
    return lists.get_item_for_user(request.user, item_id)


@router.put("/items/{int:item_id}", response=ItemDetailOut, summary=_("修改草稿中的事项"))
def update_item(request, item_id: int, payload: ItemIn):
    lists.update_item(request.user, lists.get_item_for_user(request.user, item_id), payload.dict())
    return lists.get_item_for_user(request.user, item_id)


@router.post("/items/{int:item_id}/steps", response={201: ItemDetailOut}, summary=_("草稿中添加步骤"))
def create_step(request, item_id: int, payload: StepIn):
    lists.add_step(request.user, lists.get_item_for_user(request.user, item_id), payload.dict())
    return Status(201, lists.get_item_for_user(request.user, item_id))


@router.put("/steps/{int:step_id}", response=StepOut, summary=_("修改草稿中的步骤"))
def update_step(request, step_id: int, payload: StepIn):
    step = lists.update_step(request.user, lists.get_step_for_user(request.user, step_id), payload.dict())
    return step


# --- cases ----------------------------------------------------------------------------


@router.get("/cases", response=list[CaseOut], summary=_("案件列表"))
@paginate
def list_cases(request, state: str | None = None, overdue: bool = False):
    require_capability(request.user, PowerCase.view_capability)
    queryset = cases.visible_cases(request.user)
    if state:
        queryset = queryset.filter(state=state)
    if overdue:
        queryset = queryset.overdue(timezone.now()).order_by("deadline", "id")
    return queryset


@router.post("/cases", response={201: CaseDetailOut}, summary=_("受理(发起办理)"))
def create_case(request, payload: CaseIn):
    require_capability(request.user, cases.HANDLE)
    item = cases.get_startable_item(request.user, payload.item)
    case = cases.start_case(
        request.user, item, applicant_name=payload.applicant_name, subject=payload.subject, comment=payload.comment
    )
    return Status(201, _case_detail(request, case))


@router.get("/cases/{int:case_id}", response=CaseDetailOut, summary=_("案件详情(含各步留痕)"))
def get_case(request, case_id: int):
    return _case_detail(request, cases.get_case_for_user(request.user, case_id))


@router.post("/cases/{int:case_id}/complete", response=CaseDetailOut, summary=_("完成当前步骤(最后一步即办结)"))
def complete(
    request, case_id: int, payload: Form[CompleteIn], evidence: File[list[UploadedFile]] = None
):
    """multipart/form-data: comment, result, result_text and the step's evidence files (`evidence`)."""
    case = cases.get_case_for_user(request.user, case_id)
    cases.complete_step(
        request.user, case, comment=payload.comment, attachments=evidence or [],
        result=payload.result, result_text=payload.result_text,
    )
    return _case_detail(request, case)


@router.post("/cases/{int:case_id}/return", response=CaseDetailOut, summary=_("退回上一步(须写理由)"))
def return_(request, case_id: int, payload: ReasonIn):
    case = cases.get_case_for_user(request.user, case_id)
    cases.return_case(request.user, case, reason=payload.reason)
    return _case_detail(request, case)


@router.post("/cases/{int:case_id}/reject", response=CaseDetailOut, summary=_("不予办理(须写理由,结果公开)"))
def reject(request, case_id: int, payload: ReasonIn):
    case = cases.get_case_for_user(request.user, case_id)
    cases.reject_case(request.user, case, reason=payload.reason)
    return _case_detail(request, case)


@router.post("/cases/{int:case_id}/terminate", response=CaseDetailOut, summary=_("终止办理(须写理由)"))
def terminate(request, case_id: int, payload: ReasonIn):
    case = cases.get_case_for_user(request.user, case_id)
    cases.terminate_case(request.user, case, reason=payload.reason)
    return _case_detail(request, case)
