"""/api/v1/targets: plans, indicators, values with children, trend and forecast; scope 404."""

import datetime

import pytest

from xiangzhi.targets import engine
from xiangzhi.targets.periods import Period

from .engine_data import A, A1, A2, B1, SOURCE, test_plan  # noqa: F401

API = "/api/v1/targets"


THIS_YEAR = datetime.date.today().year
EARLIER, LATER = str(THIS_YEAR - 2), str(THIS_YEAR - 1)


@pytest.fixture
def values(personas, test_plan):
    SOURCE["test.ratio"] = {EARLIER: {A1: (1, 2), A2: (2, 2)}, LATER: {A1: (1, 1), A2: (1, 9), B1: (1, 2)}}
    SOURCE["test.count"] = {LATER: {A1: 3}}
    engine.recompute(periods=[Period.parse(EARLIER), Period.parse(LATER)], indicators=["test.ratio", "test.count"])
    return personas


def test_the_plan_lists_its_actions_and_targets_with_pending_ones_marked(values, login):
    client = login(values.township_a)
    assert client.get(f"{API}/plans").json() == [
        {"key": "test-plan", "title": "测试规划", "start_year": 2021, "end_year": THIS_YEAR + 1, "current": True}
    ]
    plan = client.get(f"{API}/plans/test-plan").json()
    party = plan["actions"][1]["targets"][0]
    assert (party["key"], party["pending"], party["status"], party["kind"]) == (
        "future.child_director_coverage", True, "待接入", None)
    ratio = plan["actions"][0]["targets"][0]
    assert (ratio["pending"], ratio["kind"], ratio["value"], ratio["period_kind"]) == (False, "ratio", 0.9, "year")
    assert client.get(f"{API}/plans/nope").status_code == 404
    keys = [i["key"] for i in client.get(f"{API}/indicators").json()]
    assert "test.ratio" in keys and "test.advisors" in keys


def test_a_units_values_come_with_its_childrens(values, login):
    data = login(values.township_a).get(f"{API}/values/{A}?period={LATER}").json()
    assert data["unit"]["code"] == A and data["period"] == LATER
    ratio = next(v for v in data["unit"]["values"] if v["indicator"] == "test.ratio")
    assert (ratio["numerator"], ratio["denominator"], ratio["value"]) == (2, 10, 0.2)
    children = {child["code"]: child for child in data["children"]}
    assert set(children) == {A1, A2}
    assert [v["value"] for v in children[A2]["values"] if v["indicator"] == "test.ratio"] == [pytest.approx(1 / 9)]
    count = next(v for v in data["unit"]["values"] if v["indicator"] == "test.count")
    assert (count["value"], count["denominator"]) == (3, None)


def test_one_indicator_and_a_bad_period(values, login):
    client = login(values.county)
    data = client.get(f"{API}/values/450321?period={LATER}&indicator=test.count").json()
    assert [v["indicator"] for v in data["unit"]["values"]] == ["test.count"]
    bad = client.get(f"{API}/values/450321?period={LATER}Q9")
    assert bad.status_code == 422 and "不是有效的统计期" in bad.json()["errors"]["period"][0]
    assert client.get(f"{API}/values/450321?indicator=future.child_director_coverage").status_code == 422


def test_trend_and_forecast(values, login):
    client = login(values.cadre_a1)
    trend = client.get(f"{API}/trend/{A1}/test.ratio").json()
    assert [(p["period"], p["value"]) for p in trend] == [(EARLIER, 0.5), (LATER, 1.0)]
    result = client.get(f"{API}/forecast/{A1}/test.ratio").json()
    assert result["target"] == "test.ratio" and result["deadline"] == THIS_YEAR + 1
    assert result["available"] is True and result["projected"] == 1.0 and result["will_meet"] is True
    pending = client.get(f"{API}/forecast/{A1}/future.child_director_coverage").json()
    assert pending["available"] is False and pending["projected"] is None
    assert client.get(f"{API}/forecast/{A1}/nope").status_code == 404


@pytest.mark.parametrize("path", [f"/values/{A}", f"/trend/{A}/test.ratio", f"/forecast/{A}/test.ratio"])
def test_another_townships_unit_is_not_found_and_a_villager_may_not_look(values, login, path):
    assert login(values.township_b).get(API + path).status_code == 404
    assert login(values.cadre_a2).get(API + f"/values/{A1}").status_code == 404
    assert login(values.villager_a1).get(API + path).status_code == 403


def test_a_village_cadre_sees_their_village(values, login):
    data = login(values.cadre_b1).get(f"{API}/values/{B1}?period={LATER}").json()
    assert [(v["indicator"], v["value"]) for v in data["unit"]["values"]] == [("test.ratio", 0.5)]
    assert data["children"] == []
