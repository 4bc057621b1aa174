"""The workflow core itself: declarations, steps, guards, history, concurrency, deadlines.

It is exercised with a tiny procedure declared here on HouseholdTransfer and with the
real household-transfer procedure (people/transfers.py).
"""

import datetime
import hashlib
import threading
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.http import Http404
from django.utils import timezone

from xiangzhi.core import workflow
from xiangzhi.core.crypto import blind_index
from xiangzhi.core.models import AuditEvent, StepAttachment, WorkflowStep
from xiangzhi.core.workflow import Transition, Workflow
from xiangzhi.people import citizen_id
from xiangzhi.people.models import Household, HouseholdTransfer, Resident, TransferState
from xiangzhi.people.tallies import adjust_tally
from xiangzhi.people.transfers import transfer_workflow

A1, B1, B1_TUN = "450321100200", "450321101200", "450321101200001"


def make_household(number="A1-001", region="450321100200001"):
    household = Household.objects.create(region_id=region, number=number)
    id_number = citizen_id.make("450321", datetime.date(1975, 5, 1), len(number), "female")
    Resident.objects.create(
        household=household, region_id=region, name="黄秀英", relation="head", gender="female",
        birth_date=datetime.date(1975, 5, 1), status="present",
        id_number=id_number, id_number_index=blind_index(id_number, "citizen_id"),
    )
    adjust_tally(region[:12], households=1, residents=1)  # as the registry would
    return household


def _needs_stamp(transfer, actor, data):
    if data.get("stamp") != "村委会公章":
        return {"stamp": "请加盖村委会公章。"}
    return None


def _fail_after_moving(transfer, actor, data):
    if data.get("explode"):
        raise ValidationError("效果执行失败")
    return {"note": [None, "done"]}


# A throwaway procedure: reviewed by the receiving village, which must stamp it.
review = Workflow(
    "test_review",
    HouseholdTransfer,
    states=TransferState,
    initial=TransferState.REQUESTED,
    final=(TransferState.ACCEPTED, TransferState.REJECTED),
    region=lambda transfer: transfer.from_region_id,
    deadlines={TransferState.REQUESTED: timedelta(days=3)},
    register=False,
    transitions=[
        Transition(
            "approve", "批准", source=(TransferState.REQUESTED,), target=TransferState.ACCEPTED,
            capability="household.transfer.accept", region=lambda transfer: transfer.to_region_id,
            guards=(_needs_stamp,), effect=_fail_after_moving,
        ),
        Transition(
            "decline", "不批准", source=(TransferState.REQUESTED,), target=TransferState.REJECTED,
            capability="household.transfer.accept", region=lambda transfer: transfer.to_region_id,
            requires_comment=True,
        ),
        Transition(
            "reopen", "重新受理", source=(TransferState.REJECTED,), target=TransferState.REQUESTED,
            capability="household.transfer.request",
        ),
    ],
)


@pytest.fixture
def started(personas):
    household = make_household()
    transfer = HouseholdTransfer(
        household=household, from_region_id=A1, to_region_id=B1, reason="测试", requested_by=personas.cadre_a1
    )
    review.start(personas.cadre_a1, transfer, post=personas.cadre_a1.posts.get(), comment="请审核")
    return transfer


def fresh(transfer):
    return HouseholdTransfer.objects.get(pk=transfer.pk)


def test_declaration_refuses_unknown_states_and_duplicate_steps():
    with pytest.raises(ValueError):
        Workflow("bad", HouseholdTransfer, states=TransferState, initial="requested", register=False,
                 transitions=[Transition("x", "x", source=("nowhere",), target="accepted", capability="c")])
    step = Transition("x", "x", source=("requested",), target="accepted", capability="c")
    with pytest.raises(ValueError):
        Workflow("bad", HouseholdTransfer, states=TransferState, initial="requested", register=False,
                 transitions=[step, step])
    with pytest.raises(ValueError):  # the model already has its procedure
        Workflow("other", HouseholdTransfer, states=TransferState, initial="requested", transitions=[])


def test_start_saves_initial_state_deadline_history_and_audit(personas, started):
    transfer = fresh(started)
    assert transfer.state == "requested"
    assert timedelta(days=2, hours=23) < transfer.deadline - timezone.now() <= timedelta(days=3)
    step = WorkflowStep.objects.get()
    assert (step.workflow, step.transition, step.from_state, step.to_state) == ("test_review", "start", "", "requested")
    assert step.actor == personas.cadre_a1 and step.comment == "请审核"
    event = AuditEvent.objects.get()
    assert event.action == "test_review.start" and event.region_code == A1
    assert event.changes == {"state": [None, "requested"]}


def test_allowed_transitions_follow_state_capability_and_scope(personas, started):
    def names(user, transfer=started):
        return [t.name for t in review.allowed_transitions(user, transfer)]

    assert names(personas.cadre_b1) == ["approve", "decline"]
    assert names(personas.township_b) == ["approve", "decline"]
    assert names(personas.cadre_a1) == []  # reopen starts from "rejected", not "requested"
    assert names(personas.cadre_a2) == []
    assert names(personas.villager_a1) == []
    review.advance(personas.cadre_b1, started, "decline", comment="材料不全")
    assert names(personas.cadre_a1) == ["reopen"]
    assert names(personas.cadre_b1) == []


def test_step_not_allowed_from_current_state_is_refused(personas, started):
    for name in ("reopen", "no_such_step"):
        with pytest.raises(ValidationError) as caught:
            review.advance(personas.cadre_a1, started, name)
        assert caught.value.messages == ["当前状态下不能执行此操作。"]
    assert fresh(started).state == "requested"
    assert WorkflowStep.objects.count() == 1


def test_capability_and_scope_are_checked(personas, started):
    with pytest.raises(PermissionDenied):
        review.advance(personas.villager_a1, started, "approve", data={"stamp": "村委会公章"})
    with pytest.raises(Http404):
        review.advance(personas.cadre_a2, started, "approve", data={"stamp": "村委会公章"})
    assert fresh(started).state == "requested"


def test_guard_refuses_with_its_message_and_nothing_changes(personas, started):
    with pytest.raises(ValidationError) as caught:
        review.advance(personas.cadre_b1, started, "approve", data={"stamp": "私章"})
    assert caught.value.message_dict == {"stamp": ["请加盖村委会公章。"]}
    assert fresh(started).state == "requested"
    assert WorkflowStep.objects.count() == 1 and AuditEvent.objects.count() == 1


def test_comment_required(personas, started):
    with pytest.raises(ValidationError) as caught:
        review.advance(personas.cadre_b1, started, "decline", comment="   ")
    assert caught.value.message_dict == {"comment": ["请填写不批准的理由。"]}
    assert fresh(started).state == "requested"


def test_effect_failure_rolls_the_step_back(personas, started):
    with pytest.raises(ValidationError):
        review.advance(personas.cadre_b1, started, "approve", data={"stamp": "村委会公章", "explode": True})
    transfer = fresh(started)
    assert transfer.state == "requested" and transfer.deadline is not None
    assert WorkflowStep.objects.count() == 1 and AuditEvent.objects.count() == 1


def test_history_rows_and_audit_for_each_step(personas, started, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    scan = SimpleUploadedFile("接收证明.pdf", b"%PDF-1.4 stamped", content_type="application/pdf")
    review.advance(personas.cadre_b1, started, "decline", comment="缺少证明")
    review.advance(personas.cadre_a1, fresh(started), "reopen", comment="已补充", attachments=[scan])
    review.advance(personas.cadre_b1, fresh(started), "approve", data={"stamp": "村委会公章"})

    rows = [
        (s.transition, s.from_state, s.to_state, s.actor.username, s.comment)
        for s in review.history(started)
    ]
    assert rows == [
        ("start", "", "requested", "cadre_a1", "请审核"),
        ("decline", "requested", "rejected", "cadre_b1", "缺少证明"),
        ("reopen", "rejected", "requested", "cadre_a1", "已补充"),
        ("approve", "requested", "accepted", "cadre_b1", ""),
    ]
    attachment = StepAttachment.objects.get()
    assert attachment.step.transition == "reopen"
    assert (attachment.name, attachment.size) == ("接收证明.pdf", 16)
    assert attachment.sha256 == hashlib.sha256(b"%PDF-1.4 stamped").hexdigest()
    assert attachment.file.read() == b"%PDF-1.4 stamped"
    actions = list(AuditEvent.objects.order_by("id").values_list("action", "region_code"))
    assert actions == [
        ("test_review.start", A1), ("test_review.decline", B1), ("test_review.reopen", A1),
        ("test_review.approve", B1),
    ]
    approve = AuditEvent.objects.get(action="test_review.approve")
    assert approve.changes == {"state": ["requested", "accepted"], "note": [None, "done"]}
    assert approve.post.role == "village_cadre"
    transfer = fresh(started)
    assert transfer.state == "accepted" and transfer.deadline is None


def test_attachments_are_checked(personas, started, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    empty = SimpleUploadedFile("空.txt", b"")
    with pytest.raises(ValidationError) as caught:
        review.advance(personas.cadre_b1, started, "decline", comment="x", attachments=[empty])
    assert caught.value.message_dict == {"attachments": ["附件“空.txt”是空文件。"]}
    too_many = [SimpleUploadedFile(f"{n}.txt", b"x") for n in range(11)]
    with pytest.raises(ValidationError) as caught:
        review.advance(personas.cadre_b1, started, "decline", comment="x", attachments=too_many)
    assert caught.value.message_dict == {"attachments": ["附件最多 10 个。"]}
    assert fresh(started).state == "requested"


def test_two_people_taking_the_same_step_at_once(personas, started):
    # Both loaded the record while it was waiting; the first one's step wins.
    seen_by_b1, seen_by_township = fresh(started), fresh(started)
    review.advance(personas.cadre_b1, seen_by_b1, "approve", data={"stamp": "村委会公章"})
    with pytest.raises(ValidationError) as caught:
        review.advance(personas.township_b, seen_by_township, "decline", comment="不同意")
    assert caught.value.messages == ["该事项已被他人处理,请刷新后重试。"]
    assert fresh(started).state == "accepted"
    assert [s.transition for s in review.history(started)] == ["start", "approve"]
    assert not AuditEvent.objects.filter(action="test_review.decline").exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="two live connections need a server database")
def test_two_threads_accepting_at_once_move_the_household_once(personas):
    household = make_household()
    from xiangzhi.people import transfers

    transfer = transfers.request_transfer(personas.cadre_a1, household, to_region=B1, reason="婚嫁")
    barrier = threading.Barrier(2)
    outcomes = []

    def accept(user):
        try:
            seen = fresh(transfer)
            barrier.wait(timeout=10)
            transfers.accept_transfer(user, seen, destination=B1_TUN)
            outcomes.append("accepted")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            outcomes.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=accept, args=(user,)) for user in (personas.cadre_b1, personas.township_b)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["accepted", "该事项已被他人处理,请刷新后重试。"]
    assert WorkflowStep.objects.filter(transition="accept").count() == 1
    assert AuditEvent.objects.filter(action="household.move").count() == 1


def test_overdue_detection_as_time_moves_on(personas, started):
    now = timezone.now()
    queryset = HouseholdTransfer.objects.all()
    assert not review.overdue(queryset, now=now + timedelta(days=2)).exists()
    assert not review.is_overdue(fresh(started), now=now + timedelta(days=2))
    assert list(review.overdue(queryset, now=now + timedelta(days=4))) == [fresh(started)]
    assert review.is_overdue(fresh(started), now=now + timedelta(days=4))
    # A finished record is never overdue, whatever its deadline says.
    review.advance(personas.cadre_b1, started, "approve", data={"stamp": "村委会公章"})
    HouseholdTransfer.objects.filter(pk=started.pk).update(deadline=now - timedelta(days=1))
    assert not review.overdue(queryset, now=now + timedelta(days=4)).exists()
    assert not review.is_overdue(fresh(started), now=now + timedelta(days=4))


def test_module_helpers_find_the_models_procedure(personas):
    household = make_household()
    from xiangzhi.people import transfers

    transfer = transfers.request_transfer(personas.cadre_a1, household, to_region=B1, reason="婚嫁")
    later = timezone.now() + timedelta(days=16)
    assert list(workflow.overdue(HouseholdTransfer.objects.all(), now=later)) == [fresh(transfer)]
    assert workflow.is_overdue(fresh(transfer), now=later)
    assert not workflow.is_overdue(fresh(transfer))
    assert workflow.workflow_for(HouseholdTransfer) is transfer_workflow
    assert [t.name for t in workflow.allowed_transitions(personas.cadre_b1, transfer)] == ["accept", "reject"]
    assert [s.transition for s in workflow.history(transfer)] == ["request"]
    with pytest.raises(LookupError):
        workflow.workflow_for(Household)
