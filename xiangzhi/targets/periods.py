"""Reporting periods: a year ("2026"), a quarter ("2026Q3") or a month ("2026-07").

Indicators are computed per period; a period knows its first and last day and the aware
datetimes that bound it in Asia/Shanghai, so a module filters its records with
`created_at__gte=period.starts, created_at__lt=period.ends` or `date__range=(period.first, period.last)`.
"""

import datetime
import functools
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

YEAR, QUARTER, MONTH = "year", "quarter", "month"
KINDS = (YEAR, QUARTER, MONTH)
KIND_LABELS = {YEAR: _("年度"), QUARTER: _("季度"), MONTH: _("月度")}

_PATTERNS = {
    YEAR: re.compile(r"^(\d{4})$"),
    QUARTER: re.compile(r"^(\d{4})Q([1-4])$"),
    MONTH: re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$"),
}


@dataclass(frozen=True, order=True)
class Period:
    kind: str
    year: int
    number: int = 1  # the quarter (1–4) or month (1–12); 1 for a year

    @classmethod
    def parse(cls, key):
        """The period a key names; ValueError for anything else."""
        for kind, pattern in _PATTERNS.items():
            match = pattern.match(str(key).strip())
            if match:
                number = int(match.group(2)) if kind != YEAR else 1
                return cls(kind, int(match.group(1)), number)
        raise ValueError(f"不是有效的统计期：{key}（应为 2026、2026Q3 或 2026-07）")

    @classmethod
    def containing(cls, kind, day=None):
        day = day or timezone.localdate()
        if kind == YEAR:
            return cls(YEAR, day.year)
        if kind == QUARTER:
            return cls(QUARTER, day.year, (day.month - 1) // 3 + 1)
        return cls(MONTH, day.year, day.month)

    @classmethod
    def in_year(cls, kind, year):
        """Every period of a kind in a year, in order (a new list of shared periods, whose days are
        computed once: a compliance calendar asks for them hundreds of thousands of times)."""
        return list(_in_year(cls, kind, year))

    @property
    def key(self):
        if self.kind == YEAR:
            return f"{self.year}"
        if self.kind == QUARTER:
            return f"{self.year}Q{self.number}"
        return f"{self.year}-{self.number:02d}"

    @property
    def label(self):
        if self.kind == YEAR:
            return f"{self.year}年"
        if self.kind == QUARTER:
            return f"{self.year}年第{self.number}季度"
        return f"{self.year}年{self.number}月"

    @functools.cached_property
    def first(self):
        """The first day (a date)."""
        month = {YEAR: 1, QUARTER: 3 * (self.number - 1) + 1, MONTH: self.number}[self.kind]
        return datetime.date(self.year, month, 1)

    @functools.cached_property
    def last(self):
        """The last day (a date)."""
        return self.next().first - datetime.timedelta(days=1)

    @property
    def starts(self):
        """Midnight of the first day in Asia/Shanghai (aware)."""
        return _midnight(self.first)

    @property
    def ends(self):
        """Midnight after the last day in Asia/Shanghai (aware, exclusive)."""
        return _midnight(self.next().first)

    def next(self):
        if self.kind == YEAR:
            return Period(YEAR, self.year + 1)
        size = 4 if self.kind == QUARTER else 12
        if self.number == size:
            return Period(self.kind, self.year + 1, 1)
        return Period(self.kind, self.year, self.number + 1)

    def previous(self):
        if self.kind == YEAR:
            return Period(YEAR, self.year - 1)
        size = 4 if self.kind == QUARTER else 12
        if self.number == 1:
            return Period(self.kind, self.year - 1, size)
        return Period(self.kind, self.year, self.number - 1)

    def __str__(self):
        return self.key


@functools.lru_cache(maxsize=256)
def _in_year(cls, kind, year):
    count = {YEAR: 1, QUARTER: 4, MONTH: 12}[kind]
    return tuple(cls(kind, year, n) for n in range(1, count + 1))


def _midnight(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
