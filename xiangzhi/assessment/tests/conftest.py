"""A small plan in a temporary folder and test indicators, so the assessment is tested on numbers
written here (IndicatorValue rows), not on whatever the modules register."""

import textwrap

import pytest
from django.utils import timezone

from conftest import make_user
from xiangzhi.regions.models import Region
from xiangzhi.targets import registry
from xiangzhi.targets.models import IndicatorValue

COUNTY, TOWNSHIP_A, TOWNSHIP_B = "450321", "450321100", "450321101"
A1, A2, B1 = "450321100200", "450321100202", "450321101200"
YEAR = 2025

PLAN = textwrap.dedent("""\
    title: 测试规划
    start_year: 2021
    end_year: 2030
    actions:
      - key: law
        title: 乡村法治提升行动
        targets:
          - key: advisors
            indicator: assessment_test.advisors
            module: assessment
            title: 一村一法律顾问覆盖率
            comparator: ">="
            value: 1.0
            deadline: 2025
          - key: on_time
            indicator: assessment_test.on_time
            module: assessment
            title: 事件按期办结率
            comparator: ">="
            value: 0.8
            deadline: 2025
          - key: model_villages
            indicator: assessment_test.model_villages
            module: assessment
            title: 民主法治示范村
            comparator: ">="
            value: 300
            deadline: 2025
          - key: overdue
            indicator: assessment_test.overdue
            module: assessment
            title: 超期率
            comparator: "<="
            value: 0.1
            deadline: 2025
          - key: centre
            indicator: assessment_test.centre
            module: assessment
            title: 县级矛调中心规范化
            comparator: ">="
            value: 1.0
            deadline: 2025
      - key: party
        title: 基层党建强化行动
        targets:
          - key: meetings
            indicator: future.child_director_coverage
            module: future
            title: 三会一课按期开展率
            comparator: ">="
            value: 1.0
            deadline: 2025
""")


def _nothing(period, codes):
    return {}


TEST_INDICATORS = [
    registry.Indicator(key="assessment_test.advisors", title="一村一法律顾问覆盖率", module="assessment",
                       kind=registry.UNITS, compute=_nothing),
    registry.Indicator(key="assessment_test.on_time", title="事件按期办结率", module="assessment",
                       kind=registry.RATIO, compute=_nothing, period_kind="quarter"),
    registry.Indicator(key="assessment_test.model_villages", title="民主法治示范村", module="assessment",
                       kind=registry.COUNT, compute=_nothing, unit="个"),
    registry.Indicator(key="assessment_test.overdue", title="超期率", module="assessment",
                       kind=registry.RATIO, compute=_nothing, polarity=registry.LOWER),
    registry.Indicator(key="assessment_test.centre", title="县级矛调中心规范化", module="assessment",
                       kind=registry.UNITS, compute=_nothing, level="county"),
]


@pytest.fixture(autouse=True)
def test_plan(settings, tmp_path, monkeypatch):
    for indicator in TEST_INDICATORS:
        monkeypatch.setitem(registry._indicators, indicator.key, indicator)
    (tmp_path / "assessment-test.yaml").write_text(PLAN, encoding="utf-8")
    settings.XIANGZHI_PLAN_DIR = str(tmp_path)
    settings.XIANGZHI_PLAN = "assessment-test"
    return tmp_path


def value(code, indicator, period, numerator, denominator=None):
    region = Region.objects.get(pk=code)
    return IndicatorValue.objects.create(
        indicator=indicator, period=str(period), region=region, parent_code=region.parent_id or "",
        level=region.level, numerator=numerator, denominator=denominator, computed_at=timezone.now())


def township_items(**overrides):
    """Two items, 60 + 40: advisors (share of villages) and on-time (quarterly ratio)."""
    items = [
        {"target": "advisors", "weight": 60, "bands": [[100, 100], [50, 50]]},
        {"target": "on_time", "weight": 40, "target_value": 80, "bands": "100:100, 90:80, 60:40"},
    ]
    return items


@pytest.fixture
def other_county(tree):
    """A second county with its own official: schemes of 阳朔县 are not theirs (404)."""
    Region.objects.create(code="450322", name="临桂区", level="county", parent_id="4503")
    Region.objects.create(code="450322100", name="临桂镇", level="township", parent_id="450322")
    return make_user("county_b", "county_department", "450322", department="rural_work")
