"""Registering 自然村/屯 and 网格 under a village: actions, page forms and API."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from xiangzhi.core.models import AuditEvent
from xiangzhi.regions import actions
from xiangzhi.regions.models import Level, Region

pytestmark = pytest.mark.django_db

A1 = "450321100200"
ADD_URL = f"/regions/{A1}/subunits/"
API_URL = f"/api/v1/regions/{A1}/subunits"


def subunit_codes(village=A1):
    return sorted(Region.objects.filter(parent_id=village).values_list("code", flat=True))


# --- actions -----------------------------------------------------------------------------

def test_a_natural_village_takes_the_next_free_number(personas, tree):
    unit = actions.add_natural_village(personas.cadre_a1, tree[A1], "  新寨屯 ")
    unit.refresh_from_db()
    assert (unit.code, unit.name, unit.level, unit.parent_id) == (A1 + "003", "新寨屯", Level.NATURAL_VILLAGE, A1)
    assert (unit.pinyin, unit.initials) == ("xinzhaitun", "xzt")
    event = AuditEvent.objects.get(action="regions.add_natural_village")
    assert (event.actor, event.region_code, event.target_id) == (personas.cadre_a1, unit.code, unit.code)
    assert event.changes["name"] == [None, "新寨屯"]
    assert event.post.role == "village_cadre"


def test_a_grid_takes_the_next_free_w_number(personas, tree):
    unit = actions.add_grid(personas.cadre_a1, tree[A1], "第二网格")
    assert (unit.code, unit.level) == (A1 + "W02", Level.GRID)
    assert AuditEvent.objects.filter(action="regions.add_grid", target_id=A1 + "W02").exists()


def test_two_additions_in_sequence_get_different_codes(personas, tree):
    first = actions.add_natural_village(personas.cadre_a1, tree[A1], "甲屯")
    second = actions.add_natural_village(personas.secretary_a1, tree[A1], "乙屯")
    assert (first.code, second.code) == (A1 + "003", A1 + "004")


def test_a_code_already_taken_is_skipped(personas, tree):
    Region.objects.create(code=A1 + "003", name="旧屯", level=Level.NATURAL_VILLAGE, parent=tree[A1])
    Region.objects.create(code=A1 + "W02", name="旧网格", level=Level.GRID, parent=tree[A1])
    assert actions.add_natural_village(personas.cadre_a1, tree[A1], "新屯").code == A1 + "004"
    assert actions.add_grid(personas.cadre_a1, tree[A1], "新网格").code == A1 + "W03"


def test_a_code_taken_between_reading_and_writing_is_retried(personas, tree, monkeypatch):
    """Another cadre's 屯 committed after we chose its code: we take the next one."""
    real = actions._next_free_code
    calls = []

    def racing(village, level):
        calls.append(level)
        if len(calls) == 1:
            Region.objects.create(code=A1 + "003", name="别人的屯", level=level, parent=village)
            return A1 + "003"
        return real(village, level)

    monkeypatch.setattr(actions, "_next_free_code", racing)
    unit = actions.add_natural_village(personas.cadre_a1, tree[A1], "我的屯")
    assert unit.code == A1 + "004"
    assert Region.objects.get(code=A1 + "003").name == "别人的屯"
    assert len(calls) == 2


def test_numbers_run_out_at_99_grids(personas, tree):
    Region.objects.bulk_create(
        Region(code=f"{A1}W{n:02d}", name=f"网格{n}", level=Level.GRID, parent=tree[A1]) for n in range(2, 100)
    )
    with pytest.raises(ValidationError) as caught:
        actions.add_grid(personas.cadre_a1, tree[A1], "第一百网格")
    assert "编号已用完" in str(caught.value)


@pytest.mark.parametrize("name, message", [
    ("", "名称不能为空"),
    ("   ", "名称不能为空"),
    ("屯" * 101, "不能超过 100 个字"),
    ("矮山屯", "本村已有名为“矮山屯”的自然村/屯"),
])
def test_bad_names_are_refused_and_nothing_changes(personas, tree, name, message):
    before = subunit_codes()
    with pytest.raises(ValidationError) as caught:
        actions.add_natural_village(personas.cadre_a1, tree[A1], name)
    assert message in " ".join(caught.value.message_dict["name"])
    assert subunit_codes() == before
    assert not AuditEvent.objects.exists()


def test_a_grid_may_share_a_name_with_a_natural_village(personas, tree):
    assert actions.add_grid(personas.cadre_a1, tree[A1], "矮山屯").level == Level.GRID


def test_only_a_village_gets_subunits(personas, tree):
    with pytest.raises(ValidationError) as caught:
        actions.add_natural_village(personas.township_a, tree["450321100"], "某屯")
    assert "village" in caught.value.message_dict


def test_permission_and_scope(personas, tree):
    with pytest.raises(PermissionDenied):
        actions.add_natural_village(personas.villager_a1, tree[A1], "某屯")
    with pytest.raises(Http404):
        actions.add_natural_village(personas.cadre_a2, tree[A1], "某屯")
    # A township official covers the villages of the township.
    assert actions.add_natural_village(personas.township_a, tree[A1], "乡里登记屯").code == A1 + "003"


def test_rename_a_subunit(personas, tree):
    unit = actions.rename_subunit(personas.cadre_a1, tree[A1 + "001"], "矮山新屯")
    unit.refresh_from_db()
    assert (unit.name, unit.pinyin, unit.code) == ("矮山新屯", "aishanxintun", A1 + "001")
    event = AuditEvent.objects.get(action="regions.rename_subunit")
    assert event.changes == {"name": ["矮山屯", "矮山新屯"]}
    with pytest.raises(ValidationError, match="岩口屯"):
        actions.rename_subunit(personas.cadre_a1, tree[A1 + "001"], "岩口屯")
    with pytest.raises(ValidationError):
        actions.rename_subunit(personas.cadre_a1, tree[A1], "改名村")
    with pytest.raises(Http404):
        actions.rename_subunit(personas.cadre_a2, tree[A1 + "001"], "别村改名")


# --- the village page ----------------------------------------------------------------------

def test_cadre_adds_a_natural_village_on_the_page(personas, login):
    client = login(personas.cadre_a1)
    response = client.post(ADD_URL, {"kind": "natural_village", "name": "新寨屯"}, follow=True)
    assert response.redirect_chain[-1][0] == f"/regions/{A1}/"
    assert "新寨屯" in response.content.decode()
    assert Region.objects.get(code=A1 + "003").name == "新寨屯"


def test_cadre_adds_a_grid_on_the_page(personas, login):
    response = login(personas.cadre_a1).post(ADD_URL, {"kind": "grid", "name": "第二网格"})
    assert response.status_code == 302
    assert Region.objects.get(code=A1 + "W02").level == Level.GRID


def test_page_bad_input_shows_the_reason(personas, login):
    client = login(personas.cadre_a1)
    response = client.post(ADD_URL, {"kind": "natural_village", "name": "岩口屯"})
    assert response.status_code == 400
    assert "本村已有名为“岩口屯”的自然村/屯" in response.content.decode()
    response = client.post(ADD_URL, {"kind": "natural_village", "name": ""})
    assert response.status_code == 400
    assert "这个字段是必填项" in response.content.decode()
    assert subunit_codes() == [A1 + "001", A1 + "002", A1 + "W01"]


def test_page_wrong_method(personas, login):
    assert login(personas.cadre_a1).get(ADD_URL).status_code == 405


def test_page_no_capability_and_other_region(personas, login, client):
    assert login(personas.villager_a1).post(ADD_URL, {"kind": "grid", "name": "x"}).status_code == 403
    client.logout()
    assert login(personas.cadre_a2).post(ADD_URL, {"kind": "grid", "name": "x"}).status_code == 404
    assert subunit_codes() == [A1 + "001", A1 + "002", A1 + "W01"]


def test_page_rename(personas, login):
    client = login(personas.cadre_a1)
    response = client.post(f"/regions/{A1}W01/rename/", {"name": "矮山一号网格"})
    assert response.status_code == 302
    assert Region.objects.get(code=A1 + "W01").name == "矮山一号网格"
    response = client.post(f"/regions/{A1}W01/rename/", {"name": ""})
    assert response.status_code == 400
    assert Region.objects.get(code=A1 + "W01").name == "矮山一号网格"


# --- the API --------------------------------------------------------------------------------

def test_api_adds_subunits(personas, login):
    client = login(personas.cadre_a1)
    response = client.post(API_URL, {"kind": "grid", "name": "第二网格"}, content_type="application/json")
    assert response.status_code == 201
    body = response.json()
    assert (body["code"], body["level"], body["level_label"], body["parent_code"]) == (A1 + "W02", "grid", "网格", A1)
    assert [item["code"] for item in body["path"]] == ["45", "4503", "450321", "450321100", A1, A1 + "W02"]
    assert Region.objects.filter(code=A1 + "W02").exists()


def test_api_bad_input_is_422_in_chinese(personas, login):
    client = login(personas.cadre_a1)
    response = client.post(API_URL, {"kind": "natural_village", "name": "矮山屯"}, content_type="application/json")
    assert response.status_code == 422
    assert "本村已有名为“矮山屯”" in response.json()["errors"]["name"][0]
    response = client.post(API_URL, {"kind": "hamlet", "name": "某屯"}, content_type="application/json")
    assert response.status_code == 422
    assert "kind" in response.json()["errors"]
    response = client.post(API_URL, {"kind": "grid", "name": "网" * 101}, content_type="application/json")
    assert response.json()["errors"]["name"] == ["内容过长。"]
    assert subunit_codes() == [A1 + "001", A1 + "002", A1 + "W01"]


def test_api_permission_and_scope(personas, login, client):
    payload = {"kind": "natural_village", "name": "某屯"}
    assert login(personas.villager_a1).post(API_URL, payload, content_type="application/json").status_code == 403
    client.logout()
    assert login(personas.cadre_b1).post(API_URL, payload, content_type="application/json").status_code == 404
    assert client.get(API_URL).status_code == 405
    assert subunit_codes() == [A1 + "001", A1 + "002", A1 + "W01"]


def test_page_only_villages_take_subunits_and_only_subunits_are_renamed(personas, login):
    client = login(personas.township_a)
    assert client.post("/regions/450321100/subunits/", {"kind": "grid", "name": "乡网格"}).status_code == 404
    assert client.post(f"/regions/{A1}/rename/", {"name": "改名村"}).status_code == 404
    assert Region.objects.get(code=A1).name == "矮山村委会"
    assert not Region.objects.filter(name="乡网格").exists()
