"""Audit events and workflow history cannot be changed: not through the ORM, not by raw SQL."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from xiangzhi.core.audit import record_event
from xiangzhi.core.models import AppendOnlyError, AuditEvent, WorkflowStep


@pytest.fixture
def event(personas):
    return record_event(personas.cadre_a1, "household.edit", region_code="450321100200", changes={"number": ["1", "2"]})


@pytest.fixture
def step(personas):
    return WorkflowStep.objects.create(
        workflow="household_transfer", subject_type="people.householdtransfer", subject_id="1",
        transition="request", from_state="", to_state="requested", actor=personas.cadre_a1,
    )


def refused_by_database(sql, params):
    with pytest.raises(IntegrityError):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)


def test_orm_refuses_to_change_audit_events(event):
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.update(action="forged")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    event.action = "forged"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "household.edit"


def test_orm_refuses_to_change_workflow_steps(step):
    with pytest.raises(AppendOnlyError):
        WorkflowStep.objects.update(comment="forged")
    step.comment = "forged"
    with pytest.raises(AppendOnlyError):
        step.save()
    with pytest.raises(AppendOnlyError):
        step.delete()


def test_database_refuses_raw_update_of_audit_events(event):
    refused_by_database("UPDATE core_auditevent SET action = %s WHERE id = %s", ["forged", event.pk])
    refused_by_database("UPDATE core_auditevent SET changes = %s", ["{}"])
    assert AuditEvent.objects.get(pk=event.pk).action == "household.edit"


def test_database_refuses_raw_update_of_workflow_steps(step):
    refused_by_database("UPDATE core_workflowstep SET to_state = %s WHERE id = %s", ["accepted", step.pk])
    assert WorkflowStep.objects.get(pk=step.pk).to_state == "requested"


def test_database_refuses_deleting_audit_events_younger_than_180_days(personas, event):
    almost = AuditEvent.objects.create(
        actor=personas.cadre_a1, action="household.edit", region_code="450321100200",
        occurred_at=timezone.now() - timedelta(days=179),
    )
    old = AuditEvent.objects.create(
        actor=personas.cadre_a1, action="household.edit", region_code="450321100200",
        occurred_at=timezone.now() - timedelta(days=181),
    )
    refused_by_database("DELETE FROM core_auditevent WHERE id = %s", [event.pk])
    refused_by_database("DELETE FROM core_auditevent WHERE id = %s", [almost.pk])
    refused_by_database("DELETE FROM core_auditevent", [])
    assert AuditEvent.objects.count() == 3
    # Past the retention period, the database lets a purge through.
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [old.pk])
    assert set(AuditEvent.objects.values_list("pk", flat=True)) == {event.pk, almost.pk}


@pytest.mark.django_db(transaction=True)
def test_flushing_the_whole_database_keeps_the_guard(personas):
    record_event(personas.cadre_a1, "household.edit", region_code="450321100200")
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEvent.objects.exists()
    event = record_event(None, "system.check", region_code="45")
    refused_by_database("DELETE FROM core_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()
