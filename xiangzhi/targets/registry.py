"""The indicators modules register: what each measures and how to compute it per unit.

A module declares its indicators in its own `indicators.py` (imported for every installed app
when the targets app is ready; see apps.py) by calling `register(Indicator(...))`. The engine
knows none of them by name: it asks each for its values per unit and period and rolls them up
the region tree by summing numerators and denominators — a township's share is never an average
of its villages' shares.

Three kinds of indicator:
- RATIO: `compute(period, codes)` returns {unit code: (numerator, denominator)} for the units that
  have records (e.g. grid events closed on time / grid events due in the period).
- UNITS: the share of units meeting a condition. `compute(period, codes)` returns
  {unit code: measure} (e.g. the number of 法律明白人 of a village); the engine counts every unit of
  the indicator's level as one in the denominator and as one in the numerator when
  `meets(measure)` holds (default: measure ≥ 1). A unit missing from the result has measure 0.
- COUNT: `compute(period, codes)` returns {unit code: count}; the value is the sum (e.g. villages
  holding the 自治区级民主法治示范村 title at the end of the period); no denominator.

`codes` is None (every unit) or a list of unit codes at the indicator's level: the engine passes a
few dirty villages after a write and None for a full recompute, so a compute function filters with
`region__in=codes` only when codes is given and groups by the unit's code in one query.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from xiangzhi.regions.models import Level

RATIO, UNITS, COUNT = "ratio", "units", "count"
HIGHER, LOWER = "higher", "lower"


def at_least_one(measure):
    return measure >= 1


@dataclass(frozen=True)
class Indicator:
    key: str  # "<module>.<name>", e.g. "legal.literate_coverage"
    title: str  # Chinese, e.g. "有法律明白人的村占比"
    module: str  # the app label that owns the data, e.g. "legal"
    kind: str  # RATIO, UNITS or COUNT
    compute: Callable = field(repr=False)
    period_kind: str = "year"  # year | quarter | month (xiangzhi.targets.periods)
    level: str = Level.VILLAGE  # the level compute() answers for: village, township or county
    unit: str = "%"  # "%" for RATIO and UNITS; "个", "件" … for COUNT
    polarity: str = HIGHER  # HIGHER or LOWER is better
    meets: Callable = field(default=at_least_one, repr=False)  # UNITS only
    # The records behind a value, for officials in scope: records_url(region_code, period) -> URL
    # of the module's list page filtered to that unit and period, or None.
    records_url: Callable | None = field(default=None, repr=False)
    description: str = ""  # how it is counted, shown on the indicator page

    def value(self, numerator, denominator):
        """The indicator's value from (summed) numerator and denominator; None when undefined."""
        if self.kind == COUNT:
            return numerator
        if not denominator:
            return None
        return numerator / denominator


_indicators = {}


def register(indicator):
    if indicator.kind not in (RATIO, UNITS, COUNT):
        raise ValueError(f"{indicator.key}: unknown kind {indicator.kind!r}")
    if indicator.key in _indicators and _indicators[indicator.key] != indicator:
        raise ValueError(f"indicator {indicator.key} registered twice")
    _indicators[indicator.key] = indicator
    return indicator


def get(key):
    """The registered indicator, or None."""
    return _indicators.get(key)


def registered():
    return dict(sorted(_indicators.items()))
