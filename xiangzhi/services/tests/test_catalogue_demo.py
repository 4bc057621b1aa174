"""The catalogue (region-wide items, a county's adjustment, bad input, scope), the indicator,
the ledger and the demo data."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from conftest import make_user
from xiangzhi.accounts.models import Role
from xiangzhi.core.catalogues import items_of
from xiangzhi.services import actions, catalogue
from xiangzhi.services.demo import seed_demo
from xiangzhi.services.indicators import applications_on_time
from xiangzhi.services.ledgers import application_rows
from xiangzhi.services.models import Application, ServiceItem
from xiangzhi.targets.periods import Period

from .helpers import A1, item, resident, uploads_for

pytestmark = pytest.mark.django_db


def test_region_wide_catalogue_shipped_and_readable(personas, login):
    names = set(ServiceItem.objects.filter(region_code="45").values_list("name", flat=True))
    for name in ("出具证明", "最低生活保障申请", "特困人员救助供养申请", "临时救助申请", "高龄津贴申请",
                 "困难残疾人生活补贴和重度残疾人护理补贴申请", "城乡居民基本医疗保险参保登记",
                 "城乡居民基本养老保险参保登记", "农村宅基地和建房(规划许可)申请", "农机购置补贴申请",
                 "户籍业务代办", "居民身份证代办", "就业登记与失业登记", "法律援助申请"):
        assert name in names
    client = login(personas.villager_a1)
    page = client.get("/services/", {"level": "county"}).content.decode()
    assert "最低生活保障申请" in page and "出具证明" not in page
    assert "宅基地" in client.get("/services/", {"q": "宅基地"}).content.decode()
    assert client.get(f"/services/items/{item('出具证明').pk}/").status_code == 200
    data = client.get("/api/v1/services/items").json()
    assert {"出具证明", "法律援助申请"} <= {row["name"] for row in data}


def test_county_adjusts_region_wide_item_for_itself(personas, tree, login):
    county = tree["450321"]
    original = item("出具证明")
    adjusted = catalogue.change_item(personas.county, county, original, time_limit_days=1)
    assert adjusted.pk != original.pk and adjusted.replaces == original and adjusted.time_limit_days == 1
    assert adjusted.materials.count() == original.materials.count()
    assert ServiceItem.objects.get(pk=original.pk).time_limit_days == 3
    assert list(items_of(ServiceItem, "450321").filter(name="出具证明")) == [adjusted]
    with pytest.raises(ValidationError) as refused:
        catalogue.add_item(personas.county, county, name="", flow="nowhere", time_limit_days="0")
    assert set(refused.value.message_dict) >= {"name", "flow", "time_limit_days"}
    with pytest.raises(PermissionDenied):
        catalogue.add_item(personas.township_a, county, name="新事项", flow="village", time_limit_days=3)
    client = login(personas.county)
    response = client.post("/api/v1/services/items", {"name": "计生证明", "flow": "village", "time_limit_days": 2},
                           content_type="application/json")
    assert response.status_code == 201 and ServiceItem.objects.filter(region_code="450321", name="计生证明").exists()
    bad = client.post("/api/v1/services/items", {"name": "计生证明", "flow": "village", "time_limit_days": 2},
                      content_type="application/json")
    assert bad.status_code == 422 and "已有" in bad.json()["errors"]["name"][0]
    assert login(personas.cadre_a1).post("/api/v1/services/items", {"name": "x", "flow": "village",
                                          "time_limit_days": 2}, content_type="application/json").status_code == 403


def test_indicator_and_ledger(personas):
    resident(user=personas.villager_a1)
    certificate = item("出具证明")
    on_time = actions.apply(personas.villager_a1, certificate, uploads=uploads_for(certificate))
    actions.take_step(personas.cadre_a1, on_time, "complete")
    elder = resident(name="莫阿婆", serial=21)
    late = actions.apply(personas.cadre_a1, certificate, resident=elder, uploads=uploads_for(certificate))
    Application.objects.filter(pk=late.pk).update(deadline=timezone.now() - datetime.timedelta(minutes=5))
    # Deadlines (3 days on) may fall in the next month: the indicator is read over the year.
    assert applications_on_time(Period.containing("year"), [A1]) == {A1: (1, 2)}
    rows = list(application_rows("450321100", Period.containing("month")))
    assert [(row[3], row[4], row[10]) for row in rows] == [("韦国强", "本人", "是"), ("莫阿婆", "cadre_a1", "否")]


def test_demo_is_idempotent(tree):
    from xiangzhi.core.demo import demo_places

    villager = make_user("demo_villager", "villager", A1)
    users = {Role.VILLAGER: villager, Role.VILLAGE_CADRE: make_user("demo_cadre", "village_cadre", A1)}
    resident(user=villager)
    resident(name="莫阿婆", serial=21)
    resident(name="黄大叔", serial=22)
    places = demo_places(tree["450321"])
    first = seed_demo(places, users.__getitem__)
    assert first == {"service_applications": 3, "service_results": 1, "service_ratings": 1, "service_notices": 1}
    assert Application.objects.filter(proxy__isnull=False, office_id="450321100").count() == 1
    assert Application.objects.filter(state="materials_needed").count() == 1
    assert seed_demo(places, users.__getitem__) == {"service_applications": 0, "service_results": 0,
                                                     "service_ratings": 0, "service_notices": 0}
