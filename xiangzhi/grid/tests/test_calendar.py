"""Deadline arithmetic in working days: weekends, holidays, 调休 days, county overrides, rules."""

import datetime

import pytest

from xiangzhi.grid import calendar
from xiangzhi.grid.calendar import BEIJING, add_working_days, time_limit
from xiangzhi.grid.models import CalendarDay, DeadlineRule

from .event_data import COUNTY, OTHER_COUNTY, categories, media_in_tmp  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def blank_calendar(db):
    """These tests mark their own holidays; the shipped calendar (a data migration) is set aside."""
    CalendarDay.objects.all().delete()


def at(year, month, day, hour=10, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=BEIJING)


def end_of(year, month, day):
    return at(year, month, day, 18)


def mark(date, is_workday, county=None, name=""):
    CalendarDay.objects.create(date=date, is_workday=is_workday, county_id=county, name=name)


def test_the_start_day_does_not_count_and_weekends_are_skipped(tree):
    # 2025-11-14 is a Friday.
    assert add_working_days(at(2025, 11, 14, 15), 1, COUNTY) == end_of(2025, 11, 17)
    assert add_working_days(at(2025, 11, 12), 1, COUNTY) == end_of(2025, 11, 13)
    assert add_working_days(at(2025, 11, 14), 5, COUNTY) == end_of(2025, 11, 21)
    # Reported on a Saturday: Monday is the first working day after it.
    assert add_working_days(at(2025, 11, 15), 1, COUNTY) == end_of(2025, 11, 17)


def test_deadline_is_18_beijing_time_whatever_the_servers_zone(tree):
    deadline = add_working_days(datetime.datetime(2025, 11, 12, 2, 0, tzinfo=datetime.UTC), 1, COUNTY)
    assert deadline.astimezone(datetime.UTC) == datetime.datetime(2025, 11, 13, 10, 0, tzinfo=datetime.UTC)
    # 20:00 UTC on the 12th is already the 13th in Beijing.
    late = add_working_days(datetime.datetime(2025, 11, 12, 20, 0, tzinfo=datetime.UTC), 1, COUNTY)
    assert late == end_of(2025, 11, 14)


def test_zero_days_means_today_before_18_else_the_next_working_day(tree):
    assert add_working_days(at(2025, 11, 12, 9), 0, COUNTY) == end_of(2025, 11, 12)
    assert add_working_days(at(2025, 11, 12, 19), 0, COUNTY) == end_of(2025, 11, 13)
    assert add_working_days(at(2025, 11, 15, 9), 0, COUNTY) == end_of(2025, 11, 17)


def test_holidays_are_skipped(tree):
    mark(datetime.date(2025, 11, 17), False, name="假日")
    assert add_working_days(at(2025, 11, 14, 15), 1, COUNTY) == end_of(2025, 11, 18)


def test_national_day_week_with_its_adjusted_working_weekend_days(tree):
    # 2025: 1–8 October off; Sunday 28 September and Saturday 11 October are worked (调休).
    for day in range(1, 9):
        mark(datetime.date(2025, 10, day), False, name="国庆节、中秋节")
    mark(datetime.date(2025, 9, 28), True, name="调休上班")
    mark(datetime.date(2025, 10, 11), True, name="调休上班")
    assert add_working_days(at(2025, 9, 26), 1, COUNTY) == end_of(2025, 9, 28)
    assert add_working_days(at(2025, 9, 30), 1, COUNTY) == end_of(2025, 10, 9)
    assert add_working_days(at(2025, 9, 30), 3, COUNTY) == end_of(2025, 10, 11)
    assert add_working_days(at(2025, 9, 30), 4, COUNTY) == end_of(2025, 10, 13)


def test_a_countys_own_day_overrides_the_shared_one(tree, categories):
    mark(datetime.date(2025, 11, 17), False, name="假日")
    mark(datetime.date(2025, 11, 17), True, county=OTHER_COUNTY, name="本县照常上班")
    mark(datetime.date(2025, 11, 18), False, county=COUNTY, name="阳朔县地方节日")
    assert add_working_days(at(2025, 11, 14, 15), 1, OTHER_COUNTY) == end_of(2025, 11, 17)
    assert add_working_days(at(2025, 11, 14, 15), 1, COUNTY) == end_of(2025, 11, 19)
    assert add_working_days(at(2025, 11, 14, 15), 1, None) == end_of(2025, 11, 18)


def test_a_long_limit_reads_the_calendar_in_few_queries(tree, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        deadline = add_working_days(at(2025, 1, 6), 120, COUNTY)
    assert deadline.weekday() < 5 and deadline.date() > datetime.date(2025, 6, 1)


def test_time_limits_county_rule_then_shared_rule_then_main_category_then_default(categories):
    garbage, sewage = categories.garbage, categories.sewage
    assert time_limit(garbage, "normal", COUNTY) == calendar.TimeLimit(1, 5)
    assert time_limit(garbage, "urgent", COUNTY) == calendar.TimeLimit(1, 3)
    assert time_limit(garbage, "critical", COUNTY) == calendar.TimeLimit(1, 1)
    DeadlineRule.objects.create(category=categories.environment, urgency="normal", accept_days=2, resolve_days=10)
    assert time_limit(sewage, "normal", COUNTY) == calendar.TimeLimit(2, 10)
    DeadlineRule.objects.create(category=garbage, urgency="normal", accept_days=1, resolve_days=7)
    assert time_limit(garbage, "normal", COUNTY) == calendar.TimeLimit(1, 7)
    DeadlineRule.objects.create(county_id=COUNTY, category=garbage, urgency="normal", accept_days=1, resolve_days=4)
    assert time_limit(garbage, "normal", COUNTY) == calendar.TimeLimit(1, 4)
    assert time_limit(garbage, "normal", OTHER_COUNTY) == calendar.TimeLimit(1, 7)
    assert time_limit(sewage, "normal", COUNTY) == calendar.TimeLimit(2, 10)


def test_reported_event_gets_deadlines_from_the_rule_in_working_days(personas, categories):
    from django.utils import timezone

    from .event_data import new_event

    DeadlineRule.objects.create(county_id=COUNTY, category=categories.garbage, urgency="urgent",
                                accept_days=1, resolve_days=2)
    before = timezone.now()
    event = new_event(personas.villager_a1, categories.garbage, urgency="urgent")
    event.refresh_from_db()
    after = timezone.now()  # the two differ only if the report straddled midnight
    assert event.accept_deadline in {add_working_days(before, 1, COUNTY), add_working_days(after, 1, COUNTY)}
    assert event.resolve_deadline in {add_working_days(before, 2, COUNTY), add_working_days(after, 2, COUNTY)}
    assert event.deadline == event.accept_deadline
    assert timezone.localtime(event.resolve_deadline).hour == 18
