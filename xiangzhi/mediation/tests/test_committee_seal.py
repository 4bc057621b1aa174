"""The seal on an agreement: a registered committee under the handling body, in its term that day.
Hand-offs to a body of the county, chosen from a list, including committees."""

import json
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from xiangzhi.mediation import actions
from xiangzhi.mediation.committee_actions import renew_term
from xiangzhi.mediation.models import Agreement, DisputeState, HandOff
from xiangzhi.regions.models import Region

from .helpers import A1, COUNTY, committee, fresh, intake

pytestmark = pytest.mark.django_db


def mediating(user, venue=A1):
    dispute = intake(user, venue=venue)
    actions.take_case(user, dispute)
    return fresh(dispute)


def agree(user, dispute, committee_id, signed_on=None):
    return actions.record_agreement(
        user, dispute, terms="退让半米", signed_on=signed_on or timezone.localdate(),
        signed_party_ids=list(dispute.parties.values_list("pk", flat=True)), mediator_signed=True,
        committee_id=committee_id, committee_sealed=True,
    )


def test_expired_committee_cannot_seal_until_renewed(personas):
    expired = committee(personas.township_a, term_start=timezone.localdate() - timedelta(days=4 * 365))
    dispute = mediating(personas.cadre_a1)
    with pytest.raises(ValidationError) as error:
        agree(personas.cadre_a1, dispute, expired.pk)
    assert error.value.message_dict == {"committee": [
        f"矮山村人民调解委员会在签订日期({timezone.localdate().isoformat()})不在任期内(届满需换届),不能以其名义盖章。"
    ]}
    assert fresh(dispute).state == DisputeState.MEDIATING and not Agreement.objects.exists()
    renew_term(personas.township_a, expired, term_start=timezone.localdate())
    agree(personas.cadre_a1, dispute, expired.pk)
    agreement = Agreement.objects.get()
    assert (agreement.committee_id, agreement.committee_name) == (expired.pk, "矮山村人民调解委员会")


def test_committee_of_another_township_or_none_is_refused(personas):
    other = committee(personas.township_b, region="450321101200", name="白沙村人民调解委员会")
    dispute = mediating(personas.cadre_a1)
    for committee_id in (other.pk, None):
        with pytest.raises(ValidationError) as error:
            agree(personas.cadre_a1, dispute, committee_id)
        assert error.value.message_dict["committee"] == ["请选择加盖印章的人民调解委员会(须为本案承办机构辖区内已登记的委员会)。"]
    assert not Agreement.objects.exists()


def test_agreement_page_offers_the_committees_and_prints_the_chosen_name(personas, login):
    sealing = committee(personas.township_a)
    committee(personas.township_b, region="450321101200", name="白沙村人民调解委员会")
    dispute = mediating(personas.cadre_a1)
    client = login(personas.cadre_a1)
    page = client.get(reverse("mediation:detail", args=[dispute.pk])).content.decode()
    seal_select = page[page.index('id="id_agree-committee_id"'):]
    seal_select = seal_select[:seal_select.index("</select>")]
    assert "矮山村人民调解委员会(第 1 届" in seal_select and "白沙村人民调解委员会" not in seal_select
    parties = list(dispute.parties.values_list("pk", flat=True))
    response = client.post(reverse("mediation:step", args=[dispute.pk, "agree"]), {
        "agree-terms": "退让半米", "agree-signed_on": timezone.localdate().isoformat(),
        "agree-signed_party_ids": parties, "agree-mediator_signed": "on", "agree-committee_sealed": "on",
        "agree-committee_id": str(sealing.pk),
    })
    assert response.status_code == 302
    printed = client.get(reverse("mediation:agreement_print", args=[dispute.pk])).content.decode()
    assert "矮山村人民调解委员会(盖章)" in printed


def test_hand_off_page_lists_the_county_bodies_and_hands_to_a_committee(personas, login):
    township = committee(personas.county, region="450321100", kind="township", name="阳朔镇人民调解委员会")
    dispute = intake(personas.cadre_a1)
    client = login(personas.cadre_a1)
    page = client.get(reverse("mediation:detail", args=[dispute.pk])).content.decode()
    for label in ("阳朔县矛调中心", "白沙镇调解中心", "骥马村委会调解平台", "阳朔镇人民调解委员会"):
        assert label in page
    response = client.post(reverse("mediation:step", args=[dispute.pk, "hand_off"]), {
        "hand_off-to_body": f"committee:{township.pk}", "hand_off-to_channel": "administrative",
        "hand_off-reason": "村调未果",
    })
    assert response.status_code == 302
    dispute = fresh(dispute)
    assert (dispute.handler_region_id, dispute.committee_id, dispute.channel) == ("450321100", township.pk, "people")
    assert HandOff.objects.get().to_committee_id == township.pk
    response = client.post(reverse("mediation:step", args=[dispute.pk, "hand_off"]), {
        "hand_off-to_body": f"region:{COUNTY}", "hand_off-to_channel": "people", "hand_off-reason": "x",
    })
    assert response.status_code == 404  # the village no longer handles it


def test_api_hand_off_to_a_committee_outside_the_county_is_refused(personas, login):
    Region.objects.create(code="450322", name="临桂区", level="county", parent_id="4503")
    Region.objects.create(code="450322100", name="临桂镇", level="township", parent_id="450322")
    from conftest import make_user

    elsewhere = committee(make_user("lingui", "township_official", "450322100"), region="450322100",
                          kind="township", name="临桂镇人民调解委员会")
    dispute = intake(personas.township_a, venue="450321100")
    client = login(personas.township_a)
    url = f"/api/v1/mediation/disputes/{dispute.pk}/hand-off"
    response = client.post(url, json.dumps({"to_committee_id": elsewhere.pk, "reason": "外县"}),
                           content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"]["to_region"] == ["不能移交到本县以外的机构;跨县纠纷请由县矛调中心协调。"]
    assert fresh(dispute).handler_region_id == "450321100" and not HandOff.objects.exists()
    response = client.post(url, json.dumps({"to_region_code": A1, "reason": "回村调解"}),
                           content_type="application/json")
    assert response.status_code == 200 and response.json()["handler_region_code"] == A1
