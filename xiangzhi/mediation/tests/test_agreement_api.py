"""Agreement signature rule, the 30-day 司法确认 boundary, the API, pages and scope personas."""

import json
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from xiangzhi.mediation import actions
from xiangzhi.accounts.models import User
from xiangzhi.mediation.models import Agreement, Committee, Dispute, DisputeState

from .helpers import A1, PARTIES, committee, fresh, intake

pytestmark = pytest.mark.django_db


def mediating(personas):
    dispute = intake(personas.cadre_a1)
    actions.take_case(personas.cadre_a1, dispute)
    return fresh(dispute)


def agree(user, dispute, **overrides):
    sealing = Committee.objects.filter(region_id=dispute.handler_region_id).first() or committee(
        User.objects.get(username="township_a"), region=dispute.handler_region_id)
    data = {
        "terms": "李小河于十日内拆除越界围墙", "signed_on": timezone.localdate(),
        "signed_party_ids": list(dispute.parties.values_list("pk", flat=True)), "mediator_signed": True,
        "committee_id": sealing.pk, "committee_sealed": True,
    }
    data.update(overrides)
    return actions.record_agreement(user, dispute, **data)


def test_agreement_is_refused_unless_every_signature_is_recorded(personas):
    dispute = mediating(personas)
    first = dispute.parties.order_by("id").first()
    with pytest.raises(ValidationError) as error:
        agree(personas.cadre_a1, dispute, signed_party_ids=[first.pk], mediator_signed=False, committee_sealed=False)
    assert error.value.message_dict == {
        "signed_party_ids": ["当事人未签名(或按手印):李小河。各方当事人均签名后协议方可成立。"],
        "mediator_signed": ["调解员未签名。"],
        "committee_sealed": ["调解委员会未盖章。"],
    }
    assert fresh(dispute).state == DisputeState.MEDIATING and not Agreement.objects.exists()
    agree(personas.cadre_a1, dispute)
    dispute = fresh(dispute)
    assert dispute.state == DisputeState.AGREED
    assert dispute.agreement.signatures.count() == 2


def test_judicial_confirmation_within_30_days_and_refused_after(personas):
    dispute = mediating(personas)
    Dispute.objects.filter(pk=dispute.pk).update(accepted_at=timezone.now() - timedelta(days=60))
    dispute = fresh(dispute)
    signed_on = timezone.localdate() - timedelta(days=31)
    agree(personas.cadre_a1, dispute, signed_on=signed_on)
    with pytest.raises(ValidationError) as error:
        actions.apply_judicial_confirmation(personas.cadre_a1, dispute, applied_on=signed_on + timedelta(days=31),
                                            joint=True)
    assert "已超过协议生效之日起 30 日" in error.value.message_dict["applied_on"][0]
    with pytest.raises(ValidationError) as error:
        actions.apply_judicial_confirmation(personas.cadre_a1, dispute, applied_on=signed_on + timedelta(days=30),
                                            joint=False)
    assert error.value.message_dict == {"joint": ["司法确认须由双方当事人共同申请。"]}
    assert Agreement.objects.get().confirmation_applied_on is None
    actions.apply_judicial_confirmation(personas.cadre_a1, dispute, applied_on=signed_on + timedelta(days=30),
                                        joint=True, court="阳朔县人民法院")
    assert Agreement.objects.get().confirmation_applied_on == signed_on + timedelta(days=30)


def test_failure_records_the_route(personas):
    dispute = mediating(personas)
    with pytest.raises(ValidationError) as error:
        actions.record_failure(personas.cadre_a1, dispute, route="")
    assert "route" in error.value.message_dict
    actions.record_failure(personas.cadre_a1, dispute, route="arbitration", note="告知申请劳动仲裁")
    dispute = fresh(dispute)
    assert (dispute.state, dispute.failure_route) == (DisputeState.FAILED, "arbitration")


def post_json(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_api_intake_detail_and_masking(personas, login):
    client = login(personas.cadre_a1)
    response = post_json(client, "/api/v1/mediation/disputes", {
        "venue_code": A1, "dispute_type": "neighbours", "summary": "排水沟纠纷", "parties": PARTIES, "amount_fen": 0,
    })
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["parties"][0]["id_number_masked"].count("*") == 8
    assert PARTIES[0]["id_number"] not in response.content.decode()
    assert body["venue_count"] == 1 and body["level"] == "village"
    response = post_json(client, "/api/v1/mediation/disputes", {
        "venue_code": A1, "dispute_type": "邻里", "summary": "", "parties": PARTIES,
    })
    assert response.status_code == 422
    assert response.json()["errors"]["dispute_type"] == ["请选择纠纷类型。"]
    assert Dispute.objects.count() == 1


def test_api_scope_personas(personas, login, client):
    dispute = intake(personas.cadre_a1)
    url = f"/api/v1/mediation/disputes/{dispute.pk}"
    assert login(personas.township_a).get(url).status_code == 200
    assert login(personas.county).get(url).status_code == 200
    assert login(personas.cadre_a2).get(url).status_code == 404
    assert login(personas.township_b).get(url).status_code == 404
    assert login(personas.villager_a1).get(url).status_code == 403
    assert login(personas.auditor).get("/api/v1/mediation/disputes").status_code == 403
    assert login(personas.cadre_b1).post(f"{url}/take").status_code == 404
    assert login(personas.villager_a1).post(f"{url}/take").status_code == 403
    assert login(personas.township_b).get("/api/v1/mediation/disputes").json() == []
    assert fresh(dispute).state == DisputeState.PENDING
    response = login(personas.cadre_a1).post(f"{url}/take")
    assert response.status_code == 200 and response.json()["state"] == "mediating"
    response = post_json(client, f"{url}/hand-off", {"to_region_code": "450322", "reason": "外县"})
    assert response.status_code == 422 and "to_region" in response.json()["errors"]
    assert client.get(f"{url}/take").status_code == 405


def test_pages_scope_and_wrong_method(personas, login):
    dispute = intake(personas.cadre_a1)
    detail = reverse("mediation:detail", args=[dispute.pk])
    assert login(personas.cadre_a1).get(detail).status_code == 200
    assert login(personas.cadre_b1).get(detail).status_code == 404
    assert login(personas.villager_a1).get(reverse("mediation:list")).status_code == 403
    client = login(personas.cadre_a1)
    assert client.get(reverse("mediation:take", args=[dispute.pk])).status_code == 405
    response = client.get(reverse("mediation:list"))
    assert response.status_code == 200 and "矛盾不上行" in response.content.decode()
    # The page offers only the county's bodies: a city code is not among them.
    response = client.post(reverse("mediation:step", args=[dispute.pk, "hand_off"]), {
        "hand_off-to_body": "region:4503", "hand_off-to_channel": "people", "hand_off-reason": "上交市里",
    })
    assert response.status_code == 422
    assert "选择一个有效的选项" in response.content.decode()
    assert fresh(dispute).handler_region_id == A1
