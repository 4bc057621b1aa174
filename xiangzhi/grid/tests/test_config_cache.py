"""The per-process cache of a county's grid configuration: the same answers as the database,
changes seen at once in this process, never filled from inside a transaction."""

import datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from xiangzhi.grid import calendar, config, config_cache, routing
from xiangzhi.grid.models import CalendarDay, DeadlineRule, HandlerLevel, ResponsibilityRule, Urgency

from .event_data import categories  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db(transaction=True)
COUNTY = "450321"
TUN = "450321100200001"
MONDAY = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=calendar.BEIJING)


def test_cached_answers_match_the_database_and_cost_no_query(personas, categories):
    ResponsibilityRule.objects.create(county_id=COUNTY, category=categories.garbage, level=HandlerLevel.TOWNSHIP,
                                      department="rural_work")
    DeadlineRule.objects.create(county_id=COUNTY, category=categories.garbage, urgency=Urgency.NORMAL,
                                accept_days=2, resolve_days=7)
    CalendarDay.objects.create(county_id=COUNTY, date=datetime.date(2026, 3, 3), is_workday=False, name="县庆")

    config_cache.county_config(COUNTY)  # filled once
    with CaptureQueriesContext(connection) as queries:
        route = routing.route(categories.garbage, TUN)
        accept, resolve = calendar.event_deadlines(categories.garbage, Urgency.NORMAL, COUNTY, MONDAY)
    assert len(queries) == 0
    assert tuple(route) == (HandlerLevel.TOWNSHIP, "450321100", "rural_work")
    # Two working days after Monday, the county's Tuesday holiday skipped: Thursday 18:00.
    assert accept == datetime.datetime(2026, 3, 5, 18, 0, tzinfo=calendar.BEIJING)
    assert resolve == datetime.datetime(2026, 3, 12, 18, 0, tzinfo=calendar.BEIJING)

    config_cache.clear()
    with transaction.atomic():  # the uncached path, for comparison
        assert tuple(routing.route(categories.garbage, TUN)) == tuple(route)
        assert calendar.event_deadlines(categories.garbage, Urgency.NORMAL, COUNTY, MONDAY) == (accept, resolve)


def test_a_county_officials_change_is_seen_at_once(personas, categories, tree):
    county = tree[COUNTY]
    assert routing.route(categories.garbage, TUN).level == HandlerLevel.VILLAGE  # no rule: the village
    config.save_rule(personas.county, county, category=categories.garbage, level=HandlerLevel.COUNTY,
                     department="civil_affairs")
    assert tuple(routing.route(categories.garbage, TUN)) == (HandlerLevel.COUNTY, COUNTY, "civil_affairs")

    config.save_deadline(personas.county, county, category=categories.garbage, urgency=Urgency.NORMAL,
                         accept_days=3, resolve_days=10)
    assert calendar.time_limit(categories.garbage, Urgency.NORMAL, COUNTY) == calendar.TimeLimit(3, 10)


def test_entries_expire_after_the_ttl(personas, categories):
    first = config_cache.county_config(COUNTY, now=1000.0)
    assert config_cache.county_config(COUNTY, now=1000.0 + config_cache.TTL - 1) is first
    assert config_cache.county_config(COUNTY, now=1000.0 + config_cache.TTL + 1) is not first


def test_inside_a_transaction_the_database_is_read(personas, categories):
    with transaction.atomic():
        assert config_cache.county_config(COUNTY) is None
        DeadlineRule.objects.create(county_id=COUNTY, category=categories.garbage, urgency=Urgency.NORMAL,
                                    accept_days=4, resolve_days=9)
        assert calendar.time_limit(categories.garbage, Urgency.NORMAL, COUNTY) == calendar.TimeLimit(4, 9)
        transaction.set_rollback(True)
    # The rolled-back rule never reached the cache.
    assert calendar.time_limit(categories.garbage, Urgency.NORMAL, COUNTY) != calendar.TimeLimit(4, 9)
