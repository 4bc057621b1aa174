"""Working days (工作日) and the deadlines counted in them.

A date is a working day when it is Monday to Friday and not marked a holiday, or when it is
a weekend day marked worked (调休). The marks are CalendarDay rows: a row with no county
holds everywhere; a county's own row for a date overrides the shared row for that date.

The rule for a deadline of n working days (as in administrative time limits, the day the
clock starts does not count): the deadline is 18:00 Beijing time on the nth working day
after the start's date. Reported on Friday 15:00 with one working day to accept: Monday
18:00 (Tuesday, if Monday is a holiday; Sunday, if Sunday is a 调休 working day).
n = 0 means "today": 18:00 on the start's date if that is a working day and 18:00 has not
passed, else 18:00 on the next working day.

Time limits come from DeadlineRule: the county's rule for the category and urgency, else
the shared rule (no county), then the same for the category's 大类, else the default below.
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import Q

from . import config_cache
from .models import CalendarDay, DeadlineRule, Urgency

BEIJING = ZoneInfo("Asia/Shanghai")
END_OF_WORKDAY = datetime.time(18, 0)

# Working days to accept and to resolve when no rule says otherwise.
DEFAULT_ACCEPT_DAYS = 1
DEFAULT_RESOLVE_DAYS = {Urgency.NORMAL: 5, Urgency.URGENT: 3, Urgency.CRITICAL: 1}


def county_of(region_code):
    return region_code[:6] if region_code else None


def calendar_marks(county_code, first, last):
    """{date: is_workday} for the marked dates in [first, last], the county's rows winning."""
    config = config_cache.county_config(county_code)
    if config is not None:
        return merged_marks(row for row in config.calendar_rows if first <= row[0] <= last)
    rows = CalendarDay.objects.filter(date__range=(first, last))
    if county_code:
        rows = rows.filter(Q(county__isnull=True) | Q(county_id=county_code))
    else:
        rows = rows.filter(county__isnull=True)
    return merged_marks(rows.values_list("date", "county_id", "is_workday"))


def merged_marks(rows):
    """{date: is_workday} from (date, county, is_workday) rows: a county's row beats the shared one."""
    shared, own = {}, {}
    for date, county, is_workday in rows:
        (own if county else shared)[date] = is_workday
    return {**shared, **own}


def is_workday(date, marks):
    return marks.get(date, date.weekday() < 5)


class WorkingCalendar:
    """The working days of one county, read from the database a window at a time."""

    WINDOW = datetime.timedelta(days=62)

    def __init__(self, county_code):
        self.county_code = county_code
        self._marks = {}
        self._loaded = None  # (first, last) loaded so far

    def _ensure(self, date):
        if self._loaded and self._loaded[0] <= date <= self._loaded[1]:
            return
        first = date if self._loaded is None else min(date, self._loaded[0])
        last = max(date, self._loaded[1] if self._loaded else date) + self.WINDOW
        self._marks = calendar_marks(self.county_code, first, last)
        self._loaded = (first, last)

    def is_workday(self, date):
        self._ensure(date)
        return is_workday(date, self._marks)

    def add_working_days(self, start, days):
        """18:00 Beijing time on the `days`th working day after `start` (see the module's rule)."""
        local = start.astimezone(BEIJING) if start.tzinfo else start.replace(tzinfo=BEIJING)
        date = local.date()
        if days <= 0:
            if not (self.is_workday(date) and local.time() < END_OF_WORKDAY):
                date = self.next_workday(date)
        else:
            for _counted in range(days):
                date = self.next_workday(date)
        return datetime.datetime.combine(date, END_OF_WORKDAY, tzinfo=BEIJING)

    def next_workday(self, date):
        date += datetime.timedelta(days=1)
        while not self.is_workday(date):
            date += datetime.timedelta(days=1)
        return date


def add_working_days(start, days, county_code=None):
    """The deadline `days` working days after `start` in the county (module docstring)."""
    return WorkingCalendar(county_code).add_working_days(start, days)


@dataclass(frozen=True)
class TimeLimit:
    accept_days: int
    resolve_days: int


def time_limit(category, urgency, county_code):
    """Working days to accept and to resolve an event of this category and urgency."""
    categories = [category.pk] + ([category.parent_id] if category.parent_id else [])
    config = config_cache.county_config(county_code)
    if config is not None:
        rules = [rule for rule in config.deadline_rules if rule.category_id in categories and rule.urgency == urgency]
    else:
        rules = DeadlineRule.objects.filter(category_id__in=categories, urgency=urgency)
        rules = rules.filter(Q(county__isnull=True) | Q(county_id=county_code)) if county_code else rules.filter(
            county__isnull=True
        )
    by_key = {(rule.category_id, rule.county_id): rule for rule in rules}
    for category_id in categories:
        for county in (county_code, None):
            rule = by_key.get((category_id, county))
            if rule is not None:
                return TimeLimit(rule.accept_days, rule.resolve_days)
    return TimeLimit(DEFAULT_ACCEPT_DAYS, DEFAULT_RESOLVE_DAYS.get(urgency, DEFAULT_RESOLVE_DAYS[Urgency.NORMAL]))


def event_deadlines(category, urgency, county_code, start):
    """(accept_deadline, resolve_deadline) for an event handled from `start`."""
    limit = time_limit(category, urgency, county_code)
    calendar = WorkingCalendar(county_code)
    return calendar.add_working_days(start, limit.accept_days), calendar.add_working_days(start, limit.resolve_days)
