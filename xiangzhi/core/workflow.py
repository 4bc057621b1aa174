"""The workflow core: one small mechanism for staged procedures.

A procedure is declared once, next to the actions that use it:

    transfer_workflow = Workflow(
        "household_transfer", HouseholdTransfer, states=TransferState,
        initial=TransferState.REQUESTED, final=(…),
        transitions=[Transition("accept", _("接收"), source=(…), target=…, capability=…), …],
        deadlines={TransferState.REQUESTED: timedelta(days=15)},
    )

`start` puts a new record in the initial state; `advance` takes one step: it checks the
step may start from the record's state, the actor's capability and scope, the comment
and the guards, then in one transaction moves the state with a conditional UPDATE (so two
people acting at once cannot both take the step), runs the step's effect, and writes the
history row (core.models.WorkflowStep, with its attachments) and an audit event.
No view edits a state field directly.

A step marked `system=True` is taken by the platform itself (a scheduled job: escalation of
an overdue record, automatic confirmation), with `actor=None`: no capability is checked, no
post is named, the audit event has no actor ("system") and the history row names the
inactive system account (系统).
"""

from dataclasses import dataclass, field
from typing import Any, Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xiangzhi.accounts.permissions import can, require

from .audit import record_event
from .models import StepAttachment, WorkflowStep
from .scope import ScopedQuerySet
from .uploads import sha256_of


class WorkflowSubject(models.Model):
    """Fields every record that moves through a procedure has."""

    state = models.CharField(gettext_lazy("状态"), max_length=32, db_index=True)
    state_changed_at = models.DateTimeField(gettext_lazy("状态变更时间"), default=timezone.now)
    deadline = models.DateTimeField(gettext_lazy("办理期限"), null=True, blank=True, db_index=True)

    class Meta:
        abstract = True


MAX_ATTACHMENTS = 10
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
START = "start"


def default_region(obj):
    return obj.region_id


@dataclass(frozen=True)
class Transition:
    """One step: from any of `source` to `target`, for posts holding `capability` over
    `region(obj)`. Each guard returns a Chinese message (or {field: message}) to refuse,
    None to allow. `effect(obj, actor, data)` runs in the step's transaction and may return
    {field: [old, new]} for the audit event. Guards and effect find the acting post in
    data["post"]. A `system` step is taken by the platform (actor None), never by a person;
    its capability is not checked."""

    name: str
    label: str
    source: tuple
    target: str
    capability: str
    region: Callable[[Any], str] | None = None
    guards: tuple = ()
    requires_comment: bool = False
    effect: Callable | None = None
    system: bool = False
    # The grid a record is served by, for posts held on a grid (their scope is the grid, not
    # a code prefix): grid(obj) -> grid code or None.
    grid: Callable[[Any], str | None] | None = None


@dataclass
class Workflow:
    name: str
    model: type
    states: type
    initial: str
    final: tuple = ()
    transitions: list = field(default_factory=list)
    deadlines: dict = field(default_factory=dict)
    # The region a record belongs to, for the start step's audit event and for transitions
    # that do not name their own.
    region: Callable[[Any], str] = default_region
    # The first history row's name and label ("request", "申请" …).
    start_name: str = START
    start_label: str = gettext_lazy("发起")
    # The model's procedure, found by `overdue(queryset)` and friends; a throwaway
    # declaration (in a test) passes register=False.
    register: bool = True
    # When a record's deadline depends on the record itself (working days, per category …):
    # deadline_of(obj, state, now) -> datetime | None replaces `deadlines`.
    deadline_of: Callable[[Any, str, Any], Any] | None = None

    def __post_init__(self):
        self.final = tuple(self.final)
        self._by_name = {}
        for transition in self.transitions:
            if transition.name in self._by_name or transition.name == self.start_name:
                raise ValueError(f"{self.name}: duplicate transition {transition.name!r}")
            unknown = {transition.target, *transition.source} - set(self.states.values)
            if unknown:
                raise ValueError(f"{self.name}.{transition.name}: unknown states {sorted(unknown)}")
            self._by_name[transition.name] = transition
        if self.register:
            known = _registry.get(self.model)
            if known is not None and known.name != self.name:
                raise ValueError(f"{self.model.__name__} already moves through {known.name!r}")
            _registry[self.model] = self

    # --- declaration lookups ---------------------------------------------------------

    def transition(self, name):
        return self._by_name.get(name)

    def region_of(self, transition, obj):
        return (transition.region or self.region)(obj)

    def grid_of(self, transition, obj):
        return transition.grid(obj) if transition.grid else None

    def deadline_for(self, state, now, obj=None):
        if self.deadline_of is not None and obj is not None:
            return self.deadline_of(obj, state, now)
        delta = self.deadlines.get(state)
        return now + delta if delta else None

    def step_label(self, name):
        if name == self.start_name:
            return self.start_label
        transition = self.transition(name)
        return transition.label if transition else name

    def state_label(self, state):
        try:
            return self.states(state).label
        except ValueError:
            return state

    # --- operations --------------------------------------------------------------------

    def start(self, actor, obj, *, post=None, comment="", attachments=(), changes=None):
        """Save a new `obj` in the initial state with its deadline, its first history row and
        an audit event. The caller has checked the actor's permission (and passes the post)."""
        if not obj._state.adding:
            raise ValueError(f"{self.name}: start() takes a record that is not saved yet")
        attachments = _checked_attachments(attachments)
        now = timezone.now()
        # No savepoint: a new record is saved whole or not at all, with the caller's
        # transaction (report_event's, with its photos), so the two round trips buy nothing.
        with transaction.atomic(savepoint=False):
            obj.state = self.initial
            obj.state_changed_at = now
            obj.deadline = self.deadline_for(self.initial, now, obj)
            obj.save()
            step = self._write_step(obj, self.start_name, "", self.initial, actor, post, comment, attachments, now)
            record_event(
                actor, f"{self.name}.{self.start_name}", obj,
                region_code=self.region(obj), post=post,
                changes={"state": [None, self.initial], **(changes or {})},
            )
        return step

    def advance(self, actor, obj, transition_name, *, comment="", attachments=(), data=None):
        """Take one step. Raises ValidationError (Chinese) if it cannot be taken now,
        PermissionDenied / Http404 (from `require`) if the actor may not take it."""
        data = data or {}
        comment = (comment or "").strip()
        transition = self.transition(transition_name)
        from_state = obj.state
        if transition is None or from_state not in transition.source:
            raise ValidationError(_("当前状态下不能执行此操作。"), code="invalid_state")
        if transition.system:
            if actor is not None:
                raise ValidationError(_("此步骤由系统自动执行。"), code="system_step")
            post = None
        elif actor is None:
            raise PermissionDenied(_("您没有此项操作的权限。"))
        else:
            post = require(
                actor, transition.capability, self.region_of(transition, obj), self.grid_of(transition, obj)
            )
        if transition.requires_comment and not comment:
            raise ValidationError(
                {"comment": _("请填写%(step)s的理由。") % {"step": transition.label}}, code="required"
            )
        attachments = _checked_attachments(attachments)
        data["post"] = post
        with transaction.atomic():
            for guard in transition.guards:
                refusal = guard(obj, actor, data)
                if refusal:
                    raise ValidationError(refusal, code="guard")
            now = timezone.now()
            deadline = self.deadline_for(transition.target, now, obj)
            moved = type(obj)._base_manager.filter(pk=obj.pk, state=from_state).update(
                state=transition.target, state_changed_at=now, deadline=deadline
            )
            if not moved:
                raise ValidationError(_("该事项已被他人处理,请刷新后重试。"), code="stale")
            obj.state, obj.state_changed_at, obj.deadline = transition.target, now, deadline
            effect_changes = transition.effect(obj, actor, data) if transition.effect else None
            step = self._write_step(
                obj, transition.name, from_state, transition.target, actor, post, comment, attachments, now
            )
            changes = {"state": [from_state, transition.target], **(effect_changes or {})}
            if comment:
                changes["comment"] = [None, comment]
            record_event(
                actor, f"{self.name}.{transition.name}", obj,
                region_code=self.region_of(transition, obj), post=post, changes=changes,
            )
        return step

    def allowed_transitions(self, user, obj):
        """The steps this user may take now (for buttons); guards are checked on submit."""
        return [
            transition
            for transition in self.transitions
            if obj.state in transition.source
            and not transition.system
            and can(user, transition.capability, self.region_of(transition, obj), self.grid_of(transition, obj))
        ]

    def history(self, obj):
        return (
            WorkflowStep.objects.filter(
                workflow=self.name, subject_type=obj._meta.label_lower, subject_id=str(obj.pk)
            )
            .select_related("actor", "post__region")
            .prefetch_related("attachments")
            .order_by("occurred_at", "id")
        )

    def overdue(self, queryset, now=None):
        now = now or timezone.now()
        return queryset.filter(deadline__lt=now).exclude(state__in=self.final)

    def is_overdue(self, obj, now=None):
        now = now or timezone.now()
        return obj.deadline is not None and obj.deadline < now and obj.state not in self.final

    def _write_step(self, obj, name, from_state, to_state, actor, post, comment, attachments, now):
        step = WorkflowStep.objects.create(
            workflow=self.name,
            subject_type=obj._meta.label_lower,
            subject_id=str(obj.pk),
            transition=name,
            from_state=from_state,
            to_state=to_state,
            actor=actor,
            post=post,
            comment=comment,
            occurred_at=now,
        )
        for upload, digest in attachments:
            StepAttachment.objects.create(
                step=step, file=upload, name=upload.name[:200], size=upload.size, sha256=digest
            )
        return step


_registry = {}


def workflow_for(model):
    try:
        return _registry[model]
    except KeyError:
        raise LookupError(f"no workflow declared for {model.__name__}") from None


def overdue(queryset, now=None):
    """Records past their deadline and not yet in a final state."""
    return workflow_for(queryset.model).overdue(queryset, now)


def is_overdue(obj, now=None):
    return workflow_for(type(obj)).is_overdue(obj, now)


def history(obj):
    return workflow_for(type(obj)).history(obj)


def allowed_transitions(user, obj):
    return workflow_for(type(obj)).allowed_transitions(user, obj)


class WorkflowQuerySet(ScopedQuerySet):
    """For models moving through a procedure: `Model.objects.within(code).overdue()`."""

    def overdue(self, now=None):
        return overdue(self, now)


def _checked_attachments(uploads):
    """[(upload, sha256)], or a Chinese ValidationError on the `attachments` field."""
    uploads = [upload for upload in uploads if upload]
    if len(uploads) > MAX_ATTACHMENTS:
        raise ValidationError(
            {"attachments": _("附件最多 %(count)d 个。") % {"count": MAX_ATTACHMENTS}}, code="too_many"
        )
    checked = []
    for upload in uploads:
        if upload.size > MAX_ATTACHMENT_BYTES:
            raise ValidationError(
                {"attachments": _("附件“%(name)s”超过 20 MB。") % {"name": upload.name}}, code="too_large"
            )
        if not upload.size:
            raise ValidationError({"attachments": _("附件“%(name)s”是空文件。") % {"name": upload.name}})
        checked.append((upload, sha256_of(upload)))
    return checked

