"""Two people acting on the same thing at the same moment (PostgreSQL only): two officials
completing (or forwarding) one application, two villagers booking one slot."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from conftest import make_user
from xiangzhi.core.audit import AuditEvent
from xiangzhi.core.models import WorkflowStep
from xiangzhi.services import actions, consultations
from xiangzhi.services.models import Application, Booking, ConsultationSlot, ResultDocument

from .helpers import A1, item, resident, uploads_for

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="two live connections need a server database"),
]

STALE = "该事项已被他人处理,请刷新后重试。"


def at_once(*calls):
    """Run each call in its own thread and connection, released together; their outcomes."""
    barrier = threading.Barrier(len(calls))
    outcomes = []

    def run(call):
        try:
            prepared = call()
            barrier.wait(timeout=10)
            prepared()
            outcomes.append("done")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        except Exception as error:  # noqa: BLE001 - reported by the assertions
            outcomes.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


def step_by(user, app_pk, name):
    def prepare():
        seen = Application.objects.select_related("item", "office", "region", "applicant").get(pk=app_pk)
        return lambda: actions.take_step(user, seen, name)

    return prepare


def test_two_officials_completing_one_application(personas, region_wide_items):
    resident(user=personas.villager_a1)
    certificate = item("出具证明")
    app = actions.apply(personas.villager_a1, certificate, uploads=uploads_for(certificate))
    outcomes = at_once(step_by(personas.cadre_a1, app.pk, "complete"),
                       step_by(personas.secretary_a1, app.pk, "complete"))
    assert outcomes == ["done", STALE]
    assert Application.objects.get(pk=app.pk).state == "completed"
    assert ResultDocument.objects.filter(application_id=app.pk).count() == 1
    assert AuditEvent.objects.filter(action="service_application.complete", target_id=str(app.pk)).count() == 1


def test_two_officials_forwarding_one_application(personas, region_wide_items):
    resident(user=personas.villager_a1)
    dibao = item("最低生活保障申请")
    app = actions.apply(personas.villager_a1, dibao, uploads=uploads_for(dibao))
    outcomes = at_once(step_by(personas.cadre_a1, app.pk, "forward"),
                       step_by(personas.secretary_a1, app.pk, "forward"))
    assert outcomes == ["done", STALE]
    moved = Application.objects.get(pk=app.pk)
    assert (moved.step, moved.office_id) == (1, "450321100")
    assert WorkflowStep.objects.filter(transition="forward", subject_id=str(app.pk)).count() == 1
    assert AuditEvent.objects.filter(action="service_application.forward", target_id=str(app.pk)).count() == 1


def test_two_villagers_booking_one_slot(personas, region_wide_items):
    certificate = item("出具证明")
    neighbour = make_user("villager2_a1", "villager", A1)
    resident(user=personas.villager_a1)
    resident(name="李秀兰", serial=12, user=neighbour)
    mine = actions.apply(personas.villager_a1, certificate, uploads=uploads_for(certificate))
    theirs = actions.apply(neighbour, certificate, uploads=uploads_for(certificate))
    slot = consultations.publish_slot(personas.cadre_a1, A1, starts_at=timezone.now() + datetime.timedelta(days=1),
                                      minutes=30)

    def booking_by(user, app_pk):
        def prepare():
            seen = Application.objects.get(pk=app_pk)
            fresh_slot = ConsultationSlot.objects.get(pk=slot.pk)
            return lambda: consultations.book(user, seen, fresh_slot)

        return prepare

    outcomes = at_once(booking_by(personas.villager_a1, mine.pk), booking_by(neighbour, theirs.pk))
    assert outcomes == ["done", "该时段已被预约,请选择其他时段。"]
    assert Booking.objects.filter(slot=slot).count() == 1
    assert AuditEvent.objects.filter(action="service_booking.book").count() == 1
