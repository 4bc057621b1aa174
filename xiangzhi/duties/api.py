"""/api/v1/duties: the two lists, admission requests and their review, tasks assigned to villages
(only from a list item or an approved admission), and the burden per village."""

import datetime

from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from xiangzhi.accounts.permissions import require_capability

from . import actions, queries
from .actions import ASSIGN, CATALOGUE, REQUEST, admission_workflow
from .models import VIEW

router = Router(tags=[_("村级事项准入")])


class ItemOut(Schema):
    id: int
    list_kind: str
    list_label: str
    county: str | None
    name: str
    basis: str
    active: bool

    @staticmethod
    def resolve_list_label(item):
        return item.get_list_kind_display()

    @staticmethod
    def resolve_county(item):
        return item.county_id


class ItemIn(Schema):
    county: str | None = None
    list_kind: str = ""
    name: str = ""
    basis: str = ""


class AdmissionOut(Schema):
    id: int
    region: str
    department: str
    kind: str
    title: str
    description: str
    basis_level: str
    basis_document: str
    veto: bool
    state: str
    requested_by: str
    decision_reason: str
    reviewed_at: datetime.datetime | None
    allowed_steps: list[str] = []

    @staticmethod
    def resolve_region(admission):
        return admission.region_id

    @staticmethod
    def resolve_requested_by(admission):
        return str(admission.requested_post)


class AdmissionIn(Schema):
    kind: str = ""
    title: str = ""
    description: str = ""
    basis_level: str = ""
    basis_document: str = ""
    veto: bool = False
    region: str | None = None


class ReviewIn(Schema):
    reason: str = ""


class TaskOut(Schema):
    id: int
    village: str
    village_name: str
    kind: str
    title: str
    description: str
    source: str
    item_id: int | None
    admission_id: int | None
    veto: bool
    due_on: datetime.date
    assigned_by: str
    state: str
    done_note: str
    done_at: datetime.datetime | None

    @staticmethod
    def resolve_village(task):
        return task.region_id

    @staticmethod
    def resolve_village_name(task):
        return task.region.name

    @staticmethod
    def resolve_source(task):
        return str(task.source_label)

    @staticmethod
    def resolve_assigned_by(task):
        return str(task.assigned_post)


class AssignIn(Schema):
    villages: list[str] = []
    item: int | None = None
    admission: int | None = None
    title: str = ""
    description: str = ""
    due_on: str = ""


class CompleteIn(Schema):
    note: str = ""


class BurdenOut(Schema):
    village: str
    village_name: str
    tasks: int
    activities: int
    signs: int
    open_tasks: int
    overdue: int
    vetoes: int

    @staticmethod
    def resolve_village(row):
        return row.code

    @staticmethod
    def resolve_village_name(row):
        return row.name


# --- lists ------------------------------------------------------------------------------------


@router.get("/items", response=list[ItemOut], summary=_("两张清单的事项"))
def list_items(request, list_kind: str | None = None):
    items = queries.visible_items(request.user).filter(active=True)
    return list(items.filter(list_kind=list_kind) if list_kind else items)


@router.post("/items", response={201: ItemOut}, summary=_("本县清单增加事项"))
def add_item(request, payload: ItemIn):
    county = payload.county or next(iter(queries.counties_of(request.user, CATALOGUE)), "")
    require_capability(request.user, CATALOGUE)
    item = actions.add_item(request.user, county=county, list_kind=payload.list_kind, name=payload.name,
                            basis=payload.basis)
    return Status(201, item)


# --- admission --------------------------------------------------------------------------------


def _admission(request, pk):
    admission = queries.get_admission_for_user(request.user, pk)
    admission.allowed_steps = [t.name for t in admission_workflow.allowed_transitions(request.user, admission)]
    return admission


@router.get("/admissions", response=list[AdmissionOut], summary=_("准入申请列表"))
@paginate
def list_admissions(request, state: str | None = None):
    require_capability(request.user, VIEW)
    queryset = queries.visible_admissions(request.user).order_by("-created_at", "-id")
    return queryset.filter(state=state) if state else queryset


@router.post("/admissions", response={201: AdmissionOut}, summary=_("提出准入申请"))
def request_admission(request, payload: AdmissionIn):
    require_capability(request.user, REQUEST)
    admission = actions.request_admission(request.user, **payload.dict())
    return Status(201, _admission(request, admission.pk))


@router.get("/admissions/{int:admission_id}", response=AdmissionOut, summary=_("准入申请详情"))
def get_admission(request, admission_id: int):
    return _admission(request, admission_id)


@router.post("/admissions/{int:admission_id}/approve", response=AdmissionOut, summary=_("准予准入(须写理由)"))
def approve(request, admission_id: int, payload: ReviewIn):
    actions.review_admission(request.user, queries.get_admission_for_user(request.user, admission_id), "approve",
                             reason=payload.reason)
    return _admission(request, admission_id)


@router.post("/admissions/{int:admission_id}/reject", response=AdmissionOut, summary=_("不予准入(须写理由)"))
def reject(request, admission_id: int, payload: ReviewIn):
    actions.review_admission(request.user, queries.get_admission_for_user(request.user, admission_id), "reject",
                             reason=payload.reason)
    return _admission(request, admission_id)


# --- tasks ------------------------------------------------------------------------------------


@router.get("/tasks", response=list[TaskOut], summary=_("派到村里的任务"))
@paginate
def list_tasks(request, state: str | None = None, village: str | None = None):
    require_capability(request.user, VIEW)
    queryset = queries.visible_tasks(request.user).order_by("due_on", "id")
    if state:
        queryset = queryset.filter(state=state)
    if village:
        queryset = queryset.filter(region_id=village)
    return queryset


@router.post("/tasks", response={201: list[TaskOut]}, summary=_("派发任务(只能来自清单事项或已准入事项)"))
def assign(request, payload: AssignIn):
    require_capability(request.user, ASSIGN)
    source = {}
    if payload.item is not None:
        source["item"] = queries.get_item_for_user(request.user, payload.item)
    if payload.admission is not None:
        admission = queries.visible_admissions(request.user).filter(pk=payload.admission).first()
        if admission is None:
            queries._raise_404()
        source["admission"] = admission
    tasks = actions.assign_task(
        request.user, villages=payload.villages, due_on=payload.due_on, title=payload.title,
        description=payload.description, **source,
    )
    return Status(201, [queries.get_task_for_user(request.user, task.pk) for task in tasks])


@router.get("/tasks/{int:task_id}", response=TaskOut, summary=_("任务详情"))
def get_task(request, task_id: int):
    return queries.get_task_for_user(request.user, task_id)


@router.post("/tasks/{int:task_id}/complete", response=TaskOut, summary=_("村里标记完成"))
def complete(request, task_id: int, payload: CompleteIn):
    actions.complete_task(request.user, queries.get_task_for_user(request.user, task_id), note=payload.note)
    return queries.get_task_for_user(request.user, task_id)


@router.get("/burden", response=list[BurdenOut], summary=_("各村负担(任务、考核评比、牌子制度)"))
@paginate
def burden(request, region: str | None = None):
    require_capability(request.user, "duty.burden")
    return queries.burden(request.user, region or queries.default_burden_region(request.user))
