"""The rollup engine: indicator values per unit and period, summed up the region tree.

For each measured indicator of the plan and each period, the module's compute() is asked once
for every unit (one GROUP BY in the module), the unit rows are built (UNITS: every unit of the
indicator's level counts 1 in the denominator) and summed into their township, county, city and
province by code prefix — so a township's share is Σ numerators / Σ denominators of its
villages, never an average of their shares. The rows of one indicator and period are swapped
in one transaction (delete, bulk insert): a reader sees the old set or the new one, never half.

After a write, `refresh_dirty()` recomputes only the marked units (compute(period, codes)) and
re-sums their ancestors from their children's rows; the result equals a full recompute.
"""

import logging
import time
from dataclasses import asdict, dataclass, field

from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone

from xiangzhi.regions.models import CODE_LENGTHS, STATISTICAL_LEVELS, Level, Region

from . import registry
from .models import DirtyUnit, IndicatorValue
from .periods import KINDS, Period
from .plans import Plan, load_plan

logger = logging.getLogger(__name__)

# Levels above a unit, nearest first: a village's rows are summed into these.
UPPER_LEVELS = (Level.TOWNSHIP, Level.COUNTY, Level.CITY, Level.PROVINCE)
# Beyond this many units, a refresh rebuilds the indicator's whole period (one GROUP BY) instead.
FULL_REBUILD_UNITS = 2000
INSERT_BATCH = 5000


@dataclass
class Stats:
    indicators: int = 0
    periods: int = 0  # (indicator, period) pairs written
    rows: int = 0
    units: int = 0  # units refreshed (refresh_dirty)
    marks: int = 0  # dirty marks consumed (refresh_dirty)
    seconds: float = 0.0
    errors: list = field(default_factory=list)

    def as_dict(self):
        return asdict(self)


# --- the tree ----------------------------------------------------------------------------

class Hierarchy:
    """The statistical units (province … village): each code's level and parent."""

    def __init__(self, rows):
        self.level = {}
        self.parent = {}
        self.by_level = {level: [] for level in STATISTICAL_LEVELS}
        for code, level, parent in rows:
            self.level[code] = level
            self.parent[code] = parent or ""
            self.by_level[level].append(code)

    @classmethod
    def load(cls, codes=None):
        regions = Region.objects.filter(level__in=STATISTICAL_LEVELS)
        if codes is not None:
            regions = regions.filter(code__in=codes)
        return cls(regions.values_list("code", "level", "parent_id").iterator(chunk_size=5000))


def ancestor_codes(code):
    """The prefixes of a unit's code that name its township, county, city and province."""
    return [code[:CODE_LENGTHS[level]] for level in UPPER_LEVELS if CODE_LENGTHS[level] < len(code)]


# --- periods -----------------------------------------------------------------------------

def _size(kind):
    return {"year": 1, "quarter": 4, "month": 12}[kind]


def periods_for(indicator, periods=None, today=None):
    """The periods of the indicator's kind to compute.

    None: every period of the current year that has begun. Otherwise each given period is
    taken as is when of the indicator's kind, split into the indicator's periods that have begun
    when coarser (2026 → 2026Q1…Q3 in August for a quarterly indicator) and replaced by the
    period containing it when finer (2026-07 → 2026 for a yearly one).
    """
    today = today or timezone.localdate()
    kind = indicator.period_kind
    if periods is None:
        return [period for period in Period.in_year(kind, today.year) if period.first <= today]
    chosen = set()
    for period in periods:
        if period.kind == kind:
            chosen.add(period)
        elif KINDS.index(period.kind) < KINDS.index(kind):
            chosen.update(
                p for p in Period.in_year(kind, period.year)
                if period.first <= p.first <= period.last and p.first <= today
            )
        else:
            chosen.add(Period.containing(kind, period.first))
    return sorted(chosen)


def period_for(indicator, period, today=None):
    """The one period of the indicator's kind that stands for `period` on a page: itself, the
    one containing it, or — for a coarser period — its latest one that has begun."""
    today = today or timezone.localdate()
    if period.kind == indicator.period_kind:
        return period
    candidates = periods_for(indicator, [period], today)
    return candidates[-1] if candidates else Period.in_year(indicator.period_kind, period.year)[0]


def refresh_periods(indicator, today=None):
    """After a write: the current period of the indicator's kind and every period of this and
    last year that already has rows."""
    today = today or timezone.localdate()
    kind = indicator.period_kind
    candidates = {p.key: p for year in (today.year - 1, today.year) for p in Period.in_year(kind, year)}
    existing = set(
        IndicatorValue.objects.filter(indicator=indicator.key, period__in=list(candidates))
        .values_list("period", flat=True).distinct()
    )
    chosen = {Period.containing(kind, today)} | {candidates[key] for key in existing}
    return sorted(chosen)


# --- arithmetic --------------------------------------------------------------------------

def leaf_values(indicator, result, units):
    """{unit code: (numerator, denominator)} for the units of the indicator's level."""
    if indicator.kind == registry.UNITS:
        return {code: (1.0 if indicator.meets(result.get(code, 0) or 0) else 0.0, 1.0) for code in units}
    units = set(units)
    values = {}
    for code, value in result.items():
        if code not in units:
            continue  # a code that is no unit of this level (stale or mistaken) is left out
        if indicator.kind == registry.COUNT:
            values[code] = (float(value or 0), None)
        else:
            numerator, denominator = value
            values[code] = (float(numerator or 0), float(denominator or 0))
    return values


def empty_total(indicator):
    return [0.0, None if indicator.kind == registry.COUNT else 0.0]


def roll_up(indicator, leaves, upper_codes):
    """Σ numerators and Σ denominators of the leaves under each upper unit (by code prefix)."""
    totals = {code: empty_total(indicator) for code in upper_codes}
    for code, (numerator, denominator) in leaves.items():
        for ancestor in ancestor_codes(code):
            total = totals.get(ancestor)
            if total is None:
                continue
            total[0] += numerator
            if denominator is not None:
                total[1] += denominator
    return totals


def _row(indicator, period, code, level, parent, numerator, denominator, now):
    return IndicatorValue(
        indicator=indicator.key, period=period.key, region_id=code, parent_code=parent, level=level,
        numerator=numerator, denominator=denominator, computed_at=now,
    )


# --- full rebuild ------------------------------------------------------------------------

def rebuild(indicator, period, hierarchy, now=None):
    """Compute one indicator for one period for every unit and swap the rows in; returns the count."""
    now = now or timezone.now()
    result = indicator.compute(period, None)
    leaf_level = indicator.level
    units = hierarchy.by_level[leaf_level]

    def leaf_rows():
        return [
            (code, hierarchy.parent[code], leaf_level, numerator, denominator)
            for code, (numerator, denominator) in leaf_values(indicator, result, units).items()
        ]

    return swap_in(indicator, period.key, leaf_rows, now, result=result)


def swap_in(indicator, period_key, leaf_rows, now, result=None):
    """Make an indicator's rows of one period equal `leaf_rows` — (region code, parent code, level,
    numerator, denominator) of the units of its level, or a function returning them — and their
    ancestors' sums, in one transaction: a reader sees the old set or the new one. Returns the
    number of rows it holds.

    Only what differs is written (rows of units gone are deleted, changed values updated, new units
    inserted): the nightly or ten-minute recompute mostly finds the values it computed last time,
    and rewriting some 18,000 unchanged rows per indicator and period cost more than computing
    them. `computed_at` is therefore the time the value last changed. The ancestors' rows are
    summed by the database from the rows of the level below (GROUP BY the code's prefix), not in
    Python. On a first build (no row of the period yet) with the module's `result` at hand, the
    unit rows are inserted by the database too — from the regions table, with only the codes and
    values sent (see insert_leaves) — and the ancestors by INSERT … SELECT."""
    values = IndicatorValue.objects.filter(indicator=indicator.key, period=period_key)
    upper_levels = [level for level in UPPER_LEVELS if CODE_LENGTHS[level] < CODE_LENGTHS[indicator.level]]
    with transaction.atomic():
        existing = dict(((code, level), (numerator, denominator)) for code, level, numerator, denominator
                        in values.values_list("region_id", "level", "numerator", "denominator"))
        if not existing and result is not None:
            inserted = insert_leaves(indicator, period_key, result, now)
            return inserted + insert_rollup(indicator, period_key, upper_levels, now)
        if callable(leaf_rows):
            leaf_rows = leaf_rows()
        wanted = {row[0] for row in leaf_rows}
        gone_leaves = [code for code, level in existing if level == indicator.level and code not in wanted]
        existing = {code: value for (code, _level), value in existing.items()}
        _delete(values, gone_leaves)  # deleted before the sums are taken
        _write_diff(indicator.key, period_key, leaf_rows, existing, now)
        if not existing:  # a first build: no row of the period yet, so none above to compare with
            inserted = insert_rollup(indicator, period_key, upper_levels, now)
            return len(leaf_rows) + inserted
        for level in upper_levels:  # nearest first: each level is summed from the one just written
            upper_rows = rollup_rows(indicator, period_key, [level])
            wanted.update(row[0] for row in upper_rows)
            _write_diff(indicator.key, period_key, upper_rows, existing, now)
        gone_leaves = set(gone_leaves)
        _delete(values, [code for code in existing if code not in wanted and code not in gone_leaves])
    return len(wanted)


def _max_params():
    """How many parameters one statement may carry: SQLite's compiled limit when Python can read it
    (32,766 since SQLite 3.32; Django assumes 999), PostgreSQL's protocol limit otherwise."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        try:
            import sqlite3

            return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        except AttributeError:  # Python < 3.11
            return connection.features.max_query_params or 999
    return connection.features.max_query_params or 65535


def insert_leaves(indicator, period_key, result, now):
    """INSERT the unit rows of a first build from the regions table, sending only codes and values.

    UNITS: every unit of the level, 1 in the numerator for those whose measure meets the condition
    (the codes sent are the minority: those meeting it, or those failing it when a measure of 0
    meets it), 1 in the denominator. RATIO and COUNT: the units in the result, (code, numerator,
    denominator) sent as a VALUES list joined with the regions table for the parent and level —
    a code that is no unit of the level drops out of the join, as in leaf_values. Building a Python
    row per unit and writing it with executemany cost some 0.3 s per 18,000 rows; this, a third.
    Returns the number of rows inserted."""
    quote = connection.ops.quote_name
    table = quote(IndicatorValue._meta.db_table)
    regions = quote(Region._meta.db_table)
    columns = ", ".join(quote(column) for column in (
        "indicator", "period", "region_code", "parent_code", "level", "numerator", "denominator", "computed_at"))
    stamp = connection.ops.adapt_datetimefield_value(now)
    limit = _max_params() - 8
    inserted = 0
    with connection.cursor() as cursor:
        if indicator.kind == registry.UNITS:
            zero_meets = bool(indicator.meets(0))
            listed = [code for code, measure in result.items() if bool(indicator.meets(measure or 0)) != zero_meets]
            as_array = connection.vendor == "postgresql"
            if as_array or len(listed) <= limit:
                hit, miss = ("0.0", "1.0") if zero_meets else ("1.0", "0.0")
                # IN (a list): SQLite looks the codes up in a set built once (a join with the VALUES list
                # instead was a nested loop on SQLite: 16,000 × the codes sent). PostgreSQL gets them as
                # one array parameter, = ANY(%s), also hashed: some 11,000 separate literals in an IN list
                # cost more to quote, parse and plan (~0.15 s) than the insert of the 16,000 rows itself.
                if not listed:
                    measure, sent = miss, []
                elif as_array:
                    measure, sent = f"CASE WHEN r.code = ANY(%s) THEN {hit} ELSE {miss} END", [listed]
                else:
                    measure = f"CASE WHEN r.code IN ({', '.join(['%s'] * len(listed))}) THEN {hit} ELSE {miss} END"
                    sent = listed
                cursor.execute(
                    f"INSERT INTO {table} ({columns}) SELECT %s, %s, r.code, COALESCE(r.parent_id, ''), r.level, "
                    f"{measure}, 1.0, %s FROM {regions} r WHERE r.level = %s",
                    [indicator.key, period_key, *sent, stamp, indicator.level])
                return cursor.rowcount
        units = None if indicator.kind != registry.UNITS else Region.objects.filter(level=indicator.level)
        if units is not None:  # too many codes for one statement: the rows as leaf_values makes them
            codes = list(units.values_list("code", flat=True))
            values = [(code, *pair) for code, pair in leaf_values(indicator, result, codes).items()]
        elif indicator.kind == registry.COUNT:
            values = [(code, float(value or 0), None) for code, value in result.items()]
        else:
            values = [(code, float(numerator or 0), float(denominator or 0))
                      for code, (numerator, denominator) in result.items()]
        batch = max(1, (limit - 3) // 3)
        for start in range(0, len(values), batch):
            chunk = values[start:start + batch]
            cursor.execute(
                f"INSERT INTO {table} ({columns}) SELECT %s, %s, r.code, COALESCE(r.parent_id, ''), r.level, "
                "CAST(v.column2 AS DOUBLE PRECISION), CAST(v.column3 AS DOUBLE PRECISION), %s "
                f"FROM (VALUES {', '.join(['(%s, %s, %s)'] * len(chunk))}) v "
                f"JOIN {regions} r ON r.code = v.column1 AND r.level = %s",
                [indicator.key, period_key, stamp, *(value for row in chunk for value in row), indicator.level])
            inserted += cursor.rowcount
    return inserted


def _delete(values, codes):
    for start in range(0, len(codes), 500):
        values.filter(region_id__in=codes[start:start + 500]).delete()


def _write_diff(indicator_key, period_key, rows, existing, now):
    changed = [row for row in rows if row[0] in existing and existing[row[0]] != (row[3], row[4])]
    update_values(indicator_key, period_key, changed, now)
    insert_values(indicator_key, period_key, [row for row in rows if row[0] not in existing], now)


def _rollup_select(indicator, level):
    """(code, parent code, level, Σ numerators, Σ denominators) of every unit of `level`, summed
    from the indicator's rows of the level below (its own level for the nearest): levels are summed
    nearest first, each from the rows just written — as refresh_units sums a unit's children — so
    a county's sums are read from its ~12 township rows, not from every village's again. A child
    row names its unit in parent_code (the regions' parent, whose code the child's code starts
    with: the loader refuses any other), so each unit seeks its children by the index on
    (indicator, period, parent_code); a unit without any has 0 / 0 (COUNT: 0, no denominator)."""
    quote = connection.ops.quote_name
    below = [upper for upper in UPPER_LEVELS if CODE_LENGTHS[level] < CODE_LENGTHS[upper] < CODE_LENGTHS[indicator.level]]
    source = below[-1] if below else indicator.level
    denominator = ("CAST(NULL AS DOUBLE PRECISION)" if indicator.kind == registry.COUNT
                   else f"COALESCE(SUM(v.{quote('denominator')}), 0)")
    sql = (
        f"SELECT r.code, COALESCE(r.parent_id, ''), r.level, COALESCE(SUM(v.{quote('numerator')}), 0), {denominator} "
        f"FROM {quote(Region._meta.db_table)} r LEFT JOIN {quote(IndicatorValue._meta.db_table)} v "
        f"ON v.{quote('indicator')} = %s AND v.{quote('period')} = %s AND v.{quote('parent_code')} = r.code "
        f"AND v.{quote('level')} = %s "
        f"WHERE r.level = %s GROUP BY r.code, r.parent_id, r.level"
    )
    return sql, [indicator.key, None, source, level]


def rollup_rows(indicator, period_key, levels):
    rows = []
    with connection.cursor() as cursor:
        for level in levels:
            sql, params = _rollup_select(indicator, level)
            params[1] = period_key
            cursor.execute(sql, params)
            rows += [(code, parent, row_level, float(numerator), None if denominator is None else float(denominator))
                     for code, parent, row_level, numerator, denominator in cursor.fetchall()]
    return rows


def insert_rollup(indicator, period_key, levels, now):
    """INSERT … SELECT the ancestors' sums (no rows of theirs may exist); returns the count."""
    quote = connection.ops.quote_name
    columns = ("indicator", "period", "region_code", "parent_code", "level", "numerator", "denominator",
               "computed_at")
    stamp = connection.ops.adapt_datetimefield_value(now)
    inserted = 0
    with connection.cursor() as cursor:
        for level in levels:
            select, params = _rollup_select(indicator, level)
            params[1] = period_key
            sql = (f"INSERT INTO {quote(IndicatorValue._meta.db_table)} "
                   f"({', '.join(quote(column) for column in columns)}) "
                   f"SELECT %s, %s, u.* , %s FROM ({select}) u")
            cursor.execute(sql, [indicator.key, period_key, stamp, *params])
            inserted += cursor.rowcount
    return inserted


def update_values(indicator_key, period_key, rows, now):
    """UPDATE the numerator and denominator of existing rows with executemany."""
    if not rows:
        return
    quote = connection.ops.quote_name
    statement = (f"UPDATE {quote(IndicatorValue._meta.db_table)} SET {quote('numerator')} = %s, "
                 f"{quote('denominator')} = %s, {quote('computed_at')} = %s "
                 f"WHERE {quote('indicator')} = %s AND {quote('period')} = %s AND {quote('region_code')} = %s")
    stamp = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), INSERT_BATCH):
            cursor.executemany(statement, [
                (numerator, denominator, stamp, indicator_key, period_key, code)
                for code, _parent, _level, numerator, denominator in rows[start:start + INSERT_BATCH]
            ])


def insert_values(indicator_key, period_key, rows, now):
    """INSERT the rows with executemany: a first build writes some 18,000 rows per indicator and
    period, and building a model instance per row cost more than the module's own query."""
    if not rows:
        return
    table = IndicatorValue._meta.db_table
    columns = ("indicator", "period", "region_code", "parent_code", "level", "numerator", "denominator",
               "computed_at")
    quote = connection.ops.quote_name
    statement = (f"INSERT INTO {quote(table)} ({', '.join(quote(column) for column in columns)}) "
                 f"VALUES ({', '.join(['%s'] * len(columns))})")
    stamp = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), INSERT_BATCH):
            cursor.executemany(statement, [
                (indicator_key, period_key, code, parent, level, numerator, denominator, stamp)
                for code, parent, level, numerator, denominator in rows[start:start + INSERT_BATCH]
            ])


def plan_indicators(plan, keys=None):
    indicators = plan.indicators()
    if keys:
        wanted = set(keys)
        indicators = [indicator for indicator in indicators if indicator.key in wanted]
    return indicators


def recompute(plan=None, periods=None, indicators=None, progress=None, today=None):
    """Rebuild every measured indicator of the plan for the given periods (default: the current
    year's). `indicators`: a list of keys to limit it; `progress(done, total, label, rows)` is
    called after each indicator and period."""
    started = time.monotonic()
    plan = plan if isinstance(plan, Plan) else load_plan(plan)
    chosen = plan_indicators(plan, indicators)
    work = [(indicator, period) for indicator in chosen for period in periods_for(indicator, periods, today)]
    hierarchy = Hierarchy.load()
    stats = Stats(indicators=len(chosen))
    now = timezone.now()
    for done, (indicator, period) in enumerate(work, start=1):
        rows = rebuild(indicator, period, hierarchy, now)
        stats.periods += 1
        stats.rows += rows
        if progress is not None:
            progress(done, len(work), f"{indicator.key} {period.key}", rows)
    stats.seconds = time.monotonic() - started
    return stats


# --- incremental refresh -----------------------------------------------------------------

def affected_units(indicator, dirty_codes):
    """The units of the indicator's level a write under these codes may change; None means too
    many (rebuild the whole period instead)."""
    length = CODE_LENGTHS[indicator.level]
    units = set()
    wider = []
    for code in dirty_codes:
        if len(code) >= length:
            units.add(code[:length])
        else:
            wider.append(code)
    for code in wider:
        if len(code) <= CODE_LENGTHS[Level.CITY]:
            return None
        units.update(Region.objects.filter(level=indicator.level, code__prefix=code).values_list("code", flat=True))
    return None if len(units) > FULL_REBUILD_UNITS else units


def refresh_units(indicator, period, unit_codes, now=None):
    """Recompute a few units' rows and re-sum their ancestors from their children's rows."""
    now = now or timezone.now()
    units = Hierarchy.load(unit_codes)
    codes = [code for code in units.by_level[indicator.level]]
    if not codes:
        return 0
    result = indicator.compute(period, sorted(codes))
    leaves = leaf_values(indicator, result, codes)
    leaf_length = CODE_LENGTHS[indicator.level]
    candidates = {ancestor for code in codes for ancestor in ancestor_codes(code)}
    ancestors = Hierarchy.load(candidates)
    rows = 0
    with transaction.atomic():
        values = IndicatorValue.objects.filter(indicator=indicator.key, period=period.key)
        values.filter(region_id__in=codes).delete()
        IndicatorValue.objects.bulk_create([
            _row(indicator, period, code, indicator.level, units.parent[code], numerator, denominator, now)
            for code, (numerator, denominator) in leaves.items()
        ])
        rows += len(leaves)
        for level in UPPER_LEVELS:  # nearest first: each level sums the one just written
            if CODE_LENGTHS[level] >= leaf_length or not ancestors.by_level[level]:
                continue
            level_codes = ancestors.by_level[level]
            sums = {
                row["parent_code"]: row
                for row in values.filter(parent_code__in=level_codes).values("parent_code")
                .annotate(numerator=Sum("numerator"), denominator=Sum("denominator"))
            }
            values.filter(region_id__in=level_codes).delete()
            new_rows = []
            for code in level_codes:
                total = empty_total(indicator)
                if code in sums:
                    total[0] = sums[code]["numerator"] or 0.0
                    if total[1] is not None:
                        total[1] = sums[code]["denominator"] or 0.0
                new_rows.append(_row(indicator, period, code, level, ancestors.parent[code], total[0], total[1], now))
            IndicatorValue.objects.bulk_create(new_rows)
            rows += len(new_rows)
    return rows


def refresh_dirty(plan=None, today=None):
    """Consume the pending dirty marks: recompute the marked units and their ancestors for the
    current period and every period of this and last year that has rows."""
    started = time.monotonic()
    marks = list(DirtyUnit.objects.order_by("id").values_list("id", "region_code"))
    stats = Stats(marks=len(marks))
    if not marks:
        return stats
    dirty_codes = {code for _, code in marks if code}
    plan = plan if isinstance(plan, Plan) else load_plan(plan)
    hierarchy = None
    now = timezone.now()
    for indicator in plan.indicators():
        units = affected_units(indicator, dirty_codes)
        if units is not None and not units:
            continue
        stats.indicators += 1
        try:
            for period in refresh_periods(indicator, today):
                has_rows = IndicatorValue.objects.filter(indicator=indicator.key, period=period.key).exists()
                if units is None or not has_rows:
                    hierarchy = hierarchy or Hierarchy.load()
                    stats.rows += rebuild(indicator, period, hierarchy, now)
                else:
                    stats.rows += refresh_units(indicator, period, units, now)
                    stats.units += len(units)
                stats.periods += 1
        except Exception as error:  # one module's fault must not stop the others' refresh
            logger.exception("refreshing indicator %s failed", indicator.key)
            stats.errors.append(f"{indicator.key}: {error}")
    ids = [mark_id for mark_id, _ in marks]
    for start in range(0, len(ids), 500):
        DirtyUnit.objects.filter(id__in=ids[start:start + 500]).delete()
    stats.seconds = time.monotonic() - started
    return stats
