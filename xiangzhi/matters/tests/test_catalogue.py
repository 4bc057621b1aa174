"""The 村级协商目录: Art. 24 defaults, a county's own items, retiring and re-thresholding a
region-wide item for one county, and who may read and change it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from xiangzhi.core.models import AuditEvent
from xiangzhi.matters import actions, catalogue
from xiangzhi.matters.models import CatalogueItem
from xiangzhi.regions.models import Region

from .helpers import A1, COUNTY, item, register


@pytest.fixture
def county(personas):
    item()
    return Region.objects.get(code=COUNTY)


def test_defaults_quote_article_24(county):
    names = list(catalogue.items_for_village(A1).values_list("name", flat=True))
    assert names[:2] == ["本村享受误工补贴的人员及补贴标准", "从村集体经济所得收益的使用"]
    assert len(names) == 9 and names[-1] == "金额超过县定标准的事项"
    land = CatalogueItem.objects.get(name="征地补偿费的使用、分配方案")
    assert "第二十四条" in land.legal_basis and "经村民会议讨论决定方可办理" in land.legal_basis
    assert catalogue.threshold_item_for(A1).threshold_fen == 5_000_000


def test_a_county_adds_its_own_item(personas, county):
    added = catalogue.add_item(personas.county, county, name="村级公益性岗位设置", legal_basis="县委文件")
    assert added.region_code == COUNTY
    assert "村级公益性岗位设置" in catalogue.items_for_village(A1).values_list("name", flat=True)
    assert AuditEvent.objects.filter(action="matter_catalogue.add", target_id=str(added.pk)).exists()
    with pytest.raises(ValidationError) as refused:
        catalogue.add_item(personas.county, county, name="村级公益性岗位设置")
    assert refused.value.message_dict == {"name": ["目录中已有“村级公益性岗位设置”。"]}


def test_a_county_retires_a_default_item_for_itself_only(personas, county):
    shared = item("宅基地的使用方案")
    own = catalogue.update_item(personas.county, county, shared, active=False)
    assert (own.region_code, own.replaces, own.active) == (COUNTY, shared, False)
    assert "宅基地的使用方案" not in catalogue.items_for_village(A1).values_list("name", flat=True)
    assert CatalogueItem.objects.get(pk=shared.pk).active  # other counties keep it
    with pytest.raises(ValidationError) as refused:
        actions.create_matter(personas.cadre_a1, A1, title="宅基地", item=shared.pk)
    assert refused.value.message_dict == {"item": ["本县村级协商目录中没有该目录项(或已停用)。"]}


def test_a_county_sets_its_own_threshold(personas, county):
    shared = item("金额超过县定标准的事项")
    catalogue.update_item(personas.county, county, shared, threshold_fen=2_000_000)
    matter = register(personas, catalogue_item=None, amount_fen=2_000_001)
    assert matter.item.threshold_fen == 2_000_000 and matter.item.replaces == shared
    with pytest.raises(ValidationError) as refused:
        catalogue.update_item(personas.county, county, matter.item, threshold_fen=0)
    assert refused.value.message_dict == {"threshold_fen": ["金额标准须大于零且不超过 1,000,000,000.00 元。"]}


def test_only_the_county_changes_its_catalogue(personas, county):
    with pytest.raises(PermissionDenied):
        catalogue.add_item(personas.township_a, county, name="x")
    with pytest.raises(PermissionDenied):
        catalogue.catalogue_region_for(personas.cadre_a1)
    with pytest.raises(Http404):
        catalogue.add_item(personas.county, Region.objects.get(code="45"), name="全区新增")
    assert not CatalogueItem.objects.filter(name__in=["x", "全区新增"]).exists()


def test_catalogue_page_and_api(personas, county, login, client):
    login(personas.cadre_a1)
    response = client.get(reverse("matters:catalogue"))
    assert response.status_code == 200 and "征地补偿费的使用、分配方案" in response.content.decode()
    assert "新增目录项" not in response.content.decode()
    shared = item("宅基地的使用方案")
    assert client.get(f"/api/v1/matters/catalogue/{shared.pk}").status_code == 200
    response = client.post("/api/v1/matters/catalogue", {"region": COUNTY, "name": "村内道路管护"},
                           content_type="application/json")
    assert response.status_code == 403
    login(personas.villager_a1)
    assert client.get(reverse("matters:catalogue")).status_code == 403
    assert client.get(f"/api/v1/matters/catalogue/{shared.pk}").status_code == 403
    login(personas.county)
    response = client.post("/api/v1/matters/catalogue", {"region": COUNTY, "name": "村内道路管护"},
                           content_type="application/json")
    assert response.status_code == 201 and response.json()["region_code"] == COUNTY
    response = client.patch(f"/api/v1/matters/catalogue/{shared.pk}", {"region": COUNTY, "active": False},
                            content_type="application/json")
    assert response.status_code == 200 and response.json()["replaces_id"] == shared.pk
    response = client.post("/api/v1/matters/catalogue", {"region": COUNTY, "name": " "},
                           content_type="application/json")
    assert response.status_code == 422 and response.json()["errors"] == {"name": ["请填写目录项名称。"]}
    response = client.post(reverse("matters:catalogue_add"), {"region": COUNTY, "name": "农村危房改造对象评定"})
    assert response.status_code == 302
    assert CatalogueItem.objects.filter(region_code=COUNTY, name="农村危房改造对象评定").exists()
    response = client.post(reverse("matters:catalogue_add"), {"region": COUNTY, "name": "y", "threshold": "abc"})
    assert response.status_code == 422 and "金额标准“abc”不是有效的数字。" in response.content.decode()
    assert client.get(reverse("matters:catalogue")).status_code == 200
    assert client.get(reverse("matters:catalogue"), {"region": "450322"}).status_code == 404
