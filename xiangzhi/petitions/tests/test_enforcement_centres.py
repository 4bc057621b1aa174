"""持证上岗: expiring and expired certificates, refusal to assign an officer whose certificate
has expired; the centres registry and the county's standardisation share."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from conftest import make_user
from xiangzhi.core.models import AuditEvent
from xiangzhi.regions.models import Region
from xiangzhi.petitions.models import Centre, Certificate, EnforcementOfficer, EnforcementTask

pytestmark = pytest.mark.django_db
D = datetime.timedelta
COUNTY, TOWNSHIP_A, TOWNSHIP_B, A1 = "450321", "450321100", "450321101", "450321100200"


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _post(client, url, data):
    return client.post(url, data, content_type="application/json")


@pytest.fixture
def officers(personas):
    client = _client(personas.county)
    today = timezone.localdate()
    made = {}
    for name, expires in (("过期甲", today - D(days=1)), ("到期乙", today + D(days=30)), ("有效丙", today + D(days=31)),
                          ("今天丁", today)):
        officer = _post(client, "/api/v1/petitions/officers", {"region": TOWNSHIP_A, "name": name}).json()
        response = _post(client, f"/api/v1/petitions/officers/{officer['id']}/certificates",
                         {"number": f"GX-{name}", "expires_on": expires.isoformat()})
        assert response.status_code == 201
        made[name] = officer["id"]
    return made


def test_expired_and_expiring_lists(officers, personas):
    board = _client(personas.township_a).get("/api/v1/petitions/officers/certificates").json()
    assert [row["officer"] for row in board["expired"]] == ["过期甲"]
    assert sorted(row["officer"] for row in board["expiring"]) == ["今天丁", "到期乙"]
    page = _client(personas.township_a).get("/petitions/certificates/").content.decode()
    assert "过期甲" in page and "到期乙" in page
    assert _client(personas.township_b).get("/api/v1/petitions/officers/certificates").json() == {
        "expired": [], "expiring": []}
    assert _client(personas.cadre_a1).get("/api/v1/petitions/officers").status_code == 403


def test_expired_certificate_refuses_task(officers, personas):
    client = _client(personas.county)
    refused = _post(client, f"/api/v1/petitions/officers/{officers['过期甲']}/tasks", {"region": A1, "title": "违建巡查"})
    assert refused.status_code == 422 and "已过期" in refused.json()["errors"]["officer"][0]
    assert EnforcementTask.objects.count() == 0
    for name in ("今天丁", "到期乙"):
        ok = _post(client, f"/api/v1/petitions/officers/{officers[name]}/tasks", {"region": A1, "title": "违建巡查"})
        assert ok.status_code == 201
    assert EnforcementTask.objects.count() == 2
    assert AuditEvent.objects.filter(action="enforcement.task.assign").count() == 2
    # A renewed certificate makes the officer assignable again.
    _post(client, f"/api/v1/petitions/officers/{officers['过期甲']}/certificates",
          {"number": "GX-新证", "expires_on": (timezone.localdate() + D(days=365)).isoformat()})
    assert _post(client, f"/api/v1/petitions/officers/{officers['过期甲']}/tasks",
                 {"region": A1, "title": "复查"}).status_code == 201


def test_officer_writes_scope_and_bad_input(officers, personas):
    assert _post(_client(personas.township_a), "/api/v1/petitions/officers",
                 {"region": TOWNSHIP_A, "name": "x"}).status_code == 403
    Region.objects.create(code="450322", name="临桂区", level="county", parent_id="4503", pinyin="lingui", initials="lg")
    other_county = make_user("county_other", "county_department", "450322")
    assert _post(_client(other_county), f"/api/v1/petitions/officers/{officers['有效丙']}/tasks",
                 {"region": A1, "title": "x"}).status_code == 404
    client = _client(personas.county)
    count = EnforcementOfficer.objects.count()
    response = _post(client, "/api/v1/petitions/officers", {"region": A1, "name": ""})
    assert response.status_code == 422 and set(response.json()["errors"]) == {"region", "name"}
    response = _post(client, f"/api/v1/petitions/officers/{officers['有效丙']}/certificates",
                     {"number": "GX-有效丙", "expires_on": "2030-02-30"})
    assert response.status_code == 422 and set(response.json()["errors"]) == {"expires_on"}
    response = _post(client, f"/api/v1/petitions/officers/{officers['有效丙']}/certificates",
                     {"number": "GX-有效丙", "expires_on": "2030-02-01"})
    assert response.status_code == 422 and "已登记" in response.json()["errors"]["number"][0]
    response = _post(client, f"/api/v1/petitions/officers/{officers['有效丙']}/tasks", {"region": A1, "title": ""})
    assert response.status_code == 422 and response.json()["errors"]["title"] == ["请填写执法任务。"]
    assert EnforcementOfficer.objects.count() == count and Certificate.objects.count() == 4
    assert EnforcementTask.objects.count() == 0


def test_centres_and_share(personas):
    client = _client(personas.county)
    assert _post(client, "/api/v1/petitions/centres", {"region": COUNTY, "kind": "mediation", "name": "阳朔县矛调中心",
                 "standardised": True, "standardised_on": "2024-06-01"}).status_code == 201
    assert _post(client, "/api/v1/petitions/centres", {"region": TOWNSHIP_A, "kind": "comprehensive",
                 "name": "阳朔镇综治中心"}).status_code == 201
    assert _post(client, "/api/v1/petitions/centres", {"region": TOWNSHIP_B, "kind": "comprehensive",
                 "name": "白沙镇综治中心", "standardised": True, "standardised_on": "2024-01-01"}).status_code == 201
    bad = _post(client, "/api/v1/petitions/centres", {"region": A1, "kind": "comprehensive", "name": "矮山村综治中心",
                "standardised": True})
    assert bad.status_code == 422 and "完成日期" in bad.json()["errors"]["standardised_on"][0]
    dup = _post(client, "/api/v1/petitions/centres", {"region": COUNTY, "kind": "mediation", "name": "重复"})
    assert dup.status_code == 422 and "kind" in dup.json()["errors"]
    assert Centre.objects.count() == 3
    share = {(row["level"], row["kind"]): row for row in client.get(f"/api/v1/petitions/centres/share/{COUNTY}").json()}
    assert share[("township", "comprehensive")]["share"] == 50.0 and share[("county", "mediation")]["share"] == 100.0
    centre = Centre.objects.get(region_id=TOWNSHIP_A)
    assert _post(client, f"/api/v1/petitions/centres/{centre.pk}/standardisation",
                 {"standardised": True, "standardised_on": "2025-01-02"}).status_code == 200
    share = {(row["level"], row["kind"]): row for row in client.get(f"/api/v1/petitions/centres/share/{COUNTY}").json()}
    assert share[("township", "comprehensive")]["share"] == 100.0
    assert _post(_client(personas.township_a), f"/api/v1/petitions/centres/{centre.pk}/standardisation",
                 {"standardised": False}).status_code == 403
    assert {row["name"] for row in _client(personas.township_b).get("/api/v1/petitions/centres").json()["items"]} == {"白沙镇综治中心"}
    assert "阳朔镇综治中心" in _client(personas.township_a).get("/petitions/centres/").content.decode()
