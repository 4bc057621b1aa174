"""Objections to the voter list (选民名单异议): lodged within 5 days of its publication, answered
within 3 days. The answer is a workflow step; an upheld objection adds the resident to the list
or removes them from it. Unanswered objections past their deadline show to the township."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xiangzhi.accounts.permissions import require, require_capability
from xiangzhi.core.workflow import Transition, Workflow
from xiangzhi.grid.calendar import BEIJING
from xiangzhi.people.models import Resident

from .elections import MANAGE
from .models import Candidate, Election, ElectionState, Objection, ObjectionKind, ObjectionState, VoterEntry

LODGE_DAYS = 5
ANSWER_DAYS = 3
REASON_MAX_LENGTH = 1000


def answer_deadline(lodged_on):
    """The end (24:00 Beijing time) of the third day after the objection was lodged."""
    last_day = lodged_on + datetime.timedelta(days=ANSWER_DAYS + 1)
    return datetime.datetime.combine(last_day, datetime.time.min, tzinfo=BEIJING)


def _deadline_of(objection, state, now):
    return answer_deadline(objection.lodged_on) if state == ObjectionState.PENDING else None


def _open_election(objection, actor, data):
    state = Election.objects.filter(pk=objection.election_id).values_list("state", flat=True).first()
    if state != ElectionState.PUBLISHED:
        return _("计票结果已录入,选民名单不能再修改。")
    return None


def _apply(objection, actor, data):
    election = objection.election
    entry = VoterEntry.objects.filter(election=election, resident=objection.subject).first()
    if objection.kind == ObjectionKind.ADD:
        if entry is None:
            resident = objection.subject
            VoterEntry.objects.create(
                election=election, resident=resident, name=resident.name, birth_date=resident.birth_date,
                added_by_objection=True,
            )
        else:
            VoterEntry.objects.filter(pk=entry.pk).update(removed=False, added_by_objection=True)
        return {"voter_list": [None, f"+{objection.subject_id}"]}
    VoterEntry.objects.filter(pk=entry.pk).update(removed=True)
    Candidate.objects.filter(election=election, voter=entry).delete()
    return {"voter_list": [None, f"-{objection.subject_id}"]}


def _save_answer(objection, actor, data):
    Objection.objects.filter(pk=objection.pk).update(answer=data["answer"])
    objection.answer = data["answer"]
    return {"answer": [None, data["answer"]]}


def _uphold_effect(objection, actor, data):
    return {**_save_answer(objection, actor, data), **_apply(objection, actor, data)}


objection_workflow = Workflow(
    "voter_objection", Objection, states=ObjectionState,
    initial=ObjectionState.PENDING, final=(ObjectionState.UPHELD, ObjectionState.DISMISSED),
    region=lambda objection: objection.election.region_id,
    start_name="lodge", start_label=gettext_lazy("提出异议"),
    deadline_of=_deadline_of,
    transitions=[
        Transition("uphold", gettext_lazy("异议成立"), source=(ObjectionState.PENDING,), target=ObjectionState.UPHELD,
                   capability=MANAGE, guards=(_open_election,), requires_comment=True, effect=_uphold_effect),
        Transition("dismiss", gettext_lazy("异议不成立"), source=(ObjectionState.PENDING,),
                   target=ObjectionState.DISMISSED, capability=MANAGE, guards=(_open_election,),
                   requires_comment=True, effect=_save_answer),
    ],
)


# --- reads ------------------------------------------------------------------------------


def visible_objections(user):
    return Objection.objects.visible_to(user).select_related("election__region", "subject")


def get_objection_for_user(user, pk):
    require_capability(user, Objection.view_capability)
    objection = visible_objections(user).filter(pk=pk).first()
    if objection is None:
        raise Http404(_("未找到该记录。"))
    return objection


def overdue_objections(user):
    return visible_objections(user).overdue().order_by("deadline", "id")


# --- actions ----------------------------------------------------------------------------


def lodge_objection(actor, election, *, kind, subject, objector, reason, lodged_on=None):
    """Record an objection (made in person or in writing) against the published list."""
    post = require(actor, MANAGE, election.region_id)
    today = timezone.localdate()
    lodged_on = lodged_on or today
    errors = {}
    if kind not in ObjectionKind.values:
        errors["kind"] = _("请选择异议类型。")
    objector = (objector or "").strip()
    if not objector:
        errors["objector"] = _("请填写提出人。")
    elif len(objector) > 50:
        errors["objector"] = _("提出人不能超过 50 个字。")
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = _("请填写异议理由。")
    elif len(reason) > REASON_MAX_LENGTH:
        errors["reason"] = _("异议理由不能超过 %(max)d 个字。") % {"max": REASON_MAX_LENGTH}
    subject_id = subject.pk if isinstance(subject, Resident) else subject
    resident = (
        Resident.objects.within(election.region_id).filter(pk=subject_id).first()
        if str(subject_id or "").isdigit() else None
    )
    if resident is None:
        errors["subject"] = _("请选择本村的村民。")
    if lodged_on > today:
        errors["lodged_on"] = _("提出日期不能晚于今天。")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        election = Election.objects.select_for_update().get(pk=election.pk)
        if election.state != ElectionState.PUBLISHED:
            raise ValidationError(_("只能对已公布、尚未计票的选民名单提出异议。"))
        last_day = election.list_published_on + datetime.timedelta(days=LODGE_DAYS)
        if lodged_on < election.list_published_on:
            raise ValidationError({"lodged_on": _("提出日期不能早于选民名单公布日 %(date)s。") % {
                "date": election.list_published_on.isoformat()}})
        if lodged_on > last_day:
            raise ValidationError({"lodged_on": _(
                "对选民名单有异议的,应当自名单公布之日起 %(days)d 日内提出:名单于 %(published)s 公布,"
                "最迟 %(last)s,%(lodged)s 已超过期限。"
            ) % {"days": LODGE_DAYS, "published": election.list_published_on.isoformat(),
                 "last": last_day.isoformat(), "lodged": lodged_on.isoformat()}})
        entry = election.voters.filter(resident=resident).first()
        listed = entry is not None and not entry.removed
        if kind == ObjectionKind.ADD:
            if listed:
                raise ValidationError({"subject": _("%(name)s已在选民名单上。") % {"name": resident.name}})
        elif not listed:
            raise ValidationError({"subject": _("%(name)s不在选民名单上。") % {"name": resident.name}})
        objection = Objection(
            election=election, kind=kind, subject=resident, objector=objector, reason=reason,
            lodged_on=lodged_on, created_by=actor,
        )
        objection_workflow.start(actor, objection, post=post, changes={
            "kind": [None, kind], "subject": [None, resident.pk], "lodged_on": [None, lodged_on.isoformat()],
        })
    return objection


def answer_objection(actor, objection, *, upheld, answer):
    """Answer it: upheld (the list changes) or dismissed; the answer is required."""
    answer = (answer or "").strip()
    if len(answer) > REASON_MAX_LENGTH:
        raise ValidationError({"comment": _("答复不能超过 %(max)d 个字。") % {"max": REASON_MAX_LENGTH}})
    return objection_workflow.advance(
        actor, objection, "uphold" if upheld else "dismiss", comment=answer, data={"answer": answer}
    )
