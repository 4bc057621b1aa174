"""Fixtures of the GeoReport tests: API keys for the personas, a small category tree of our
own (tests that flush the database may have removed the migrations' taxonomy), and events
reported through the grid's one reporting action."""

import pytest

from xiangzhi.accounts import actions as account_actions
from xiangzhi.grid.events import report_event
from xiangzhi.grid.models import EventCategory
from xiangzhi.regions.models import Region


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded photos go to a throwaway folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def categories(db):
    """大类 "道路设施(测试)" with three 小类, one of them inactive."""
    group = EventCategory.objects.create(code="t311", name="道路设施(测试)", order=1)
    road = EventCategory.objects.create(
        code="t311.road", name="道路损毁(测试)", description="路面塌陷、坑洼。", parent=group, order=1
    )
    light = EventCategory.objects.create(code="t311.light", name="路灯照明(测试)", parent=group, order=2)
    retired = EventCategory.objects.create(
        code="t311.retired", name="已停用(测试)", parent=group, order=3, active=False
    )
    return {"group": group, "road": road, "light": light, "retired": retired}


@pytest.fixture
def county_category(categories, tree):
    return EventCategory.objects.create(
        code="t311.yangshuo_river", name="漓江河道(阳朔县)", parent=categories["group"], county=tree["450321"], order=4
    )


@pytest.fixture
def keys(personas):
    """An API key for each persona, by persona attribute name."""
    return {
        name: account_actions.create_api_token(None, getattr(personas, name), name="open311")[1]
        for name in ("township_a", "township_b", "cadre_a1", "cadre_b1", "villager_a1", "auditor", "county")
    }


@pytest.fixture
def report(categories):
    """report(actor, region_code, **overrides) → a reported Event (through the grid action)."""

    def _report(actor, region_code, **overrides):
        values = {"category": categories["road"], "description": "村口道路塌陷一米见方。"}
        values.update(overrides)
        return report_event(actor, region=Region.objects.get(code=region_code), **values)

    return _report
