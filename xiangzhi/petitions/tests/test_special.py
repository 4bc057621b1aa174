"""The special-population registry: who may see a record, that every view is audited, that
minors' records are for 司法 only, and that nobody else can learn a person is on it."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from conftest import make_user
from xiangzhi.core.models import AuditEvent
from xiangzhi.petitions import actions
from xiangzhi.petitions.models import SpecialPerson, SpecialVisit

from .petitions_data import A1, B1_TUN, justice, police, resident

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def registry(personas):
    office = justice()
    adult = resident(name="黄志明")
    minor_birth = timezone.localdate().replace(year=timezone.localdate().year - 16)
    minor = resident(name="蒙小军", birth=minor_birth)
    helper = personas.cadre_a1
    adult_record = actions.register_special_person(
        office, resident=adult, category="community_correction", risk_level="medium", helper=helper)
    minor_record = actions.register_special_person(
        office, resident=minor, category="community_correction", risk_level="low", helper=helper)
    return {"justice": office, "adult": adult_record, "minor": minor_record, "helper": helper}


def test_register_writes_audit_without_the_name(personas):
    office = justice()
    person = actions.register_special_person(
        office, resident=resident(name="黄志明"), category="released", risk_level="high")
    event = AuditEvent.objects.get(action="special.register")
    assert event.target_id == str(person.pk) and "黄志明" not in event.target_repr
    assert SpecialPerson.objects.get().risk_level == "high"


def test_justice_police_and_helper_see_records_others_get_404(registry, personas):
    adult, minor = registry["adult"], registry["minor"]
    office = registry["justice"]
    assert _client(office).get(f"/petitions/special/{adult.pk}/").status_code == 200
    assert _client(office).get(f"/petitions/special/{minor.pk}/").status_code == 200
    assert _client(police()).get(f"/api/v1/petitions/special/{adult.pk}").status_code == 200
    assert _client(registry["helper"]).get(f"/petitions/special/{adult.pk}/").status_code == 200
    others = [personas.township_a, personas.county, personas.secretary_a1, personas.cadre_a2, personas.villager_a1,
              personas.grid_worker_a1, personas.auditor, justice("sifasuo_b", "450321101"), police("police_b", "450321101")]
    for user in others:
        client = _client(user)
        for pk in (adult.pk, minor.pk, 999999):
            assert client.get(f"/petitions/special/{pk}/").status_code == 404, user
            assert client.get(f"/api/v1/petitions/special/{pk}").status_code == 404, user
            assert client.post(f"/api/v1/petitions/special/{pk}/visits", {"kind": "assistance", "note": "x"},
                               content_type="application/json").status_code == 404


def test_minors_only_for_justice(registry):
    minor = registry["minor"]
    assert _client(police()).get(f"/api/v1/petitions/special/{minor.pk}").status_code == 404
    assert _client(registry["helper"]).get(f"/api/v1/petitions/special/{minor.pk}").status_code == 404
    police_list = _client(police("police_2")).get("/api/v1/petitions/special").json()
    assert [row["id"] for row in police_list] == [registry["adult"].pk]
    justice_list = _client(registry["justice"]).get("/api/v1/petitions/special").json()
    assert {row["id"] for row in justice_list} == {registry["adult"].pk, minor.pk}


def test_every_view_is_audited(registry):
    office = registry["justice"]
    client = _client(office)
    before = AuditEvent.objects.filter(actor=office).count()
    client.get(f"/petitions/special/{registry['adult'].pk}/")
    client.get(f"/api/v1/petitions/special/{registry['adult'].pk}")
    client.get("/petitions/special/")
    client.get("/api/v1/petitions/special")
    events = list(AuditEvent.objects.filter(actor=office).order_by("id")[before:])
    assert [event.action for event in events] == ["special.view", "special.view", "special.list", "special.list"]
    assert sorted(events[2].changes["records"][1]) == sorted([registry["adult"].pk, registry["minor"].pk])


def test_non_designated_cannot_learn_membership(registry, personas):
    adult = registry["adult"]
    for user in (personas.township_a, personas.secretary_a1, personas.county):
        client = _client(user)
        listing = client.get("/petitions/special/")
        assert listing.status_code == 200 and "黄志明" not in listing.content.decode()
        assert client.get("/api/v1/petitions/special").json() == []
        # The people registry shows nothing about it: resident page, API, list, search, export.
        for url in (f"/people/residents/{adult.resident_id}/", f"/api/v1/residents/{adult.resident_id}",
                    "/people/residents/?q=黄志明", "/api/v1/residents?q=黄志明"):
            response = client.get(url)
            assert response.status_code == 200, (user, url)
            body = response.content.decode()
            for word in ("社区矫正", "community_correction", "特殊人群", "风险"):
                assert word not in body, (user, url, word)


def test_people_counts_unchanged_by_registry(personas):
    client = _client(personas.secretary_a1)
    people = [resident(name="黄志明"), resident(name="覃二")]
    api_before = client.get("/api/v1/residents").json()
    page_before = client.get("/people/residents/").content.decode()
    mine_before = client.get("/api/v1/petitions/special").json()
    for person in people:
        actions.register_special_person(justice(f"sf_{person.pk}"), resident=person, category="released",
                                        risk_level="low")
    assert client.get("/api/v1/residents").json() == api_before
    assert client.get("/people/residents/").content.decode().count("<tr") == page_before.count("<tr")
    assert client.get("/api/v1/petitions/special").json() == mine_before == []
    assert api_before["count"] == 2


def test_visit_by_helper_and_justice_not_by_others(registry, personas):
    adult = registry["adult"]
    response = _client(registry["helper"]).post(
        f"/api/v1/petitions/special/{adult.pk}/visits",
        {"kind": "assistance", "visited_on": "2025-01-10", "note": "谈心谈话,协助找工作"}, content_type="application/json")
    assert response.status_code == 201
    assert SpecialVisit.objects.get().note == "谈心谈话,协助找工作"
    page = _client(registry["justice"]).post(f"/petitions/special/{adult.pk}/",
                                              {"kind": "supervision", "visited_on": "2025-01-11", "note": "报到"})
    assert page.status_code == 302 and SpecialVisit.objects.count() == 2
    assert AuditEvent.objects.filter(action="special.visit").count() == 2


def test_visit_bad_input_changes_nothing(registry):
    client = _client(registry["justice"])
    url = f"/api/v1/petitions/special/{registry['adult'].pk}/visits"
    future = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
    for payload, field in (({"kind": "x", "note": "a"}, "kind"), ({"kind": "assistance", "note": ""}, "note"),
                           ({"kind": "assistance", "note": "a", "visited_on": future}, "visited_on"),
                           ({"kind": "assistance", "note": "a", "visited_on": "2025-13-01"}, "visited_on")):
        response = client.post(url, payload, content_type="application/json")
        assert response.status_code == 422 and field in response.json()["errors"]
    assert "请填写情况记录" in str(client.post(url, {"kind": "assistance", "note": ""},
                                          content_type="application/json").json())
    assert SpecialVisit.objects.count() == 0


def test_register_requires_special_manage(personas):
    person = resident()
    police_user = police()
    for user, status in ((personas.township_a, 403), (police_user, 403), (justice("sifasuo_b", "450321101"), 404)):
        response = _client(user).post("/api/v1/petitions/special", {
            "resident_id": person.pk, "category": "released", "risk_level": "low"}, content_type="application/json")
        assert response.status_code in (status, 404), user
    bad = _client(justice()).post("/api/v1/petitions/special", {
        "resident_id": person.pk, "category": "bogus", "risk_level": ""}, content_type="application/json")
    assert bad.status_code == 422 and set(bad.json()["errors"]) == {"category", "risk_level"}
    assert SpecialPerson.objects.count() == 0
    other = resident(region=B1_TUN)
    assert _client(justice("sj3")).post("/api/v1/petitions/special", {
        "resident_id": other.pk, "category": "released", "risk_level": "low"},
        content_type="application/json").status_code == 404


def test_wrong_method(registry):
    client = _client(registry["justice"])
    assert client.delete(f"/petitions/special/{registry['adult'].pk}/").status_code == 405
    assert client.post("/petitions/special/").status_code == 405


def test_non_designated_helper_of_other_village_only_sees_own(registry, personas):
    other_helper = make_user("helper_x", "village_cadre", A1)
    assert _client(other_helper).get("/api/v1/petitions/special").json() == []
