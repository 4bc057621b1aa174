"""Mediation per village where the dispute arose, over disputes concluded in the period: 矛盾不上行
(agreed without a hand-off upward) and 最多跑一地 (the parties went to one place)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from xiangzhi.mediation import actions
from xiangzhi.mediation.models import Dispute
from xiangzhi.targets.periods import Period
from xiangzhi.targets.registry import RATIO, get

from .helpers import A1, TOWNSHIP_A, committee, intake

pytestmark = pytest.mark.django_db
A2, B1 = "450321100202", "450321101200"
YEAR = Period.containing("year")
LAST_YEAR = YEAR.previous()


def agree(actor, dispute, seal):
    actions.take_case(actor, dispute)
    actions.record_agreement(
        actor, dispute, terms="退让半米", signed_on=timezone.localdate(),
        signed_party_ids=list(dispute.parties.values_list("pk", flat=True)), mediator_signed=True,
        committee_id=seal.pk, committee_sealed=True,
    )
    return dispute


@pytest.fixture
def disputes(personas):
    seal = committee(personas.township_a)
    township_seal = committee(personas.township_a, region=TOWNSHIP_A, name="阳朔镇人民调解委员会", kind="township")
    a2_seal = committee(personas.township_a, region=A2, name="骥马村人民调解委员会")
    agree(personas.cadre_a1, intake(personas.cadre_a1), seal)  # kept in the village, one place
    moved = intake(personas.cadre_a1)
    actions.hand_off(personas.cadre_a1, moved, to_region_code=TOWNSHIP_A, reason="上移", parties_visit=True)
    agree(personas.township_a, moved, township_seal)  # agreed, but at the township: went up, two places
    refused = intake(personas.cadre_a1)
    actions.record_refusal(personas.cadre_a1, refused, party_id=refused.parties.get(name="李小河").pk,
                           refused_on=timezone.localdate())  # concluded, not settled
    intake(personas.cadre_a1)  # still pending: not counted
    old = agree(personas.cadre_a1, intake(personas.cadre_a1), seal)
    Dispute.objects.filter(pk=old.pk).update(closed_at=YEAR.starts - timedelta(minutes=1))
    agree(personas.cadre_a2, intake(personas.cadre_a2, venue=A2), a2_seal)
    agree(personas.township_a, intake(personas.township_a, venue=TOWNSHIP_A), township_seal)  # township's own: no village


def test_resolved_locally(disputes):
    indicator = get("mediation.resolved_locally")
    assert (indicator.kind, indicator.module) == (RATIO, "mediation")
    assert indicator.compute(YEAR, None) == {A1: (1, 3), A2: (1, 1)}
    assert indicator.compute(LAST_YEAR, None) == {A1: (1, 1)}
    assert indicator.compute(YEAR, [A2, B1]) == {A2: (1, 1)}
    assert indicator.records_url(A1, YEAR) == "/mediation/?show=all"


def test_one_venue(disputes):
    indicator = get("mediation.one_venue")
    assert indicator.compute(YEAR, None) == {A1: (2, 3), A2: (1, 1)}
    assert indicator.compute(LAST_YEAR, [A1]) == {A1: (1, 1)}
    assert indicator.compute(YEAR, [B1]) == {}
