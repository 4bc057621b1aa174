"""Every change to a matter: register it, record ①–④ by their resolutions, a failed vote, ⑤,
the implementation milestones, marking it implemented, ⑥. Each checks "matter.manage" over
the matter's village, runs in one transaction and is audited (the steps through the workflow
core, which writes the history row and the audit event)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import require
from xiangzhi.core.audit import record_event
from xiangzhi.finance.models import Filing
from xiangzhi.finance.money import MAX_FEN, format_fen
from xiangzhi.people.masking import contains_citizen_id
from xiangzhi.regions.models import Level, Region

from . import catalogue
from .models import Matter, MatterState, Milestone, Step
from .procedure import MANAGE, STEP_TRANSITIONS, matter_workflow, requires_procedure

TITLE_MAX = 200
DESCRIPTION_MAX = 5000
MILESTONE_TITLE_MAX = 200
NOTE_MAX = 1000
CLOSED_FOR_MILESTONES = (MatterState.IMPLEMENTED, MatterState.CLOSED, MatterState.ABANDONED)


def _text(value, field, label, maximum, errors, *, required=True, public=True):
    value = (value or "").strip()
    if required and not value:
        errors[field] = _("请填写%(label)s。") % {"label": label}
    elif len(value) > maximum:
        errors[field] = _("%(label)s不能超过 %(max)d 个字。") % {"label": label, "max": maximum}
    elif public and contains_citizen_id(value):
        errors[field] = _("%(label)s将向村民公开,不能包含身份证号码。") % {"label": label}
    return value


def _amount(value, errors):
    if value in (None, ""):
        return 0
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_FEN:
        errors["amount_fen"] = _("涉及金额须为 0 到 %(max)s 元之间的金额(以分计的整数)。") % {"max": format_fen(MAX_FEN)}
        return 0
    return value


def _filing(village_code, filing_id, errors, matter=None):
    if filing_id in (None, ""):
        return None
    filing = Filing.objects.filter(pk=filing_id, region_id=village_code).first() if str(filing_id).isdigit() else None
    if filing is None:
        errors["filing"] = _("本村没有编号为 %(id)s 的重大事项备案。") % {"id": filing_id}
        return None
    taken = Matter.objects.filter(filing_id=filing.pk).exclude(pk=getattr(matter, "pk", None)).first()
    if taken is not None:
        errors["filing"] = _("该备案已关联事项“%(title)s”。") % {"title": taken.title}
        return None
    return filing


def create_matter(actor, village, *, title, description="", item=None, amount_fen=0, filing=None):
    """Register a matter of a village. A matter with no item whose amount is above the county's
    threshold falls under the threshold item; a catalogue item must be one in force in the county."""
    village_code = village.code if isinstance(village, Region) else str(village or "")
    region = Region.objects.filter(code=village_code, level=Level.VILLAGE).first()
    post = require(actor, MANAGE, village_code)
    if region is None:
        raise ValidationError({"village": _("事项须登记在村(社区)。")})
    errors = {}
    title = _text(title, "title", _("事项名称"), TITLE_MAX, errors)
    description = _text(description, "description", _("事项说明"), DESCRIPTION_MAX, errors, required=False)
    amount_fen = _amount(amount_fen, errors)
    in_force = catalogue.items_for_village(village_code)
    item_id = getattr(item, "pk", item)
    chosen = None
    if item_id not in (None, ""):
        chosen = in_force.filter(pk=item_id).first() if str(item_id).isdigit() else None
        if chosen is None:
            errors["item"] = _("本县村级协商目录中没有该目录项(或已停用)。")
        elif chosen.threshold_fen is not None and "amount_fen" not in errors and amount_fen <= chosen.threshold_fen:
            errors["item"] = _("“%(name)s”只适用于金额超过 %(limit)s 元的事项;本事项金额 %(amount)s 元。") % {
                "name": chosen.name, "limit": format_fen(chosen.threshold_fen), "amount": format_fen(amount_fen),
            }
    elif "amount_fen" not in errors:
        threshold = catalogue.threshold_item_for(village_code)
        if threshold is not None and amount_fen > threshold.threshold_fen:
            chosen = threshold
    filing_row = _filing(village_code, getattr(filing, "pk", filing), errors)
    if errors:
        raise ValidationError(errors)
    matter = Matter(
        village=region, title=title, description=description, item=chosen, amount_fen=amount_fen,
        filing=filing_row, created_by=actor,
    )
    matter_workflow.start(actor, matter, post=post, changes={
        "title": [None, title], "item": [None, chosen.name if chosen else None], "amount_fen": [None, amount_fen],
        "filing": [None, filing_row.pk if filing_row else None],
    })
    return matter


def link_filing(actor, matter, filing):
    """Name the 重大事项备案 the matter's decision stands behind."""
    post = require(actor, MANAGE, matter.village_id)
    errors = {}
    filing_row = _filing(matter.village_id, getattr(filing, "pk", filing), errors, matter)
    if filing_row is None and not errors:
        errors["filing"] = _("请选择重大事项备案。")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        before = matter.filing_id
        Matter.objects.filter(pk=matter.pk).update(filing=filing_row)
        matter.filing = filing_row
        record_event(actor, "matter.link_filing", matter, region_code=matter.village_id, post=post,
                     changes={"filing": [before, filing_row.pk]})
    return matter


# --- ①–④ and failed votes ------------------------------------------------------------------------


def record_step(actor, matter, step, *, resolution_id, comment=""):
    """Record ①, ②, ③ or ④ by the passed resolution of the meeting that took it."""
    try:
        step = Step(int(step))
    except (TypeError, ValueError):
        raise ValidationError({"step": _("步骤须为 1 到 4(①–④)。")}) from None
    matter_workflow.advance(
        actor, matter, STEP_TRANSITIONS[step], comment=comment, data={"resolution_id": resolution_id}
    )
    return matter


def record_joint_proposal(actor, matter, *, resolution_id, comment=""):
    """① and ② at one 两委 meeting, where one person is both 村党组织书记 and 村委会主任."""
    matter_workflow.advance(actor, matter, "propose_jointly", comment=comment, data={"resolution_id": resolution_id})
    return matter


def record_failed_vote(actor, matter, *, resolution_id, outcome, reason):
    """A vote at ②–④ failed: back to ① (outcome "restart") or the matter ends ("abandon")."""
    if outcome not in ("restart", "abandon"):
        raise ValidationError({"outcome": _("请选择退回①重新提议或终止事项。")})
    reason = (reason or "").strip()
    try:
        matter_workflow.advance(
            actor, matter, outcome, comment=reason, data={"resolution_id": resolution_id, "comment": reason}
        )
    except ValidationError as error:
        if hasattr(error, "error_dict") and "comment" in error.error_dict:
            raise ValidationError({"reason": _("请填写理由。")}) from None
        raise
    return matter


# --- ⑤, implementation, ⑥ -----------------------------------------------------------------------


def publish_resolution(actor, matter, *, text):
    """⑤: the decision's public notice, appended to the publication log."""
    matter_workflow.advance(actor, matter, "publish_resolution", data={"text": text})
    return matter.notices.get(kind="resolution")


def mark_implemented(actor, matter, *, comment=""):
    matter_workflow.advance(actor, matter, "implement", comment=comment)
    return matter


def publish_result(actor, matter, *, text):
    """⑥: the implementation result's public notice; the matter is closed."""
    matter_workflow.advance(actor, matter, "publish_result", data={"text": text})
    return matter.notices.get(kind="result")


def _milestone_open(matter):
    if matter.state in CLOSED_FOR_MILESTONES:
        raise ValidationError({"matter": _("事项%(state)s,不能再修改实施节点。") % {"state": matter.state_label}})
    if requires_procedure(matter) and matter.state != MatterState.IMPLEMENTING:
        raise ValidationError({"matter": _("本事项属于村级协商目录,须先完成“⑤ 决议公开”才能开始实施。")})


def _progress(value, errors):
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
        errors["progress"] = _("完成进度须为 0 到 100 的整数。")
        return 0
    return value


def add_milestone(actor, matter, *, title, due_on, progress=0):
    post = require(actor, MANAGE, matter.village_id)
    _milestone_open(matter)
    errors = {}
    title = _text(title, "title", _("节点名称"), MILESTONE_TITLE_MAX, errors)
    if not isinstance(due_on, datetime.date):
        errors["due_on"] = _("请填写计划完成日期。")
    progress = _progress(progress, errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        milestone = Milestone.objects.create(
            matter=matter, title=title, due_on=due_on, progress=progress,
            done_on=timezone.localdate() if progress == 100 else None,
        )
        record_event(actor, "matter_milestone.add", milestone, region_code=matter.village_id, post=post,
                     changes={"title": [None, title], "due_on": [None, due_on.isoformat()], "progress": [None, progress]})
    return milestone


def update_milestone(actor, milestone, *, progress, note=""):
    matter = milestone.matter
    post = require(actor, MANAGE, matter.village_id)
    _milestone_open(matter)
    errors = {}
    progress = _progress(progress, errors)
    note = _text(note, "note", _("进展说明"), NOTE_MAX, errors, required=False)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        row = Milestone.objects.select_for_update().get(pk=milestone.pk)
        before = (row.progress, row.note)
        row.progress, row.note = progress, note
        row.done_on = (row.done_on or timezone.localdate()) if progress == 100 else None
        row.save(update_fields=["progress", "note", "done_on", "updated_at"])
        record_event(actor, "matter_milestone.update", row, region_code=matter.village_id, post=post,
                     changes={"progress": [before[0], progress], "note": [before[1], note]})
    return row
