"""Catalogue editing by the county (service.catalogue): its own items with materials, adjusting and
retiring a region-wide item for itself only, another county's view, a township's 403, bad input."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from conftest import make_user
from xiangzhi.core.audit import AuditEvent
from xiangzhi.regions.models import Region
from xiangzhi.services.models import ServiceItem, ServiceMaterial

from .helpers import PDF, item

pytestmark = pytest.mark.django_db

NEW_ITEM = {"form": "item", "name": "农村危房改造申请", "flow": "village-township", "department": "住建站",
            "legal_basis": "《农村危房改造基本安全技术导则》", "time_limit_days": "20", "fee": "",
            "proxy_allowed": "on", "active": "on", "order": "50"}


def login(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def other_county(tree):
    Region.objects.create(code="450323", name="灵川县", level="county", parent_id="4503")
    return make_user("county_lc", "county_department", "450323")


def names(client):
    return {row["name"]: row for row in client.get("/api/v1/services/items").json()}


def test_county_creates_its_own_item_with_materials(personas, other_county):
    client = login(personas.county)
    assert client.get("/services/items/new/").status_code == 200
    made = client.post("/services/items/new/", NEW_ITEM)
    own = ServiceItem.objects.get(name="农村危房改造申请")
    assert made.status_code == 302 and made["Location"] == f"/services/items/{own.pk}/edit/"
    assert (own.region_code, own.flow, own.time_limit_days, own.fee, own.proxy_allowed, own.replaces) == (
        "450321", "village-township", 20, "免费", True, None)
    template = SimpleUploadedFile("申请表.pdf", PDF, content_type="application/pdf")
    added = client.post(f"/services/items/{own.pk}/edit/", {"form": "material", "name": "房屋现状照片",
                                                             "required": "on", "note": "正面和侧面各一张",
                                                             "template": template})
    assert added.status_code == 302
    client.post(f"/services/items/{own.pk}/edit/", {"form": "material", "name": "户口簿"})
    materials = list(own.materials.values_list("name", "required", "note"))
    assert materials == [("房屋现状照片", True, "正面和侧面各一张"), ("户口簿", False, "")]
    photo = own.materials.get(name="房屋现状照片")
    assert photo.template.name.endswith(".pdf")
    download = client.get(f"/services/materials/{photo.pk}/template/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF-")
    assert [event.action for event in AuditEvent.objects.filter(target_id=str(own.pk)).order_by("id")] == [
        "service_item.add", "service_item.material_add", "service_item.material_add"]
    # Readable (with its materials) by the county's villagers; the steps are the flow's.
    detail = login(personas.villager_a1).get(f"/api/v1/services/items/{own.pk}").json()
    assert detail["steps"] == ["village", "township"] and [m["name"] for m in detail["materials"]] == [
        "房屋现状照片", "户口簿"]
    assert "房屋现状照片" in login(personas.villager_a1).get(f"/services/items/{own.pk}/").content.decode()
    # Another county sees none of it.
    outsider = login(other_county)
    assert "农村危房改造申请" not in names(outsider)
    assert outsider.get(f"/api/v1/services/items/{own.pk}").status_code == 404
    assert outsider.get(f"/services/items/{own.pk}/").status_code == 404
    assert outsider.get(f"/services/items/{own.pk}/edit/").status_code == 404
    assert outsider.get(f"/services/materials/{photo.pk}/template/").status_code == 404
    assert outsider.patch(f"/api/v1/services/items/{own.pk}", {"name": "改名"},
                          content_type="application/json").status_code == 404
    assert ServiceItem.objects.get(pk=own.pk).name == "农村危房改造申请"


def test_adjusting_a_region_wide_item_is_for_the_county_only(personas, other_county):
    original = item("出具证明")
    client = login(personas.county)
    changed = client.patch(f"/api/v1/services/items/{original.pk}", {"time_limit_days": 1, "fee": "免费"},
                           content_type="application/json")
    assert changed.status_code == 200
    copy = ServiceItem.objects.get(region_code="450321", replaces=original)
    assert changed.json()["id"] == copy.pk and changed.json()["region_wide"] is False
    assert copy.time_limit_days == 1 and copy.materials.count() == original.materials.count() >= 1
    event = AuditEvent.objects.get(action="service_item.replace")
    assert event.target_id == str(copy.pk) and event.changes["time_limit_days"] == [3, 1]
    # The region-wide row is unchanged; the other county still reads it, this county its copy.
    original.refresh_from_db()
    assert original.time_limit_days == 3 and original.active
    assert names(login(other_county))["出具证明"]["time_limit_days"] == 3
    assert names(login(other_county))["出具证明"]["id"] == original.pk
    ours = names(login(personas.villager_a1))["出具证明"]
    assert (ours["id"], ours["time_limit_days"]) == (copy.pk, 1)
    # The county's copy keeps its own materials: adding one does not touch the region-wide item.
    client.post(f"/services/items/{copy.pk}/edit/", {"form": "material", "name": "村民小组长签字"})
    assert copy.materials.filter(name="村民小组长签字").exists()
    assert not original.materials.filter(name="村民小组长签字").exists()
    # Materials of a region-wide item are not edited in place.
    refused = client.post(f"/services/items/{item('高龄津贴申请').pk}/edit/", {"form": "material", "name": "x"})
    assert refused.status_code == 422 and "调整" in refused.content.decode()
    assert not ServiceMaterial.objects.filter(name="x").exists()


def test_retiring_items(personas, other_county):
    client = login(personas.county)
    own = client.post("/api/v1/services/items", {"name": "计生证明", "flow": "village", "time_limit_days": 2},
                      content_type="application/json").json()
    retired = client.patch(f"/api/v1/services/items/{own['id']}", {"active": False},
                           content_type="application/json")
    assert retired.status_code == 200 and retired.json()["active"] is False
    assert ServiceItem.objects.filter(pk=own["id"], active=False).count() == 1
    assert AuditEvent.objects.get(action="service_item.update").changes == {"active": [True, False]}
    assert "计生证明" not in names(login(personas.villager_a1))
    assert login(personas.villager_a1).get(f"/services/items/{own['id']}/apply/").status_code == 404
    # A region-wide item retired on the page (active unchecked) is gone from this county only.
    farm = item("农机购置补贴申请")
    form = {key: value for key, value in NEW_ITEM.items() if key != "active"}
    form.update(name=farm.name, flow=farm.flow, time_limit_days=str(farm.time_limit_days))
    assert client.post(f"/services/items/{farm.pk}/edit/", form).status_code == 302
    assert ServiceItem.objects.get(replaces=farm).active is False
    assert "农机购置补贴申请" not in names(login(personas.villager_a1))
    assert "农机购置补贴申请" not in login(personas.villager_a1).get("/services/").content.decode()
    assert "农机购置补贴申请" in names(login(other_county))
    # The replaced region-wide row is no longer offered to the county's villagers, only to its keepers.
    assert login(personas.villager_a1).get(f"/services/items/{farm.pk}/").status_code == 404
    assert login(personas.villager_a1).get(f"/services/items/{farm.pk}/apply/").status_code == 404
    assert login(personas.county).get(f"/services/items/{farm.pk}/").status_code == 200
    assert ServiceItem.objects.get(pk=farm.pk).active is True


def test_township_official_may_not_edit(personas):
    township = login(personas.township_a)
    certificate = item("出具证明")
    assert township.get("/services/items/new/").status_code == 403
    assert township.post("/services/items/new/", NEW_ITEM).status_code == 403
    assert township.post(f"/services/items/{certificate.pk}/edit/", NEW_ITEM).status_code == 403
    assert township.post(f"/services/items/{certificate.pk}/adjust/").status_code == 403
    assert township.post("/api/v1/services/items", {"name": "x", "flow": "village", "time_limit_days": 2},
                         content_type="application/json").status_code == 403
    assert township.patch(f"/api/v1/services/items/{certificate.pk}", {"time_limit_days": 9},
                          content_type="application/json").status_code == 403
    assert login(personas.county).get(f"/services/items/{certificate.pk}/adjust/").status_code == 405
    assert not ServiceItem.objects.exclude(region_code="45").exists()
    assert "新增本县事项" not in township.get("/services/").content.decode()
    assert "新增本县事项" in login(personas.county).get("/services/").content.decode()


def test_bad_input_names_the_field(personas):
    client = login(personas.county)
    before = ServiceItem.objects.count()
    page = client.post("/services/items/new/", {**NEW_ITEM, "name": "  ", "time_limit_days": "-3"})
    text = page.content.decode()
    assert page.status_code == 422 and "请填写事项名称" in text and "办理时限须在 1 到 365 之间" in text
    api = client.post("/api/v1/services/items", {"name": "", "flow": "village", "time_limit_days": -3},
                      content_type="application/json")
    assert api.status_code == 422
    assert api.json()["errors"]["name"] == ["请填写事项名称。"]
    assert "办理时限" in api.json()["errors"]["time_limit_days"][0]
    assert ServiceItem.objects.count() == before and not AuditEvent.objects.exists()
    own = client.post("/api/v1/services/items", {"name": "计生证明", "flow": "village", "time_limit_days": 2},
                      content_type="application/json").json()
    patched = client.patch(f"/api/v1/services/items/{own['id']}", {"time_limit_days": 0},
                           content_type="application/json")
    assert patched.status_code == 422 and "办理时限" in patched.json()["errors"]["time_limit_days"][0]
    assert ServiceItem.objects.get(pk=own["id"]).time_limit_days == 2
    exe = SimpleUploadedFile("样表.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    wrong = client.post(f"/services/items/{own['id']}/edit/", {"form": "material", "name": "申请表", "template": exe})
    text = wrong.content.decode()
    assert wrong.status_code == 422 and "“样表”的文件“样表.pdf”格式不支持" in text
    assert not ServiceMaterial.objects.filter(item_id=own["id"]).exists()
    nameless = client.post(f"/services/items/{own['id']}/edit/", {"form": "material", "name": ""})
    assert nameless.status_code == 422 and "请填写材料名称" in nameless.content.decode()
    assert not ServiceMaterial.objects.filter(item_id=own["id"]).exists()
