"""/api/v1/talent: overview (pool targets, villages below target, villages without a 第一书记),
the 后备人才 pool and training, 回引计划 returnees with their history, 第一书记/驻村工作队
assignments and work logs, the county's pool target."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from xiangzhi.accounts.permissions import require_capability
from xiangzhi.people.queries import get_resident_for_user

from . import actions, queries
from .models import TALENT_VIEW, Reserve

router = Router(tags=["talent"])


class VillageRowOut(Schema):
    code: str
    name: str
    township: str
    pool: int
    target: int
    below_target: bool
    first_secretary: str
    team: int
    returnees: int


class TownshipOut(Schema):
    code: str
    name: str
    villages: int
    pool: int
    below_target: list[VillageRowOut]
    without_first_secretary: int


class OverviewOut(Schema):
    region: str
    day: datetime.date
    townships: list[TownshipOut]
    villages: list[VillageRowOut]
    without_first_secretary: list[VillageRowOut]


@router.get("/overview", response=OverviewOut, summary=_("后备人才目标、未达标的村与无第一书记的村"))
def overview(request, region: str | None = None):
    require_capability(request.user, TALENT_VIEW)
    data = queries.overview(queries.scope_region(request.user, region).code)
    return {**data, "region": data["region"].code}


class TrainingOut(Schema):
    date: datetime.date
    topic: str
    hours: str


class ReserveOut(Schema):
    id: int
    village: str
    name: str
    category: str
    category_label: str
    added_on: datetime.date
    status: str
    status_label: str
    status_note: str
    trainings: list[TrainingOut]


def _reserve_out(reserve):
    return {
        "id": reserve.pk, "village": reserve.region_id, "name": reserve.resident.name, "category": reserve.category,
        "category_label": reserve.get_category_display(), "added_on": reserve.added_on, "status": reserve.status,
        "status_label": reserve.get_status_display(), "status_note": reserve.status_note,
        "trainings": [{"date": training.date, "topic": training.topic, "hours": str(training.hours)}
                      for training in reserve.trainings.all()],
    }


class StepOut(Schema):
    from_status: str
    to_status: str
    on: datetime.date
    note: str


class ReturneeOut(Schema):
    id: int
    village: str
    name: str
    kind: str
    kind_label: str
    whereabouts: str
    status: str
    status_label: str
    reserve_id: int | None
    history: list[StepOut]


def _returnee_out(returnee):
    return {
        "id": returnee.pk, "village": returnee.region_id, "name": returnee.name, "kind": returnee.kind,
        "kind_label": returnee.get_kind_display(), "whereabouts": returnee.whereabouts, "status": returnee.status,
        "status_label": returnee.get_status_display(), "reserve_id": returnee.reserve_id,
        "history": [{"from_status": step.from_status, "to_status": step.to_status, "on": step.on, "note": step.note}
                    for step in returnee.steps.all()],
    }


class AssignmentOut(Schema):
    id: int
    village: str
    role: str
    role_label: str
    name: str
    sending_unit: str
    username: str | None
    starts_on: datetime.date
    ends_on: datetime.date | None


def _assignment_out(assignment):
    return {
        "id": assignment.pk, "village": assignment.region_id, "role": assignment.role,
        "role_label": assignment.get_role_display(), "name": assignment.name,
        "sending_unit": assignment.sending_unit, "username": assignment.user.username if assignment.user_id else None,
        "starts_on": assignment.starts_on, "ends_on": assignment.ends_on,
    }


class VillageOut(Schema):
    code: str
    name: str
    target: int
    active_pool: int
    reserves: list[ReserveOut]
    returnees: list[ReturneeOut]
    assignments: list[AssignmentOut]


@router.get("/villages/{code}", response=VillageOut, summary=_("村后备人才、回引人员与驻村力量"))
def village(request, code: str):
    data = queries.village_detail(queries.get_village_for_user(request.user, code))
    return {
        "code": code, "name": data["village"].name, "target": data["target"], "active_pool": data["active_pool"],
        "reserves": [_reserve_out(reserve) for reserve in data["reserves"]],
        "returnees": [_returnee_out(returnee) for returnee in data["returnees"]],
        "assignments": [_assignment_out(assignment) for assignment in data["assignments"]],
    }


class ReserveIn(Schema):
    resident_id: int
    category: str
    added_on: str


@router.post("/reserves", response={201: ReserveOut}, summary=_("将本村村民纳入后备人才库"))
def add_reserve(request, payload: ReserveIn):
    resident = get_resident_for_user(request.user, payload.resident_id)
    reserve = actions.add_reserve(request.user, resident, category=payload.category, added_on=payload.added_on)
    return Status(201, _reserve_out(reserve))


class StatusIn(Schema):
    status: str
    note: str = ""


@router.post("/reserves/{pk}/status", response=ReserveOut, summary=_("后备人才任用或出库"))
def reserve_status(request, pk: int, payload: StatusIn):
    reserve = queries.get_reserve_for_user(request.user, pk)
    return _reserve_out(actions.change_reserve_status(request.user, reserve, **payload.dict()))


class TrainingIn(Schema):
    date: str
    topic: str
    hours: str


@router.post("/reserves/{pk}/trainings", response={201: ReserveOut}, summary=_("记录后备人才培训"))
def add_training(request, pk: int, payload: TrainingIn):
    reserve = queries.get_reserve_for_user(request.user, pk)
    actions.add_training(request.user, reserve, **payload.dict())
    return Status(201, _reserve_out(reserve))


class ReturneeIn(Schema):
    village: str
    name: str
    kind: str
    whereabouts: str = ""
    note: str = ""


@router.post("/returnees", response={201: ReturneeOut}, summary=_("登记回引人员"))
def add_returnee(request, payload: ReturneeIn):
    data = payload.dict()
    returnee = actions.add_returnee(request.user, data.pop("village"), **data)
    return Status(201, _returnee_out(returnee))


@router.get("/returnees/{pk}", response=ReturneeOut, summary=_("回引人员及进展"))
def returnee_detail(request, pk: int):
    return _returnee_out(queries.get_returnee_for_user(request.user, pk))


class ReturneeStatusIn(StatusIn):
    reserve_id: int | None = None


@router.post("/returnees/{pk}/status", response=ReturneeOut, summary=_("更新回引进展"))
def returnee_status(request, pk: int, payload: ReturneeStatusIn):
    returnee = queries.get_returnee_for_user(request.user, pk)
    reserve = None
    if payload.reserve_id is not None:
        reserve = Reserve.objects.visible_to(request.user).filter(pk=payload.reserve_id).first()
        if reserve is None:
            raise ValidationError({"reserve": _("请选择本村在库的后备人才。")})
    return _returnee_out(actions.change_returnee_status(request.user, returnee, status=payload.status,
                                                        note=payload.note, reserve=reserve))


class AssignmentIn(Schema):
    village: str
    role: str
    name: str = ""
    sending_unit: str
    starts_on: str
    ends_on: str | None = None
    username: str = ""


@router.post("/assignments", response={201: AssignmentOut}, summary=_("选派第一书记或驻村工作队员"))
def assign(request, payload: AssignmentIn):
    data = payload.dict()
    return Status(201, _assignment_out(actions.assign(request.user, data.pop("village"), **data)))


@router.get("/assignments", response=list[AssignmentOut], summary=_("驻村选派(本人或辖区内)"))
def assignments(request, current: bool = False):
    queryset = queries.visible_assignments(request.user).select_related("user").order_by("region_id", "-starts_on")
    if current:
        queryset = queryset.current()
    return [_assignment_out(assignment) for assignment in queryset[:500]]


class LogOut(Schema):
    id: int
    date: datetime.date
    work: str
    written_by: str


class AssignmentDetailOut(AssignmentOut):
    logs: list[LogOut]


@router.get("/assignments/{pk}", response=AssignmentDetailOut, summary=_("驻村选派及工作日志"))
def assignment_detail(request, pk: int):
    assignment = queries.get_assignment_for_user(request.user, pk)
    logs = [{"id": log.pk, "date": log.date, "work": log.work, "written_by": str(log.written_by)}
            for log in assignment.logs.select_related("written_by")]
    return {**_assignment_out(assignment), "logs": logs}


class EndIn(Schema):
    ends_on: str


@router.post("/assignments/{pk}/end", response=AssignmentOut, summary=_("调整任期结束日期"))
def end_assignment(request, pk: int, payload: EndIn):
    assignment = queries.get_assignment_for_user(request.user, pk)
    return _assignment_out(actions.end_assignment(request.user, assignment, ends_on=payload.ends_on))


class LogIn(Schema):
    date: str
    work: str


@router.post("/assignments/{pk}/logs", response={201: LogOut}, summary=_("填写驻村工作日志(本人或乡镇)"))
def write_log(request, pk: int, payload: LogIn):
    assignment = queries.get_assignment_for_user(request.user, pk)
    if not actions.may_write_log(request.user, assignment):
        raise PermissionDenied(_("只有本人或乡镇可以填写驻村工作日志。"))
    log = actions.write_log(request.user, assignment, **payload.dict())
    return Status(201, {"id": log.pk, "date": log.date, "work": log.work, "written_by": str(log.written_by)})


class TargetIn(Schema):
    per_village: str


class TargetOut(Schema):
    county: str
    per_village: int


@router.put("/targets/{county}", response=TargetOut, summary=_("设定本县每村后备人才目标人数"))
def set_target(request, county: str, payload: TargetIn):
    target = actions.set_pool_target(request.user, county, per_village=payload.per_village)
    return {"county": target.region_id, "per_village": target.per_village}
