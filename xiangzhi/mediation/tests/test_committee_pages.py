"""The committee register through the API and the pages: personas, wrong method, bad input."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from xiangzhi.mediation.models import Committee, CommitteeMember, CommitteeTerm

from .helpers import A1, MEMBERS, committee

pytestmark = pytest.mark.django_db
API = "/api/v1/mediation/committees"


def post_json(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_api_create_list_detail_and_scope(personas, login):
    client = login(personas.township_a)
    payload = {"kind": "village", "region_code": A1, "name": "矮山村人民调解委员会",
               "term_start": timezone.localdate().isoformat(), "members": MEMBERS}
    response = post_json(client, API, {**payload, "members": MEMBERS[:2]})
    assert response.status_code == 422
    assert response.json()["errors"]["members"] == ["人民调解委员会由 3 至 9 名委员组成,此操作后将为 2 名。"]
    assert not Committee.objects.exists()
    response = post_json(client, API, payload)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["member_count"] == 3 and body["term_number"] == 1 and body["expired"] is False
    pk = body["id"]
    assert [row["name"] for row in client.get(API).json()] == ["矮山村人民调解委员会"]
    gaps = client.get(f"{API}/gaps", {"region_code": "450321100"}).json()
    assert [v["code"] for v in gaps["villages_without_committee"]] == ["450321100202"]
    assert login(personas.cadre_a1).get(f"{API}/{pk}").status_code == 200
    assert login(personas.township_b).get(f"{API}/{pk}").status_code == 404
    assert login(personas.township_b).get(f"{API}/gaps", {"region_code": "450321100"}).status_code == 404
    assert login(personas.township_b).get(API).json() == []
    assert post_json(login(personas.township_b), f"{API}/{pk}/members", {"name": "外乡人"}).status_code == 404
    assert post_json(login(personas.cadre_a1), f"{API}/{pk}/members", {"name": "村干部"}).status_code == 403
    assert post_json(login(personas.villager_a1), API, payload).status_code == 403
    assert CommitteeMember.objects.count() == 3
    client = login(personas.township_a)
    assert client.get(f"{API}/{pk}/renewal").status_code == 405
    response = post_json(client, f"{API}/{pk}/members", {"role": "member", "name": "黄委员"})
    assert response.status_code == 201 and response.json()["member_count"] == 4
    member_id = CommitteeMember.objects.get(name="黄委员").pk
    response = post_json(client, f"{API}/{pk}/members/{member_id}/removal", {})
    assert response.status_code == 200 and response.json()["member_count"] == 3
    response = post_json(client, f"{API}/{pk}/renewal", {"term_start": "2000-01-01"})
    assert response.status_code == 422 and "term_start" in response.json()["errors"]
    assert CommitteeTerm.objects.filter(committee_id=pk).count() == 1


def test_pages_form_a_committee_change_members_and_renew(personas, login):
    client = login(personas.township_a)
    assert client.get(reverse("mediation:committee_create")).status_code == 200
    data = {"kind": "village", "region_code": A1, "name": "矮山村人民调解委员会",
            "term_start": timezone.localdate().isoformat(), "member1_role": "chair", "member1_name": "韦主任",
            "member2_role": "member", "member2_name": "蒙委员"}
    response = client.post(reverse("mediation:committee_create"), data)
    assert response.status_code == 422
    assert "人民调解委员会由 3 至 9 名委员组成,此操作后将为 2 名。" in response.content.decode()
    assert not Committee.objects.exists()
    response = client.post(reverse("mediation:committee_create"), {
        **data, "member3_role": "member", "member3_name": "覃委员"})
    formed = Committee.objects.get()
    assert response.status_code == 302 and response.url == reverse("mediation:committee_detail", args=[formed.pk])
    detail = client.get(response.url).content.decode()
    assert "韦主任" in detail and "第 1 届" in detail
    last = formed.members.get(name="覃委员")
    response = client.post(reverse("mediation:committee_remove_member", args=[formed.pk]),
                           {"remove-member_id": last.pk})
    assert response.status_code == 422 and "此操作后将为 2 名" in response.content.decode()
    assert formed.members.filter(left_on__isnull=True).count() == 3
    response = client.post(reverse("mediation:committee_add_member", args=[formed.pk]),
                           {"add-role": "vice_chair", "add-name": "黄副主任"})
    assert response.status_code == 302 and formed.members.filter(left_on__isnull=True).count() == 4
    assert client.get(reverse("mediation:committee_renew", args=[formed.pk])).status_code == 405
    response = client.post(reverse("mediation:committee_renew", args=[formed.pk]),
                           {"renew-term_start": timezone.localdate().isoformat()})
    assert response.status_code == 422 and "新一届任期须晚于本届开始日期" in response.content.decode()
    listing = client.get(reverse("mediation:committees")).content.decode()
    assert "骥马村委会" in listing and "矮山村人民调解委员会" in listing
    assert login(personas.township_b).get(reverse("mediation:committee_detail", args=[formed.pk])).status_code == 404
    assert login(personas.cadre_a1).post(reverse("mediation:committee_add_member", args=[formed.pk]),
                                         {"add-name": "x"}).status_code == 403
    assert login(personas.villager_a1).get(reverse("mediation:committees")).status_code == 403


def test_expired_committee_is_flagged_on_the_list(personas, login):
    committee(personas.township_a, term_start=timezone.localdate() - timedelta(days=4 * 365))
    page = login(personas.county).get(reverse("mediation:committees")).content.decode()
    assert "1 个委员会任期届满需换届" in page and "<mark class=\"overdue\">届满需换届</mark>" in page
