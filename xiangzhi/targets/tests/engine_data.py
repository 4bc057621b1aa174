"""Test indicators (keys "test.*") and plan files for the engine's tests.

The arithmetic indicators read their per-unit values from SOURCE, which a test fills; the
advisor indicator counts real 一村一法律顾问 records so a real action can change it.
"""

import datetime
import textwrap

import pytest
from django.db.models import Count

from xiangzhi.legal.models import LegalAdvisor
from xiangzhi.regions.models import Level
from xiangzhi.targets import plans, registry
from xiangzhi.targets.models import IndicatorValue
from xiangzhi.targets.registry import COUNT, RATIO, UNITS, Indicator

A, B = "450321100", "450321101"
A1, A2, B1 = "450321100200", "450321100202", "450321101200"
COUNTY, CITY, PROVINCE = "450321", "4503", "45"

SOURCE = {}  # {indicator key: {period key: {unit code: value}}}


def from_source(key):
    def compute(period, codes):
        values = SOURCE.get(key, {}).get(period.key, {})
        return {code: value for code, value in values.items() if codes is None or code in codes}

    return compute


def advisors(period, codes):
    rows = LegalAdvisor.objects.all()
    if codes is not None:
        rows = rows.filter(region_id__in=codes)
    return dict(rows.values("region_id").order_by().annotate(n=Count("id")).values_list("region_id", "n"))


def visits_in_township(period, codes):
    """A township-level UNITS indicator: townships with at least one village in SOURCE."""
    values = SOURCE.get("test.township_units", {}).get(period.key, {})
    return {code: value for code, value in values.items() if codes is None or code in codes}


INDICATORS = [
    Indicator(key="test.ratio", title="测试比率", module="targets", kind=RATIO, compute=from_source("test.ratio")),
    Indicator(key="test.units", title="测试达标村占比", module="targets", kind=UNITS, compute=from_source("test.units")),
    Indicator(key="test.count", title="测试个数", module="targets", kind=COUNT, unit="个",
              compute=from_source("test.count")),
    Indicator(key="test.quarterly", title="测试季度比率", module="targets", kind=RATIO, period_kind="quarter",
              compute=from_source("test.quarterly")),
    Indicator(key="test.township_units", title="测试乡镇占比", module="targets", kind=UNITS, level=Level.TOWNSHIP,
              compute=visits_in_township),
    Indicator(key="test.advisors", title="测试法律顾问覆盖", module="legal", kind=UNITS, compute=advisors),
]
for _indicator in INDICATORS:
    registry.register(_indicator)

NEXT_YEAR = datetime.date.today().year + 1
TEST_PLAN = f"""\
title: 测试规划
start_year: 2021
end_year: {NEXT_YEAR}
actions:
  - key: law
    title: 乡村法治提升行动
    section: 二（三）
    targets:
      - {{indicator: test.ratio, title: 按期办结率, module: targets, comparator: ">=", value: 0.9, deadline: {NEXT_YEAR}, section: 二（三）2}}
      - {{indicator: test.units, title: 达标村占比, module: targets, comparator: ">=", value: 0.8, deadline: 2025, section: 二（三）1}}
      - {{indicator: test.count, title: 示范村个数, module: targets, comparator: ">=", value: 300, unit: 个, deadline: 2025}}
      - {{indicator: test.quarterly, title: 季度比率, module: targets, comparator: ">=", value: 0.5, deadline: 2026}}
      - {{indicator: test.township_units, title: 乡镇占比, module: targets, comparator: ">=", value: 1, deadline: 2025}}
      - {{indicator: test.advisors, title: 一村一法律顾问, module: legal, comparator: ">=", value: 1.0, deadline: 2025}}
  - key: party
    title: 基层党建强化行动
    targets:
      - {{indicator: future.child_director_coverage, title: 三会一课, module: future, comparator: ">=", value: 1.0, deadline: 2025}}
"""


def write_plan(directory, key, text):
    path = directory / f"{key}.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture
def test_plan(settings, tmp_path):
    """The test plan as the current plan, read from a temporary plans folder."""
    write_plan(tmp_path, "test-plan", TEST_PLAN)
    settings.XIANGZHI_PLAN_DIR = str(tmp_path)
    settings.XIANGZHI_PLAN = "test-plan"
    plans.clear_cache()
    SOURCE.clear()
    yield plans.load_plan()
    plans.clear_cache()
    SOURCE.clear()


def table(indicator=None):
    """Every rollup row as comparable tuples (computed_at and ids left out)."""
    rows = IndicatorValue.objects.all()
    if indicator:
        rows = rows.filter(indicator=indicator)
    return sorted(rows.values_list("indicator", "period", "region_id", "parent_code", "level",
                                   "numerator", "denominator"))


def value(code, indicator, period):
    row = IndicatorValue.objects.get(region_id=code, indicator=indicator, period=period)
    return row.numerator, row.denominator
