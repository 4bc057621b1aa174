"""/api/v1/socialorgs: JSON in and out, the same rules as the pages."""

import json

import pytest

from conftest import make_user
from xiangzhi.socialorgs.models import PurchaseProject, SocialOrganisation, SocialWorkStation

from .socialorgs_data import COUNTY, TOWNSHIP_A, VILLAGE_A1, code, organisation_data, other_county, register

pytestmark = pytest.mark.django_db
BASE = "/api/v1/socialorgs"


def post(client, path, data):
    return client.post(BASE + path, json.dumps(data), content_type="application/json")


def test_register_and_read(personas, login):
    client = login(personas.county)
    response = post(client, "/organisations", {"region": COUNTY, "villages": [VILLAGE_A1], **organisation_data()})
    assert response.status_code == 201 and response.json()["credit_code"] == code(1)
    pk = response.json()["id"]
    listing = login(personas.cadre_a1).get(BASE + "/organisations", {"q": "志愿"}).json()
    assert listing["count"] == 1 and listing["items"][0]["villages"] == [VILLAGE_A1]
    assert login(personas.cadre_a1).get(f"{BASE}/organisations/{pk}").status_code == 200
    assert login(other_county()).get(f"{BASE}/organisations/{pk}").status_code == 404


def test_invalid_code_is_422_naming_the_field(personas, login):
    bad = code(1)[:17] + ("0" if code(1)[17] != "0" else "1")
    response = post(login(personas.county), "/organisations",
                    {"region": COUNTY, **organisation_data(credit_code=bad)})
    assert response.status_code == 422
    assert "校验位不正确" in response.json()["errors"]["credit_code"][0]
    assert not SocialOrganisation.objects.exists()


def test_no_capability_is_403(personas, login):
    response = post(login(personas.township_a), "/organisations", {"region": TOWNSHIP_A, **organisation_data()})
    assert response.status_code == 403


def test_project_life_cycle(personas, login):
    provider = register(personas.county)
    client = login(personas.county)
    response = post(client, "/projects", {
        "county": COUNTY, "title": "社工站运营", "department": "民政局", "provider_id": provider.pk,
        "budget": "50000", "starts_on": "2024-01-01", "ends_on": "2024-12-31", "served": [TOWNSHIP_A],
        "deliverables": ["驻站社工 3 名", "探访 40 户次"]})
    assert response.status_code == 201 and response.json()["budget_fen"] == 5000000
    pk = response.json()["id"]
    assert post(client, f"/projects/{pk}/steps", {"step": "contract"}).json()["state"] == "contracted"
    assert post(client, f"/projects/{pk}/steps", {"step": "begin"}).json()["state"] == "in_progress"
    acceptance = {"passed": True, "accepted_on": "2025-01-10", "result": "合格", "deliverables_met": [0, 1]}
    refused = post(client, f"/projects/{pk}/acceptance", acceptance)
    assert refused.status_code == 422 and "以外的人员" in json.dumps(refused.json(), ensure_ascii=False)
    colleague = make_user("county2", "county_department", COUNTY, department="civil_affairs")
    done = post(login(colleague), f"/projects/{pk}/acceptance", acceptance)
    assert done.status_code == 200 and done.json()["state"] == "accepted"
    assert [step["transition"] for step in done.json()["history"]] == ["start", "contract", "begin", "accept"]
    assert PurchaseProject.objects.get().accepted_by == colleague


def test_stations_and_coverage(personas, login):
    client = login(personas.township_a)
    response = post(client, "/stations", {"township": TOWNSHIP_A, "name": "阳朔镇社工站", "opened_on": "2024-01-15",
                                          "staff_count": 3})
    assert response.status_code == 201
    pk = response.json()["id"]
    coverage = login(personas.county).get(BASE + "/coverage").json()
    assert (coverage["townships"], coverage["covered"]) == (2, 1)
    assert post(client, f"/stations/{pk}/close", {"closed_on": "2099-01-01"}).status_code == 422
    assert post(client, f"/stations/{pk}/close", {"closed_on": "2024-12-31"}).json()["closed_on"] == "2024-12-31"
    assert SocialWorkStation.objects.get().closed_on is not None
