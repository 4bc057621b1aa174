"""Full recompute: unit rows, rollups by Σ numerators / Σ denominators, UNITS and COUNT, the swap."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from xiangzhi.targets import engine
from xiangzhi.targets.models import IndicatorValue
from xiangzhi.targets.periods import Period

from .engine_data import A, A1, A2, B, B1, COUNTY, CITY, PROVINCE, SOURCE, table, test_plan, value  # noqa: F401

Y2025 = Period.parse("2025")
TODAY = datetime.date(2025, 8, 15)


def test_a_township_share_is_the_sum_of_numerators_over_the_sum_of_denominators(tree, test_plan):
    SOURCE["test.ratio"] = {"2025": {A1: (1, 1), A2: (1, 9), B1: (3, 4)}}
    engine.recompute(periods=[Y2025], indicators=["test.ratio"])
    assert value(A1, "test.ratio", "2025") == (1, 1)
    assert value(A, "test.ratio", "2025") == (2, 10)  # 20 %, not the 55.6 % average of 100 % and 11 %
    assert value(B, "test.ratio", "2025") == (3, 4)
    assert value(COUNTY, "test.ratio", "2025") == (5, 14)
    assert value(CITY, "test.ratio", "2025") == (5, 14)
    assert value(PROVINCE, "test.ratio", "2025") == (5, 14)
    row = IndicatorValue.objects.get(region_id=A1, indicator="test.ratio")
    assert (row.parent_code, row.level) == (A, "village")
    assert IndicatorValue.objects.get(region_id=PROVINCE, indicator="test.ratio").parent_code == ""


def test_units_count_every_unit_of_the_level_even_those_without_records(tree, test_plan):
    SOURCE["test.units"] = {"2025": {A1: 2, B1: 1}}  # A2 has no records: measure 0
    engine.recompute(periods=[Y2025], indicators=["test.units"])
    assert value(A1, "test.units", "2025") == (1, 1)
    assert value(A2, "test.units", "2025") == (0, 1)
    assert value(A, "test.units", "2025") == (1, 2)
    assert value(COUNTY, "test.units", "2025") == (2, 3)


def test_a_township_level_indicator_counts_townships(tree, test_plan):
    SOURCE["test.township_units"] = {"2025": {A: 1}}
    engine.recompute(periods=[Y2025], indicators=["test.township_units"])
    assert value(A, "test.township_units", "2025") == (1, 1)
    assert value(B, "test.township_units", "2025") == (0, 1)
    assert value(COUNTY, "test.township_units", "2025") == (1, 2)
    assert not IndicatorValue.objects.filter(indicator="test.township_units", level="village").exists()


def test_counts_are_summed_without_a_denominator(tree, test_plan):
    SOURCE["test.count"] = {"2025": {A1: 3, B1: 2}}
    engine.recompute(periods=[Y2025], indicators=["test.count"])
    assert value(A, "test.count", "2025") == (3, None)
    assert value(B, "test.count", "2025") == (2, None)
    assert value(PROVINCE, "test.count", "2025") == (5, None)
    assert not IndicatorValue.objects.filter(region_id=A2, indicator="test.count").exists()


def test_a_year_asked_for_a_quarterly_indicator_computes_its_quarters_begun(tree, test_plan):
    SOURCE["test.quarterly"] = {"2025Q1": {A1: (1, 2)}, "2025Q3": {A1: (2, 2)}}
    engine.recompute(periods=[Y2025], indicators=["test.quarterly"], today=TODAY)
    periods = set(IndicatorValue.objects.filter(indicator="test.quarterly").values_list("period", flat=True))
    assert periods == {"2025Q1", "2025Q2", "2025Q3"}  # Q4 has not begun
    assert value(A, "test.quarterly", "2025Q3") == (2, 2)


def test_a_recompute_replaces_the_old_rows(tree, test_plan):
    SOURCE["test.ratio"] = {"2025": {A1: (1, 2), B1: (1, 1)}}
    engine.recompute(periods=[Y2025], indicators=["test.ratio"])
    SOURCE["test.ratio"] = {"2025": {A1: (2, 2)}}
    engine.recompute(periods=[Y2025], indicators=["test.ratio"])
    assert value(A1, "test.ratio", "2025") == (2, 2)
    assert not IndicatorValue.objects.filter(region_id=B1, indicator="test.ratio").exists()
    assert value(COUNTY, "test.ratio", "2025") == (2, 2)


def test_a_failure_mid_way_leaves_the_old_rows(tree, test_plan, monkeypatch):
    SOURCE["test.ratio"] = {"2025": {A1: (1, 2), B1: (1, 1)}}
    engine.recompute(periods=[Y2025], indicators=["test.ratio"])
    before = table("test.ratio")
    # A1 changes (an UPDATE), B1 is gone (a DELETE), A2 is new (an INSERT, which fails half-way).
    SOURCE["test.ratio"] = {"2025": {A1: (2, 2), A2: (1, 3)}}
    original = engine.insert_values

    def half_then_fail(indicator_key, period_key, rows, now):
        original(indicator_key, period_key, rows[:3], now)
        raise RuntimeError("disk full")

    monkeypatch.setattr(engine, "insert_values", half_then_fail)
    with pytest.raises(RuntimeError):
        engine.recompute(periods=[Y2025], indicators=["test.ratio"])
    monkeypatch.undo()
    assert table("test.ratio") == before


def test_a_recompute_writes_only_what_changed(tree, test_plan):
    SOURCE["test.ratio"] = {"2025": {A1: (1, 2), B1: (1, 1)}}
    engine.recompute(periods=[Y2025], indicators=["test.ratio"])
    stamps = dict(IndicatorValue.objects.filter(indicator="test.ratio").values_list("region_id", "computed_at"))
    SOURCE["test.ratio"] = {"2025": {A1: (2, 2), A2: (0, 1)}}  # the county's sums stay 2/3
    engine.recompute(periods=[Y2025], indicators=["test.ratio"])
    after = dict(IndicatorValue.objects.filter(indicator="test.ratio").values_list("region_id", "computed_at"))
    assert B1 not in after and after[A2] > stamps[A1]  # gone, and new
    assert after[A1] > stamps[A1]  # changed
    assert after[COUNTY] == stamps[COUNTY] and after[CITY] == stamps[CITY]  # 2/3 → 2/3: not rewritten
    assert value(COUNTY, "test.ratio", "2025") == (2, 3) and value(A, "test.ratio", "2025") == (2, 3)


def test_pending_targets_are_not_computed(tree, test_plan):
    stats = engine.recompute(periods=[Y2025])
    assert stats.indicators == 6
    assert not IndicatorValue.objects.filter(indicator__startswith="future.").exists()


def test_the_command_rebuilds_a_period_with_a_progress_line_per_indicator(tree, test_plan):
    SOURCE["test.count"] = {"2024": {A1: 4}}
    err, out = io.StringIO(), io.StringIO()
    call_command("recompute_indicators", "--period", "2024", "--indicator", "test.count", stderr=err, stdout=out)
    assert value(PROVINCE, "test.count", "2024") == (4, None)
    assert "[##############################] 1/1 test.count 2024" in err.getvalue()
    assert "完成：1 个指标" in out.getvalue()


def test_the_command_all_covers_every_year_of_the_plan(tree, test_plan):
    SOURCE["test.count"] = {"2021": {A1: 1}, "2023": {B1: 2}}
    call_command("recompute_indicators", "--period", "all", "--indicator", "test.count",
                 stderr=io.StringIO(), stdout=io.StringIO())
    periods = set(IndicatorValue.objects.filter(indicator="test.count").values_list("period", flat=True))
    assert {"2021", "2022", "2023", "2024", "2025"} <= periods
    assert value(COUNTY, "test.count", "2023") == (2, None)


def test_the_command_refuses_a_bad_period_in_chinese(tree, test_plan):
    with pytest.raises(CommandError, match="不是有效的统计期"):
        call_command("recompute_indicators", "--period", "2025Q5", stderr=io.StringIO())
    with pytest.raises(CommandError, match="没有名为 nope 的规划文件"):
        call_command("recompute_indicators", "--plan", "nope", stderr=io.StringIO())
    assert not IndicatorValue.objects.exists()


def python_rollup(indicator_key, period_key):
    """Every ancestor's (Σ numerators, Σ denominators) summed in Python from the unit rows (the engine's
    rollup before it moved into SQL)."""
    from xiangzhi.targets import registry
    from xiangzhi.targets.engine import Hierarchy, ancestor_codes

    indicator = registry.get(indicator_key)
    hierarchy = Hierarchy.load()
    count = indicator.kind == registry.COUNT
    totals = {code: [0.0, None if count else 0.0] for level in engine.UPPER_LEVELS
              if engine.CODE_LENGTHS[level] < engine.CODE_LENGTHS[indicator.level] for code in hierarchy.by_level[level]}
    for code, numerator, denominator in IndicatorValue.objects.filter(
            indicator=indicator_key, period=period_key, level=indicator.level).values_list(
            "region_id", "numerator", "denominator"):
        for ancestor in ancestor_codes(code):
            if ancestor in totals:
                totals[ancestor][0] += numerator
                if not count:
                    totals[ancestor][1] += denominator
    return {code: tuple(total) for code, total in totals.items()}


def upper_rows(indicator_key, period_key, level):
    return {code: (numerator, denominator) for code, numerator, denominator in IndicatorValue.objects.filter(
        indicator=indicator_key, period=period_key).exclude(level=level).values_list(
        "region_id", "numerator", "denominator")}


@pytest.mark.parametrize("key, source", [
    ("test.ratio", {A1: (1, 2), A2: (0, 3), B1: (5, 5)}),
    ("test.units", {A1: 2, B1: 0}),
    ("test.count", {A1: 3, A2: 1}),
    ("test.township_units", {A: 1}),
])
def test_the_sql_rollup_equals_the_python_sums_first_build_and_again(tree, test_plan, key, source):
    from xiangzhi.targets import registry

    level = registry.get(key).level
    SOURCE[key] = {"2025": source}
    engine.recompute(periods=[Y2025], indicators=[key])  # a first build: INSERT … SELECT
    assert upper_rows(key, "2025", level) == python_rollup(key, "2025")
    changed = dict(source)
    changed.pop(next(iter(changed)))  # a unit loses its records
    SOURCE[key] = {"2025": changed}
    engine.recompute(periods=[Y2025], indicators=[key])  # rows present: diffed against the sums
    assert upper_rows(key, "2025", level) == python_rollup(key, "2025")



def rows_of(key):
    return sorted(IndicatorValue.objects.filter(indicator=key, period="2025").values_list(
        "region_id", "parent_code", "level", "numerator", "denominator"))


@pytest.mark.parametrize("key, source, meets_zero", [
    ("test.ratio", {A1: (1, 2), A2: (0, 3), B1: (5, 5), A: (9, 9), "459999999999": (1, 1)}, False),
    ("test.units", {A1: 2, B1: 0, A: 5, "459999999999": 3}, False),
    ("test.units", {A1: 2, B1: 0}, True),  # a measure of 0 meets it: the failing codes are the ones sent
    ("test.units", {}, False),
    ("test.count", {A1: 3, A2: 1, A: 4}, False),
    ("test.township_units", {A: 1}, False),
])
def test_a_first_build_inserted_by_the_database_equals_the_rows_built_in_python(
        tree, test_plan, monkeypatch, key, source, meets_zero):
    """insert_leaves (codes and values sent, parent and level read from the regions table) writes the same
    rows as leaf_values + insert_values; a code that is no unit of the level (a township in a village
    indicator's result, an unknown code) is left out by both."""
    from dataclasses import replace

    from django.db import transaction
    from django.utils import timezone

    from xiangzhi.targets import registry

    indicator = registry.get(key)
    if meets_zero:
        indicator = replace(indicator, meets=lambda measure: measure < 1)
    SOURCE[key] = {"2025": source}
    now = timezone.now()
    hierarchy = engine.Hierarchy.load()
    assert engine.rebuild(indicator, Y2025, hierarchy, now) == len(rows_of(key))  # a first build: SQL
    by_database = rows_of(key)
    IndicatorValue.objects.filter(indicator=key).delete()
    result = indicator.compute(Y2025, None)
    leaves = engine.leaf_values(indicator, result, hierarchy.by_level[indicator.level])
    python_rows = [(code, hierarchy.parent[code], indicator.level, *pair) for code, pair in leaves.items()]
    engine.swap_in(indicator, "2025", python_rows, now)  # no result: the rows as built in Python
    assert by_database == rows_of(key)
    with transaction.atomic():  # too many codes for one statement: the VALUES path, same rows
        IndicatorValue.objects.filter(indicator=key).delete()
        monkeypatch.setattr(engine, "_max_params", lambda: 9)
        engine.rebuild(indicator, Y2025, hierarchy, now)
        assert rows_of(key) == by_database
