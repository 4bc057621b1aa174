"""The deadline job: escalate overdue events, close resolved ones nobody confirmed.

Run by `manage.py check_event_deadlines` (from cron) or as the django-tasks task
`xiangzhi.grid.tasks.check_event_deadlines` (by the worker `make run` starts).

An open event past its current deadline (to accept, or to resolve) goes one level up
(village → township → county, see routing.escalation_target), gets new deadlines counted
from now at the new level and waits there to be accepted. At the county it stays where it
is and is flagged: the Escalation row (from = to = county) marks that deadline as missed and
the event keeps showing on every overdue list above it.

Safe to run twice and at the same time: each escalation first writes its Escalation row,
unique per (event, missed deadline), inside a savepoint; a second run (or a concurrent one,
which waits for the first's row) fails that insert and leaves the event alone. The state
moves with the workflow core's conditional UPDATE, so a person acting on the event at the
same moment wins and the job's step is rolled back.

A resolved event the reporter has not confirmed within AUTO_CONFIRM_DAYS (calendar days)
is closed by the system.
"""

import logging
from dataclasses import asdict, dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from xiangzhi.core.audit import record_event

from . import routing
from .events import AUTO_CONFIRM_DAYS, HANDLED_STATES, event_workflow
from .models import Escalation, Event, EventState, HandlerLevel

logger = logging.getLogger(__name__)

ESCALATING_STATES = (EventState.REPORTED, *HANDLED_STATES)


@dataclass
class DeadlineRun:
    escalated: int = 0
    flagged: int = 0
    auto_confirmed: int = 0
    skipped: int = 0

    def as_dict(self):
        return asdict(self)


def overdue_not_escalated(now):
    """Open events past their deadline whose missed deadline has no Escalation yet."""
    already = Escalation.objects.filter(event_id=OuterRef("pk"), missed_deadline=OuterRef("deadline"))
    return (
        Event.objects.filter(state__in=ESCALATING_STATES, deadline__lt=now)
        .exclude(Exists(already))
        .order_by("deadline", "pk")
    )


def escalate_event(pk, now):
    """Escalate one overdue event; "escalated", "flagged" (at the county) or None (nothing to do)."""
    try:
        with transaction.atomic():
            event = Event.objects.select_related("category").filter(pk=pk).first()
            if (
                event is None or event.state not in ESCALATING_STATES
                or event.deadline is None or event.deadline >= now
            ):
                return None
            missed = event.deadline
            target = routing.escalation_target(event.category, event.region_id, event.handler_level)
            try:
                with transaction.atomic():
                    Escalation.objects.create(
                        event=event, missed_deadline=missed, from_level=event.handler_level,
                        to_level=target.level if target else event.handler_level,
                    )
            except IntegrityError:
                return None  # this deadline was escalated by another run
            if target is None:
                Event.objects.filter(pk=pk).update(escalation_count=F("escalation_count") + 1)
                record_event(
                    None, "grid_event.overdue_at_county", event, region_code=event.region_id,
                    changes={
                        "missed_deadline": [None, missed],
                        "escalation_count": [event.escalation_count, event.escalation_count + 1],
                    },
                )
                return "flagged"
            event_workflow.advance(
                None, event, "escalate",
                comment=_("超过期限 %(deadline)s,升级至%(level)s。") % {
                    "deadline": f"{timezone.localtime(missed):%Y-%m-%d %H:%M}",
                    "level": HandlerLevel(target.level).label,
                },
                data={"target": target, "missed_deadline": missed},
            )
            return "escalated"
    except ValidationError as error:
        # Someone moved the event meanwhile: their step stands; the next run looks again.
        logger.info("event %s not escalated: %s", pk, error.messages)
        return None


def auto_confirm_event(pk):
    try:
        with transaction.atomic():
            event = Event.objects.filter(pk=pk, state=EventState.RESOLVED).first()
            if event is None:
                return False
            event_workflow.advance(
                None, event, "auto_confirm",
                comment=_("报告人 %(days)d 日内未确认,系统自动确认办结。") % {"days": AUTO_CONFIRM_DAYS},
            )
            return True
    except ValidationError as error:
        logger.info("event %s not auto-confirmed: %s", pk, error.messages)
        return False


def check_event_deadlines(now=None):
    """One run of the job; returns what it did."""
    now = now or timezone.now()
    run = DeadlineRun()
    for pk in list(overdue_not_escalated(now).values_list("pk", flat=True)):
        outcome = escalate_event(pk, now)
        if outcome == "escalated":
            run.escalated += 1
        elif outcome == "flagged":
            run.flagged += 1
        else:
            run.skipped += 1
    unconfirmed = Event.objects.filter(
        state=EventState.RESOLVED, state_changed_at__lt=now - timedelta(days=AUTO_CONFIRM_DAYS)
    ).order_by("state_changed_at", "pk")
    for pk in list(unconfirmed.values_list("pk", flat=True)):
        if auto_confirm_event(pk):
            run.auto_confirmed += 1
    return run
