"""Scoring an item: a unit's yearly indicator value, how far it reaches the target, and the band
that turns that into points. Pure functions over numbers; the actions read the rows."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from xiangzhi.targets.periods import YEAR, Period
from xiangzhi.targets.registry import COUNT, RATIO

# ≥100% of the target → the full weight, ≥90% → 80% of it, ≥80% → 60%, ≥60% → 40%, below → 0.
DEFAULT_BANDS = [[100, 100], [90, 80], [80, 60], [60, 40]]
MAX_BANDS = 10
_PAIR = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*[:：]\s*(\d+(?:\.\d+)?)\s*$")


def bands_text(bands):
    """"100:100, 90:80" — how a page shows and takes the bands."""
    return ", ".join(f"{_plain(reach)}:{_plain(points)}" for reach, points in bands)


def _plain(number):
    return f"{number:g}"


def clean_bands(value, label):
    """[[reach %, points %], …] from a list of pairs or "100:100, 90:80"; thresholds strictly falling,
    points not rising. `label` names the item in the message."""
    if isinstance(value, str):
        parts = [part for part in re.split(r"[,，;；\s]+(?=\d)", value.strip()) if part.strip()]
        pairs = []
        for part in parts:
            match = _PAIR.match(part)
            if not match:
                raise ValidationError(_("%(item)s 的计分档次「%(part)s」应写作“达成率:得分比例”,如 100:100, 90:80。")
                                      % {"item": label, "part": part.strip()})
            pairs.append([float(match.group(1)), float(match.group(2))])
    else:
        pairs = []
        for pair in value or []:
            try:
                reach, points = (pair["reach"], pair["points"]) if isinstance(pair, dict) else pair
                pairs.append([float(reach), float(points)])
            except (KeyError, TypeError, ValueError):
                raise ValidationError(_("%(item)s 的计分档次应为“达成率:得分比例”的数字对。") % {"item": label}) from None
    if not pairs:
        raise ValidationError(_("%(item)s 至少需要一个计分档次。") % {"item": label})
    if len(pairs) > MAX_BANDS:
        raise ValidationError(_("%(item)s 的计分档次不能多于 %(n)d 个。") % {"item": label, "n": MAX_BANDS})
    for index, (reach, points) in enumerate(pairs):
        if not 0 <= reach <= 200 or not 0 <= points <= 100:
            raise ValidationError(_("%(item)s 的第 %(n)d 档:达成率应在 0–200% 之间,得分比例应在 0–100% 之间。")
                                  % {"item": label, "n": index + 1})
        if index and (reach >= pairs[index - 1][0] or points > pairs[index - 1][1]):
            raise ValidationError(_("%(item)s 的计分档次应按达成率从高到低排列,得分比例不能随之升高(第 %(n)d 档)。")
                                  % {"item": label, "n": index + 1})
    return pairs


def reach(value, target, comparator):
    """How far a value reaches its target, as a fraction (1.0 = met); None when there is no value."""
    if value is None:
        return None
    if comparator == ">=":
        return value / target if target else 1.0
    # "<=": the lower the better; a zero value meets any target.
    return target / value if value > 0 else 1.0


def band_for(reached, bands):
    """(band index, points %) of the first band the reach attains; (None, 0) below them all."""
    if reached is None:
        return None, 0.0
    percent = round(reached * 100, 6)
    for index, (threshold, points) in enumerate(bands):
        if percent >= threshold:
            return index, points
    return None, 0.0


def year_periods(indicator, year):
    """The period keys of the indicator's kind in the year."""
    return [period.key for period in Period.in_year(indicator.period_kind, year)]


def yearly_value(indicator, rows_by_period, year):
    """A unit's value for the year from its rows {period key: (numerator, denominator)}.

    A yearly indicator has one row. A quarterly or monthly RATIO adds its periods' numerators and
    denominators (records of the year); a share of units or a count is a state, so the last period
    of the year that has a row stands for the year."""
    keys = year_periods(indicator, year)
    if indicator.period_kind == YEAR or indicator.kind != RATIO:
        present = [key for key in keys if key in rows_by_period]
        if not present:
            return None
        numerator, denominator = rows_by_period[present[-1]]
        return indicator.value(numerator, denominator)
    rows = [rows_by_period[key] for key in keys if key in rows_by_period]
    if not rows:
        return None
    return indicator.value(sum(n for n, _d in rows), sum(d or 0 for _n, d in rows))


def is_share(indicator):
    return indicator.kind != COUNT
