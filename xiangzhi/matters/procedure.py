"""四议两公开 as a procedure of the workflow core, and the actions that take its steps.

  proposal ─①─▶ proposed ─②─▶ deliberated ─③─▶ reviewed ─④─▶ resolved ─⑤─▶ implementing
     │  └──────①+② (one 两委 meeting)──────▲                                        │
     ▲                                                                     implement ▼
     └── restart (a failed vote at ②–④)   abandon ──▶ abandoned     closed ◀─⑥── implemented

Each of ①–④ is recorded by attaching a PASSED resolution (assembly.resolutions) of the right
body of the matter's village, held after the previous step's meeting. The step transitions are
open from every state before ⑤ so that a skipped or repeated step is refused with a message
naming the step that is due, not a bare "not possible now". The conditional UPDATE of the
workflow core lets exactly one of two cadres recording the same step win.
"""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xiangzhi.accounts.models import Post, Role
from xiangzhi.assembly.models import Body, MeetingState, Resolution
from xiangzhi.assembly.resolutions import passed_resolution
from xiangzhi.core.workflow import Transition, Workflow
from xiangzhi.translog import log

from .models import Matter, MatterState, MatterStep, Notice, NoticeKind, Step

MANAGE = "matter.manage"
RESOLUTION_KIND = "matter_resolution"
RESULT_KIND = "matter_result"
NOTICE_MAX = 5000

STEP_BODIES = {
    Step.PROPOSAL: (Body.PARTY_ORGANISATION,),
    Step.DELIBERATION: (Body.TWO_COMMITTEES,),
    Step.REVIEW: (Body.PARTY_MEMBERS,),
    Step.DECISION: (Body.VILLAGERS_ASSEMBLY, Body.REPRESENTATIVES),
}
# The step due in each state before the decision.
DUE_STEP = {
    MatterState.PROPOSAL: Step.PROPOSAL,
    MatterState.PROPOSED: Step.DELIBERATION,
    MatterState.DELIBERATED: Step.REVIEW,
    MatterState.REVIEWED: Step.DECISION,
}
BEFORE_DECISION = tuple(DUE_STEP)
AFTER_DECISION = (MatterState.RESOLVED, MatterState.IMPLEMENTING, MatterState.IMPLEMENTED)
VOTING = (MatterState.PROPOSED, MatterState.DELIBERATED, MatterState.REVIEWED)
OPEN_BEFORE_RESULT = (*BEFORE_DECISION, MatterState.RESOLVED, MatterState.IMPLEMENTING)
PUBLISH_RESOLUTION = "⑤ 决议公开"
PUBLISH_RESULT = "⑥ 实施结果公开"


def step_label(step):
    return str(Step(step).label)


# --- the trail ------------------------------------------------------------------------------


def current_steps(matter):
    """{step: MatterStep} of the matter's current round (the passed ones and a failed one)."""
    rows = MatterStep.objects.filter(matter_id=matter.pk, round=matter.round).select_related("resolution__meeting")
    return {row.step: row for row in rows}


def missing_trail(matter, steps=None, notices=None):
    """The first of ①–⑤ the matter has not lawfully taken (a label), or None when the trail is whole."""
    steps = current_steps(matter) if steps is None else steps
    for step in Step:
        row = steps.get(step)
        if row is None or not row.passed:
            return step_label(step)
    kinds = (
        set(Notice.objects.filter(matter_id=matter.pk).values_list("kind", flat=True)) if notices is None
        else {notice.kind for notice in notices}
    )
    if NoticeKind.RESOLUTION not in kinds:
        return PUBLISH_RESOLUTION
    return None


def requires_procedure(matter):
    """The matter's catalogue item is in force in its county, or its amount is above the county's
    threshold: then it cannot be implemented without the whole trail."""
    from .catalogue import items_for_village, threshold_item_for

    if matter.item_id and items_for_village(matter.village_id).filter(
        Q(pk=matter.item_id) | Q(replaces_id=matter.item_id)
    ).exists():
        return True
    threshold = threshold_item_for(matter.village_id)
    return threshold is not None and matter.amount_fen > threshold.threshold_fen


def holds_both_posts(village_code, on):
    """Whether one person holds both 村党组织书记 and 村委会主任 posts of the village on the date."""
    def holders(role):
        return Post.objects.active(on).filter(region_id=village_code, role=role).values("user_id")

    return Post.objects.active(on).filter(
        region_id=village_code, role=Role.VILLAGE_DIRECTOR, user_id__in=holders(Role.VILLAGE_SECRETARY)
    ).exists()


# --- guards ---------------------------------------------------------------------------------


def _step_is_due(step):
    def guard(matter, actor, data):
        due = DUE_STEP.get(matter.state)
        if due is None:
            return {"step": _("本事项已完成“%(done)s”,不能再记录“%(step)s”。") % {
                "done": step_label(Step.DECISION), "step": step_label(step)}}
        if step > due:
            return {"step": _("须先完成“%(due)s”,才能记录“%(step)s”。") % {
                "due": step_label(due), "step": step_label(step)}}
        if step < due:
            return {"step": _("“%(step)s”已记录,本事项下一步是“%(due)s”。") % {
                "step": step_label(step), "due": step_label(due)}}
        return None
    return guard


def _held_after_previous(matter, resolution, step):
    """A message if the resolution's meeting was not held after the previous step's meeting."""
    previous = current_steps(matter).get(step - 1) if step > Step.PROPOSAL else None
    if previous is None:
        return None
    before, held = previous.resolution.meeting.held_at, resolution.meeting.held_at
    if held is None or before is None or held <= before:
        return {"resolution": _("“%(step)s”的会议须在“%(previous)s”的会议(%(before)s)之后召开。") % {
            "step": step_label(step), "previous": step_label(previous.step),
            "before": timezone.localtime(before).strftime("%Y-%m-%d %H:%M") if before else "—",
        }}
    return None


def _not_used_elsewhere(matter, resolution):
    used = MatterStep.objects.filter(resolution_id=resolution.pk).exclude(matter_id=matter.pk).select_related(
        "matter").first()
    if used is not None:
        return {"resolution": _("该决议已用于事项“%(title)s”,请选择针对本事项的表决。") % {"title": used.matter.title}}
    if MatterStep.objects.filter(resolution_id=resolution.pk, matter_id=matter.pk).exists():
        return {"resolution": _("该决议已记录在本事项的其他步骤中。")}
    return None


def _passed_resolution_for(step, bodies=None):
    def guard(matter, actor, data):
        try:
            resolution = passed_resolution(
                matter.village_id, data.get("resolution_id"), bodies=bodies or STEP_BODIES[step]
            )
        except ValidationError as error:
            return error.message_dict
        refusal = _not_used_elsewhere(matter, resolution) or _held_after_previous(matter, resolution, step)
        if refusal:
            return refusal
        data["resolution"] = resolution
        return None
    return guard


def _one_person_both_posts(matter, actor, data):
    resolution = data["resolution"]
    held_on = timezone.localdate(resolution.meeting.held_at)
    if not holds_both_posts(matter.village_id, held_on):
        return {"resolution": _(
            "只有村党组织书记和村委会主任由一人担任时,①和②才可以在一次“两委”会议上合并进行;"
            "%(date)s 本村这两个职务不是由同一人担任。"
        ) % {"date": held_on.isoformat()}}
    return None


def _failed_vote(matter, actor, data):
    """The resolution is a FAILED vote of the body of the step due, held after the previous step."""
    step = DUE_STEP.get(matter.state)
    if step is None or step == Step.PROPOSAL:
        return _("只有在②–④表决未通过时,才能退回①或终止事项。")
    resolution_id = data.get("resolution_id")
    resolution = (
        Resolution.objects.select_related("meeting").filter(
            pk=resolution_id, meeting__region__prefix=matter.village_id
        ).first() if str(resolution_id).isdigit() else None
    )
    if resolution is None:
        return {"resolution": _("本村没有编号为 %(id)s 的决议。") % {"id": resolution_id}}
    bodies = STEP_BODIES[step]
    if resolution.meeting.body not in bodies:
        return {"resolution": _("“%(step)s”须由%(bodies)s表决,该决议由%(body)s作出。") % {
            "step": step_label(step), "bodies": "或".join(str(Body(body).label) for body in bodies),
            "body": resolution.meeting.get_body_display(),
        }}
    if resolution.meeting.state != MeetingState.HELD:
        return {"resolution": _("作出该决议的会议尚未召开。")}
    if resolution.passed:
        return {"resolution": _("该决议已获通过,请记录“%(step)s”而不是退回或终止。") % {"step": step_label(step)}}
    refusal = _not_used_elsewhere(matter, resolution) or _held_after_previous(matter, resolution, step)
    if refusal:
        return refusal
    data["resolution"], data["step"] = resolution, step
    return None


def _trail_if_required(matter, actor, data):
    if not requires_procedure(matter):
        return None
    missing = missing_trail(matter)
    if missing:
        item = matter.item.name if matter.item_id else _("金额超过县定标准的事项")
        return _("本事项属于村级协商目录(%(item)s),须完整履行四议两公开后才能标记实施完成;尚缺“%(missing)s”。") % {
            "item": item, "missing": missing,
        }
    return None


def _milestones_done(matter, actor, data):
    unfinished = matter.milestones.filter(progress__lt=100).order_by("due_on", "id").first()
    if unfinished is not None:
        return _("实施节点“%(title)s”完成进度为 %(progress)d%%,全部节点完成后才能标记实施完成。") % {
            "title": unfinished.title, "progress": unfinished.progress,
        }
    return None


def _state_is(state, due_label):
    def guard(matter, actor, data):
        if matter.state != state:
            return _("须先完成“%(due)s”。当前:%(state)s。") % {"due": due_label, "state": matter.state_label}
        return None
    return guard


def _notice_text(matter, actor, data):
    from xiangzhi.people.masking import contains_citizen_id

    text = (data.get("text") or "").strip()
    if not text:
        return {"text": _("请填写公开内容。")}
    if len(text) > NOTICE_MAX:
        return {"text": _("公开内容不能超过 %(max)d 个字。") % {"max": NOTICE_MAX}}
    if contains_citizen_id(text):
        return {"text": _("公开内容将向村民公开,不能包含身份证号码。")}
    data["text"] = text
    return None


# --- effects --------------------------------------------------------------------------------


def _record(matter, actor, data, step, *, passed=True, combined=False, comment=""):
    MatterStep.objects.create(
        matter=matter, round=matter.round, step=step, resolution=data["resolution"], passed=passed,
        combined=combined, comment=comment, recorded_by=actor, recorded_at=matter.state_changed_at,
    )


def _step_effect(step):
    def effect(matter, actor, data):
        _record(matter, actor, data, step)
        return {"step": [None, step_label(step)], "resolution": [None, data["resolution"].pk]}
    return effect


def _combined_effect(matter, actor, data):
    _record(matter, actor, data, Step.PROPOSAL, combined=True)
    _record(matter, actor, data, Step.DELIBERATION, combined=True)
    return {"step": [None, _("①+② “两委”会议合并提议、商议")], "resolution": [None, data["resolution"].pk]}


def _failed_effect(back_to_proposal):
    def effect(matter, actor, data):
        _record(matter, actor, data, data["step"], passed=False, comment=data.get("comment", ""))
        changes = {"failed_step": [None, step_label(data["step"])], "resolution": [None, data["resolution"].pk]}
        if back_to_proposal:
            Matter.objects.filter(pk=matter.pk).update(round=matter.round + 1)
            changes["round"] = [matter.round, matter.round + 1]
            matter.round += 1
        return changes
    return effect


def _publish_effect(kind, log_kind):
    def effect(matter, actor, data):
        notice = Notice.objects.create(
            matter=matter, kind=kind, text=data["text"], published_by=actor, published_at=matter.state_changed_at
        )
        entry = log.append(notice, log_kind)
        data["notice"] = notice
        return {"notice": [None, notice.pk], "log_index": [None, entry.index]}
    return effect


matter_workflow = Workflow(
    "matter",
    Matter,
    states=MatterState,
    initial=MatterState.PROPOSAL,
    final=(MatterState.CLOSED, MatterState.ABANDONED),
    region=lambda matter: matter.village_id,
    start_name="register",
    start_label=gettext_lazy("登记事项"),
    transitions=[
        Transition(
            "propose", gettext_lazy("① 村党组织提议"), source=(*BEFORE_DECISION, *AFTER_DECISION),
            target=MatterState.PROPOSED, capability=MANAGE,
            guards=(_step_is_due(Step.PROPOSAL), _passed_resolution_for(Step.PROPOSAL)),
            effect=_step_effect(Step.PROPOSAL),
        ),
        Transition(
            "propose_jointly", gettext_lazy("①+② “两委”会议合并提议、商议"),
            source=(*BEFORE_DECISION, *AFTER_DECISION), target=MatterState.DELIBERATED, capability=MANAGE,
            guards=(
                _step_is_due(Step.PROPOSAL),
                _passed_resolution_for(Step.PROPOSAL, bodies=STEP_BODIES[Step.DELIBERATION]),
                _one_person_both_posts,
            ),
            effect=_combined_effect,
        ),
        Transition(
            "deliberate", gettext_lazy("② 村“两委”会议商议"), source=(*BEFORE_DECISION, *AFTER_DECISION),
            target=MatterState.DELIBERATED, capability=MANAGE,
            guards=(_step_is_due(Step.DELIBERATION), _passed_resolution_for(Step.DELIBERATION)),
            effect=_step_effect(Step.DELIBERATION),
        ),
        Transition(
            "review", gettext_lazy("③ 党员大会审议"), source=(*BEFORE_DECISION, *AFTER_DECISION),
            target=MatterState.REVIEWED, capability=MANAGE,
            guards=(_step_is_due(Step.REVIEW), _passed_resolution_for(Step.REVIEW)),
            effect=_step_effect(Step.REVIEW),
        ),
        Transition(
            "decide", gettext_lazy("④ 村民会议或村民代表会议决议"), source=(*BEFORE_DECISION, *AFTER_DECISION),
            target=MatterState.RESOLVED, capability=MANAGE,
            guards=(_step_is_due(Step.DECISION), _passed_resolution_for(Step.DECISION)),
            effect=_step_effect(Step.DECISION),
        ),
        Transition(
            "restart", gettext_lazy("表决未通过,退回①重新提议"), source=BEFORE_DECISION,
            target=MatterState.PROPOSAL, capability=MANAGE, requires_comment=True,
            guards=(_failed_vote,), effect=_failed_effect(True),
        ),
        Transition(
            "abandon", gettext_lazy("表决未通过,终止事项"), source=BEFORE_DECISION,
            target=MatterState.ABANDONED, capability=MANAGE, requires_comment=True,
            guards=(_failed_vote,), effect=_failed_effect(False),
        ),
        Transition(
            "publish_resolution", gettext_lazy("⑤ 决议公开"), source=OPEN_BEFORE_RESULT,
            target=MatterState.IMPLEMENTING, capability=MANAGE,
            guards=(_state_is(MatterState.RESOLVED, step_label(Step.DECISION)), _notice_text),
            effect=_publish_effect(NoticeKind.RESOLUTION, RESOLUTION_KIND),
        ),
        Transition(
            "implement", gettext_lazy("标记实施完成"), source=OPEN_BEFORE_RESULT,
            target=MatterState.IMPLEMENTED, capability=MANAGE,
            guards=(_trail_if_required, _milestones_done),
        ),
        Transition(
            "publish_result", gettext_lazy("⑥ 实施结果公开"), source=(*OPEN_BEFORE_RESULT, MatterState.IMPLEMENTED),
            target=MatterState.CLOSED, capability=MANAGE,
            guards=(_state_is(MatterState.IMPLEMENTED, _("标记实施完成")), _trail_if_required, _notice_text),
            effect=_publish_effect(NoticeKind.RESULT, RESULT_KIND),
        ),
    ],
)

STEP_TRANSITIONS = {
    Step.PROPOSAL: "propose", Step.DELIBERATION: "deliberate", Step.REVIEW: "review", Step.DECISION: "decide",
}
