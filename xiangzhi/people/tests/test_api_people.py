"""/api/v1/households and /api/v1/residents: scope, pagination, 422 in Chinese, reveal."""

import json

import pytest

from xiangzhi.accounts.models import ApiToken
from xiangzhi.core.models import AuditEvent
from xiangzhi.people import citizen_id
from xiangzhi.people.models import Household, Resident, VillageTally

from .registry_data import A1_GRID, A1_TUN, member, new_id, registry  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client):
    def for_user(user):
        key = ApiToken.generate_key()
        ApiToken.objects.create(user=user, key_prefix=key[:8], key_hash=ApiToken.hash_key(key))
        headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}

        class Api:
            def get(self, path, params=None):
                return client.get(f"/api/v1{path}", params or {}, **headers)

            def post(self, path, body):
                return client.post(f"/api/v1{path}", json.dumps(body), content_type="application/json", **headers)

        return Api()

    return for_user


def test_household_detail_lists_members_masked(registry, personas, api):
    body = api(personas.cadre_a1).get(f"/households/{registry.a1_grid.pk}").json()
    assert (body["number"], body["region_code"], body["grid_code"], body["head_name"], body["members_count"]) == (
        "A1-001", A1_TUN, A1_GRID, "张三", 2)
    zhangsan = next(m for m in body["members"] if m["name"] == "张三")
    assert zhangsan["id_number"] == citizen_id.mask(new_id(1)) and zhangsan["phone"] == "138****5678"
    assert zhangsan["is_party_member"] is True and zhangsan["birth_date"] == "1980-05-17"


def test_resident_list_filters_and_pages(registry, personas, api):
    client = api(personas.county)
    page = client.get("/residents", {"limit": 2, "offset": 0}).json()
    assert page["count"] == 5 and len(page["items"]) == 2
    rest = client.get("/residents", {"limit": 2, "offset": 2}).json()["items"]
    rest += client.get("/residents", {"limit": 2, "offset": 4}).json()["items"]
    assert len({item["id"] for item in page["items"] + rest}) == 5
    assert [i["name"] for i in client.get("/residents", {"region": "450321101"}).json()["items"]] == ["孙七"]
    assert {i["name"] for i in client.get("/residents", {"region": A1_GRID}).json()["items"]} == {"张三", "李四"}
    assert [i["name"] for i in client.get("/residents", {"q": new_id(4)}).json()["items"]] == ["赵六"]
    assert [i["name"] for i in client.get("/residents", {"q": "0773-8812345"}).json()["items"]] == ["李四"]
    too_many = client.get("/residents", {"limit": 501})
    assert too_many.status_code == 422 and "limit" in too_many.json()["errors"]


def test_post_household_with_members(personas, api):
    response = api(personas.cadre_a1).post("/households", {
        "region": A1_TUN, "grid": A1_GRID, "number": "API-1",
        "members": [member("接口甲", "head", 80, phone="13911112222"), member("接口乙", "配偶", 81, "female")],
    })
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["members_count"] == 2 and {m["name"] for m in body["members"]} == {"接口甲", "接口乙"}
    assert Household.objects.get(pk=body["id"]).residents.count() == 2
    assert VillageTally.objects.get(village_id="450321100200").residents == 2
    assert AuditEvent.objects.filter(action="household.register").count() == 1


def test_post_household_errors_are_422_in_chinese_per_field(registry, personas, api):
    before = Resident.objects.count(), AuditEvent.objects.count()
    client = api(personas.cadre_a1)
    response = client.post("/households", {
        "region": A1_TUN, "members": [member("甲", "head", 1), {"name": "乙", "relation": "child",
                                                               "id_number": "450321198005170111"}],
    })
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert "已登记" in errors["members.0.id_number"][0]
    assert "公民身份号码校验位不正确" in errors["members.1.id_number"][0]
    missing = client.post("/households", {"members": []})
    assert missing.status_code == 422 and missing.json()["errors"]["region"] == ["此字段为必填项。"]
    assert (Resident.objects.count(), AuditEvent.objects.count()) == before
    assert api(personas.cadre_a2).post("/households", {"region": A1_TUN, "members": [member("丙", "head", 90)]}
                                       ).status_code == 404
    assert api(personas.villager_a1).post("/households", {"region": A1_TUN, "members": [member("丙", "head", 90)]}
                                          ).status_code == 403
    assert Resident.objects.count() == before[0]


def test_post_resident(registry, personas, api):
    client = api(personas.cadre_a1)
    response = client.post("/residents", {"household": registry.a1_other.pk, **member("王六", "child", 82)})
    assert response.status_code == 201 and response.json()["region_code"] == "450321100200002"
    assert Resident.objects.filter(household=registry.a1_other, name="王六").exists()
    second_head = client.post("/residents", {"household": registry.a1_other.pk, **member("王七", "head", 83)})
    assert second_head.status_code == 422 and "户主" in second_head.json()["errors"]["relation"][0]
    other = client.post("/residents", {"household": registry.b1.pk, **member("外村", "child", 84)})
    assert other.status_code == 404
    assert not Resident.objects.filter(name__in=["王七", "外村"]).exists()


def test_reveal_through_the_api_is_audited(registry, personas, api):
    zhangsan = registry.resident(registry.a1_grid, "张三")
    body = api(personas.secretary_a1).get(f"/residents/{zhangsan.pk}", {"reveal": "true"}).json()
    assert body["id_number"] == new_id(1)
    assert AuditEvent.objects.filter(action="resident.reveal_id_number", actor=personas.secretary_a1).count() == 1
    assert api(personas.secretary_a1).get(f"/residents/{zhangsan.pk}").json()["id_number"] == citizen_id.mask(new_id(1))
    assert api(personas.cadre_a1).get(f"/residents/{zhangsan.pk}", {"reveal": "true"}).status_code == 403
    assert api(personas.township_b).get(f"/residents/{zhangsan.pk}", {"reveal": "true"}).status_code == 404
    assert AuditEvent.objects.filter(action="resident.reveal_id_number").count() == 1


def test_list_queries_do_not_grow_with_rows(registry, personas, api, django_assert_max_num_queries):
    from xiangzhi.people import actions

    client = api(personas.township_a)
    for n in range(10):
        actions.register_household(personas.township_a, region=A1_TUN, members=[member(f"批{n}", "head", 200 + n)])
    with django_assert_max_num_queries(8):
        assert len(client.get("/households").json()["items"]) == 13
    with django_assert_max_num_queries(8):
        assert len(client.get("/residents").json()["items"]) == 14
