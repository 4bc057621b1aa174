"""Dashboard reads: a unit's plan targets from the rollup table (IndicatorValue), never from module records.

A page reads a handful of rows: the unit's own values over the plan's years, its children's values for the
period shown, and the children's names. Whether a value meets its target (green/amber/red) is judged here
from the plan's thresholds; the values themselves are the engine's.
"""

import hashlib
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xiangzhi.accounts.permissions import can, posts_with_capability, require
from xiangzhi.regions.models import CHILD_LEVEL, LEVEL_ORDER, STATISTICAL_LEVELS, Level, Region

from . import registry
from .forecast import Forecast, project
from .models import IndicatorValue
from .periods import YEAR, Period

TARGETS_VIEW = "targets.view"
GREEN, AMBER, RED = "green", "amber", "red"
PENDING, NO_DATA, NOT_APPLICABLE, PLAN_TOTAL = "pending", "no_data", "not_applicable", "plan_total"
STATE_LABELS = {
    GREEN: gettext_lazy("达标"), AMBER: gettext_lazy("接近"), RED: gettext_lazy("落后"),
    PENDING: gettext_lazy("待接入"), NO_DATA: gettext_lazy("暂无数据"),
    NOT_APPLICABLE: gettext_lazy("本级不适用"), PLAN_TOTAL: gettext_lazy("全区合计"),
}
# Lists of units not meeting a target are paged; a region-wide list can hold thousands of villages.
UNMET_PAGE_SIZE = 100


# --- scope -------------------------------------------------------------------------------------------------

def top_region(user):
    """The widest unit the user may see targets for (403 when none)."""
    posts = posts_with_capability(user, TARGETS_VIEW)
    if not posts:
        raise PermissionDenied(_("您没有此项操作的权限。"))
    return min((post.region for post in posts), key=lambda region: len(region.code))


def unit_for_user(user, code):
    """A statistical unit (region … village) under one of the user's posts: 403 without the capability, 404
    outside scope or for anything that is not a unit of the hierarchy."""
    require(user, TARGETS_VIEW, code)
    unit = Region.objects.filter(pk=code, level__in=STATISTICAL_LEVELS).first()
    if unit is None:
        raise Http404(_("未找到该单位。"))
    return unit


def breadcrumb(user, unit):
    """The unit's ancestors, top first, each with whether the user may open its page."""
    ancestors = Region.objects.filter(code__in=unit.ancestor_codes()).order_by("code").only("code", "name")
    return [(region, can(user, TARGETS_VIEW, region.code)) for region in ancestors]


# --- periods ------------------------------------------------------------------------------------------------

def selected_period(plan, value):
    """(period, error): the period asked for, or this year with a message naming the field when it is not
    a period within the plan's years."""
    this_year = timezone.localdate().year
    default = Period(YEAR, this_year)
    if not value:
        return default, None
    try:
        period = Period.parse(value)
    except ValueError as error:
        return default, _("统计期：%(error)s") % {"error": error}
    if not plan.start_year <= period.year <= this_year:
        message = _("统计期：应在 %(start)d 年至 %(end)d 年之间。")
        return default, message % {"start": plan.start_year, "end": this_year}
    return period, None


def period_for(kind, selected):
    """The period of an indicator's kind that the page shows for the selected period: the one holding the
    selected period's last day, or today while the selected period is under way."""
    today = timezone.localdate()
    day = selected.last if selected.last < today or selected.first > today else today
    return Period.containing(kind, day)


def trend_periods(kind, plan, selected):
    """The periods of a kind from the plan's first year up to the one the page shows."""
    last = period_for(kind, selected)
    periods = []
    for year in range(plan.start_year, last.year + 1):
        periods.extend(p for p in Period.in_year(kind, year) if p <= last)
    return periods


# --- one target's standing ---------------------------------------------------------------------------------

def format_value(indicator, value):
    if value is None:
        return "—"
    if indicator.kind != registry.COUNT:
        return f"{value * 100:.1f}%"
    number = int(value) if float(value).is_integer() else round(value, 1)
    return f"{number}{indicator.unit}"


def applies_at(indicator, unit_level):
    """An indicator measured at the county level says nothing about a township or village."""
    return LEVEL_ORDER.index(unit_level) <= LEVEL_ORDER.index(indicator.level)


@dataclass
class Standing:
    """One target at one unit for one period, as a page shows it."""

    target: object
    indicator: object
    period: Period | None
    state: str
    numerator: float | None = None
    denominator: float | None = None
    value: float | None = None
    trend: list = field(default_factory=list)  # [(Period, value or None)], oldest first
    outlook: Forecast | None = None
    records_url: str | None = None  # the module's records behind the value, when it links them

    @property
    def state_label(self):
        return STATE_LABELS[self.state]

    @property
    def measured(self):
        return self.state in (GREEN, AMBER, RED, PLAN_TOTAL)

    @property
    def value_text(self):
        if self.state == PENDING:
            return _("待接入")
        if self.state == NOT_APPLICABLE:
            return "—"
        return format_value(self.indicator, self.value)

    @property
    def target_text(self):
        shown = f"{self.target.value * 100:g}%" if self._share else f"{self.target.value:g}"
        return f"{self.target.comparator.replace('>=', '≥').replace('<=', '≤')} {shown}"

    @property
    def gap_text(self):
        if self.value is None or self.state in (PENDING, NOT_APPLICABLE, PLAN_TOTAL):
            return "—"
        if self.target.meets(self.value):
            return _("已达到")
        gap = abs(self.target.value - self.value)
        if self._share:
            return _("差 %(gap).1f 个百分点") % {"gap": gap * 100}
        return _("差 %(gap)s") % {"gap": format_value(self.indicator, gap)}

    @property
    def trend_text(self):
        return " · ".join(f"{p.label} {format_value(self.indicator, value)}" for p, value in self.trend)

    @property
    def outlook_text(self):
        return format_value(self.indicator, self.outlook.projected) if self.outlook else ""

    @property
    def outlook_sentence(self):
        """"预计2027年 82.2%:能完成" (or the deadline year's actual value); "" without a forecast. Built
        here rather than by an {% include %} inside the table's loop: a dashboard lists ~30 targets."""
        if not self.outlook:
            return ""
        deadline = self.outlook.deadline
        when = (_("%(year)s年实际") if self.outlook.actual else _("预计%(year)s年")) % {"year": deadline}
        verdict = _("能完成") if self.outlook.will_meet else _("难以完成")
        return f"{when} {self.outlook_text}:{verdict}"

    @property
    def deadline_text(self):
        return _("%(year)s年") % {"year": self.target.deadline}

    @property
    def chart_id(self):
        return "chart-" + self.target.key.replace(".", "-")

    @property
    def chart(self):
        """The trend as the chart script reads it (json_script)."""
        scale = 100 if self._share else 1
        return {
            "labels": [p.label for p, _value in self.trend],
            "values": [None if value is None else round(value * scale, 2) for _p, value in self.trend],
            "target": round(self.target.value * scale, 2),
            "unit": "%" if self._share else (self.indicator.unit if self.indicator else ""),
            "title": self.target.title,
        }

    @property
    def _share(self):
        return self.target.is_share


def standing(target, unit_level, period, row, trend=()):
    """Judge one target from its row (numerator, denominator) for the period, or None when there is none."""
    indicator = target.definition
    if indicator is None:
        return Standing(target, None, period, PENDING)
    if not applies_at(indicator, unit_level):
        return Standing(target, indicator, period, NOT_APPLICABLE)
    result = Standing(target, indicator, period, NO_DATA, trend=list(trend))
    if trend and not (indicator.kind == registry.COUNT and unit_level != Level.PROVINCE):
        result.outlook = outlook(target, indicator, result.trend, as_of=period.last)
    if row is not None:
        result.numerator, result.denominator = row
        result.value = indicator.value(*row)
    if result.value is None:
        return result
    if indicator.kind == registry.COUNT and unit_level != Level.PROVINCE:
        # A count target (300 示范村) is the whole region's; a county's count is its share of it.
        result.state = PLAN_TOTAL
    else:
        result.state = target.rag(result.value)
    return result


# --- pages --------------------------------------------------------------------------------------------------

def _measured_targets(plan):
    """(target, indicator) for every target whose indicator is registered."""
    return [(target, target.definition) for target in plan.targets() if target.definition is not None]


@dataclass
class UnitRows:
    """What a unit's page reads from the rollup (and the regions) before judging anything."""

    plan: object
    unit: Region
    selected: Period
    pairs: list  # (target, indicator) of the measured targets
    shown: dict  # indicator key → the period the page shows
    trend_keys: dict  # indicator key → its trend's periods
    own: dict  # (indicator key, period key) → (numerator, denominator) of the unit
    children: list  # the child units
    child_rows: dict  # (child code, indicator key) → (numerator, denominator) for the period shown

    def fingerprint(self):
        """A digest of everything the page's targets and children tables are made from: the plan, the
        unit, the period asked for, today (periods shown and forecasts follow it), the language and the
        values and children read. Equal digests render the same tables, so they can be cached without
        ever going stale: a changed value changes the digest."""
        material = repr((
            hash(self.plan), self.unit.code, self.unit.name, self.selected.key, timezone.localdate().isoformat(),
            get_language(), sorted(self.own.items()),
            [(child.code, child.name, child.level) for child in self.children], sorted(self.child_rows.items()),
        ))
        return hashlib.sha256(material.encode()).hexdigest()


def unit_rows(plan, unit, selected):
    """Read a unit's values over the plan's years and its children's for the period shown: three
    queries whatever the size of the unit."""
    pairs = _measured_targets(plan)
    shown = {indicator.key: period_for(indicator.period_kind, selected) for _t, indicator in pairs}
    trend_keys = {
        indicator.key: trend_periods(indicator.period_kind, plan, selected) for _t, indicator in pairs
    }
    wanted = {p.key for periods in trend_keys.values() for p in periods} | {p.key for p in shown.values()}
    own = {}
    for key, period, numerator, denominator in IndicatorValue.objects.filter(
        region_id=unit.code, indicator__in=list(shown), period__in=wanted,
    ).values_list("indicator", "period", "numerator", "denominator"):
        own[key, period] = (numerator, denominator)
    children = list(Region.objects.filter(parent_id=unit.code, level__in=STATISTICAL_LEVELS)
                    .order_by("code").only("code", "name", "level"))
    child_rows = {}
    if children:
        for region_code, key, period, numerator, denominator in IndicatorValue.objects.filter(
            parent_code=unit.code, indicator__in=list(shown), period__in={p.key for p in shown.values()},
        ).values_list("region_id", "indicator", "period", "numerator", "denominator"):
            if shown[key].key == period:
                child_rows[region_code, key] = (numerator, denominator)
    return UnitRows(plan, unit, selected, pairs, shown, trend_keys, own, children, child_rows)


def unit_overview(read):
    """Every action's targets for the unit (value, target, gap, state, trend, forecast) and its children
    with how many targets each meets, judged from what unit_rows read."""
    unit, shown, trend_keys, own = read.unit, read.shown, read.trend_keys, read.own
    actions = []
    for action in read.plan.actions:
        rows = []
        for target in action.targets:
            indicator = target.definition
            if indicator is None:
                rows.append(standing(target, unit.level, None, None))
                continue
            period = shown[indicator.key]
            trend = [(p, _value(indicator, own.get((indicator.key, p.key)))) for p in trend_keys[indicator.key]]
            rows.append(standing(target, unit.level, period, own.get((indicator.key, period.key)), trend))
        actions.append((action, rows))
    return {"actions": actions, "children": _children_summary(read)}


def _value(indicator, pair):
    return indicator.value(*pair) if pair else None


def outlook(target, indicator, trend, as_of):
    """forecast.project() over the values this page has already read, as of the period shown."""
    return project(target, indicator, trend, as_of)


@dataclass
class ChildSummary:
    region: Region
    counts: dict  # state → number of targets

    def count(self, state):
        return self.counts.get(state, 0)

    @property
    def green(self):
        return self.count(GREEN)

    @property
    def amber(self):
        return self.count(AMBER)

    @property
    def red(self):
        return self.count(RED)

    @property
    def no_data(self):
        return self.count(NO_DATA)


def _children_summary(read):
    summaries = []
    for child in read.children:
        counts = {}
        for target, indicator in read.pairs:
            state = standing(target, child.level, read.shown[indicator.key],
                             read.child_rows.get((child.code, indicator.key))).state
            counts[state] = counts.get(state, 0) + 1
        summaries.append(ChildSummary(child, counts))
    return summaries


def target_detail(plan, unit, target, selected, ranking=True):
    """One target at a unit: its standing with trend and forecast, and the ranking of the unit's children
    (best first), each judged against the target."""
    indicator = target.definition
    if indicator is None:
        return {"standing": standing(target, unit.level, None, None), "ranking": [], "shown_period": None}
    period = period_for(indicator.period_kind, selected)
    trend = trend_periods(indicator.period_kind, plan, selected)
    own = {
        (indicator.key, p): (n, d) for p, n, d in IndicatorValue.objects.filter(
            region_id=unit.code, indicator=indicator.key, period__in={p.key for p in trend} | {period.key},
        ).values_list("period", "numerator", "denominator")
    }
    points = [(p, _value(indicator, own.get((indicator.key, p.key)))) for p in trend]
    result = standing(target, unit.level, period, own.get((indicator.key, period.key)), points)

    if not ranking:
        return {"standing": result, "ranking": [], "shown_period": period, "indicator": indicator}
    children = list(Region.objects.filter(parent_id=unit.code, level__in=STATISTICAL_LEVELS)
                    .order_by("code").only("code", "name", "level"))
    rows = dict(
        (code, (n, d)) for code, n, d in IndicatorValue.objects.filter(
            parent_code=unit.code, indicator=indicator.key, period=period.key,
        ).values_list("region_id", "numerator", "denominator")
    ) if children else {}
    ranking = [(child, standing(target, child.level, period, rows.get(child.code))) for child in children]
    ranking.sort(key=lambda pair: _rank_key(target, pair[1]))
    return {"standing": result, "ranking": ranking, "shown_period": period, "indicator": indicator}


def _rank_key(target, row):
    """Measured units first, best first; then those without data; then the rest."""
    if row.value is None:
        return (1, 0)
    return (0, -row.value if target.comparator == ">=" else row.value)


def unmet_units(target, indicator, unit, period, page_number):
    """The units at the indicator's own level (usually villages) under `unit` whose value misses the target,
    worst first, one page at a time: the records behind a share such as "78% 无案村"."""
    rows = IndicatorValue.objects.filter(
        indicator=indicator.key, period=period.key, level=indicator.level, denominator__gt=0,
    )
    if indicator.level == unit.level:
        rows = rows.filter(region_id=unit.code)
    elif CHILD_LEVEL.get(unit.level) == indicator.level:
        rows = rows.filter(parent_code=unit.code)
    else:
        parent_level = LEVEL_ORDER[LEVEL_ORDER.index(indicator.level) - 1]
        rows = rows.filter(
            parent_code__in=Region.objects.filter(level=parent_level, code__prefix=unit.code).values("code"))
    rows = rows.annotate(share=F("numerator") / F("denominator"))
    if target.comparator == ">=":
        rows = rows.filter(numerator__lt=F("denominator") * target.value).order_by("share", "region_id")
    else:
        rows = rows.filter(numerator__gt=F("denominator") * target.value).order_by("-share", "region_id")
    rows = rows.select_related("region").only(
        "region__code", "region__name", "region__level", "numerator", "denominator", "period", "indicator")
    page = Paginator(rows, UNMET_PAGE_SIZE).get_page(page_number)
    page.standings = []
    for row in page.object_list:
        result = standing(target, row.region.level, period, (row.numerator, row.denominator))
        if indicator.records_url is not None:
            result.records_url = indicator.records_url(row.region.code, period)
        page.standings.append((row.region, result))
    return page
