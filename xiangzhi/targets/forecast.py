"""Will a unit meet a target by its deadline? A least-squares line through its values so far.

The points are the unit's values of the target's indicator, one per period (x = the period's
start as a fractional year), read from the rollup table. The line is projected to the last
period of the deadline year. Once that year is over, the actual value of its last period
is the answer. Fewer than two points: no forecast.
"""

from dataclasses import dataclass

from django.utils import timezone

from . import registry
from .models import IndicatorValue
from .periods import Period


@dataclass(frozen=True)
class Forecast:
    target: str
    deadline: int
    projected: float
    will_meet: bool
    actual: bool  # True: the deadline is past and `projected` is the value it reached
    slope: float | None  # change per year; None for an actual value
    points: tuple  # ((period key, value), …) used


def position(period):
    size = {"year": 1, "quarter": 4, "month": 12}[period.kind]
    return period.year + (period.number - 1) / size


def least_squares(points):
    """(slope, intercept) of the line through (x, y) points; at least two distinct x."""
    n = len(points)
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / spread
    return slope, mean_y - slope * mean_x


def series(region_code, indicator):
    """[(Period, value)] of a unit for an indicator, oldest first, periods without a value left out."""
    rows = IndicatorValue.objects.filter(region_id=region_code, indicator=indicator.key).values_list(
        "period", "numerator", "denominator"
    )
    points = []
    for key, numerator, denominator in rows:
        period = Period.parse(key)
        value = indicator.value(numerator, denominator)
        if period.kind == indicator.period_kind and value is not None:
            points.append((period, value))
    return sorted(points)


def bounded(indicator, value):
    if indicator.kind == registry.COUNT:
        return max(value, 0.0)
    return min(max(value, 0.0), 1.0)


def project(target, indicator, points, as_of):
    """The Forecast from a unit's [(Period, value)] oldest first, as of a day: a least-squares line
    projected to the deadline year's last period, or that period's actual value once it is over;
    None with fewer than two values (or no actual value)."""
    last = Period.in_year(indicator.period_kind, target.deadline)[-1]
    points = [(period, value) for period, value in points if value is not None]
    if as_of > last.last:
        actual = dict(points).get(last)
        if actual is None:
            return None
        return Forecast(target.key, target.deadline, actual, target.meets(actual), True, None,
                        ((last.key, actual),))
    if len(points) < 2:
        return None
    slope, intercept = least_squares([(position(period), value) for period, value in points])
    projected = round(bounded(indicator, slope * position(last) + intercept), 9)
    return Forecast(target.key, target.deadline, projected, target.meets(projected), False,
                    slope, tuple((period.key, value) for period, value in points))


def forecast(region_code, target, today=None):
    """The Forecast of a unit for a plan Target, or None (pending, or too few values)."""
    indicator = target.definition
    if indicator is None:
        return None
    return project(target, indicator, series(region_code, indicator), today or timezone.localdate())
