"""一约四会 coverage, 文明村镇 shares, culture and heritage, the portal section."""

import datetime

import pytest
from django.utils import timezone

from xiangzhi.customs import actions, queries
from xiangzhi.customs.models import CulturalEvent, HeritageItem
from xiangzhi.elections.models import Charter
from xiangzhi.people.models import Membership, Organisation
from xiangzhi.regions.models import Designation

from .customs_data import A1, A2, B1, household, resident

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2025, 1, 1)


def body(village, kind, member=True):
    organisation = Organisation.objects.create(name=kind, kind=kind, region_id=village)
    if member:
        Membership.objects.create(organisation=organisation, resident=resident(household(village + "001")),
                                  starts_on=TODAY)
    return organisation


def test_coverage_counts_bodies_with_members_and_approved_charters(personas, django_assert_max_num_queries):
    for kind in ("weddings_funerals", "moral_review", "villager_council", "anti_drug_gambling"):
        body(A1, kind)
    body(A2, "weddings_funerals")
    body(A2, "moral_review", member=False)
    Charter.objects.create(region_id=A1, kind="village_rules", version=1, title="矮山村村规民约",
                           state="approved", created_by=personas.cadre_a1)
    Charter.objects.create(region_id=A2, kind="village_rules", version=1, title="骥马村村规民约",
                           state="draft", created_by=personas.cadre_a2)
    with django_assert_max_num_queries(6):
        data = queries.coverage("450321100")
    rows = {row["code"]: row for row in data["villages"]}
    assert rows[A1]["complete"] and rows[A1]["charter"]
    assert rows[A2]["bodies"] == {"weddings_funerals"} and not rows[A2]["charter"]
    shares = {item["kind"]: item["percent"] for item in data["summary"]["bodies"]}
    assert shares == {"weddings_funerals": 100.0, "moral_review": 50.0, "villager_council": 50.0,
                      "anti_drug_gambling": 50.0}
    assert (data["summary"]["charter_percent"], data["summary"]["complete_percent"]) == (50.0, 50.0)
    county = queries.coverage("450321")
    children = {child["code"]: child for child in county["children"]}
    assert children["450321100"]["complete_percent"] == 50.0 and children["450321101"]["complete"] == 0


def test_coverage_pages_and_api_in_scope(personas, login):
    body(A1, "weddings_funerals")
    page = login(personas.township_a).get("/customs/").content.decode()
    assert "矮山村委会" in page and "白沙村委会" not in page
    assert login(personas.township_b).get("/customs/?region=450321100").status_code == 404
    assert login(personas.villager_a1).get("/customs/").status_code == 403
    data = login(personas.county).get("/api/v1/customs/coverage").json()
    assert data["summary"]["villages"] == 3 and data["summary"]["bodies"][0]["count"] == 1
    assert login(personas.cadre_b1).get("/api/v1/customs/coverage?region=450321100200").status_code == 404


def test_civilized_share_per_county_counts_county_level_and_above_in_force(personas, login):
    for village, level, revoked in ((A1, "county", None), (A2, "township_like", None), (B1, "city", TODAY)):
        if level == "township_like":
            continue
        Designation.objects.create(region_id=village, title="civilized_village", level=level, year=2024,
                                   granted_on=TODAY, granted_by=personas.county, revoked_on=revoked)
    Designation.objects.create(region_id=A2, title="customs_model_village", level="county", year=2024,
                               granted_on=TODAY, granted_by=personas.county)
    shares = queries.civilized_shares("450321")
    assert shares == [{"code": "450321", "name": "阳朔县", "villages": 3, "civilized": 1, "percent": 33.3}]
    assert login(personas.township_a).get("/api/v1/customs/civilized").json()[0]["civilized"] == 1


def test_culture_events_heritage_and_portal_section(personas, login, client):
    soon = timezone.now() + datetime.timedelta(days=3)
    actions.add_cultural_event(personas.township_a, "450321100", kind="village_gala", title="阳朔镇村晚",
                               starts_at=soon.isoformat(), place="镇文化广场")
    actions.add_cultural_event(personas.township_b, "450321101", kind="peoples_stage", title="白沙百姓大舞台",
                               starts_at=soon.isoformat())
    actions.add_heritage_item(personas.county, A1, kind="traditional_village", name="矮山古村落",
                              level="national", year=2019)
    Designation.objects.create(region_id=A1, title="civilized_village", level="county", year=2024,
                               granted_on=TODAY, granted_by=personas.county)
    page = client.get(f"/v/{A1}/").content.decode()
    assert "文明乡风" in page and "阳朔镇村晚" in page and "矮山古村落" in page and "文明村镇" in page
    assert "白沙百姓大舞台" not in page
    events = login(personas.cadre_a1).get("/api/v1/customs/events").json()
    assert [event["title"] for event in events] == ["阳朔镇村晚"]
    with pytest.raises(actions.ValidationError) as error:
        actions.add_heritage_item(personas.county, A1, kind="castle", name="", level="national", year=3000)
    assert set(error.value.message_dict) == {"kind", "name", "year"}
    with pytest.raises(Exception) as refused:
        actions.add_cultural_event(personas.township_b, A1, kind="other", title="越界", starts_at=soon.isoformat())
    assert refused.typename == "Http404"
    response = login(personas.villager_a1).post("/api/v1/customs/events", {
        "region": A1, "kind": "other", "title": "x", "starts_at": soon.isoformat()}, content_type="application/json")
    assert response.status_code == 403
    assert CulturalEvent.objects.count() == 2 and HeritageItem.objects.count() == 1
    assert "矮山古村落" in login(personas.township_a).get("/customs/culture/").content.decode()
