"""The registry's actions: success with the database after, audit rows, 403, 404, bad input."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from xiangzhi.core.models import AuditEvent
from xiangzhi.people import actions, citizen_id
from xiangzhi.people.models import Household, Resident, VillageTally

from .registry_data import A1_GRID, A1_TUN, A1_TUN_2, A2_TUN, member, new_id, registry  # noqa: F401

pytestmark = pytest.mark.django_db
A1 = "450321100200"


def tally(village):
    row = VillageTally.objects.filter(village_id=village).first()
    return (row.households, row.residents) if row else (0, 0)


def counts():
    return Household.objects.count(), Resident.objects.count(), AuditEvent.objects.count()


def messages_of(caught):
    return caught.value.message_dict


# --- register_household ------------------------------------------------------------------


def test_register_household_writes_household_members_tally_and_audit(personas):
    household = actions.register_household(
        personas.cadre_a1, region=A1_TUN, grid=A1_GRID, number="A1-100", address="矮山屯 8 号",
        poverty_status="脱贫户",
        members=[member("黄一", "户主", 10, phone="138 1234 0000"), member("黄二", "child", 11, "female")],
    )
    household.refresh_from_db()
    assert (household.region_id, household.grid_id, household.poverty_status) == (A1_TUN, A1_GRID, "lifted")
    head, child = household.residents.order_by("id")
    assert (head.name, head.relation, head.gender, str(head.birth_date)) == ("黄一", "head", "male", "1980-05-17")
    assert (child.relation, child.gender, child.region_id) == ("child", "female", A1_TUN)
    assert head.id_number == new_id(10)
    assert head.id_number_index == citizen_id.index(new_id(10))
    assert head.phone == "13812340000" and head.phone_index
    assert tally(A1) == (1, 2)

    event = AuditEvent.objects.get(action="household.register")
    assert event.actor == personas.cadre_a1 and event.region_code == A1_TUN
    assert event.target_id == str(household.pk)
    assert event.changes["number"] == [None, "A1-100"]
    logged = event.changes["members"][1]
    assert logged[0] == {"name": "黄一", "relation": "head", "id_number": citizen_id.mask(new_id(10)),
                         "phone": "138****0000"}


def test_a_15_digit_id_is_stored_as_18_digits(personas):
    household = actions.register_household(
        personas.cadre_a1, region=A1, members=[{"name": "老刘", "relation": "head", "id_number": "450321500101031"}]
    )
    assert household.residents.get().id_number == citizen_id.parse("450321500101031").number


def test_a_villager_cannot_register(personas):
    before = counts()
    with pytest.raises(PermissionDenied):
        actions.register_household(personas.villager_a1, region=A1_TUN, members=[member("甲", "head", 20)])
    assert counts() == before


def test_a_cadre_cannot_register_in_another_village(personas):
    before = counts()
    with pytest.raises(Http404):
        actions.register_household(personas.cadre_a2, region=A1_TUN, members=[member("甲", "head", 20)])
    with pytest.raises(Http404):
        actions.register_household(personas.township_b, region=A1_TUN, members=[member("甲", "head", 20)])
    assert counts() == before and tally(A1) == (0, 0)


def test_a_grid_worker_registers_only_into_their_grid(personas, tree):
    from xiangzhi.regions.models import Region

    Region.objects.create(code="450321100200W02", name="矮山第二网格", level="grid", parent_id=A1)
    household = actions.register_household(
        personas.grid_worker_a1, region=A1_TUN, grid=A1_GRID, members=[member("甲", "head", 20)]
    )
    assert household.grid_id == A1_GRID
    for grid in (None, "450321100200W02"):
        with pytest.raises(Http404):
            actions.register_household(personas.grid_worker_a1, region=A1_TUN, grid=grid,
                                       members=[member("乙", "head", 21)])
    assert Household.objects.count() == 1


@pytest.mark.parametrize(("kwargs", "field", "words"), [
    ({"region": "450321100"}, "region", "村或自然村"),
    ({"region": "450321100299"}, "region", "不存在"),
    ({"grid": "450321100202W01"}, "grid", "本村的网格"),
    ({"poverty_status": "特困"}, "poverty_status", "帮扶类别"),
    ({"members": []}, "members", "户主"),
    ({"members": [member("甲", "spouse", 20)]}, "members", "户主"),
    ({"members": [member("甲", "head", 20), member("乙", "head", 21)]}, "members.1.relation", "只能有一名户主"),
    ({"members": [member("甲", "head", 20), member("乙", "child", 20)]}, "members.1.id_number", "重复"),
    ({"members": [{"name": "甲", "relation": "head", "id_number": "450321198005170111"}]},
     "members.0.id_number", "公民身份号码校验位"),
    ({"members": [{"name": "甲", "relation": "head",
                   "id_number": "45032119990230011" + citizen_id.check_character("45032119990230011")}]},
     "members.0.id_number", "出生日期"),
    ({"members": [member("甲", "head", 20, phone="12345")]}, "members.0.phone", "联系电话"),
    ({"members": [member("", "head", 20)]}, "members.0.name", "姓名"),
    ({"members": [member("甲", "舅舅", 20)]}, "members.0.relation", "与户主关系"),
])
def test_bad_input_names_the_field_and_changes_nothing(personas, tree, kwargs, field, words):
    from xiangzhi.regions.models import Region

    Region.objects.create(code="450321100202W01", name="骥马第一网格", level="grid", parent_id="450321100202")
    arguments = {"region": A1_TUN, "members": [member("甲", "head", 20)], **kwargs}
    before = counts()
    with pytest.raises(ValidationError) as caught:
        actions.register_household(personas.township_a, **arguments)
    assert field in messages_of(caught)
    assert any(words in message for message in messages_of(caught)[field])
    assert counts() == before and tally(A1) == (0, 0)


def test_an_id_already_registered_is_refused(registry, personas):
    before = counts()
    with pytest.raises(ValidationError) as caught:
        actions.register_household(personas.cadre_a1, region=A1_TUN, members=[member("冒名", "head", 1)])
    assert "已登记" in messages_of(caught)["members.0.id_number"][0]
    assert counts() == before


# --- add_resident ------------------------------------------------------------------------


def test_add_resident_to_a_household(registry, personas):
    resident = actions.add_resident(personas.cadre_a1, registry.a1_other, name="王小五", relation="child",
                                    id_number=new_id(30, born=__import__("datetime").date(2015, 1, 2)),
                                    is_left_behind_child=True)
    resident.refresh_from_db()
    assert resident.household == registry.a1_other and resident.region_id == A1_TUN_2
    assert resident.is_left_behind_child and str(resident.birth_date) == "2015-01-02"
    assert tally(A1) == (2, 4)
    event = AuditEvent.objects.get(action="resident.add")
    assert event.target_id == str(resident.pk) and event.changes["name"] == [None, "王小五"]
    assert event.changes["id_number"][1] == resident.id_number_masked


def test_add_resident_refuses_a_second_head_a_duplicate_id_and_other_villages(registry, personas):
    before = counts()
    with pytest.raises(ValidationError) as caught:
        actions.add_resident(personas.cadre_a1, registry.a1_other, name="甲", relation="head", id_number=new_id(31))
    assert "户主" in messages_of(caught)["relation"][0]
    with pytest.raises(ValidationError) as caught:
        actions.add_resident(personas.cadre_a1, registry.a1_other, name="甲", relation="child", id_number=new_id(4))
    assert "已登记" in messages_of(caught)["id_number"][0]
    with pytest.raises(Http404):
        actions.add_resident(personas.cadre_a2, registry.a1_other, name="甲", relation="child", id_number=new_id(31))
    with pytest.raises(PermissionDenied):
        actions.add_resident(personas.villager_a1, registry.a1_other, name="甲", relation="child",
                             id_number=new_id(31))
    # The grid worker reaches only households their grid serves.
    with pytest.raises(Http404):
        actions.add_resident(personas.grid_worker_a1, registry.a1_other, name="甲", relation="child",
                             id_number=new_id(31))
    assert counts() == before and tally(A1) == (2, 3)


# --- update_resident ---------------------------------------------------------------------


def test_update_resident_changes_fields_and_logs_masked_phones(registry, personas):
    lisi = registry.resident(registry.a1_grid, "李四")
    actions.update_resident(personas.grid_worker_a1, lisi, name="李四妹", phone="13900001111", is_disabled=True)
    lisi.refresh_from_db()
    assert (lisi.name, lisi.phone, lisi.is_disabled) == ("李四妹", "13900001111", True)
    event = AuditEvent.objects.get(action="resident.update")
    assert event.changes == {"name": ["李四", "李四妹"], "phone": ["0773-***2345", "139****1111"],
                             "is_disabled": [False, True]}
    assert event.actor == personas.grid_worker_a1


def test_status_changes_keep_the_tally(registry, personas):
    lisi = registry.resident(registry.a1_grid, "李四")
    actions.update_resident(personas.cadre_a1, lisi, status="已故")
    assert tally(A1) == (2, 2)
    actions.update_resident(personas.cadre_a1, lisi, status="deceased")  # unchanged: nothing more
    assert tally(A1) == (2, 2) and AuditEvent.objects.filter(action="resident.update").count() == 1
    actions.update_resident(personas.cadre_a1, lisi, status="present")
    assert tally(A1) == (2, 3)


def test_update_resident_refusals(registry, personas):
    zhangsan = registry.resident(registry.a1_grid, "张三")
    lisi = registry.resident(registry.a1_grid, "李四")
    before = counts()
    for who, changes, field, words in (
        (lisi, {"relation": "head"}, "relation", "已有户主"),
        (zhangsan, {"relation": "child"}, "relation", "户主"),
        (lisi, {"phone": "555"}, "phone", "联系电话"),
        (lisi, {"name": "  "}, "name", "姓名"),
        (lisi, {"status": "失踪"}, "status", "状态"),
        (lisi, {"id_number": new_id(60)}, "id_number", "不能"),
    ):
        with pytest.raises(ValidationError) as caught:
            actions.update_resident(personas.cadre_a1, who, **changes)
        assert words in messages_of(caught)[field][0]
    with pytest.raises(Http404):
        actions.update_resident(personas.township_b, lisi, name="改")
    with pytest.raises(PermissionDenied):
        actions.update_resident(personas.auditor, lisi, name="改")
    lisi.refresh_from_db()
    assert lisi.name == "李四" and lisi.relation == "spouse" and lisi.phone == "0773-8812345"
    assert counts() == before


# --- update_household --------------------------------------------------------------------


def test_update_household(registry, personas):
    actions.update_household(personas.cadre_a1, registry.a1_other, address="岩口屯 3 号", grid=A1_GRID,
                             poverty_status="monitored")
    registry.a1_other.refresh_from_db()
    assert (registry.a1_other.address, registry.a1_other.grid_id) == ("岩口屯 3 号", A1_GRID)
    event = AuditEvent.objects.get(action="household.update")
    assert event.changes == {"grid": [None, A1_GRID], "address": ["", "岩口屯 3 号"],
                             "poverty_status": ["", "monitored"]}


def test_update_household_refusals(registry, personas):
    before = counts()
    with pytest.raises(ValidationError) as caught:
        actions.update_household(personas.cadre_a1, registry.a1_other, grid="450321100200001")
    assert "网格" in messages_of(caught)["grid"][0]
    with pytest.raises(ValidationError) as caught:
        actions.update_household(personas.cadre_a1, registry.a1_other, region=A2_TUN)
    assert "region" in messages_of(caught)
    with pytest.raises(Http404):
        actions.update_household(personas.cadre_a2, registry.a1_other, address="x")
    # A grid worker cannot hand a household of their grid away.
    with pytest.raises(Http404):
        actions.update_household(personas.grid_worker_a1, registry.a1_grid, grid=None)
    assert counts() == before
    registry.a1_grid.refresh_from_db()
    assert registry.a1_grid.grid_id == A1_GRID


# --- reveal_id_number ---------------------------------------------------------------------


def test_reveal_id_number_is_for_roles_that_need_it_and_audited(registry, personas):
    zhangsan = registry.resident(registry.a1_grid, "张三")
    assert actions.reveal_id_number(personas.secretary_a1, zhangsan) == new_id(1)
    assert actions.reveal_id_number(personas.county, zhangsan) == new_id(1)
    events = AuditEvent.objects.filter(action="resident.reveal_id_number")
    assert [e.actor for e in events.order_by("id")] == [personas.secretary_a1, personas.county]
    assert all(new_id(1) not in str(e.changes) for e in events)
    with pytest.raises(PermissionDenied):
        actions.reveal_id_number(personas.cadre_a1, zhangsan)
    with pytest.raises(Http404):
        actions.reveal_id_number(personas.township_b, zhangsan)
    assert events.count() == 2
