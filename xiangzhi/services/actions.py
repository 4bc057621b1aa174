"""Service applications (网上办/掌上办) through the workflow core.

A villager applies for themself (service.apply, their sign-in linked to their registry entry), or
a village 代办员 (service.proxy) applies for a villager of the village, recorded as proxy. The
application then moves through the item's steps: the office of each step (the village, its
township, its county: a service.handle post held at exactly that office) forwards it to the next
step, or completes it at the last one (issuing the result document), or rejects it with a reason.
Any office may ask ONCE for missing materials (一次性告知), listing all of them; the applicant's
supply returns the application to that office. The deadline is the item's time limit in natural
days from submission.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xiangzhi.accounts.permissions import posts_with_capability, require
from xiangzhi.core import inputs
from xiangzhi.core.audit import record_event
from xiangzhi.core.workflow import Transition, Workflow

from . import catalogue
from .models import (
    LEVEL_CODE_LENGTH, Application, ApplicationFile, ApplicationState, HandlingLevel, MaterialNotice, ResultDocument,
)
from .uploads import check_materials

APPLY = "service.apply"
PROXY = "service.proxy"
HANDLE = "service.handle"
VILLAGE_LENGTH = LEVEL_CODE_LENGTH[HandlingLevel.VILLAGE]
S = ApplicationState


def office_code(village_code, level):
    return village_code[:LEVEL_CODE_LENGTH[level]]


# --- guards and effects ----------------------------------------------------------------------------


def _at_office(app, actor, data):
    """A step of an office is taken by a post held at that office, not by one above it."""
    if data["post"].region_id != app.office_id:
        return _("此步骤由%(office)s办理。") % {"office": app.office.name}
    return None


def _not_last(app, actor, data):
    return _("这是最后一个办理环节,请直接办结。") if app.is_last_step else None


def _last(app, actor, data):
    return None if app.is_last_step else _("尚未到最后一个办理环节,请审核后转报上级。")


def _no_notice_yet(app, actor, data):
    if MaterialNotice.objects.filter(application=app).exists():
        return {"materials": _("已经一次性告知过需补正的材料,不能再次告知。")}
    return None


def _materials_chosen(app, actor, data):
    chosen = data.get("materials") or []
    known = {material.pk: material for material in app.item.materials.all()}
    picked = [known[pk] for pk in chosen if pk in known]
    if not picked or len(picked) != len(set(chosen)):
        return {"materials": _("请勾选需要补正的全部材料(须为本事项的材料)。")}
    data["picked"] = picked
    return None


def _files_for_notice(app, actor, data):
    notice = app.notice
    try:
        data["checked"] = check_materials(app.item.materials.all(), data.get("uploads") or {},
                                          only={entry["id"] for entry in notice.materials})
    except ValidationError as error:
        return error.message_dict
    return None


def _own_application(app, actor, data):
    if actor.resident_id != app.applicant_id:
        return _("只能补正本人的申请。")
    return None


def _forward(app, actor, data):
    old_office = app.office_id
    app.step += 1
    app.office_id = office_code(app.region_id, app.item.steps[app.step])
    Application.objects.filter(pk=app.pk).update(step=app.step, office_id=app.office_id)
    return {"office": [old_office, app.office_id]}


def _finish(app, actor, data):
    app.finished_at = timezone.now()
    Application.objects.filter(pk=app.pk).update(finished_at=app.finished_at)
    return {}


def _complete(app, actor, data):
    _finish(app, actor, data)
    result = data.get("result") or {}
    document = ResultDocument.objects.create(
        application=app, title=result.get("title") or default_title(app), body=result.get("body") or default_body(app),
        office_name=office_name(app), issued_by=actor,
    )
    return {"result": [None, document.code]}


def _notify(app, actor, data):
    MaterialNotice.objects.create(
        application=app, materials=[{"id": material.pk, "name": material.name} for material in data["picked"]],
        comment=data.get("comment", ""), issued_by=actor,
    )
    return {"notice": [None, [material.name for material in data["picked"]]]}


def _supply(app, actor, data):
    store_files(app, data["checked"], actor, round=1)
    MaterialNotice.objects.filter(application=app).update(supplied_at=timezone.now())
    return {"supplied": [None, [material.name for material, *_rest in data["checked"]]]}


def _deadline(app, state, now):
    return app.submitted_at + datetime.timedelta(days=app.item.time_limit_days)


def _office(app):
    return app.office_id


def _village(app):
    return app.region_id


application_workflow = Workflow(
    "service_application", Application, states=ApplicationState,
    initial=S.IN_PROGRESS, final=(S.COMPLETED, S.REJECTED),
    start_name="apply", start_label=gettext_lazy("提交申请"),
    deadline_of=_deadline,
    transitions=[
        Transition("forward", gettext_lazy("审核通过,转报上级"), source=(S.IN_PROGRESS,), target=S.IN_PROGRESS,
                   capability=HANDLE, region=_office, guards=(_at_office, _not_last), effect=_forward),
        Transition("complete", gettext_lazy("办结并出具结果"), source=(S.IN_PROGRESS,), target=S.COMPLETED,
                   capability=HANDLE, region=_office, guards=(_at_office, _last), effect=_complete),
        Transition("reject", gettext_lazy("不予办理"), source=(S.IN_PROGRESS,), target=S.REJECTED,
                   capability=HANDLE, region=_office, guards=(_at_office,), requires_comment=True, effect=_finish),
        Transition("request_materials", gettext_lazy("一次性告知补正材料"), source=(S.IN_PROGRESS,),
                   target=S.MATERIALS_NEEDED, capability=HANDLE, region=_office,
                   guards=(_at_office, _no_notice_yet, _materials_chosen), effect=_notify),
        Transition("supply", gettext_lazy("补正材料"), source=(S.MATERIALS_NEEDED,), target=S.IN_PROGRESS,
                   capability=APPLY, region=_village, guards=(_own_application, _files_for_notice), effect=_supply),
        Transition("supply_proxy", gettext_lazy("代为补正材料"), source=(S.MATERIALS_NEEDED,), target=S.IN_PROGRESS,
                   capability=PROXY, region=_village, guards=(_files_for_notice,), effect=_supply),
    ],
)

OFFICE_STEPS = ("forward", "complete", "reject", "request_materials")


# --- the result document ---------------------------------------------------------------------------


def office_name(app):
    office = app.office
    if office.level == "village":
        return f"{office.name}"
    department = app.item.department
    return f"{office.name}{'·' + department if department else ''}"


def default_title(app):
    return "证明" if app.item.name == "出具证明" else f"{app.item.name}办理结果通知书"


def default_body(app):
    person = app.applicant
    household = person.household
    address = (household.address if household and household.address else person.region.name)
    purpose = f"，{app.note.strip()}" if app.note.strip() else ""
    if app.item.name == "出具证明":
        return (f"兹证明{person.name}(性别:{person.get_gender_display()}，{person.birth_date:%Y年%m月%d日}出生)"
                f"系本村村民，现住{address}{purpose}。\n特此证明。")
    return f"{person.name}(住{address})申请的“{app.item.name}”，经审核，准予办理{purpose}。"


# --- writes ----------------------------------------------------------------------------------------


def store_files(app, checked, actor, *, round):
    for material, upload, content_type, extension, digest in checked:
        stored = ApplicationFile(
            application=app, material=material, name=material.name, original_name=upload.name[:200],
            content_type=content_type, size=upload.size, sha256=digest, round=round, uploaded_by=actor,
        )
        stored.file.save(f"{digest[:32]}.{extension}", upload, save=False)
        stored.save()


def apply(actor, item, *, resident=None, note="", uploads=None):
    """Apply for `item`: for the actor's own registry entry (resident None), or as 代办员 for a
    resident of the actor's village. `uploads` is {material id: file}."""
    if resident is None:
        resident = actor.resident
        if resident is None:
            if not posts_with_capability(actor, APPLY):
                raise PermissionDenied(_("您没有此项操作的权限。"))
            raise ValidationError({"item": _("您的账号未关联村民登记信息,请到村委会办理关联或请代办员代办。")})
        village_code = resident.region_id[:VILLAGE_LENGTH]
        post = require(actor, APPLY, village_code)
        proxy = None
    else:
        village_code = resident.region_id[:VILLAGE_LENGTH]
        post = require(actor, PROXY, village_code)
        proxy = actor
    errors = {}
    if not catalogue.catalogue_for_village(village_code).active().filter(pk=item.pk).exists():
        errors["item"] = _("该服务事项不在本县服务事项清单中。")
    elif proxy is not None and not item.proxy_allowed:
        errors["item"] = _("“%(item)s”不能由代办员代办,请本人申请。") % {"item": item.name}
    if not resident.is_present:
        errors["resident"] = _("%(name)s 不是本村在册居民。") % {"name": resident.name}
    note = inputs.text(errors, "note", _("申请说明"), note, max_length=1000, required=False)
    if "item" not in errors:
        open_one = Application.objects.open().filter(applicant=resident, item=item).first()
        if open_one is not None:
            errors["item"] = _("%(name)s 已有一件“%(item)s”的申请正在办理(编号 %(pk)d),办结前不能重复申请。") % {
                "name": resident.name, "item": item.name, "pk": open_one.pk}
    try:
        checked = check_materials(item.materials.all(), uploads or {})
    except ValidationError as error:
        errors.update(error.message_dict)
    inputs.raise_if(errors)
    app = Application(
        item=item, applicant=resident, region_id=village_code, office_id=office_code(village_code, item.steps[0]),
        note=note, applied_by=actor, proxy=proxy, submitted_at=timezone.now(),
    )
    try:
        with transaction.atomic():
            application_workflow.start(actor, app, post=post, changes={
                "item": [None, item.name], "applicant": [None, resident.pk],
                **({"proxy": [None, actor.username]} if proxy else {}),
            })
            store_files(app, checked, actor, round=0)
    except IntegrityError:
        raise ValidationError({"item": _("%(name)s 已有一件“%(item)s”的申请正在办理,办结前不能重复申请。") % {
            "name": resident.name, "item": item.name}}) from None
    return app


def take_step(actor, app, step, *, comment="", materials=(), uploads=None, result=None):
    """One step of the procedure by an office or the applicant (supply)."""
    if step == "supply" and actor.resident_id != app.applicant_id:
        step = "supply_proxy"
    data = {"materials": list(materials), "uploads": uploads or {}, "result": result or {}, "comment": comment}
    with transaction.atomic():
        # "forward" leaves the state as it is, so the workflow's check on the state alone would let
        # two officials forward (or forward and ask for materials) at once: hold the row and
        # refuse if it moved since the actor saw it.
        seen = {"state": app.state, "step": app.step, "office_id": app.office_id}
        if Application.objects.select_for_update().filter(pk=app.pk).values(*seen).first() != seen:
            raise ValidationError(_("该事项已被他人处理,请刷新后重试。"))
        application_workflow.advance(actor, app, step, comment=comment, data=data)
    app.refresh_from_db()
    return app


def rate(actor, app, *, score, comment=""):
    """The applicant (or the 代办员 who applied for them) rates a completed service once, 1–5."""
    if actor.resident_id == app.applicant_id:
        post = require(actor, APPLY, app.region_id)
    elif app.proxy_id == actor.pk:
        post = require(actor, PROXY, app.region_id)
    else:
        if not (posts_with_capability(actor, APPLY) or posts_with_capability(actor, PROXY)):
            raise PermissionDenied(_("您没有此项操作的权限。"))
        raise Http404(_("未找到该记录。"))
    errors = {}
    score = inputs.number(errors, "score", _("评分"), score, minimum=1, maximum=5)
    comment = inputs.text(errors, "comment", _("评价意见"), comment, max_length=500, required=False)
    if app.state != S.COMPLETED:
        errors["score"] = _("办结后才能评价。")
    inputs.raise_if(errors)
    with transaction.atomic():
        updated = Application.objects.filter(pk=app.pk, rating__isnull=True, state=S.COMPLETED).update(
            rating=score, rating_comment=comment, rated_at=timezone.now())
        if not updated:
            raise ValidationError({"score": _("该申请已评价过,不能重复评价。")})
        record_event(actor, "service_application.rate", app, region_code=app.region_id, post=post,
                     changes={"rating": [None, score]})
    app.refresh_from_db()
    return app
