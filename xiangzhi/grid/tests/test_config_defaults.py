"""The shared defaults the data migration seeds: taxonomy, deadlines for every 小类, the
national holidays and 调休 working weekends of 2025 and 2026."""

import datetime
import re

import pytest

from xiangzhi.grid.calendar import add_working_days, time_limit
from xiangzhi.grid.models import CalendarDay, DeadlineRule, EventCategory, Urgency

pytestmark = pytest.mark.django_db

GROUPS = ["矛盾纠纷", "治安隐患", "安全生产", "消防", "环境卫生", "道路设施", "地质灾害", "食品安全", "特殊人群",
          "民生服务", "政策咨询", "其他"]


def shared():
    return EventCategory.objects.filter(county__isnull=True)


def test_two_levels_with_the_groups_of_grid_event_practice():
    groups = list(shared().filter(parent__isnull=True).order_by("order"))
    assert [group.name for group in groups] == GROUPS
    for group in groups:
        children = list(group.children.all())
        expected = (2, 6) if group.code == "other" else (3, 6)
        assert expected[0] <= len(children) <= expected[1], group.name
        assert all(child.children.count() == 0 for child in children)
    assert set(shared().get(code="dispute").children.values_list("name", flat=True)) >= {
        "邻里纠纷", "婚姻家庭纠纷", "土地山林纠纷", "劳资纠纷", "宅基地纠纷"}


def test_codes_are_unique_ascii_service_codes_under_their_group():
    codes = list(shared().values_list("code", flat=True))
    assert len(codes) == len(set(codes))
    for category in shared().select_related("parent"):
        assert category.code.isascii()
        if category.parent_id:
            assert re.fullmatch(r"[a-z_]+\.[a-z_]+", category.code), category.code
            assert category.code.startswith(category.parent.code + ".")
        else:
            assert re.fullmatch(r"[a-z_]+", category.code), category.code
    assert shared().get(code="dispute.neighbour").name == "邻里纠纷"


def test_every_leaf_has_a_deadline_rule_per_urgency():
    leaves = shared().filter(parent__isnull=False)
    for leaf in leaves:
        rules = {rule.urgency: rule for rule in DeadlineRule.objects.filter(category=leaf, county__isnull=True)}
        assert set(rules) == set(Urgency.values), leaf.code
        assert rules["normal"].resolve_days >= rules["urgent"].resolve_days >= rules["critical"].resolve_days
        assert all(rule.accept_days == 1 for rule in rules.values())
    assert DeadlineRule.objects.filter(county__isnull=True).count() == leaves.count() * 3


def test_hazards_to_life_have_shorter_limits():
    assert time_limit(shared().get(code="geohazard.landslide"), "normal", "450321").resolve_days == 2
    assert time_limit(shared().get(code="fire.outdoor_burning"), "normal", "450321").resolve_days == 2
    assert time_limit(shared().get(code="infrastructure.road"), "normal", "450321").resolve_days == 5
    assert time_limit(shared().get(code="infrastructure.road"), "urgent", "450321").resolve_days == 2
    assert time_limit(shared().get(code="infrastructure.road"), "critical", "450321").resolve_days == 1


@pytest.mark.parametrize("date, is_workday, name", [
    (datetime.date(2025, 1, 1), False, "元旦"),
    (datetime.date(2025, 1, 26), True, "春节调休上班"),
    (datetime.date(2025, 10, 8), False, "国庆节"),
    (datetime.date(2025, 10, 11), True, "国庆节调休上班"),
    (datetime.date(2026, 2, 17), False, "春节"),
    (datetime.date(2026, 2, 14), True, "春节调休上班"),
    (datetime.date(2026, 9, 25), False, "中秋节"),
])
def test_national_holidays_and_working_weekends(date, is_workday, name):
    day = CalendarDay.objects.get(county__isnull=True, date=date)
    assert (day.is_workday, day.name) == (is_workday, name)


def test_only_days_that_differ_from_their_weekday_are_stored():
    for day in CalendarDay.objects.filter(county__isnull=True):
        assert day.is_workday == (day.date.weekday() >= 5), day.date


def test_deadlines_count_over_the_spring_festival():
    # Friday 13 February 2026, one working day: Saturday the 14th is worked (调休).
    start = datetime.datetime(2026, 2, 13, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
    assert add_working_days(start, 1, "450321").date() == datetime.date(2026, 2, 14)
    # From the 14th, the next working day is after the holiday: Tuesday 24 February.
    assert add_working_days(start, 2, "450321").date() == datetime.date(2026, 2, 24)
