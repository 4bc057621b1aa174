"""The 公开目录: the region-wide defaults from the law, a county's own items and its changes
to region items (which do not touch other counties)."""

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from xiangzhi.core.models import AuditEvent
from xiangzhi.disclosure import catalogue
from xiangzhi.disclosure.models import AnswerPolicy, CatalogueItem
from xiangzhi.regions.models import Region

from .helpers import A1, FINANCE, GENERAL, MAJOR, item

pytestmark = pytest.mark.django_db
API = "/api/v1/disclosure/catalogue"


@pytest.fixture
def county(tree):
    return Region.objects.get(code="450321")


@pytest.fixture
def other_county(tree):
    return Region.objects.create(code="450312", name="临桂区", level="county", parent_id="4503")


def test_defaults_follow_article_30():
    assert item(FINANCE).cadence == "monthly" and item(FINANCE).generator == "finance_monthly"
    assert item(GENERAL).cadence == "quarterly"
    assert item(MAJOR).cadence == "immediate"
    assert "一般事项至少每季度公布一次" in item(GENERAL).legal_basis
    names = set(CatalogueItem.objects.filter(region_code="45").values_list("name", flat=True))
    assert {"政府拨付和接受社会捐赠的救灾救助、补贴补助等资金物资的管理使用", "四议两公开决议及实施结果",
            "发展党员", "党费收缴使用"} <= names
    assert set(CatalogueItem.objects.filter(region_code="45").values_list("category", flat=True)) == {
        "party", "village", "finance"}


def test_county_adds_its_own_item(personas, county):
    added = catalogue.add_item(personas.county, county, category="village", name="漓江河道保洁", cadence="monthly")
    assert added.region_code == "450321"
    assert added in catalogue.items_for_village(A1)
    event = AuditEvent.objects.get(action="disclosure_catalogue.add")
    assert event.region_code == "450321" and event.changes["name"] == [None, "漓江河道保洁"]


def test_changing_a_region_item_replaces_it_for_the_county_only(personas, county, other_county):
    general = item(GENERAL)
    replacement = catalogue.update_item(personas.county, county, general, cadence="monthly")
    assert replacement.pk != general.pk and replacement.replaces == general and replacement.cadence == "monthly"
    assert CatalogueItem.objects.get(pk=general.pk).cadence == "quarterly"  # untouched for everyone else
    in_county = list(catalogue.items_of("450321"))
    assert replacement in in_county and general not in in_county
    assert general in catalogue.items_of("450312")
    # Deactivating: the county's row, inactive; villages no longer owe it.
    catalogue.update_item(personas.county, county, replacement, active=False)
    assert not catalogue.items_for_village(A1).filter(name=GENERAL).exists()
    assert AuditEvent.objects.filter(action="disclosure_catalogue.replace").count() == 1


@pytest.mark.parametrize(("values", "field", "message"), [
    ({"name": " "}, "name", "请填写目录项名称。"),
    ({"cadence": "weekly"}, "cadence", "公开周期须为每月、每季度、每年、随时或每事一公开。"),
    ({"category": "other"}, "category", "类别须为党务、村务或财务。"),
    ({"name": GENERAL}, "name", "目录中已有“一般村务事项”。"),
    ({"generator": "finance_monthly"}, "generator", "由账务月报生成的目录项须为财务类、每月公开。"),
])
def test_bad_input(personas, county, values, field, message):
    data = {"category": "village", "name": "新事项", "cadence": "quarterly", **values}
    before = CatalogueItem.objects.count()
    with pytest.raises(ValidationError) as caught:
        catalogue.add_item(personas.county, county, **data)
    assert caught.value.message_dict[field] == [message]
    assert CatalogueItem.objects.count() == before


def test_who_may_change_the_catalogue(personas, county, other_county):
    with pytest.raises(PermissionDenied):
        catalogue.add_item(personas.township_a, county, category="village", name="x", cadence="monthly")
    from django.http import Http404

    with pytest.raises(Http404):
        catalogue.add_item(personas.county, other_county, category="village", name="x", cadence="monthly")


def test_api_and_pages(personas, login, county):
    client = login(personas.county)
    listed = client.get(API).json()
    assert {row["name"] for row in listed} >= {GENERAL, FINANCE}
    created = client.post(API, data=json.dumps({"category": "party", "name": "主题党日", "cadence": "monthly"}),
                          content_type="application/json")
    assert created.status_code == 201 and created.json()["region_code"] == "450321"
    bad = client.post(API, data=json.dumps({"category": "party", "name": "", "cadence": "monthly"}),
                      content_type="application/json")
    assert bad.status_code == 422 and bad.json()["errors"] == {"name": ["请填写目录项名称。"]}
    updated = client.post(f"{API}/{item(MAJOR).pk}", data=json.dumps({"active": False}),
                          content_type="application/json")
    assert updated.status_code == 200 and updated.json()["replaces_id"] == item(MAJOR).pk
    assert login(personas.cadre_a1).get(API).status_code == 403
    assert login(personas.county).get(f"{API}?region=450312").status_code == 404
    page = login(personas.county).get("/disclosure/catalogue/")
    assert page.status_code == 200 and "主题党日" in page.content.decode()
    response = login(personas.county).post("/disclosure/catalogue/answer-days/", {"region": "450321", "answer_days": "7"})
    assert response.status_code == 302 and AnswerPolicy.objects.get(county_id="450321").answer_days == 7
    response = login(personas.county).post("/disclosure/catalogue/answer-days/", {"region": "450321", "answer_days": "0"})
    assert response.status_code == 422 and AnswerPolicy.objects.get(county_id="450321").answer_days == 7
    assert login(personas.county).get("/disclosure/catalogue/answer-days/").status_code == 405
