"""Awards and deductions: evidence rules, approval by the 道德评议会, reversal, scope personas."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from xiangzhi.core.models import AuditEvent
from xiangzhi.points import awards, ledger, rules
from xiangzhi.points.models import EntryKind, PointsEntry, Proposal, ProposalState

from .points_data import A1, B1_TUN, adopted_rules, item, make_household, png_upload, seed_points

pytestmark = pytest.mark.django_db


@pytest.fixture
def rule_set(personas):
    return adopted_rules(personas.cadre_a1)


@pytest.fixture
def household(personas):
    return make_household()


def test_approved_award_posts_an_entry_citing_the_rule_item_in_force(personas, rule_set, household):
    yard = item(rule_set, "yard_clean")
    proposal = awards.propose(personas.cadre_a1, household, rule_item_id=yard.pk, note="院子干净整洁")
    assert proposal.state == ProposalState.PROPOSED and ledger.balance(household) == 0
    awards.approve(personas.secretary_a1, proposal, note="评议会一致同意")
    proposal.refresh_from_db()
    entry = proposal.entry
    assert (proposal.state, proposal.decided_by, entry.points, entry.kind) == (
        ProposalState.APPROVED, personas.secretary_a1, 5, EntryKind.AWARD)
    assert entry.rule_item == yard and entry.rule_item.rule_set.version == 1
    assert (entry.source_type, entry.source_id) == ("points.proposal", str(proposal.pk))
    assert ledger.balance(household) == 5
    assert AuditEvent.objects.filter(action="points.approve", target_id=str(proposal.pk)).exists()
    with pytest.raises(ValidationError) as error:
        awards.approve(personas.secretary_a1, proposal)
    assert error.value.message_dict["state"] == ["该提议的状态是“已通过”,不能再评议。"]
    assert PointsEntry.objects.filter(household=household).count() == 1


def test_an_item_requiring_evidence_is_refused_without_a_photo_or_event(personas, rule_set, household):
    building = item(rule_set, "illegal_building")
    with pytest.raises(ValidationError) as error:
        awards.propose(personas.cadre_a1, household, rule_item_id=building.pk, note="在河边乱搭棚子")
    assert error.value.message_dict["photo"] == ["“乱搭乱建”须附证据:请上传照片或关联网格事件。"]
    assert not Proposal.objects.exists()
    proposal = awards.propose(personas.cadre_a1, household, rule_item_id=building.pk, photo=png_upload())
    assert proposal.photo and len(proposal.photo_sha256) == 64 and proposal.points == -10


def test_a_file_that_is_not_an_image_is_refused(personas, rule_set, household):
    fake = SimpleUploadedFile("x.png", b"not an image", content_type="image/png")
    with pytest.raises(ValidationError) as error:
        awards.propose(personas.cadre_a1, household, rule_item_id=item(rule_set, "illegal_building").pk, photo=fake)
    assert "不是图片" in error.value.message_dict["photos"][0]
    assert not Proposal.objects.exists()


def test_bad_input_names_the_field(personas, rule_set, household):
    with pytest.raises(ValidationError) as error:
        awards.propose(personas.cadre_a1, household, rule_item_id=99999, note="x")
    assert error.value.message_dict["rule_item"] == ["请选择本村现行积分细则中的项目。"]
    with pytest.raises(ValidationError) as error:
        awards.propose(personas.cadre_a1, household, rule_item_id=item(rule_set, "yard_clean").pk)
    assert "note" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        awards.propose(personas.cadre_a1, household, rule_item_id=item(rule_set, "yard_clean").pk, grid_event_id=77)
    assert error.value.message_dict["grid_event"] == ["本村没有编号为 77 的网格事件。"]
    assert not Proposal.objects.exists()


def test_a_deduction_beyond_the_balance_is_refused_on_approval(personas, rule_set, household):
    seed_points(personas.cadre_a1, household, 4)
    proposal = awards.propose(personas.cadre_a1, household, rule_item_id=item(rule_set, "illegal_building").pk,
                              photo=png_upload())
    with pytest.raises(ValidationError) as error:
        awards.approve(personas.secretary_a1, proposal)
    assert error.value.message_dict["points"] == ["积分不足:现有 4 分,需要 10 分。"]
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.PROPOSED and ledger.balance(household) == 4


def test_a_proposal_under_a_superseded_version_cannot_be_approved(personas, rule_set, household):
    proposal = awards.propose(personas.cadre_a1, household, rule_item_id=item(rule_set, "yard_clean").pk, note="干净")
    second = rules.create_draft(personas.cadre_a1, A1, title="修订")
    rules.adopt(personas.cadre_a1, second, adopted_on=datetime.date(2025, 5, 1), body="representatives")
    with pytest.raises(ValidationError) as error:
        awards.approve(personas.secretary_a1, proposal)
    assert "已废止" in error.value.message_dict["rule_item"][0]
    assert ledger.balance(household) == 0


def test_reject_needs_a_reason_and_posts_nothing(personas, rule_set, household):
    proposal = awards.propose(personas.cadre_a1, household, rule_item_id=item(rule_set, "yard_clean").pk, note="干净")
    with pytest.raises(ValidationError) as error:
        awards.reject(personas.secretary_a1, proposal, note=" ")
    assert error.value.message_dict["note"] == ["请填写不予通过的理由。"]
    awards.reject(personas.secretary_a1, proposal, note="检查时不整洁")
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.REJECTED and proposal.entry is None
    assert not PointsEntry.objects.exists()


def test_reversal_is_a_new_opposite_entry_and_only_once(personas, rule_set, household):
    proposal = awards.propose(personas.cadre_a1, household, rule_item_id=item(rule_set, "yard_clean").pk, note="干净")
    entry = awards.approve(personas.secretary_a1, proposal).entry
    with pytest.raises(ValidationError) as error:
        awards.reverse_entry(personas.secretary_a1, entry, reason="")
    assert error.value.message_dict["reason"] == ["请填写冲正理由。"]
    reversal = awards.reverse_entry(personas.secretary_a1, entry, reason="记错户了")
    assert (reversal.points, reversal.kind, reversal.refers_to, reversal.rule_item) == (
        -5, EntryKind.REVERSAL, entry, entry.rule_item)
    assert "记错户了" in reversal.reason
    entry.refresh_from_db()
    assert entry.points == 5  # the original is never changed
    assert ledger.balance(household) == 0
    with pytest.raises(ValidationError) as error:
        awards.reverse_entry(personas.secretary_a1, entry, reason="再冲一次")
    assert error.value.message_dict["entry"] == ["该记录已冲正,不能重复冲正。"]
    with pytest.raises(ValidationError) as error:
        awards.reverse_entry(personas.secretary_a1, reversal, reason="冲正冲正")
    assert error.value.message_dict["entry"] == ["冲正记录不能冲正。"]
    assert PointsEntry.objects.filter(household=household).count() == 2


def test_scope_personas_for_proposals_and_decisions(personas, rule_set, household):
    yard = item(rule_set, "yard_clean").pk
    with pytest.raises(PermissionDenied):
        awards.propose(personas.villager_a1, household, rule_item_id=yard, note="x")
    with pytest.raises(PermissionDenied):
        awards.propose(personas.supervisor_a1, household, rule_item_id=yard, note="x")
    with pytest.raises(Http404):
        awards.propose(personas.cadre_a2, household, rule_item_id=yard, note="x")
    b1_household = make_household(B1_TUN)
    with pytest.raises(ValidationError):  # A1's item is not in force in B1
        awards.propose(personas.cadre_b1, b1_household, rule_item_id=yard, note="x")
    proposal = awards.propose(personas.cadre_a1, household, rule_item_id=yard, note="干净")
    with pytest.raises(PermissionDenied):  # a cadre proposes; the 评议会's decision is recorded by the secretary
        awards.approve(personas.cadre_a1, proposal)
    with pytest.raises(Http404):
        awards.get_proposal_for_user(personas.cadre_b1, proposal.pk)
    with pytest.raises(Http404):
        awards.get_proposal_for_user(personas.township_b, proposal.pk)
    assert awards.get_proposal_for_user(personas.township_a, proposal.pk) == proposal
    assert Proposal.objects.count() == 1 and not PointsEntry.objects.exists()
