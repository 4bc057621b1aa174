"""Power cases (小微权力运行): one exercise of an item, step by step, with the workflow core.

The steps come from the item (data), so the procedure has generic transitions:
  complete_step  the current step is done: the next step becomes current (not on the last step);
  conclude       the last step is done: the case is concluded with its result;
  return         back to the previous step, with a reason;
  reject         不予办理: concluded with the result "不同意" and the reason;
  terminate      终止 (the applicant withdrew …), with a reason; not a result, not published.
A step whose `evidence_required` is set cannot be completed without an attachment. Every
effect moves `current_step` with a conditional UPDATE, so two cadres acting at once never
complete one step twice. A concluded case goes into the publication log in the same
transaction and is never edited again.

Deadlines: the current step's limit and the item's overall limit, both in the item's unit
(working days through the grid calendar, or calendar days); the workflow's `deadline` is the
earlier of the two, so `PowerCase.objects.overdue()` finds cases late on either.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xiangzhi.accounts.permissions import require, require_capability
from xiangzhi.core.workflow import Transition, Workflow
from xiangzhi.grid.calendar import BEIJING, END_OF_WORKDAY, add_working_days
from xiangzhi.people.masking import contains_citizen_id
from xiangzhi.regions.models import Level
from xiangzhi.translog import log

from .models import (
    CaseProgress, CaseResult, CaseState, LimitUnit, ListState, PowerCase, PowerItem, ProgressAction, PowerStep,
)

HANDLE = "power.case.handle"
SUPERVISE = "power.case.supervise"
LOG_KIND = "power_case"
RESULT_TEXT_MAX = 1000


# --- deadlines ------------------------------------------------------------------------


def limit_deadline(start, days, unit, region_code):
    """18:00 Beijing time on the `days`th working (or calendar) day after `start`'s date."""
    if unit == LimitUnit.WORKING:
        return add_working_days(start, days, region_code[:6])
    local = start.astimezone(BEIJING)
    return datetime.datetime.combine(local.date() + datetime.timedelta(days=days), END_OF_WORKDAY, tzinfo=BEIJING)


def step_deadline(case, step, start):
    if step is None or not step.time_limit_days:
        return None
    return limit_deadline(start, step.time_limit_days, case.item.time_limit_unit, case.region_id)


def earliest(*moments):
    moments = [moment for moment in moments if moment is not None]
    return min(moments) if moments else None


def _deadline_of(case, state, now):
    if state in (CaseState.CONCLUDED, CaseState.TERMINATED):
        return None
    return earliest(case.step_deadline, case.overall_deadline)


def ordered_steps(item):
    return list(PowerStep.objects.filter(item_id=item.pk).order_by("order", "id"))


def neighbours(case):
    """(previous step, next step) around the case's current step."""
    steps = ordered_steps(case.item)
    ids = [step.pk for step in steps]
    position = ids.index(case.current_step_id) if case.current_step_id in ids else -1
    previous = steps[position - 1] if position > 0 else None
    following = steps[position + 1] if 0 <= position < len(steps) - 1 else None
    return previous, following


def is_last_step(case):
    return case.state == CaseState.IN_PROGRESS and neighbours(case)[1] is None


# --- guards and effects ---------------------------------------------------------------


def _evidence_given(case, actor, data):
    step = case.current_step
    if step is not None and step.evidence_required and not data.get("attachments"):
        return {"attachments": _("步骤“%(step)s”须上传证明材料(%(evidence)s)后才能完成。") % {
            "step": step.name, "evidence": step.evidence_description or _("至少一份"),
        }}
    return None


def _has_next_step(case, actor, data):
    if neighbours(case)[1] is None:
        return _("“%(step)s”是最后一步,请办结并填写办理结果。") % {"step": case.current_step.name}
    return None


def _is_last_step(case, actor, data):
    if neighbours(case)[1] is not None:
        return _("还有后续步骤,完成“%(step)s”后请继续办理。") % {"step": case.current_step.name}
    return None


def _has_previous_step(case, actor, data):
    if neighbours(case)[0] is None:
        return _("“%(step)s”是第一步,不能退回上一步。") % {"step": case.current_step.name}
    return None


def _result_given(case, actor, data):
    errors = {}
    if data.get("result") not in CaseResult.values:
        errors["result"] = _("请选择办理结果。")
    text = (data.get("result_text") or "").strip()
    if not text:
        errors["result_text"] = _("请填写结果说明。")
    elif len(text) > RESULT_TEXT_MAX:
        errors["result_text"] = _("结果说明不能超过 %(max)d 个字。") % {"max": RESULT_TEXT_MAX}
    elif contains_citizen_id(text):
        errors["result_text"] = _("结果说明将公开,不能包含身份证号码。")
    data["result_text"] = text
    return errors or None


def _move(case, data, new_step, **fields):
    """Move the case off the step it was on when the actor looked; refuse if someone else moved it."""
    old_step = data["from_step"]
    moved = PowerCase._base_manager.filter(pk=case.pk, current_step_id=old_step.pk).update(
        current_step=new_step, **fields
    )
    if not moved:
        raise ValidationError(_("该案件已被他人处理,请刷新后重试。"), code="stale")
    case.current_step = new_step
    for name, value in fields.items():
        setattr(case, name, value)
    return {"current_step": [old_step.name, new_step.name if new_step else None]}


def _to_step(case, new_step, data):
    case.current_step = new_step
    new_deadline = step_deadline(case, new_step, case.state_changed_at)
    case.step_deadline = new_deadline
    deadline = _deadline_of(case, case.state, case.state_changed_at)
    return _move(case, data, new_step, step_deadline=new_deadline, deadline=deadline)


def _next_step_effect(case, actor, data):
    return _to_step(case, neighbours(case)[1], data)


def _previous_step_effect(case, actor, data):
    return _to_step(case, neighbours(case)[0], data)


def _finish(case, data, result, result_text):
    now = case.state_changed_at
    changes = _move(
        case, data, None, step_deadline=None, result=result, result_text=result_text,
        concluded_at=now if case.state == CaseState.CONCLUDED else None,
    )
    changes.update({"result": [None, result], "result_text": [None, result_text]})
    return changes


def _conclude_effect(case, actor, data):
    return _finish(case, data, data["result"], data["result_text"])


def _reject_effect(case, actor, data):
    return _finish(case, data, CaseResult.REJECTED, data["reason"])


def _terminate_effect(case, actor, data):
    return _finish(case, data, "", data["reason"])


_OPEN = (CaseState.IN_PROGRESS,)

case_workflow = Workflow(
    "power_case",
    PowerCase,
    states=CaseState,
    initial=CaseState.IN_PROGRESS,
    final=(CaseState.CONCLUDED, CaseState.TERMINATED),
    start_name="accept",
    start_label=gettext_lazy("受理"),
    deadline_of=_deadline_of,
    transitions=[
        Transition(
            "complete_step", gettext_lazy("完成本步"), source=_OPEN, target=CaseState.IN_PROGRESS,
            capability=HANDLE, guards=(_has_next_step, _evidence_given), effect=_next_step_effect,
        ),
        Transition(
            "conclude", gettext_lazy("办结"), source=_OPEN, target=CaseState.CONCLUDED,
            capability=HANDLE, guards=(_is_last_step, _evidence_given, _result_given), effect=_conclude_effect,
        ),
        Transition(
            "return", gettext_lazy("退回上一步"), source=_OPEN, target=CaseState.IN_PROGRESS,
            capability=HANDLE, requires_comment=True, guards=(_has_previous_step,), effect=_previous_step_effect,
        ),
        Transition(
            "reject", gettext_lazy("不予办理"), source=_OPEN, target=CaseState.CONCLUDED,
            capability=HANDLE, requires_comment=True, effect=_reject_effect,
        ),
        Transition(
            "terminate", gettext_lazy("终止办理"), source=_OPEN, target=CaseState.TERMINATED,
            capability=HANDLE, requires_comment=True, effect=_terminate_effect,
        ),
    ],
)


# --- actions --------------------------------------------------------------------------


def start_case(actor, item, *, applicant_name, subject, comment=""):
    """A village cadre accepts an application under an item of the village's list in force."""
    power_list = item.power_list
    post = require(actor, HANDLE, power_list.region_id)
    errors = {}
    if power_list.state != ListState.ACTIVE:
        errors["item"] = _("事项“%(name)s”所在的第 %(version)d 版清单不是现行版本,不能发起办理。") % {
            "name": item.name, "version": power_list.version,
        }
    elif power_list.region.level != Level.VILLAGE:
        errors["item"] = _("“%(name)s”是乡镇清单的事项,由乡镇办理,不在村级发起。") % {"name": item.name}
    applicant_name = (applicant_name or "").strip()
    if not applicant_name:
        errors["applicant_name"] = _("请填写申请人姓名。")
    elif len(applicant_name) > 50:
        errors["applicant_name"] = _("申请人姓名不能超过 50 个字。")
    subject = (subject or "").strip()
    if not subject:
        errors["subject"] = _("请填写事由摘要。")
    elif len(subject) > 500:
        errors["subject"] = _("事由摘要不能超过 500 个字。")
    elif contains_citizen_id(subject):
        errors["subject"] = _("事由摘要将公开,不能包含身份证号码。")
    steps = ordered_steps(item)
    if not steps and "item" not in errors:
        errors["item"] = _("事项“%(name)s”没有办理步骤。") % {"name": item.name}
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    case = PowerCase(
        item=item, region_id=power_list.region_id, applicant_name=applicant_name, subject=subject,
        current_step=steps[0], created_by=actor,
    )
    case.overall_deadline = limit_deadline(now, item.time_limit, item.time_limit_unit, case.region_id)
    case.step_deadline = step_deadline(case, steps[0], now)
    case_workflow.start(
        actor, case, post=post, comment=(comment or "").strip(),
        changes={
            "item": [None, f"{item.code} {item.name}"], "list_version": [None, power_list.version],
            "subject": [None, subject], "current_step": [None, steps[0].name],
        },
    )
    return case


def _refuse_if_closed(case):
    if case.state != CaseState.IN_PROGRESS:
        raise ValidationError(_("该案件%(state)s,不能再修改。") % {"state": case.state_label})


def _take(actor, case, transition, *, comment="", attachments=(), data=None, action=ProgressAction.COMPLETED):
    """Take one step and record which step of the item it completed (or returned from)."""
    _refuse_if_closed(case)
    attachments = [upload for upload in attachments if upload]
    data = {"from_step": case.current_step, "attachments": attachments, **(data or {})}
    with transaction.atomic():
        history = case_workflow.advance(
            actor, case, transition, comment=comment, attachments=attachments, data=data
        )
        CaseProgress.objects.create(
            case=case, step=data["from_step"], action=action, history=history, occurred_at=history.occurred_at
        )
        if case.state == CaseState.CONCLUDED:
            log.append(case, LOG_KIND)
    return case


def complete_step(actor, case, *, comment="", attachments=(), result=None, result_text=""):
    """Complete the current step: on to the next one, or, on the last step, conclude with the result."""
    _refuse_if_closed(case)
    if is_last_step(case):
        return _take(
            actor, case, "conclude", comment=comment, attachments=attachments,
            data={"result": result, "result_text": result_text},
        )
    return _take(actor, case, "complete_step", comment=comment, attachments=attachments)


def return_case(actor, case, *, reason, attachments=()):
    return _reason_step(actor, case, "return", reason, attachments, ProgressAction.RETURNED)


def reject_case(actor, case, *, reason, attachments=()):
    return _reason_step(actor, case, "reject", reason, attachments, ProgressAction.REJECTED)


def terminate_case(actor, case, *, reason, attachments=()):
    return _reason_step(actor, case, "terminate", reason, attachments, ProgressAction.TERMINATED)


def _reason_step(actor, case, transition, reason, attachments, action):
    reason = (reason or "").strip()
    if transition == "reject" and contains_citizen_id(reason):
        raise ValidationError({"reason": _("不予办理的理由将公开,不能包含身份证号码。")})
    try:
        return _take(
            actor, case, transition, comment=reason, attachments=attachments, data={"reason": reason}, action=action
        )
    except ValidationError as error:
        # The procedure calls the reason a comment; callers know it as the reason.
        if hasattr(error, "error_dict") and "comment" in error.error_dict:
            raise ValidationError({"reason": error.error_dict["comment"]}) from None
        raise


# --- reads ----------------------------------------------------------------------------


def visible_cases(user):
    return PowerCase.objects.visible_to(user).select_related(
        "item__power_list", "region", "current_step", "created_by"
    )


def get_case_for_user(user, pk):
    require_capability(user, PowerCase.view_capability)
    case = visible_cases(user).filter(pk=pk).first()
    if case is None:
        raise Http404(_("未找到该记录。"))
    return case


def get_startable_item(user, pk):
    """An item the user may start a case under: 403 without the capability, 404 outside scope."""
    require_capability(user, HANDLE)
    item = PowerItem.objects.visible_to(user).select_related("power_list__region").filter(pk=pk).first()
    if item is None:
        raise Http404(_("未找到该记录。"))
    return item


def progress_of(case):
    return list(
        CaseProgress.objects.filter(case=case).select_related("step", "history").prefetch_related("history__attachments")
    )


def completion_dates(case, progress=None):
    """[(step, completed_at or None)] for every step of the item, the last completion winning."""
    progress = progress_of(case) if progress is None else progress
    completed = {}
    for row in progress:
        if row.action in (ProgressAction.COMPLETED, ProgressAction.REJECTED):
            completed[row.step_id] = row.occurred_at
    steps = ordered_steps(case.item)
    if case.state == CaseState.IN_PROGRESS and case.current_step is not None:
        # After a return, the current step and those after it are open again.
        for step in steps:
            if step.order >= case.current_step.order:
                completed.pop(step.pk, None)
    return [(step, completed.get(step.pk)) for step in steps]


def deadline_flags(case, now=None):
    now = now or timezone.now()
    open_ = case.state == CaseState.IN_PROGRESS
    return {
        "step_overdue": open_ and case.step_deadline is not None and case.step_deadline < now,
        "overall_overdue": open_ and case.overall_deadline is not None and case.overall_deadline < now,
    }


def flow_steps(case, progress=None):
    """The item's steps marked for the flowchart: `done_on` (completion time) and `is_current`."""
    steps = []
    for step, completed_at in completion_dates(case, progress):
        step.done_on = completed_at
        step.is_current = case.state == CaseState.IN_PROGRESS and step.pk == case.current_step_id
        steps.append(step)
    return steps
