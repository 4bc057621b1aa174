"""A county's grid configuration — responsibility matrix, deadline rules, calendar marks —
read once per app process instead of three queries for every reported event.

Reporting is the hot path (Open311 clients post back to back) and the configuration
changes a few times a year. So `county_config(county)` keeps each county's rows in memory for
TTL seconds. A change saved in this process (post_save / post_delete of the three models)
clears the cache at once; another app server sees it within TTL seconds.

The cache is read and filled only outside a transaction: inside one, this connection may
see its own uncommitted configuration, which a rollback would leave in the cache. Callers
get None there and query the database as before.
"""

import time
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q

from .models import CalendarDay, DeadlineRule, ResponsibilityRule

TTL = 60  # seconds

_cache = {}  # county code -> (expires at, CountyConfig)


@dataclass(frozen=True)
class CountyConfig:
    responsibility_rules: tuple  # the county's ResponsibilityRule rows
    deadline_rules: tuple  # the county's and the shared DeadlineRule rows
    calendar_rows: tuple  # (date, county code or None, is_workday): the county's and the shared marks


def county_config(county_code, now=None):
    """The county's configuration, or None inside a transaction (query the database then)."""
    if not county_code or connection.in_atomic_block:
        return None
    now = time.monotonic() if now is None else now
    cached = _cache.get(county_code)
    if cached is not None and cached[0] > now:
        return cached[1]
    config = CountyConfig(
        responsibility_rules=tuple(ResponsibilityRule.objects.filter(county_id=county_code)),
        deadline_rules=tuple(DeadlineRule.objects.filter(Q(county__isnull=True) | Q(county_id=county_code))),
        calendar_rows=tuple(
            CalendarDay.objects.filter(Q(county__isnull=True) | Q(county_id=county_code))
            .values_list("date", "county_id", "is_workday")
        ),
    )
    _cache[county_code] = (now + TTL, config)
    return config


def clear(**_signal_arguments):
    _cache.clear()


def connect_signals():
    from django.db.models.signals import post_delete, post_save

    for model in (ResponsibilityRule, DeadlineRule, CalendarDay):
        post_save.connect(clear, sender=model, dispatch_uid=f"grid_config_cache_{model.__name__}_save")
        post_delete.connect(clear, sender=model, dispatch_uid=f"grid_config_cache_{model.__name__}_delete")
