"""Registry pages: create/edit forms through the browser's eyes, query counts, reveal."""

import datetime

import pytest

from xiangzhi.core.models import AuditEvent
from xiangzhi.people import citizen_id
from xiangzhi.people.models import Household, Resident, VillageTally

from .registry_data import A1_GRID, A1_TUN, member, new_id, registry  # noqa: F401

pytestmark = pytest.mark.django_db


def management(total, initial=0):
    return {"members-TOTAL_FORMS": str(total), "members-INITIAL_FORMS": str(initial),
            "members-MIN_NUM_FORMS": "1", "members-MAX_NUM_FORMS": "30"}


def member_fields(index, name, relation, number, **extra):
    data = {f"members-{index}-name": name, f"members-{index}-relation": relation,
            f"members-{index}-id_number": number, f"members-{index}-ethnicity": "汉族"}
    data.update({f"members-{index}-{key}": value for key, value in extra.items()})
    return data


def snapshot_counts():
    return Household.objects.count(), Resident.objects.count(), AuditEvent.objects.count()


# --- Create ------------------------------------------------------------------------------


def test_create_page_starts_with_two_member_rows_and_an_htmx_add_button(personas, login):
    page = login(personas.cadre_a1).get("/people/households/new/").content.decode()
    assert 'name="members-0-name"' in page and 'name="members-1-name"' in page
    assert 'name="members-2-name"' not in page
    assert "添加家庭成员" in page and 'hx-get="/people/households/new/member-row/"' in page
    # Only the cadre's own village and its 屯 are offered.
    assert "450321100200001" in page and "450321100202" not in page


def test_the_member_row_partial_adds_a_numbered_row_and_bumps_the_count(personas, login):
    response = login(personas.cadre_a1).get("/people/households/new/member-row/", {"members-TOTAL_FORMS": "2"},
                                            HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert 'name="members-2-name"' in page
    assert 'id="id_members-TOTAL_FORMS"' in page and 'value="3"' in page and 'hx-swap-oob="true"' in page


def test_without_javascript_the_add_button_redisplays_with_one_more_row(personas, login):
    data = {"region": A1_TUN, **management(2), **member_fields(0, "黄一", "head", new_id(10)), "add_member": "1"}
    response = login(personas.cadre_a1).post("/people/households/new/", data)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="members-2-name"' in page and 'value="黄一"' in page
    assert Household.objects.count() == 0


def test_a_cadre_registers_a_household_with_two_members(personas, login):
    data = {
        "region": A1_TUN, "grid": A1_GRID, "number": "A1-200", "address": "矮山屯 20 号", "poverty_status": "",
        **management(3),
        **member_fields(0, "黄一", "head", new_id(10), phone="13812340000", is_party_member="on"),
        **member_fields(1, "黄二", "spouse", new_id(11, "female")),
    }
    response = login(personas.cadre_a1).post("/people/households/new/", data)
    household = Household.objects.get(number="A1-200")
    assert response.status_code == 302 and response["Location"] == f"/people/households/{household.pk}/"
    assert [(r.name, r.relation, r.is_party_member) for r in household.residents.order_by("id")] == [
        ("黄一", "head", True), ("黄二", "spouse", False)]
    assert VillageTally.objects.get(village_id="450321100200").residents == 2
    assert AuditEvent.objects.filter(action="household.register", actor=personas.cadre_a1).count() == 1


def test_bad_member_input_is_shown_on_its_row_and_nothing_is_saved(registry, personas, login):
    before = snapshot_counts()
    bad_check = new_id(11)[:17] + ("0" if new_id(11)[17] != "0" else "1")
    data = {"region": A1_TUN, **management(2), **member_fields(0, "黄一", "head", new_id(1)),
            **member_fields(1, "黄二", "spouse", bad_check, phone="12")}
    response = login(personas.cadre_a1).post("/people/households/new/", data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "公民身份号码校验位不正确" in page and "联系电话格式不正确" in page
    assert snapshot_counts() == before

    # Row-level checks pass, the action's do not: the registered ID comes back on row 1.
    data = {"region": A1_TUN, **management(2), **member_fields(0, "黄一", "head", new_id(1))}
    page = login(personas.cadre_a1).post("/people/households/new/", data).content.decode()
    assert "公民身份号码已登记" in page and 'id="id_members-0-id_number_error"' in page
    assert snapshot_counts() == before


def test_a_household_without_a_head_is_refused(personas, login):
    data = {"region": A1_TUN, **management(2), **member_fields(0, "黄一", "spouse", new_id(10))}
    page = login(personas.cadre_a1).post("/people/households/new/", data).content.decode()
    assert "户主" in page and Household.objects.count() == 0


def test_create_refusals(personas, login, client):
    assert login(personas.villager_a1).get("/people/households/new/").status_code == 403
    assert login(personas.county).get("/people/households/new/").status_code == 403  # county: view only
    cadre = login(personas.cadre_a2)
    assert cadre.put("/people/households/new/").status_code == 405
    # A region outside the form's choices is a field error, not a registration.
    data = {"region": A1_TUN, **management(1), **member_fields(0, "黄一", "head", new_id(10))}
    page = cadre.post("/people/households/new/", data).content.decode()
    assert "所在屯/村不在您的管辖范围内" in page and Household.objects.count() == 0
    client.logout()
    assert client.get("/people/households/new/").status_code == 302


# --- Edit pages ---------------------------------------------------------------------------


def test_edit_household_page(registry, personas, login):
    url = f"/people/households/{registry.a1_other.pk}/edit/"
    cadre = login(personas.cadre_a1)
    assert cadre.get(url).status_code == 200
    response = cadre.post(url, {"number": "A1-002", "address": "岩口屯 9 号", "grid": A1_GRID, "poverty_status": "monitored"})
    assert response.status_code == 302
    registry.a1_other.refresh_from_db()
    assert (registry.a1_other.address, registry.a1_other.grid_id, registry.a1_other.poverty_status) == (
        "岩口屯 9 号", A1_GRID, "monitored")
    assert login(personas.cadre_a2).post(url, {"address": "x"}).status_code == 404
    assert login(personas.villager_a1).get(url).status_code == 403
    assert login(personas.cadre_a1).post(url, {"number": "x" * 41}).status_code == 200
    registry.a1_other.refresh_from_db()
    assert registry.a1_other.number == "A1-002"


def test_add_resident_page(registry, personas, login):
    url = f"/people/households/{registry.a1_other.pk}/residents/new/"
    child_id = citizen_id.make("450321", datetime.date(2012, 8, 1), 7, "female")
    cadre = login(personas.cadre_a1)
    response = cadre.post(url, {"name": "王小妹", "relation": "child", "id_number": child_id, "ethnicity": "壮族",
                                "is_left_behind_child": "on"})
    assert response.status_code == 302
    resident = Resident.objects.get(name="王小妹")
    assert (resident.household, resident.ethnicity, resident.is_left_behind_child) == (registry.a1_other, "壮族", True)
    page = cadre.post(url, {"name": "又一个", "relation": "head", "id_number": new_id(70)}).content.decode()
    assert "该户已有户主" in page
    assert login(personas.cadre_a2).post(url, {"name": "x", "relation": "child", "id_number": new_id(71)}).status_code == 404
    assert Resident.objects.filter(name__in=["又一个", "x"]).count() == 0


def test_edit_resident_page(registry, personas, login):
    lisi = registry.resident(registry.a1_grid, "李四")
    url = f"/people/residents/{lisi.pk}/edit/"
    grid_worker = login(personas.grid_worker_a1)
    page = grid_worker.get(url).content.decode()
    assert "0773-***2345" in page and "0773-8812345" not in page
    base = {"name": "李四", "relation": "spouse", "ethnicity": "汉族", "status": "present"}
    # A blank phone keeps the phone.
    assert grid_worker.post(url, {**base, "is_veteran": "on"}).status_code == 302
    lisi.refresh_from_db()
    assert lisi.phone == "0773-8812345" and lisi.is_veteran
    assert grid_worker.post(url, {**base, "clear_phone": "on"}).status_code == 302
    lisi.refresh_from_db()
    assert lisi.phone is None and lisi.phone_index == ""
    page = grid_worker.post(url, {**base, "phone": "99"}).content.decode()
    assert "联系电话格式不正确" in page
    assert login(personas.cadre_a2).get(url).status_code == 404


# --- Masking and reveal --------------------------------------------------------------------


def test_pages_show_masked_numbers_only(registry, personas, login):
    zhangsan = registry.resident(registry.a1_grid, "张三")
    client = login(personas.secretary_a1)
    for url in ("/people/residents/", f"/people/households/{registry.a1_grid.pk}/", f"/people/residents/{zhangsan.pk}/"):
        page = client.get(url).content.decode()
        assert citizen_id.mask(new_id(1)) in page and new_id(1) not in page
        assert "13812345678" not in page
    assert "138****5678" in client.get(f"/people/residents/{zhangsan.pk}/").content.decode()


def test_reveal_button_shows_the_full_number_once_and_audits_it(registry, personas, login):
    zhangsan = registry.resident(registry.a1_grid, "张三")
    url = f"/people/residents/{zhangsan.pk}/"
    secretary = login(personas.secretary_a1)
    assert "查看完整号码" in secretary.get(url).content.decode()
    assert secretary.get(url + "reveal/").status_code == 405
    page = secretary.post(url + "reveal/").content.decode()
    assert new_id(1) in page
    event = AuditEvent.objects.get(action="resident.reveal_id_number")
    assert event.actor == personas.secretary_a1 and event.target_id == str(zhangsan.pk)

    cadre = login(personas.cadre_a1)
    assert "查看完整号码" not in cadre.get(url).content.decode()
    assert cadre.post(url + "reveal/").status_code == 403
    assert login(personas.township_b).post(url + "reveal/").status_code == 404
    assert AuditEvent.objects.filter(action="resident.reveal_id_number").count() == 1


def test_household_detail_offers_a_transfer_only_to_who_may_request_it(registry, personas, login):
    url = f"/people/households/{registry.a1_grid.pk}/"
    link = f"/people/transfers/new/?household={registry.a1_grid.pk}"
    assert link in login(personas.cadre_a1).get(url).content.decode()
    assert link not in login(personas.grid_worker_a1).get(url).content.decode()


# --- Lists: filters and a constant number of queries ---------------------------------------


def test_filters_by_child_region_and_flag(registry, personas, login):
    client = login(personas.cadre_a1)
    page = client.get("/people/households/", {"region": "450321100200002"}).content.decode()
    assert "王五" in page and "张三" not in page
    page = client.get("/people/households/", {"region": A1_GRID}).content.decode()
    assert "张三" in page and "王五" not in page
    page = client.get("/people/residents/", {"flag": "is_low_income"}).content.decode()
    assert "王五" in page and "张三" not in page
    page = client.get("/people/households/", {"flag": "is_party_member"}).content.decode()
    assert "张三" in page and "王五" not in page
    # A region outside the scope narrows to nothing rather than widening it.
    page = client.get("/people/residents/", {"region": "450321101"}).content.decode()
    assert "孙七" not in page and "没有符合条件的村民" in page


def add_households(actor, count, start):
    from xiangzhi.people import actions

    for n in range(count):
        actions.register_household(actor, region=A1_TUN, members=[
            member(f"户主{n}", "head", start + 2 * n), member(f"配偶{n}", "spouse", start + 2 * n + 1, "female")])


@pytest.mark.parametrize("url", ["/people/residents/", "/people/households/"])
def test_lists_use_a_constant_number_of_queries(registry, personas, login, django_assert_num_queries, url):
    client = login(personas.township_a)
    client.get(url)  # warm up the session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(url)
    add_households(personas.township_a, 20, 100)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert "户主19" in response.content.decode()


def test_lists_page_by_fifty_without_counting(registry, personas, login):
    add_households(personas.cadre_a1, 30, 100)  # 60 residents + 3 in the registry fixture
    client = login(personas.cadre_a1)
    first = client.get("/people/residents/").content.decode()
    assert first.count("/people/residents/") >= 50 and "下一页" in first and "上一页" not in first
    second = client.get("/people/residents/", {"page": 2}).content.decode()
    assert "上一页" in second and "下一页" not in second
    assert second.count('<td><a href="/people/residents/') == 13
