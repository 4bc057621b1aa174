"""Appeals: a villager appeals their household's entry; a cadre upholds (reverses) or rejects it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from xiangzhi.core.models import AuditEvent
from xiangzhi.points import appeals, awards, ledger
from xiangzhi.points.models import Appeal, AppealState, EntryKind, PointsEntry

from .points_data import adopted_rules, item, link_villager, make_household, png_upload, seed_points

pytestmark = pytest.mark.django_db


@pytest.fixture
def deduction(personas):
    rule_set = adopted_rules(personas.cadre_a1)
    household = make_household(head="王建国")
    link_villager(personas.villager_a1, household)
    seed_points(personas.cadre_a1, household, 20)
    proposal = awards.propose(personas.cadre_a1, household, rule_item_id=item(rule_set, "illegal_building").pk,
                              photo=png_upload())
    return awards.approve(personas.secretary_a1, proposal).entry


def test_upheld_appeal_reverses_the_entry(personas, deduction):
    household = deduction.household
    assert ledger.balance(household) == 10
    appeal = appeals.file_appeal(personas.villager_a1, deduction, reason="棚子是村里同意搭的临时灶")
    assert appeal.state == AppealState.OPEN
    with pytest.raises(ValidationError) as error:
        appeals.file_appeal(personas.villager_a1, deduction, reason="再申诉一次")
    assert error.value.message_dict["entry"] == ["该记录已有一件待答复的申诉。"]
    with pytest.raises(ValidationError) as error:
        appeals.answer_appeal(personas.cadre_a1, appeal, uphold=True, answer="")
    assert error.value.message_dict["answer"] == ["请填写答复理由。"]
    appeals.answer_appeal(personas.cadre_a1, appeal, uphold=True, answer="经核实为临时灶,已报备")
    appeal.refresh_from_db()
    assert appeal.state == AppealState.UPHELD and appeal.reversal.refers_to == deduction
    assert appeal.reversal.kind == EntryKind.REVERSAL and appeal.reversal.points == 10
    assert ledger.balance(household) == 20
    assert AuditEvent.objects.filter(action="points.appeal_answer", target_id=str(appeal.pk)).exists()
    with pytest.raises(ValidationError) as error:
        appeals.answer_appeal(personas.cadre_a1, appeal, uphold=False, answer="改主意")
    assert error.value.message_dict["state"] == ["该申诉已答复。"]
    with pytest.raises(ValidationError) as error:
        appeals.file_appeal(personas.villager_a1, deduction, reason="又来")
    assert error.value.message_dict["entry"] == ["该记录已冲正,不能申诉。"]


def test_rejected_appeal_keeps_the_entry(personas, deduction):
    appeal = appeals.file_appeal(personas.villager_a1, deduction, reason="不服")
    appeals.answer_appeal(personas.cadre_a1, appeal, uphold=False, answer="照片清楚,属实")
    appeal.refresh_from_db()
    assert (appeal.state, appeal.reversal, appeal.answer) == (AppealState.REJECTED, None, "照片清楚,属实")
    assert ledger.balance(deduction.household) == 10
    # Once answered, the household may appeal again (a new appeal).
    assert appeals.file_appeal(personas.villager_a1, deduction, reason="补充证据").state == AppealState.OPEN


def test_appeal_needs_a_reason(personas, deduction):
    with pytest.raises(ValidationError) as error:
        appeals.file_appeal(personas.villager_a1, deduction, reason="   ")
    assert error.value.message_dict["reason"] == ["请填写申诉理由。"]
    assert not Appeal.objects.exists()


def test_only_the_household_may_appeal_and_only_cadres_answer(personas, deduction):
    other = make_household(head="李四")
    other_entry = seed_points(personas.cadre_a1, other, 3)
    with pytest.raises(Http404):
        appeals.file_appeal(personas.villager_a1, other_entry, reason="不是我家")
    with pytest.raises(Http404):
        appeals.get_own_entry(personas.villager_a1, other_entry.pk)
    with pytest.raises(PermissionDenied):
        appeals.file_appeal(personas.cadre_a1, deduction, reason="代申诉")
    appeal = appeals.file_appeal(personas.villager_a1, deduction, reason="不服")
    with pytest.raises(PermissionDenied):
        appeals.answer_appeal(personas.villager_a1, appeal, uphold=True, answer="自己答复")
    with pytest.raises(Http404):
        appeals.answer_appeal(personas.cadre_a2, appeal, uphold=True, answer="邻村答复")
    with pytest.raises(Http404):
        appeals.get_appeal_for_user(personas.township_b, appeal.pk)
    appeal.refresh_from_db()
    assert appeal.state == AppealState.OPEN
    assert PointsEntry.objects.filter(kind=EntryKind.REVERSAL).count() == 0
