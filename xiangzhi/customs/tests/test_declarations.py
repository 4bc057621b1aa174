"""红白事: the village standard, declarations flagged against it, statistics, pages and API."""

import datetime

import pytest

from xiangzhi.core.models import AuditEvent
from xiangzhi.customs import actions, queries
from xiangzhi.customs.models import CustomsStandard, Declaration

from .customs_data import A1, A2, A2_TUN, household, link

pytestmark = pytest.mark.django_db


def standard(cadre, village=A1, day="2025-01-01", **limits):
    values = {"max_tables": 20, "max_guests": 200, "max_gift_fen": 10000, "max_cost_fen": 3000000, **limits}
    return actions.set_standard(cadre, village, effective_from=day, **values)


def declare(user, *, household=None, day="2025-05-01", kind="wedding", **scale):
    values = {"tables": 10, "guests": 100, "gift_per_guest_fen": 5000, "total_cost_fen": 1000000, **scale}
    return actions.declare_event(user, household=household, kind=kind, event_date=day, **values)


def test_over_standard_flags_name_each_exceeded_limit(personas):
    standard(personas.cadre_a1)
    link(personas.villager_a1)
    within = declare(personas.villager_a1)
    over = declare(personas.villager_a1, tables=30, gift_per_guest_fen=20000)
    assert (within.over_standard, within.exceeded) == (False, [])
    assert (over.over_standard, over.exceeded) == (True, ["tables", "gift"])
    assert over.region_id == A1 and over.household_id == personas.villager_a1.resident.household_id
    assert AuditEvent.objects.filter(action="customs.declaration.create").count() == 2


def test_the_standard_in_force_on_the_event_date_applies(personas):
    standard(personas.cadre_a1, day="2024-01-01", max_tables=40)
    newer = standard(personas.cadre_a1, day="2025-01-01", max_tables=15)
    link(personas.villager_a1)
    old = declare(personas.villager_a1, day="2024-06-01", tables=30)
    new = declare(personas.villager_a1, day="2025-06-01", tables=30)
    assert old.exceeded == [] and new.exceeded == ["tables"] and new.standard == newer


def test_cadre_records_for_a_household_of_the_village_only(personas):
    standard(personas.cadre_a1)
    home = household()
    declaration = declare(personas.cadre_a1, household=home, kind="funeral", total_cost_fen=5000000)
    assert declaration.exceeded == ["cost"] and declaration.declared_by == personas.cadre_a1
    with pytest.raises(Exception) as refused:
        declare(personas.cadre_a1, household=household(A2_TUN))
    assert refused.typename == "Http404"


def test_bad_input_names_the_field_and_saves_nothing(personas):
    link(personas.villager_a1)
    with pytest.raises(actions.ValidationError) as error:
        declare(personas.villager_a1, kind="party", tables=-1, day="昨天")
    assert set(error.value.message_dict) == {"kind", "tables", "event_date"}
    assert "桌数须在 1 到 100000 之间。" in error.value.message_dict["tables"]
    with pytest.raises(actions.ValidationError) as error:
        standard(personas.cadre_a1, max_cost_fen="很多")
    assert error.value.message_dict["max_cost_fen"] == ["总花费上限须为整数。"]
    assert not Declaration.objects.exists() and not CustomsStandard.objects.exists()


def test_villager_without_a_household_is_told_so(personas):
    with pytest.raises(actions.ValidationError) as error:
        declare(personas.villager_a1)
    assert "尚未关联本村户籍" in error.value.message_dict["household"][0]


def test_yearly_statistics_per_village_and_township(personas):
    standard(personas.cadre_a1)
    standard(personas.cadre_a2, village=A2)
    link(personas.villager_a1)
    declare(personas.villager_a1, tables=10, total_cost_fen=1000000)
    declare(personas.villager_a1, tables=30, total_cost_fen=2000000)
    declare(personas.villager_a1, day="2024-05-01", tables=50)
    declare(personas.cadre_a2, household=household(A2_TUN), tables=5, total_cost_fen=400000)
    data = queries.statistics("450321100", 2025)
    units = {row["unit"]: row for row in data["units"]}
    assert (units[A1]["count"], units[A1]["over"], units[A1]["avg_tables"], units[A1]["avg_cost_yuan"]) == (
        2, 1, 20.0, 15000.0)
    assert (units[A2]["count"], units[A2]["over"]) == (1, 0)
    assert (data["total"]["count"], data["total"]["over"], data["total"]["over_percent"]) == (3, 1, 33.3)
    county = queries.statistics("450321", 2025)
    assert [(row["unit"], row["count"]) for row in county["units"]] == [("450321100", 3)]


def test_api_declare_list_and_scope(personas, login):
    standard(personas.cadre_a1)
    link(personas.villager_a1)
    client = login(personas.villager_a1)
    response = client.post("/api/v1/customs/declarations", {
        "kind": "wedding", "event_date": "2025-05-01", "tables": 25, "guests": 300,
        "gift_per_guest_fen": 100, "total_cost_fen": 100}, content_type="application/json")
    assert response.status_code == 201 and response.json()["exceeded"] == ["tables", "guests"]
    pk = response.json()["id"]
    bad = client.post("/api/v1/customs/declarations", {"kind": "wedding", "event_date": "2025-05-01", "tables": 0,
                                                       "guests": 1, "gift_per_guest_fen": 0, "total_cost_fen": 0},
                      content_type="application/json")
    assert bad.status_code == 422 and "tables" in bad.json()["errors"]
    assert Declaration.objects.count() == 1
    assert client.get(f"/api/v1/customs/declarations/{pk}").status_code == 200
    assert login(personas.cadre_a2).get(f"/api/v1/customs/declarations/{pk}").status_code == 404
    assert login(personas.cadre_b1).get("/api/v1/customs/declarations").json()["count"] == 0
    assert login(personas.township_a).get("/api/v1/customs/declarations").json()["count"] == 1
    assert login(personas.auditor).get("/api/v1/customs/declarations").status_code == 403
    assert login(personas.villager_a1).post("/api/v1/customs/standards", {
        "village": A1, "effective_from": "2025-02-01", "max_tables": 1, "max_guests": 1, "max_gift_fen": 1,
        "max_cost_fen": 1}, content_type="application/json").status_code == 403
    assert login(personas.cadre_b1).post("/api/v1/customs/standards", {
        "village": A1, "effective_from": "2025-02-01", "max_tables": 1, "max_guests": 1, "max_gift_fen": 1,
        "max_cost_fen": 1}, content_type="application/json").status_code == 404
    assert CustomsStandard.objects.count() == 1
    stats = login(personas.township_a).get("/api/v1/customs/statistics?year=2025").json()
    assert stats["total"]["count"] == 1 and stats["total"]["over"] == 1
    assert login(personas.cadre_b1).get("/api/v1/customs/statistics?region=450321100").status_code == 404


def test_pages_declare_list_methods_and_scope(personas, login):
    standard(personas.cadre_a1)
    link(personas.villager_a1)
    client = login(personas.villager_a1)
    response = client.post("/customs/declarations/new/", {
        "kind": "funeral", "event_date": "2025-05-01", "tables": "8", "guests": "80", "gift_per_guest": "abc",
        "total_cost": "1000"})
    assert response.status_code == 422 and "每人礼金须为不小于 0 的金额" in response.content.decode()
    assert not Declaration.objects.exists()
    response = client.post("/customs/declarations/new/", {
        "kind": "funeral", "event_date": "2025-05-01", "tables": "8", "guests": "80", "gift_per_guest": "50",
        "total_cost": "40000.50"})
    declaration = Declaration.objects.get()
    assert response.status_code == 302 and declaration.total_cost_fen == 4000050 and declaration.exceeded == ["cost"]
    assert "总花费" in client.get(f"/customs/declarations/{declaration.pk}/").content.decode()
    assert client.get("/customs/standards/").status_code == 403
    assert login(personas.cadre_a1).get(f"/customs/declarations/{declaration.pk}/").status_code == 200
    assert login(personas.cadre_a2).get(f"/customs/declarations/{declaration.pk}/").status_code == 404
    assert login(personas.auditor).get("/customs/declarations/new/").status_code == 403
    assert login(personas.township_a).get("/customs/statistics/?year=2025").status_code == 200
    assert login(personas.cadre_a1).get(f"/customs/volunteer/signups/{declaration.pk}/verify/").status_code == 405


def test_date_argument_types(personas):
    standard(personas.cadre_a1, day=datetime.date(2025, 1, 1))
    assert CustomsStandard.objects.get().effective_from == datetime.date(2025, 1, 1)
