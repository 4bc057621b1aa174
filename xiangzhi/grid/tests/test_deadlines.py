"""The deadline job: escalation one level up, the county flag, auto-confirmation, idempotence
(twice, and two threads at once on PostgreSQL), the command and the task."""

import threading
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.utils import timezone

from xiangzhi.core.models import AuditEvent, WorkflowStep
from xiangzhi.grid import deadlines, events, tasks
from xiangzhi.grid.events import take_step
from xiangzhi.grid.models import Escalation, Event, ResponsibilityRule

from .event_data import A1, COUNTY, TOWNSHIP_A, categories, media_in_tmp, new_event  # noqa: F401

pytestmark = pytest.mark.django_db


def fresh(event):
    return Event.objects.get(pk=event.pk)


def make_overdue(event, hours=2):
    missed = timezone.now() - timedelta(hours=hours)
    event = fresh(event)
    field = "accept_deadline" if event.state == "reported" else "resolve_deadline"
    Event.objects.filter(pk=event.pk).update(**{field: missed, "deadline": missed})
    return missed


def test_overdue_village_event_goes_to_the_township_with_new_deadlines(personas, categories):
    event = new_event(personas.villager_a1, categories.garbage)
    missed = make_overdue(event)
    run = deadlines.check_event_deadlines()
    assert (run.escalated, run.flagged) == (1, 0)
    escalated = fresh(event)
    assert (escalated.state, escalated.handler_level, escalated.handler_region_id) == (
        "reported", "township", TOWNSHIP_A)
    assert escalated.escalation_count == 1
    assert escalated.deadline == escalated.accept_deadline > timezone.now()
    assert escalated.resolve_deadline > escalated.accept_deadline - timedelta(seconds=1)
    row = Escalation.objects.get()
    assert (row.event_id, row.missed_deadline, row.from_level, row.to_level) == (
        event.pk, missed, "village", "township")
    step = events.event_workflow.history(escalated).last()
    assert (step.transition, step.actor, step.post) == ("escalate", None, None)
    assert "升级至乡镇(街道)" in step.comment
    audit = AuditEvent.objects.get(action="grid_event.escalate")
    assert audit.actor is None and audit.actor_name == "system"
    assert audit.changes["handler_region"] == [A1, TOWNSHIP_A]
    # The township now sees it waiting to be accepted and may take it.
    take_step(personas.township_a, escalated, "accept")
    assert fresh(event).state == "accepted"


def test_running_twice_escalates_once(personas, categories):
    event = new_event(personas.villager_a1, categories.garbage)
    make_overdue(event)
    deadlines.check_event_deadlines()
    second = deadlines.check_event_deadlines()
    assert (second.escalated, second.flagged) == (0, 0)
    assert Escalation.objects.count() == 1
    assert fresh(event).handler_level == "township"
    assert WorkflowStep.objects.filter(transition="escalate").count() == 1


def test_a_second_run_that_read_the_old_deadline_does_nothing(personas, categories):
    event = new_event(personas.villager_a1, categories.garbage)
    make_overdue(event)
    now = timezone.now()
    assert deadlines.escalate_event(event.pk, now) == "escalated"
    # As a run that had listed the event before the first one committed: the row exists.
    Event.objects.filter(pk=event.pk).update(deadline=Escalation.objects.get().missed_deadline)
    assert deadlines.escalate_event(event.pk, now) is None
    assert Escalation.objects.count() == 1 and fresh(event).escalation_count == 1


def test_an_event_being_handled_escalates_from_the_township_to_the_county(personas, categories):
    ResponsibilityRule.objects.create(county_id=COUNTY, category=categories.road_damage, level="township",
                                      department="规划建设办")
    ResponsibilityRule.objects.create(county_id=COUNTY, category=categories.road_damage, level="county",
                                      department="交通运输局")
    event = new_event(personas.villager_a1, categories.road_damage, description="桥面塌陷")
    take_step(personas.township_a, fresh(event), "accept")
    take_step(personas.township_a, fresh(event), "start")
    assert fresh(event).assignee == personas.township_a
    make_overdue(event)
    deadlines.check_event_deadlines()
    escalated = fresh(event)
    assert (escalated.state, escalated.handler_level, escalated.handler_region_id, escalated.department) == (
        "reported", "county", COUNTY, "交通运输局")
    assert escalated.assignee is None
    assert Escalation.objects.get().from_level == "township"


def test_at_the_county_it_stays_flagged_and_overdue(personas, categories):
    event = new_event(personas.villager_a1, categories.garbage)
    Event.objects.filter(pk=event.pk).update(handler_level="county", handler_region_id=COUNTY)
    missed = make_overdue(event)
    run = deadlines.check_event_deadlines()
    assert (run.escalated, run.flagged) == (0, 1)
    flagged = fresh(event)
    assert (flagged.state, flagged.handler_level, flagged.deadline, flagged.escalation_count) == (
        "reported", "county", missed, 1)
    assert (Escalation.objects.get().from_level, Escalation.objects.get().to_level) == ("county", "county")
    assert list(Event.objects.overdue()) == [flagged]
    assert AuditEvent.objects.filter(action="grid_event.overdue_at_county").count() == 1
    again = deadlines.check_event_deadlines()
    assert (again.escalated, again.flagged) == (0, 0)
    assert Escalation.objects.count() == 1 and fresh(event).escalation_count == 1


def test_events_within_deadline_resolved_or_closed_are_left_alone(personas, categories):
    waiting = new_event(personas.villager_a1, categories.garbage)
    resolved = new_event(personas.villager_a1, categories.sewage)
    take_step(personas.cadre_a1, fresh(resolved), "accept")
    take_step(personas.cadre_a1, fresh(resolved), "start")
    take_step(personas.cadre_a1, fresh(resolved), "resolve", comment="已疏通")
    Event.objects.filter(pk=resolved.pk).update(resolve_deadline=timezone.now() - timedelta(days=1))
    run = deadlines.check_event_deadlines()
    assert (run.escalated, run.flagged, run.auto_confirmed) == (0, 0, 0)
    assert not Escalation.objects.exists()
    assert fresh(waiting).handler_level == "village" and fresh(resolved).state == "resolved"


def test_resolved_events_unconfirmed_for_seven_days_are_closed_by_the_system(personas, categories):
    old, recent = (new_event(personas.villager_a1, categories.garbage) for _ in range(2))
    for event in (old, recent):
        take_step(personas.cadre_a1, fresh(event), "accept")
        take_step(personas.cadre_a1, fresh(event), "start")
        take_step(personas.cadre_a1, fresh(event), "resolve", comment="已清理")
    Event.objects.filter(pk=old.pk).update(state_changed_at=timezone.now() - timedelta(days=7, hours=1))
    Event.objects.filter(pk=recent.pk).update(state_changed_at=timezone.now() - timedelta(days=6))
    run = deadlines.check_event_deadlines()
    assert run.auto_confirmed == 1
    closed = fresh(old)
    assert (closed.state, closed.rating) == ("closed", None) and closed.closed_at
    step = events.event_workflow.history(closed).last()
    assert step.transition == "auto_confirm" and "自动确认" in step.comment
    assert fresh(recent).state == "resolved"
    assert deadlines.check_event_deadlines().auto_confirmed == 0


def test_the_command_and_the_task(personas, categories):
    event = new_event(personas.villager_a1, categories.garbage)
    make_overdue(event)
    out = StringIO()
    call_command("check_event_deadlines", stdout=out)
    assert out.getvalue().strip() == "escalated=1 flagged=0 auto_confirmed=0 skipped=0"
    make_overdue(event)  # missed again, at the township
    result = tasks.check_event_deadlines.enqueue()
    assert result.return_value == {"escalated": 1, "flagged": 0, "auto_confirmed": 0, "skipped": 0}
    assert fresh(event).handler_level == "county"
    out = StringIO()
    call_command("check_event_deadlines", "--enqueue", stdout=out)
    assert out.getvalue().startswith("enqueued ")


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="two live connections need a server database")
def test_two_runs_at_once_escalate_each_event_once(personas, categories):
    overdue = [new_event(personas.villager_a1, categories.garbage) for _ in range(5)]
    for event in overdue:
        make_overdue(event)
    barrier = threading.Barrier(2)
    runs = []

    def run():
        try:
            barrier.wait(timeout=10)
            runs.append(deadlines.check_event_deadlines())
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            runs.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(r.escalated for r in runs) == 5, runs
    assert Escalation.objects.count() == 5
    assert WorkflowStep.objects.filter(transition="escalate").count() == 5
    assert {fresh(event).handler_level for event in overdue} == {"township"}
    assert {fresh(event).escalation_count for event in overdue} == {1}
