"""整顿: a flagged organisation's rectification plan, its tasks and the closing review
(passed → 销号; not yet → extended to a later deadline)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import require
from xiangzhi.core.audit import record_event
from xiangzhi.finance.uploads import checked_document

from .models import OPEN_STATES, RECTIFY, Rectification, RectificationState, RectificationTask, WeakFlag

TEXT_MAX = 2000


def _text(value, field, label, errors, *, required=True, limit=TEXT_MAX):
    value = (value or "").strip()
    if required and not value:
        errors[field] = [_("请填写%(label)s。") % {"label": label}]
    elif len(value) > limit:
        errors[field] = [_("%(label)s不能超过 %(n)d 个字。") % {"label": label, "n": limit}]
    return value


def open_rectification(actor, organisation, year, *, problems, measures="", deadline):
    """Open the plan for an organisation flagged 软弱涣散 in `year`."""
    post = require(actor, RECTIFY, organisation.region_id)
    errors = {}
    problems = _text(problems, "problems", _("主要问题"), errors)
    measures = _text(measures, "measures", _("整顿措施"), errors, required=False)
    if deadline is None:
        errors["deadline"] = [_("请填写整顿期限。")]
    elif deadline <= timezone.localdate():
        errors["deadline"] = [_("整顿期限应晚于今天。")]
    if not WeakFlag.objects.filter(organisation=organisation, year=year).exists():
        errors["organisation"] = [_("%(org)s %(year)s 年度未被认定为软弱涣散,不能建立整顿方案。") % {
            "org": organisation.name, "year": year}]
    if errors:
        raise ValidationError(errors)
    duplicate = ValidationError({"organisation": _("%(org)s 已有正在进行的整顿。") % {"org": organisation.name}})
    with transaction.atomic():
        if Rectification.objects.filter(organisation=organisation, state__in=OPEN_STATES).exists():
            raise duplicate
        try:
            with transaction.atomic():
                rectification = Rectification.objects.create(
                    organisation=organisation, region_id=organisation.region_id, year=year, problems=problems,
                    measures=measures, deadline=deadline, opened_by=actor)
        except IntegrityError:
            raise duplicate from None
        record_event(actor, "rectification.open", rectification, region_code=organisation.region_id, post=post,
                     changes={"year": [None, year], "deadline": [None, deadline.isoformat()],
                              "state": [None, rectification.state]})
    return rectification


def _require_open(rectification):
    if rectification.state not in OPEN_STATES:
        raise ValidationError({"state": _("该整顿已验收销号,不能再修改。")})


def add_task(actor, rectification, *, title, owner, deadline):
    post = require(actor, RECTIFY, rectification.region_id)
    _require_open(rectification)
    errors = {}
    title = _text(title, "title", _("任务"), errors, limit=200)
    owner = _text(owner, "owner", _("责任人"), errors, limit=50)
    if deadline is None:
        errors["deadline"] = [_("请填写完成时限。")]
    elif deadline > rectification.deadline:
        errors["deadline"] = [_("完成时限不能晚于整顿期限 %(date)s。") % {"date": rectification.deadline.isoformat()}]
    elif deadline < rectification.opened_at.date():
        errors["deadline"] = [_("完成时限不能早于整顿开始日期。")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        task = RectificationTask.objects.create(rectification=rectification, title=title, owner=owner,
                                                deadline=deadline)
        record_event(actor, "rectification.task_add", rectification, region_code=rectification.region_id, post=post,
                     changes={"task": [None, title], "owner": [None, owner], "deadline": [None, deadline.isoformat()]})
    return task


def complete_task(actor, task, *, done_on, note, upload=None):
    """A task is done with evidence: a note of what was done, and optionally a file."""
    rectification = task.rectification
    post = require(actor, RECTIFY, rectification.region_id)
    _require_open(rectification)
    errors = {}
    note = _text(note, "note", _("完成情况"), errors)
    if done_on is None:
        errors["done_on"] = [_("请填写完成日期。")]
    elif done_on > timezone.localdate():
        errors["done_on"] = [_("完成日期不能晚于今天。")]
    elif done_on < rectification.opened_at.date():
        errors["done_on"] = [_("完成日期不能早于整顿开始日期。")]
    if upload:
        try:
            checked_document(upload, "file", _("佐证材料"))
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        updated = RectificationTask.objects.filter(pk=task.pk, done_on__isnull=True).update(
            done_on=done_on, evidence_note=note, done_by=actor)
        if not updated:
            raise ValidationError({"state": _("该任务已标记完成。")})
        if upload:
            task.refresh_from_db()
            task.evidence_name = upload.name[:200]
            task.evidence_file.save(upload.name, upload, save=False)
            task.save(update_fields=["evidence_file", "evidence_name"])
        record_event(actor, "rectification.task_done", rectification, region_code=rectification.region_id, post=post,
                     changes={"task": [None, task.title], "done_on": [None, done_on.isoformat()],
                              "evidence": [None, upload.name if upload else note[:100]]})
    task.refresh_from_db()
    return task


def close_review(actor, rectification, *, passed, opinion, extended_to=None):
    """The closing review: passed (every task done) ends the plan; otherwise a later deadline."""
    post = require(actor, RECTIFY, rectification.region_id)
    _require_open(rectification)
    errors = {}
    opinion = _text(opinion, "opinion", _("验收意见"), errors)
    values = {"review_opinion": opinion, "reviewed_by": actor, "reviewed_on": timezone.localdate()}
    if passed:
        open_tasks = rectification.tasks.filter(done_on__isnull=True).count()
        if not rectification.tasks.exists():
            errors["passed"] = [_("整顿方案还没有任务,不能验收通过。")]
        elif open_tasks:
            errors["passed"] = [_("还有 %(n)d 项任务未完成,不能验收通过。") % {"n": open_tasks}]
        values["state"] = RectificationState.PASSED
    else:
        if extended_to is None:
            errors["extended_to"] = [_("延期整顿请填写新的整顿期限。")]
        elif extended_to <= max(rectification.deadline, timezone.localdate()):
            errors["extended_to"] = [_("新的整顿期限应晚于原期限和今天。")]
        values.update(state=RectificationState.EXTENDED, deadline=extended_to)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        updated = Rectification.objects.filter(pk=rectification.pk, state=rectification.state).update(**values)
        if not updated:
            raise ValidationError({"state": _("该整顿已被他人处理,请刷新后查看。")})
        changes = {"state": [rectification.state, values["state"]], "review_opinion": [rectification.review_opinion,
                                                                                      opinion]}
        if not passed:
            changes["deadline"] = [rectification.deadline.isoformat(), extended_to.isoformat()]
        record_event(actor, "rectification.review", rectification, region_code=rectification.region_id, post=post,
                     changes=changes)
    rectification.refresh_from_db()
    return rectification
