"""Fixtures for the dashboard tests: a small plan file, indicators "dash.*" and rollup rows.

The dashboards read only IndicatorValue, so the rows are written here as the engine would store
them: a village's numerator and denominator, and every ancestor's sums (see `dash_rows`).
"""

import textwrap

import pytest
from django.utils import timezone

from xiangzhi.regions.models import Level
from xiangzhi.targets import registry
from xiangzhi.targets.models import IndicatorValue
from xiangzhi.targets.registry import COUNT, RATIO, UNITS, Indicator

DASH_A, DASH_B = "450321100", "450321101"
DASH_A1, DASH_A2, DASH_B1 = "450321100200", "450321100202", "450321101200"
DASH_COUNTY, DASH_CITY, DASH_PROVINCE = "450321", "4503", "45"
DASH_LEVELS = {2: Level.PROVINCE, 4: Level.CITY, 6: Level.COUNTY, 9: Level.TOWNSHIP, 12: Level.VILLAGE}
DASH_PARENT_LENGTH = {4: 2, 6: 4, 9: 6, 12: 9}


def _nothing(period, codes):
    return {}


def _records(code, period):
    return f"/records/{code}/?period={period.key}"


DASH_INDICATORS = [
    Indicator(key="dash.ratio", title="事件按期办结率", module="targets", kind=RATIO, compute=_nothing,
              records_url=_records, description="按期办结的事件数 / 到期事件数"),
    Indicator(key="dash.units", title="有法律明白人的村占比", module="targets", kind=UNITS, compute=_nothing),
    Indicator(key="dash.count", title="自治区级民主法治示范村", module="targets", kind=COUNT, unit="个",
              compute=_nothing),
    Indicator(key="dash.county", title="县级矛调中心规范化", module="targets", kind=UNITS, level=Level.COUNTY,
              compute=_nothing),
]
for _indicator in DASH_INDICATORS:
    registry.register(_indicator)

DASH_PLAN = """\
title: 测试乡村治理规划
start_year: 2024
end_year: 2027
actions:
  - key: law
    title: 乡村法治提升行动
    section: 二（三）
    targets:
      - {indicator: dash.ratio, title: 事件按期办结率, module: targets, comparator: ">=", value: 0.8, deadline: 2027, section: 二（三）2}
      - {indicator: dash.units, title: 有法律明白人的村占比, module: targets, comparator: ">=", value: 0.8, deadline: 2025, section: 二（三）1}
      - {indicator: dash.count, title: 自治区级民主法治示范村, module: targets, comparator: ">=", value: 300, unit: 个, deadline: 2025}
      - {indicator: dash.county, title: 县级矛调中心规范化, module: targets, comparator: ">=", value: 1.0, deadline: 2025}
  - key: party
    title: 基层党建强化行动
    section: 二（一）
    targets:
      - {indicator: future.child_director_coverage, title: 三会一课按期开展率, module: future, comparator: ">=", value: 1.0, deadline: 2025}
"""


@pytest.fixture
def dash_plan(settings, tmp_path):
    (tmp_path / "dash-test.yaml").write_text(textwrap.dedent(DASH_PLAN), encoding="utf-8")
    settings.XIANGZHI_PLAN_DIR = str(tmp_path)
    settings.XIANGZHI_PLAN = "dash-test"
    from xiangzhi.targets.plans import load_plan

    return load_plan()


def dash_rows(indicator, period, units):
    """Store {unit code: (numerator, denominator)} for the lowest units and every ancestor's sums."""
    totals = {}
    for code, (numerator, denominator) in units.items():
        while True:
            total = totals.setdefault(code, [0, 0 if denominator is not None else None])
            total[0] += numerator
            if denominator is not None:
                total[1] += denominator
            if len(code) not in DASH_PARENT_LENGTH:
                break
            code = code[:DASH_PARENT_LENGTH[len(code)]]
    now = timezone.now()
    IndicatorValue.objects.bulk_create([
        IndicatorValue(indicator=indicator, period=period, region_id=code,
                       parent_code=code[:DASH_PARENT_LENGTH[len(code)]] if len(code) in DASH_PARENT_LENGTH else "",
                       level=DASH_LEVELS[len(code)], numerator=numerator, denominator=denominator, computed_at=now)
        for code, (numerator, denominator) in totals.items()
    ])


@pytest.fixture
def dash_values(tree, dash_plan):
    """Three years of 事件按期办结率 (A2 lags), this year's 法律明白人 and 示范村, the county's 矛调中心.

    2026 county 事件按期办结率 20/30 = 66.7%; 2024 11/30, 2025 16/30: a straight line that reaches 80%
    by 2027 (forecast: will meet). Township A 12/20 = 60% (red), township B 8/10 = 80% (green).
    """
    dash_rows("dash.ratio", "2024", {DASH_A1: (5, 10), DASH_A2: (2, 10), DASH_B1: (4, 10)})
    dash_rows("dash.ratio", "2025", {DASH_A1: (7, 10), DASH_A2: (3, 10), DASH_B1: (6, 10)})
    dash_rows("dash.ratio", "2026", {DASH_A1: (9, 10), DASH_A2: (3, 10), DASH_B1: (8, 10)})
    dash_rows("dash.units", "2026", {DASH_A1: (1, 1), DASH_A2: (0, 1), DASH_B1: (1, 1)})
    dash_rows("dash.count", "2026", {DASH_A1: (1, None), DASH_A2: (0, None), DASH_B1: (0, None)})
    dash_rows("dash.county", "2026", {DASH_COUNTY: (1, 1)})


@pytest.fixture
def dash_region_official(tree):
    from conftest import make_user

    return make_user("region_leader", "region_official", DASH_PROVINCE)
