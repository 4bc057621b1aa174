"""Intake, taking the case, deadlines and extension, refusal, hand-offs and the venue counter."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.db import connection
from django.utils import timezone

from conftest import make_user
from xiangzhi.core.models import AuditEvent
from xiangzhi.mediation import actions
from xiangzhi.mediation.models import Dispute, DisputeParty, DisputeState, HandOff
from xiangzhi.mediation.queries import board, venue_count
from xiangzhi.regions.models import Region

from xiangzhi.grid.tests.event_data import categories  # noqa: F401 - fixture

from .helpers import A1, COUNTY, OUTSIDER_ID, TOWNSHIP_A, committee, fresh, intake

pytestmark = pytest.mark.django_db


def test_intake_keeps_parties_with_id_encrypted_and_shown_masked(personas):
    dispute = intake(personas.cadre_a1)
    assert dispute.state == DisputeState.PENDING
    assert (dispute.venue_id, dispute.handler_region_id, dispute.region_id) == (A1, A1, A1)
    party = DisputeParty.objects.get(dispute=dispute, name="张大山")
    assert party.id_number == OUTSIDER_ID
    assert party.id_number_masked == OUTSIDER_ID[:6] + "********" + OUTSIDER_ID[-4:]
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM mediation_disputeparty WHERE id = %s", [party.pk])
        raw = bytes(cursor.fetchone()[0])
    assert raw and OUTSIDER_ID.encode() not in raw
    assert venue_count(dispute) == 1
    assert AuditEvent.objects.filter(action="dispute.intake", target_id=str(dispute.pk)).exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"dispute_type": "feud"}, "dispute_type", "请选择纠纷类型。"),
        ({"summary": "  "}, "summary", "请填写纠纷简要情况。"),
        ({"amount_fen": -1}, "amount_fen", "涉及金额应为不小于 0 的金额。"),
        ({"parties": [{"name": "张大山"}]}, "parties", "至少需要两方当事人。"),
        ({"parties": [{"name": "张大山"}, {"name": "李", "id_number": "450321198005060000"}]}, "parties",
         "第 2 位当事人:公民身份号码校验位不正确,请核对。"),
        ({"parties": [{"name": ""}, {"name": "李"}]}, "parties", "第 1 位当事人:请填写姓名或从村民名册中选择。"),
        ({"venue_code": "999"}, "venue", "请选择受理的村、乡镇或县矛调中心。"),
    ],
)
def test_bad_intake_names_the_field_and_changes_nothing(personas, overrides, field, message):
    with pytest.raises(ValidationError) as error:
        intake(personas.cadre_a1, **overrides)
    assert error.value.message_dict[field] == [message]
    assert not Dispute.objects.exists() and not DisputeParty.objects.exists()


def test_intake_scope(personas):
    with pytest.raises(PermissionDenied):
        intake(personas.villager_a1)
    with pytest.raises(Http404):
        intake(personas.cadre_b1)
    assert not Dispute.objects.exists()


def test_people_mediation_deadline_is_one_month_from_acceptance_and_extends_once(personas):
    dispute = intake(personas.cadre_a1)
    actions.take_case(personas.cadre_a1, dispute)
    dispute = fresh(dispute)
    accepted = timezone.localtime(dispute.accepted_at)
    assert timezone.localtime(dispute.deadline) == actions.add_month(accepted)
    assert dispute.mediator == personas.cadre_a1
    original = timezone.localtime(dispute.deadline).date()
    with pytest.raises(ValidationError) as error:
        actions.extend_deadline(personas.cadre_a1, dispute, until=original + timedelta(days=10), reason="")
    assert error.value.message_dict == {"reason": ["请填写延期理由。"]}
    with pytest.raises(ValidationError) as error:
        actions.extend_deadline(personas.cadre_a1, dispute, until=timezone.localdate() - timedelta(days=1), reason="x")
    assert error.value.message_dict == {"until": ["延期后的期限不能早于今天。"]}
    with pytest.raises(ValidationError) as error:
        actions.extend_deadline(personas.cadre_a1, dispute, until=original + timedelta(days=40), reason="x")
    assert "延期最长一个月" in error.value.message_dict["until"][0]
    assert fresh(dispute).extended_at is None
    actions.extend_deadline(personas.cadre_a1, dispute, until=original + timedelta(days=15), reason="需现场勘界")
    dispute = fresh(dispute)
    assert timezone.localtime(dispute.deadline).date() == original + timedelta(days=15)
    assert dispute.extension_reason == "需现场勘界"
    with pytest.raises(ValidationError) as error:
        actions.extend_deadline(personas.cadre_a1, dispute, until=original + timedelta(days=20), reason="再延")
    assert error.value.messages == ["调解期限已延期过一次,不能再次延期。"]


def test_add_month_clamps_to_the_end_of_a_short_month():
    moment = timezone.make_aware(timezone.datetime(2025, 1, 31, 10, 0))
    assert actions.add_month(moment).date().isoformat() == "2025-02-28"
    assert actions.add_month(moment.replace(month=12)).date().isoformat() == "2026-01-31"


def test_overdue_people_mediation_is_flagged(personas):
    dispute = intake(personas.cadre_a1)
    actions.take_case(personas.cadre_a1, dispute)
    Dispute.objects.filter(pk=dispute.pk).update(deadline=timezone.now() - timedelta(hours=1))
    assert list(Dispute.objects.within(A1).overdue()) == [fresh(dispute)]
    figures = board(personas.township_a)
    assert figures["levels"][0]["overdue"] == 1


def test_administrative_mediation_has_no_people_mediation_deadline(personas):
    dispute = intake(personas.township_a, venue=TOWNSHIP_A, channel="administrative")
    actions.take_case(personas.township_a, dispute)
    assert fresh(dispute).deadline is None


def test_refusal_stops_mediation_with_party_and_date(personas):
    dispute = intake(personas.cadre_a1)
    party = dispute.parties.get(name="李小河")
    with pytest.raises(ValidationError) as error:
        actions.record_refusal(personas.cadre_a1, dispute, party_id=party.pk,
                               refused_on=timezone.localdate() + timedelta(days=1))
    assert error.value.message_dict == {"refused_on": ["拒绝日期不能晚于今天。"]}
    assert fresh(dispute).state == DisputeState.PENDING
    actions.record_refusal(personas.cadre_a1, dispute, party_id=party.pk, refused_on=timezone.localdate())
    dispute = fresh(dispute)
    assert (dispute.state, dispute.refused_by, dispute.refused_on) == (DisputeState.REFUSED, party, timezone.localdate())
    with pytest.raises(ValidationError):
        actions.take_case(personas.cadre_a1, dispute)
    with pytest.raises(ValidationError):
        actions.hand_off(personas.cadre_a1, dispute, to_region_code=TOWNSHIP_A, reason="上移")


def test_hand_off_up_keeps_the_file_and_counts_no_new_venue(personas):
    dispute = intake(personas.cadre_a1)
    actions.take_case(personas.cadre_a1, dispute)
    parties_before = list(dispute.parties.values_list("pk", "name"))
    actions.hand_off(personas.cadre_a1, dispute, to_region_code=TOWNSHIP_A, reason="村级调解未果", to_channel="people")
    dispute = fresh(dispute)
    assert dispute.pk and dispute.handler_region_id == TOWNSHIP_A and dispute.state == DisputeState.PENDING
    assert dispute.mediator is None and dispute.summary == "两户宅基地界址争议"
    assert list(dispute.parties.values_list("pk", "name")) == parties_before
    handoff = HandOff.objects.get(dispute=dispute)
    assert (handoff.from_region_id, handoff.to_region_id, handoff.reason, handoff.goes_up) == (A1, TOWNSHIP_A, "村级调解未果", True)
    assert venue_count(dispute) == 1
    # The village cadre no longer handles it; the township does, then sends it to the county with the parties.
    with pytest.raises(Http404):
        actions.take_case(personas.cadre_a1, dispute)
    actions.hand_off(personas.township_a, dispute, to_region_code=COUNTY, reason="涉及多部门", parties_visit=True,
                     to_channel="administrative")
    dispute = fresh(dispute)
    assert venue_count(dispute) == 2
    assert dispute.channel == "administrative" and dispute.handoffs.count() == 2
    # And back down to the township: the same record.
    actions.hand_off(personas.county, dispute, to_region_code=TOWNSHIP_A, reason="回乡镇调解")
    assert fresh(dispute).handler_region_id == TOWNSHIP_A and Dispute.objects.count() == 1


def test_hand_off_outside_the_county_is_refused(personas):
    Region.objects.create(code="450322", name="临桂区", level="county", parent_id="4503")
    dispute = intake(personas.township_a, venue=TOWNSHIP_A)
    with pytest.raises(ValidationError) as error:
        actions.hand_off(personas.township_a, dispute, to_region_code="450322", reason="对方住临桂")
    assert error.value.message_dict == {"to_region": ["不能移交到本县以外的机构;跨县纠纷请由县矛调中心协调。"]}
    with pytest.raises(ValidationError) as error:
        actions.hand_off(personas.township_a, dispute, to_region_code="", reason="x")
    assert "to_region" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        actions.hand_off(personas.township_a, dispute, to_region_code=COUNTY, reason="")
    assert "comment" in error.value.message_dict
    assert fresh(dispute).handler_region_id == TOWNSHIP_A and not HandOff.objects.exists()


def test_board_counts_what_was_resolved_without_going_up(personas):
    kept = intake(personas.cadre_a1)
    actions.take_case(personas.cadre_a1, kept)
    actions.record_agreement(
        personas.cadre_a1, kept, terms="退让半米", signed_on=timezone.localdate(),
        signed_party_ids=list(kept.parties.values_list("pk", flat=True)), mediator_signed=True,
        committee_id=committee(personas.township_a).pk, committee_sealed=True,
    )
    moved = intake(personas.cadre_a1)
    actions.hand_off(personas.cadre_a1, moved, to_region_code=TOWNSHIP_A, reason="上移", parties_visit=True)
    actions.take_case(personas.township_a, moved)
    actions.record_failure(personas.township_a, moved, route="litigation")
    figures = board(personas.county)
    village = figures["levels"][0]
    assert (village["taken_in"], village["agreed"], village["failed"], village["handed_up"]) == (2, 1, 1, 1)
    assert village["kept_share"] == 50
    assert (figures["total"], figures["one_venue"]) == (2, 1)
    # Township B sees none of it.
    assert board(personas.township_b)["total"] == 0


def test_grid_worker_takes_in_a_dispute_from_a_grid_event_of_the_county(personas, categories):
    from xiangzhi.grid.events import report_event

    event = report_event(personas.grid_worker_a1, category=categories.land_dispute, description="邻里因排水争吵")
    dispute = intake(personas.grid_worker_a1, grid_event_id=event.pk)
    assert (dispute.source, dispute.grid_event_id, dispute.region_id) == ("grid_event", event.pk, event.region_id)
    with pytest.raises(ValidationError) as error:
        intake(personas.cadre_b1, venue="450321101200", grid_event_id=event.pk)
    assert "grid_event" in error.value.message_dict
    assert Dispute.objects.count() == 1
