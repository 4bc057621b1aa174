"""The cadence calendar: which periodic disclosures a village owes, by when, and which are late.

Periods and their labels:
  monthly    "2026年10月"       due by the end of the 10th of the following month;
  quarterly  "2026年第3季度"    due by the end of the 10th of the first month of the next quarter;
  yearly     "2026年"           due by the end of 31 January of the next year.
Days are Asia/Shanghai calendar days: a disclosure published at 23:59 on the due date is on
time, one published at 00:00 the day after is late. Items published "immediately" or "per
event" have no calendar: nobody can know in advance when they fall due.

A village's calendar looks back over the periods whose due date falls in the last
LOOKBACK_MONTHS months, and those that have ended but are not due yet. The period still
running (this month, this quarter) is not owed yet and is not listed.
"""

import datetime
import functools
import re
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Cadence

SHANGHAI = ZoneInfo("Asia/Shanghai")
DUE_DAY = 10
LOOKBACK_MONTHS = 12

MONTH_LABEL = re.compile(r"^(\d{4})年(\d{1,2})月$")
QUARTER_LABEL = re.compile(r"^(\d{4})年第([1-4])季度$")
YEAR_LABEL = re.compile(r"^(\d{4})年$")


@dataclass(frozen=True, order=True)
class Period:
    cadence: str
    year: int
    number: int  # month 1–12, quarter 1–4, or 1 for a year

    @functools.cached_property
    def label(self):
        if self.cadence == Cadence.MONTHLY:
            return f"{self.year}年{self.number}月"
        if self.cadence == Cadence.QUARTERLY:
            return f"{self.year}年第{self.number}季度"
        return f"{self.year}年"

    @property
    def first_day(self):
        if self.cadence == Cadence.MONTHLY:
            return datetime.date(self.year, self.number, 1)
        if self.cadence == Cadence.QUARTERLY:
            return datetime.date(self.year, 3 * self.number - 2, 1)
        return datetime.date(self.year, 1, 1)

    def next(self):
        if self.cadence == Cadence.MONTHLY:
            return Period(self.cadence, self.year + self.number // 12, self.number % 12 + 1)
        if self.cadence == Cadence.QUARTERLY:
            return Period(self.cadence, self.year + self.number // 4, self.number % 4 + 1)
        return Period(self.cadence, self.year + 1, 1)

    def previous(self):
        if self.cadence == Cadence.MONTHLY:
            return Period(self.cadence, self.year - (self.number == 1), (self.number - 2) % 12 + 1)
        if self.cadence == Cadence.QUARTERLY:
            return Period(self.cadence, self.year - (self.number == 1), (self.number - 2) % 4 + 1)
        return Period(self.cadence, self.year - 1, 1)

    @functools.cached_property
    def due_date(self):
        """The last day on which publishing is on time."""
        if self.cadence == Cadence.YEARLY:
            return datetime.date(self.year + 1, 1, 31)
        following = self.next().first_day
        return following.replace(day=DUE_DAY)

    @functools.cached_property
    def due_at(self):
        """The first instant that is late."""
        day_after = self.due_date + datetime.timedelta(days=1)
        return datetime.datetime.combine(day_after, datetime.time.min, tzinfo=SHANGHAI)


def period_containing(cadence, day):
    if cadence == Cadence.MONTHLY:
        return Period(cadence, day.year, day.month)
    if cadence == Cadence.QUARTERLY:
        return Period(cadence, day.year, (day.month - 1) // 3 + 1)
    if cadence == Cadence.YEARLY:
        return Period(cadence, day.year, 1)
    raise ValueError(f"{cadence} has no periods")


def parse_period(cadence, label, field="period"):
    """The Period a label names for an item of this cadence, or a Chinese ValidationError."""
    label = (label or "").strip()
    patterns = {
        Cadence.MONTHLY: (MONTH_LABEL, _("请按“2026年10月”的格式填写公开月份。")),
        Cadence.QUARTERLY: (QUARTER_LABEL, _("请按“2026年第3季度”的格式填写公开季度。")),
        Cadence.YEARLY: (YEAR_LABEL, _("请按“2026年”的格式填写公开年度。")),
    }
    pattern, message = patterns[cadence]
    match = pattern.match(label)
    if not match:
        raise ValidationError({field: message})
    year = int(match.group(1))
    number = int(match.group(2)) if cadence != Cadence.YEARLY else 1
    if not 2000 <= year <= 2100 or (cadence == Cadence.MONTHLY and not 1 <= number <= 12):
        raise ValidationError({field: message})
    return Period(cadence, year, number)


def local_today(now=None):
    return timezone.localtime(now or timezone.now(), SHANGHAI).date()


@functools.lru_cache(maxsize=64)
def periods_to_check(cadence, today, lookback_months=LOOKBACK_MONTHS):
    """The periods of a cadence the calendar shows on `today`, oldest first: every period that
    has ended, whose due date falls within the lookback window or is still ahead. Cached: the
    same Period objects (and their cached labels and due dates) serve every village's calendar."""
    window_start = _months_before(today, lookback_months)
    periods = []
    period = period_containing(cadence, today).previous()
    while period.due_date >= window_start:
        periods.append(period)
        period = period.previous()
    return tuple(reversed(periods))


def _months_before(day, months):
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    return datetime.date(year, month + 1, min(day.day, 28))


class Status:
    ON_TIME = "on_time"
    LATE = "late"
    OVERDUE = "overdue"
    DUE = "due"  # not published yet, still in time


STATUS_LABELS = {
    Status.ON_TIME: "按时公开",
    Status.LATE: "逾期后公开",
    Status.OVERDUE: "已逾期",
    Status.DUE: "待公开",
}


@dataclass
class DueEntry:
    item: object
    period: Period
    published_at: datetime.datetime | None
    status: str

    @property
    def period_label(self):
        return self.period.label

    @property
    def due_date(self):
        return self.period.due_date

    @property
    def status_label(self):
        return _(STATUS_LABELS[self.status])


@dataclass
class VillageCalendar:
    village: object
    entries: list = field(default_factory=list)

    @property
    def overdue(self):
        return [entry for entry in self.entries if entry.status == Status.OVERDUE]

    @property
    def due(self):
        return [entry for entry in self.entries if entry.status == Status.DUE]

    @property
    def on_time_count(self):
        return sum(1 for entry in self.entries if entry.status == Status.ON_TIME)

    @property
    def late_count(self):
        return sum(1 for entry in self.entries if entry.status == Status.LATE)


def entry_status(period, published_at, now):
    if published_at is not None:
        return Status.ON_TIME if published_at < period.due_at else Status.LATE
    return Status.OVERDUE if now >= period.due_at else Status.DUE


def build_calendar(village, items, first_published, now, lookback_months=LOOKBACK_MONTHS):
    """A village's calendar from its periodic items and {(item id, period label): first
    publication time} — no queries here."""
    calendar = VillageCalendar(village)
    for item, period, keys in owed(items, local_today(now), lookback_months):
        published_at = first_publication(first_published, keys)
        calendar.entries.append(DueEntry(item, period, published_at, entry_status(period, published_at, now)))
    calendar.entries.sort(key=lambda entry: (entry.period.due_date, entry.item.category, entry.item.order))
    return calendar


def owed(items, today, lookback_months=LOOKBACK_MONTHS):
    """(item, period, the (item id, period label) keys a publication counting for it is filed under)
    for every periodic item and period a calendar lists on `today` — the same for every village of
    a county, whose catalogue the items are."""
    for item in items:
        if not item.is_periodic or not item.active:
            continue
        counts_for = item.counts_for()
        for period in periods_to_check(item.cadence, today, lookback_months):
            yield item, period, [(pk, period.label) for pk in counts_for]


def first_publication(first_published, keys):
    published = [first_published[key] for key in keys if key in first_published]
    return min(published) if published else None
