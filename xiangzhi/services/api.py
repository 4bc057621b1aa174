"""/api/v1/services: the service catalogue, applications (create with materials, transitions,
supply, result, rating), consultation slots and bookings. Materials are multipart files named
material_<material id>."""

import datetime

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from xiangzhi.core import catalogues

from . import actions, catalogue, consultations, queries
from .models import Booking, ConsultationSlot
from .uploads import uploads_from

router = Router(tags=["services"])


class MaterialOut(Schema):
    id: int
    name: str
    required: bool
    note: str


class ItemOut(Schema):
    id: int
    name: str
    level: str
    flow: str
    steps: list[str]
    department: str
    legal_basis: str
    time_limit_days: int
    fee: str
    fully_online: bool
    proxy_allowed: bool
    active: bool
    region_wide: bool
    power_item_id: int | None
    materials: list[MaterialOut]


def _item_out(item):
    return {
        "id": item.pk, "name": item.name, "level": item.level, "flow": item.flow, "steps": list(item.steps),
        "department": item.department, "legal_basis": item.legal_basis, "time_limit_days": item.time_limit_days,
        "fee": item.fee, "fully_online": item.fully_online, "proxy_allowed": item.proxy_allowed,
        "active": item.active, "region_wide": item.is_shared, "power_item_id": item.power_item_id,
        "materials": [{"id": m.pk, "name": m.name, "required": m.required, "note": m.note}
                      for m in item.materials.all()],
    }


@router.get("/items", response=list[ItemOut], summary=_("服务事项清单"))
def item_list(request, level: str = "", q: str = ""):
    return [_item_out(item) for item in catalogue.items_for(request.user, level=level, q=q)
            .prefetch_related("materials")]


@router.get("/items/{pk}", response=ItemOut, summary=_("服务事项详情"))
def item_detail(request, pk: int):
    return _item_out(catalogue.get_item_for_user(request.user, pk))


class ItemIn(Schema):
    name: str
    flow: str
    department: str = ""
    legal_basis: str = ""
    time_limit_days: int
    fee: str = "免费"
    fully_online: bool = False
    proxy_allowed: bool = True
    active: bool = True
    order: int = 100


class ItemPatch(Schema):
    name: str | None = None
    flow: str | None = None
    department: str | None = None
    legal_basis: str | None = None
    time_limit_days: int | None = None
    fee: str | None = None
    fully_online: bool | None = None
    proxy_allowed: bool | None = None
    active: bool | None = None
    order: int | None = None


@router.post("/items", response={201: ItemOut}, summary=_("新增本县服务事项"))
def item_add(request, payload: ItemIn, catalogue_code: str = ""):
    region = catalogues.catalogue_region_for(request.user, catalogue.CATALOGUE, code=catalogue_code or None)
    return Status(201, _item_out(catalogue.add_item(request.user, region, **payload.dict())))


@router.patch("/items/{pk}", response=ItemOut, summary=_("调整服务事项(全区事项调整为本县版本)"))
def item_change(request, pk: int, payload: ItemPatch, catalogue_code: str = ""):
    region = catalogues.catalogue_region_for(request.user, catalogue.CATALOGUE, code=catalogue_code or None)
    item = catalogue.get_item_for_user(request.user, pk)
    values = {key: value for key, value in payload.dict().items() if value is not None}
    return _item_out(catalogue.change_item(request.user, region, item, **values))


class FileOut(Schema):
    id: int
    name: str
    round: int
    size: int


class StepOut(Schema):
    at: datetime.datetime
    step: str
    label: str
    to_state: str
    actor: str | None
    comment: str


class ApplicationOut(Schema):
    id: int
    item_id: int
    item: str
    applicant: str
    applicant_id_masked: str
    village: str
    office: str
    state: str
    state_label: str
    proxy: str | None
    submitted_at: datetime.datetime
    deadline: datetime.datetime | None
    overdue: bool
    finished_at: datetime.datetime | None
    rating: int | None
    notice: list[str] | None
    result_code: str | None


def _app_out(app):
    notice = getattr(app, "notice", None) if hasattr(app, "notice") else None
    result = getattr(app, "result", None) if hasattr(app, "result") else None
    return {
        "id": app.pk, "item_id": app.item_id, "item": app.item.name, "applicant": app.applicant.name,
        "applicant_id_masked": app.applicant.id_number_masked, "village": app.region_id, "office": app.office_id,
        "state": app.state, "state_label": str(app.state_label), "proxy": app.proxy.username if app.proxy_id else None,
        "submitted_at": app.submitted_at, "deadline": app.deadline, "overdue": app.is_overdue,
        "finished_at": app.finished_at, "rating": app.rating,
        "notice": [entry["name"] for entry in notice.materials] if notice else None,
        "result_code": result.code if result else None,
    }


class ApplicationDetailOut(ApplicationOut):
    files: list[FileOut]
    history: list[StepOut]


@router.get("/applications", response=list[ApplicationOut], summary=_("申请列表(本人或辖区)"))
def application_list(request, queue: bool = False, overdue: bool = False, limit: int = 50, offset: int = 0):
    rows = (queries.queue(request.user, overdue=overdue) if queue else
            queries.visible_applications(request.user).select_related("item", "applicant", "proxy")
            .order_by("-submitted_at", "-id"))
    if overdue and not queue:
        rows = rows.overdue()
    limit = max(1, min(limit, 200))
    return [_app_out(app) for app in rows.select_related("notice", "result")[offset:offset + limit]]


def _detail(app):
    from xiangzhi.core.workflow import history

    return {
        **_app_out(app),
        "files": [{"id": f.pk, "name": f.name, "round": f.round, "size": f.size} for f in app.files.all()],
        "history": [{"at": s.occurred_at, "step": s.transition,
                     "label": str(actions.application_workflow.step_label(s.transition)), "to_state": s.to_state,
                     "actor": s.actor.username if s.actor_id else None, "comment": s.comment}
                    for s in history(app)],
    }


@router.get("/applications/{pk}", response=ApplicationDetailOut, summary=_("申请详情与办理过程"))
def application_detail(request, pk: int):
    return _detail(queries.get_application_for_user(request.user, pk))


@router.post("/applications", response={201: ApplicationDetailOut},
             summary=_("提交申请(multipart:item_id、resident_id(代办时)、note、material_<材料id> 文件)"))
def application_create(request):
    data = request.POST
    item_id = data.get("item_id", "")
    if not str(item_id).isdigit():
        raise ValidationError({"item_id": _("请选择服务事项。")})
    item = catalogue.get_item_for_user(request.user, int(item_id), active_only=True)
    resident = None
    if data.get("resident_id"):
        from xiangzhi.people.models import Resident

        resident_id = data.get("resident_id")
        resident = Resident.objects.filter(pk=resident_id).first() if str(resident_id).isdigit() else None
        if resident is None:
            raise ValidationError({"resident_id": _("没有这个村民。")})
    app = actions.apply(request.user, item, resident=resident, note=data.get("note", ""),
                        uploads=uploads_from(request.FILES))
    return Status(201, _detail(queries.get_application_for_user(request.user, app.pk)))


class StepIn(Schema):
    comment: str = ""
    materials: list[int] = []
    title: str = ""
    body: str = ""


@router.post("/applications/{pk}/transitions/{name}", response=ApplicationDetailOut,
             summary=_("办理一步:forward / complete / reject / request_materials"))
def application_step(request, pk: int, name: str, payload: StepIn):
    app = queries.get_application_for_user(request.user, pk)
    if name not in actions.OFFICE_STEPS:
        raise Http404(_("没有这个办理步骤。"))
    actions.take_step(request.user, app, name, comment=payload.comment, materials=payload.materials,
                      result={"title": payload.title, "body": payload.body})
    return _detail(queries.get_application_for_user(request.user, pk))


@router.post("/applications/{pk}/materials", response=ApplicationDetailOut,
             summary=_("补正材料(multipart:material_<材料id> 文件)"))
def application_supply(request, pk: int):
    app = queries.get_application_for_user(request.user, pk)
    actions.take_step(request.user, app, "supply", uploads=uploads_from(request.FILES))
    return _detail(queries.get_application_for_user(request.user, pk))


class ResultOut(Schema):
    code: str
    title: str
    body: str
    office_name: str
    issued_at: datetime.datetime


@router.get("/applications/{pk}/result", response=ResultOut, summary=_("办理结果文书"))
def application_result(request, pk: int):
    app = queries.get_application_for_user(request.user, pk)
    if not hasattr(app, "result"):
        raise Http404(_("该申请尚未出具结果。"))
    return app.result


class RatingIn(Schema):
    score: int
    comment: str = ""


@router.post("/applications/{pk}/rating", response=ApplicationOut, summary=_("评价(1–5 分,办结后一次)"))
def application_rate(request, pk: int, payload: RatingIn):
    app = queries.get_application_for_user(request.user, pk)
    return _app_out(actions.rate(request.user, app, score=payload.score, comment=payload.comment))


class SlotIn(Schema):
    office: str
    starts_at: datetime.datetime
    minutes: int


class SlotOut(Schema):
    id: int
    office: str
    starts_at: datetime.datetime
    minutes: int


def _slot_out(slot):
    return {"id": slot.pk, "office": slot.office_id, "starts_at": slot.starts_at, "minutes": slot.minutes}


@router.post("/slots", response={201: SlotOut}, summary=_("发布视频办理时段"))
def slot_publish(request, payload: SlotIn):
    slot = consultations.publish_slot(request.user, payload.office, starts_at=payload.starts_at,
                                      minutes=payload.minutes)
    return Status(201, _slot_out(slot))


@router.get("/applications/{pk}/slots", response=list[SlotOut], summary=_("本申请可预约的时段"))
def application_slots(request, pk: int):
    return [_slot_out(slot) for slot in consultations.open_slots(queries.get_application_for_user(request.user, pk))]


class BookingIn(Schema):
    slot_id: int


class BookingOut(Schema):
    id: int
    slot: SlotOut
    state: str


def _booking_out(booking):
    return {"id": booking.pk, "slot": _slot_out(booking.slot), "state": booking.state}


@router.post("/applications/{pk}/bookings", response={201: BookingOut}, summary=_("预约视频办理"))
def booking_new(request, pk: int, payload: BookingIn):
    app = queries.get_application_for_user(request.user, pk)
    slot = ConsultationSlot.objects.filter(pk=payload.slot_id, office_id=app.office_id).first()
    if slot is None:
        raise ValidationError({"slot_id": _("请选择当前办理单位尚未开始的时段。")})
    return Status(201, _booking_out(consultations.book(request.user, app, slot)))


class OutcomeIn(Schema):
    outcome: str  # cancel | held | no_show


@router.post("/applications/{pk}/bookings/{booking_id}", response=BookingOut,
             summary=_("取消预约(cancel)或登记办理情况(held / no_show)"))
def booking_close(request, pk: int, booking_id: int, payload: OutcomeIn):
    app = queries.get_application_for_user(request.user, pk)
    booking = Booking.objects.filter(pk=booking_id, application=app).select_related("slot").first()
    if booking is None:
        raise Http404(_("未找到该预约。"))
    if payload.outcome == "cancel":
        booking = consultations.cancel(request.user, booking)
    elif payload.outcome in ("held", "no_show"):
        booking = consultations.record_outcome(request.user, booking, held=payload.outcome == "held")
    else:
        raise ValidationError({"outcome": _("请选择有效的办理情况(cancel、held 或 no_show)。")})
    return _booking_out(booking)


class VerifyOut(Schema):
    code: str
    title: str
    item: str
    applicant: str
    village: str
    office_name: str
    issued_at: datetime.datetime


@router.get("/verify/{code}", response=VerifyOut, auth=None, summary=_("核验办理结果文书(公开,不含身份证号)"))
def verify(request, code: str):
    from xiangzhi.people.masking import mask_name

    document = queries.find_document(code)
    if document is None:
        raise Http404(_("没有这个核验码对应的文书。"))
    app = document.application
    return {"code": document.code, "title": document.title, "item": app.item.name,
            "applicant": mask_name(app.applicant.name), "village": app.region.name,
            "office_name": document.office_name, "issued_at": document.issued_at}
