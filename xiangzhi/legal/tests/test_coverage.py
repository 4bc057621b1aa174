"""Advisors, 三官一律, 法律明白人 and sites: coverage shares against targets and the gaps."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from xiangzhi.core.models import AuditEvent
from xiangzhi.customs.tests.customs_data import household, resident
from xiangzhi.legal import actions, queries
from xiangzhi.legal.models import LegalAdvisor, PublicitySite, RosterMember

from .legal_data import A1, A2, B1, advisor_user, png

pytestmark = pytest.mark.django_db


def full_roster(actor, village):
    for role in ("police", "judge", "official", "lawyer"):
        actions.set_roster_member(actor, village, role, name="王" + role, unit="单位", phone="13800138000")


def test_county_coverage_counts_villages_and_lists_gaps(personas):
    lawyer = advisor_user()
    actions.set_advisor(personas.township_a, A1, username="lawyer_a1", name="", firm="漓江律所", phone="13800138000")
    full_roster(personas.township_a, A1)
    actions.set_roster_member(personas.township_a, A2, "police", name="李警官", unit="派出所", phone="0773-1234567")
    literate_home = household("450321100200001")
    actions.register_literate(personas.cadre_a1, resident(literate_home, name="覃明白"), trained_on="2025-01-10")
    actions.add_site(personas.cadre_a1, A1, kind="square", name="法治广场",
                     photo=SimpleUploadedFile("a.png", png().read(), content_type="image/png"))

    data = queries.coverage("450321")
    shares = {share["key"]: share for share in data["summary"]["shares"]}
    assert (shares["advisor"]["count"], shares["advisor"]["percent"], shares["advisor"]["met"]) == (1, 33.3, False)
    assert (shares["literate"]["count"], shares["site"]["count"], shares["site"]["target"]) == (1, 1, 80)
    assert data["summary"]["roster_complete"] == 1
    children = {child["code"]: child for child in data["children"]}
    assert children["450321100"]["shares"][0]["percent"] == 50.0
    assert children["450321101"]["shares"][0]["percent"] == 0.0
    gaps = {row["code"]: row for row in data["gaps"]}
    assert set(gaps) == {A2, B1}
    assert gaps[A2]["roster_missing"] == ["法官", "村官", "律师"]
    assert LegalAdvisor.objects.get().user == lawyer and LegalAdvisor.objects.get().name == "lawyer_a1"
    assert AuditEvent.objects.filter(action="legal_roster.set").count() == 5


def test_coverage_takes_few_queries(personas, django_assert_max_num_queries):
    full_roster(personas.township_a, A1)
    with django_assert_max_num_queries(7):
        queries.coverage("450321")


def test_setting_the_advisor_again_replaces_it(personas):
    actions.set_advisor(personas.cadre_a1, A1, name="甲律师", firm="一所", phone="13800138000")
    actions.set_advisor(personas.cadre_a1, A1, name="乙律师", firm="二所", phone="13800138001")
    assert list(LegalAdvisor.objects.values_list("name", flat=True)) == ["乙律师"]
    event = AuditEvent.objects.filter(action="legal_advisor.set").order_by("id").last()
    assert event.changes["name"] == ["甲律师", "乙律师"]


def test_bad_advisor_input_names_the_fields_and_saves_nothing(personas):
    with pytest.raises(Exception) as caught:
        actions.set_advisor(personas.cadre_a1, A1, name="甲", firm="", phone="12345", username="cadre_a2")
    errors = caught.value.message_dict
    assert "律师事务所" in errors["firm"][0] and "联系电话" in errors["phone"][0]
    assert "不是本村的法律顾问" in errors["username"][0]
    assert not LegalAdvisor.objects.exists()


def test_bad_photo_is_refused(personas):
    fake = SimpleUploadedFile("a.png", b"not an image", content_type="image/png")
    with pytest.raises(Exception) as caught:
        actions.add_site(personas.cadre_a1, A1, kind="corridor", name="长廊", photo=fake)
    assert "不是图片" in caught.value.message_dict["photo"][0]
    assert not PublicitySite.objects.exists()


def test_api_coverage_and_scope(personas, login):
    client = login(personas.township_a)
    response = client.put(f"/api/v1/legal/villages/{A1}/advisor", {"name": "甲", "firm": "所", "phone": "13800138000"},
                          content_type="application/json")
    assert response.status_code == 200 and LegalAdvisor.objects.filter(region_id=A1).exists()
    assert client.put(f"/api/v1/legal/villages/{B1}/advisor", {"name": "甲", "firm": "所", "phone": "13800138000"},
                      content_type="application/json").status_code == 404
    assert login(personas.villager_a1).put(
        f"/api/v1/legal/villages/{A1}/roster/police", {"name": "甲", "unit": "所", "phone": "13800138000"},
        content_type="application/json").status_code == 403
    client = login(personas.township_a)
    bad = client.put(f"/api/v1/legal/villages/{A1}/roster/sheriff", {"name": "", "unit": "所", "phone": "1"},
                     content_type="application/json")
    assert bad.status_code == 422 and set(bad.json()["errors"]) == {"role", "name", "phone"}
    assert not RosterMember.objects.exists()
    data = client.get("/api/v1/legal/coverage").json()
    assert data["region"] == "450321100" and data["summary"]["shares"][0]["count"] == 1
    assert client.post("/api/v1/legal/coverage").status_code == 405
    assert login(personas.cadre_b1).get(f"/api/v1/legal/coverage?region={A1}").status_code == 404
    assert login(personas.cadre_b1).get(f"/api/v1/legal/villages/{A1}").status_code == 404


def test_site_api_with_photo(personas, login):
    client = login(personas.cadre_a1)
    response = client.post(f"/api/v1/legal/villages/{A1}/sites", {"kind": "library", "name": "法治书屋", "photo": png()})
    assert response.status_code == 201 and response.json()["kind_label"] == "法治书屋"
    assert PublicitySite.objects.get().sha256


def test_coverage_page(personas, login):
    actions.set_advisor(personas.cadre_a1, A1, name="甲律师", firm="一所", phone="13800138000")
    page = login(personas.township_a).get("/legal/")
    text = page.content.decode()
    assert page.status_code == 200 and "50.0%" in text and "骥马村委会" in text
    assert login(personas.township_b).get(f"/legal/?region={A1}").status_code == 404
    assert login(personas.villager_a1).get("/legal/").status_code == 403
    detail = login(personas.cadre_a1).get(f"/legal/v/{A1}/")
    assert "甲律师" in detail.content.decode()
    assert login(personas.cadre_a2).get(f"/legal/v/{A1}/").status_code == 404


def test_village_page_saves_roster_and_shows_bad_input(personas, login):
    client = login(personas.cadre_a1)
    bad = client.post(f"/legal/v/{A1}/", {"form": "roster", "role": "judge", "name": "", "unit": "法庭", "phone": "x"})
    assert bad.status_code == 422 and "请填写姓名" in bad.content.decode()
    assert not RosterMember.objects.exists()
    client.post(f"/legal/v/{A1}/", {"form": "roster", "role": "judge", "name": "黄法官", "unit": "法庭",
                                    "phone": "13800138000"})
    assert RosterMember.objects.get().name == "黄法官"
