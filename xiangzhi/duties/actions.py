"""村级事项准入: every change, as an action taking the acting user first.

  add_item           the county adds an item to one of its two lists ("duty.catalogue")
  request_admission  a county department or township files something new ("duty.admission.request");
                     一票否决 only on a central or regional basis
  approve / reject   the county decides, with reasons ("duty.admission.review"; never on one's own request)
  assign_task        to villages, only from a list item or an approved admission ("duty.task.assign")
  complete_task      the village marks a task done ("duty.task.update")
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xiangzhi.accounts.permissions import posts_with_capability, require, require_capability
from xiangzhi.core.audit import record_event
from xiangzhi.core.workflow import Transition, Workflow
from xiangzhi.grid.calendar import BEIJING
from xiangzhi.regions.models import Level, Region

from .models import (
    VETO_BASIS_LEVELS, AdmissionRequest, AdmissionState, BasisLevel, DemandKind, DutyItem, DutyList, DutyTask,
    TaskState,
)

CATALOGUE = "duty.catalogue"
REQUEST = "duty.admission.request"
REVIEW = "duty.admission.review"
ASSIGN = "duty.task.assign"
UPDATE = "duty.task.update"

OFF_LIST = gettext_lazy(
    "该事项不在村级组织履职事项或协助政府工作事项清单内,也未经准入审批,不能派给村里。"
)
MAX_VILLAGES = 500


def _text(errors, field, label, value, *, required=True, max_length=100):
    value = (value or "").strip()
    if required and not value:
        errors[field] = _("请填写%(label)s。") % {"label": label}
    elif len(value) > max_length:
        errors[field] = _("%(label)s不能超过 %(max)d 个字。") % {"label": label, "max": max_length}
    return value


# --- the lists --------------------------------------------------------------------------------


def add_item(actor, *, county, list_kind, name, basis):
    post = require(actor, CATALOGUE, county)
    errors = {}
    if list_kind not in DutyList.values:
        errors["list_kind"] = _("请选择村级组织依法履职事项或协助政府工作事项。")
    name = _text(errors, "name", _("事项名称"), name)
    basis = _text(errors, "basis", _("法律政策依据"), basis, max_length=1000)
    region = Region.objects.filter(code=county, level=Level.COUNTY).first()
    if region is None:
        errors["county"] = _("请选择县(市、区)。")
    if errors:
        raise ValidationError(errors)
    if DutyItem.objects.for_county(county).filter(list_kind=list_kind, name=name).exists():
        raise ValidationError({"name": _("清单中已有“%(name)s”。") % {"name": name}})
    try:
        with transaction.atomic():
            order = DutyItem.objects.filter(list_kind=list_kind, county=region).count() + 100
            item = DutyItem.objects.create(list_kind=list_kind, county=region, name=name, basis=basis, order=order)
            record_event(actor, "duty_item.add", item, region_code=county, post=post,
                         changes={"list_kind": [None, list_kind], "name": [None, name], "basis": [None, basis]})
    except IntegrityError:
        raise ValidationError({"name": _("清单中已有“%(name)s”。") % {"name": name}}) from None
    return item


# --- admission ----------------------------------------------------------------------------------


def _not_own_request(admission, actor, data):
    if admission.requested_by_id == actor.pk:
        return _("不能审批本人提交的准入申请。")
    return None


def _decide(admission, actor, data):
    now = timezone.now()
    reason = data["comment"]
    AdmissionRequest._base_manager.filter(pk=admission.pk).update(
        decision_reason=reason, reviewed_by=actor, reviewed_at=now
    )
    admission.decision_reason, admission.reviewed_by, admission.reviewed_at = reason, actor, now
    return {"decision_reason": [None, reason]}


def _county_of(admission):
    return admission.county_code


admission_workflow = Workflow(
    "duty_admission",
    AdmissionRequest,
    states=AdmissionState,
    initial=AdmissionState.PENDING,
    final=(AdmissionState.APPROVED, AdmissionState.REJECTED),
    start_name="request",
    start_label=gettext_lazy("申请准入"),
    transitions=[
        Transition("approve", gettext_lazy("准予准入"), source=(AdmissionState.PENDING,), target=AdmissionState.APPROVED,
                   capability=REVIEW, region=_county_of, requires_comment=True,
                   guards=(_not_own_request,), effect=_decide),
        Transition("reject", gettext_lazy("不予准入"), source=(AdmissionState.PENDING,), target=AdmissionState.REJECTED,
                   capability=REVIEW, region=_county_of, requires_comment=True,
                   guards=(_not_own_request,), effect=_decide),
    ],
)


def _requesting_post(actor, region):
    posts = posts_with_capability(actor, REQUEST)
    if not posts:
        raise PermissionDenied(_("您没有此项操作的权限。"))
    if region:
        return require(actor, REQUEST, region), region
    return posts[0], posts[0].region_id


def request_admission(actor, *, kind, title, description, basis_level, basis_document="", veto=False, region=None):
    """A county department or a township asks to let something new into its villages."""
    post, region_code = _requesting_post(actor, region)
    errors = {}
    if post.region.level not in (Level.COUNTY, Level.TOWNSHIP) or len(region_code) not in (6, 9):
        errors["region"] = _("准入申请由县级部门或乡镇提出。")
    if kind not in DemandKind.values:
        errors["kind"] = _("请选择类别:工作任务、考核评比/创建达标或牌子/制度上墙。")
    title = _text(errors, "title", _("事项名称"), title)
    description = _text(errors, "description", _("内容和要求"), description, max_length=2000)
    if basis_level not in BasisLevel.values:
        errors["basis_level"] = _("请选择依据层级。")
    basis_document = _text(
        errors, "basis_document", _("依据文件"), basis_document,
        required=basis_level != BasisLevel.NONE, max_length=300,
    )
    veto = bool(veto)
    if veto and basis_level in BasisLevel.values and basis_level not in VETO_BASIS_LEVELS:
        errors["veto"] = _(
            "只有以中央或自治区文件为依据的事项才能申请“一票否决”;本申请的依据是%(level)s。"
        ) % {"level": BasisLevel(basis_level).label}
    if errors:
        raise ValidationError(errors)
    admission = AdmissionRequest(
        region_id=region_code, department=post.department, kind=kind, title=title, description=description,
        basis_level=basis_level, basis_document=basis_document, veto=veto, requested_by=actor, requested_post=post,
    )
    admission_workflow.start(
        actor, admission, post=post,
        changes={"kind": [None, kind], "title": [None, title], "basis_level": [None, basis_level],
                 "basis_document": [None, basis_document], "veto": [None, veto]},
    )
    return admission


def review_admission(actor, admission, decision, *, reason):
    """approve or reject, with the reasons."""
    if decision not in ("approve", "reject"):
        raise ValidationError({"decision": _("请选择准予准入或不予准入。")})
    try:
        admission_workflow.advance(
            actor, admission, decision, comment=reason, data={"comment": (reason or "").strip()}
        )
    except ValidationError as error:
        if hasattr(error, "error_dict") and "comment" in error.error_dict:
            raise ValidationError({"reason": _("请填写审批理由。")}) from None
        raise
    return admission


# --- tasks --------------------------------------------------------------------------------------


def _task_deadline(task, state, now):
    if state != TaskState.ASSIGNED:
        return None
    return datetime.datetime.combine(task.due_on, datetime.time(23, 59, 59), tzinfo=BEIJING)


def _mark_done(task, actor, data):
    now = timezone.now()
    note = data["note"]
    DutyTask._base_manager.filter(pk=task.pk).update(done_note=note, done_at=now)
    task.done_note, task.done_at = note, now
    return {"done_note": [None, note]}


task_workflow = Workflow(
    "duty_task",
    DutyTask,
    states=TaskState,
    initial=TaskState.ASSIGNED,
    final=(TaskState.DONE,),
    start_name="assign",
    start_label=gettext_lazy("派发"),
    deadline_of=_task_deadline,
    transitions=[
        Transition("complete", gettext_lazy("标记完成"), source=(TaskState.ASSIGNED,), target=TaskState.DONE,
                   capability=UPDATE, effect=_mark_done),
    ],
)


def _parse_date(value):
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value or "").strip())
    except ValueError:
        return None


def assign_task(actor, *, villages, due_on, title="", description="", item=None, admission=None):
    """Assign one task to each village, from a list item or an approved admission only."""
    require_capability(actor, ASSIGN)
    errors = {}
    if item is None and admission is None:
        raise ValidationError({"source": OFF_LIST})
    if item is not None and admission is not None:
        raise ValidationError({"source": _("请只选择一个来源:清单事项或准入事项。")})
    if admission is not None:
        # Read the decision as it is now: a request withdrawn or rejected a moment ago does not count.
        admission.state = AdmissionRequest.objects.filter(pk=admission.pk).values_list("state", flat=True).first()
        if admission.state != AdmissionState.APPROVED:
            raise ValidationError({"admission": _("%(refusal)s(准入申请“%(title)s”%(state)s)") % {
                "refusal": OFF_LIST, "title": admission.title, "state": admission.state_label,
            }})
    if item is not None and not item.active:
        raise ValidationError({"item": _("清单事项“%(name)s”已停用,不能再派发。") % {"name": item.name}})
    codes = list(dict.fromkeys(code.strip() for code in (villages or []) if code and code.strip()))
    if not codes:
        errors["villages"] = _("请至少选择一个村。")
    elif len(codes) > MAX_VILLAGES:
        errors["villages"] = _("一次最多派发给 %(max)d 个村。") % {"max": MAX_VILLAGES}
    title = _text(errors, "title", _("任务名称"), title or (item.name if item else admission.title))
    description = _text(errors, "description", _("要求"), description, required=False, max_length=2000)
    due = _parse_date(due_on)
    if due is None:
        errors["due_on"] = _("请填写完成期限(年-月-日)。")
    elif due < timezone.localdate():
        errors["due_on"] = _("完成期限不能早于今天。")
    if errors:
        raise ValidationError(errors)
    found = {region.code: region for region in Region.objects.filter(code__in=codes, level=Level.VILLAGE)}
    unknown = [code for code in codes if code not in found]
    if unknown:
        raise ValidationError({"villages": _("“%(code)s”不是村(社区)代码。") % {"code": unknown[0]}})
    posts = {code: require(actor, ASSIGN, code) for code in codes}
    for code in codes:
        if item is not None and item.county_id and item.county_id != code[:6]:
            raise ValidationError({"villages": _("“%(village)s”不在本县,不能派发本县清单事项。") % {
                "village": found[code].name}})
        if admission is not None and not code.startswith(admission.region_id):
            raise ValidationError({"villages": _("“%(village)s”不在准入申请的范围内。") % {"village": found[code].name}})
    kind = admission.kind if admission is not None else DemandKind.TASK
    veto = admission.veto if admission is not None else False
    tasks = []
    with transaction.atomic():
        for code in codes:
            task = DutyTask(
                region=found[code], kind=kind, item=item, admission=admission, title=title,
                description=description, veto=veto, due_on=due, assigned_by=actor, assigned_post=posts[code],
            )
            task_workflow.start(
                actor, task, post=posts[code],
                changes={"title": [None, title], "kind": [None, kind], "due_on": [None, due.isoformat()],
                         "item": [None, item.pk if item else None],
                         "admission": [None, admission.pk if admission else None]},
            )
            tasks.append(task)
    return tasks


def complete_task(actor, task, *, note=""):
    errors = {}
    note = _text(errors, "note", _("完成情况"), note, required=False, max_length=1000)
    if errors:
        raise ValidationError(errors)
    task_workflow.advance(actor, task, "complete", data={"note": note})
    return task
