"""A write marks its unit dirty; the refresh recomputes only that unit and its ancestors, and the
result equals a full recompute."""

import datetime

from xiangzhi.core.audit import record_event
from xiangzhi.legal import actions as legal_actions
from xiangzhi.targets import dirty, engine
from xiangzhi.targets import receivers  # noqa: F401  (connects the audit-event hook, as apps.ready() does)
from xiangzhi.targets.models import DirtyUnit, IndicatorValue
from xiangzhi.targets.periods import Period
from xiangzhi.targets.tasks import refresh_indicators

from .engine_data import A, A1, A2, B1, COUNTY, PROVINCE, SOURCE, table, test_plan, value  # noqa: F401


def set_advisor(actor, village):
    return legal_actions.set_advisor(actor, village, name="王律师", firm="阳朔律师事务所", phone="13800138000")


def marked():
    return sorted(DirtyUnit.objects.values_list("region_code", flat=True))


def test_a_real_action_marks_its_village_and_the_refresh_equals_a_full_recompute(personas, test_plan):
    SOURCE["test.ratio"] = {"2025": {A1: (1, 2), B1: (1, 1)}}
    engine.recompute()
    assert value(A1, "test.advisors", str(datetime.date.today().year)) == (0, 1)
    set_advisor(personas.cadre_a1, A1)
    assert marked() == [A1]

    stats = engine.refresh_dirty()
    year = str(datetime.date.today().year)
    assert value(A1, "test.advisors", year) == (1, 1)
    assert value(A, "test.advisors", year) == (1, 2)
    assert value(PROVINCE, "test.advisors", year) == (1, 3)
    assert DirtyUnit.objects.count() == 0
    assert stats.marks == 1 and stats.units >= 1

    incremental = table()
    IndicatorValue.objects.all().delete()
    engine.recompute()
    assert table() == incremental


def test_the_refresh_also_updates_periods_that_already_have_rows_this_year_and_last(tree, test_plan):
    this_year = datetime.date.today().year
    last_year, old_year = Period.parse(str(this_year - 1)), Period.parse(str(this_year - 3))
    SOURCE["test.count"] = {last_year.key: {A1: 1}, old_year.key: {A1: 1}}
    engine.recompute(periods=[last_year, old_year], indicators=["test.count"])
    SOURCE["test.count"] = {last_year.key: {A1: 5, A2: 1}, old_year.key: {A1: 9}}
    dirty.mark(A1)
    dirty.mark(A2)
    engine.refresh_dirty()
    assert value(A, "test.count", last_year.key) == (6, None)
    assert value(A, "test.count", old_year.key) == (1, None)  # older years are left as they were
    assert IndicatorValue.objects.filter(indicator="test.count", period=str(this_year)).exists()


def test_a_refresh_for_a_few_units_equals_a_full_recompute_for_every_kind(tree, test_plan):
    year = str(datetime.date.today().year)
    SOURCE.update({
        "test.ratio": {year: {A1: (1, 2), A2: (3, 3), B1: (0, 4)}},
        "test.units": {year: {A1: 1}},
        "test.count": {year: {B1: 2}},
        "test.township_units": {year: {A: 1}},
    })
    engine.recompute()
    SOURCE.update({
        "test.ratio": {year: {A1: (2, 2), A2: (3, 3), B1: (0, 4)}},
        "test.units": {year: {A1: 0, A2: 3}},
        "test.count": {year: {B1: 2, A2: 7}},
        "test.township_units": {year: {A: 1, B: 2}},
    })
    dirty.mark(A1 + "001")  # a 屯 of A1: its village is marked
    dirty.mark(A2)
    dirty.mark("450321101")  # a township-level write
    assert marked() == sorted([A1, A2, "450321101"])
    engine.refresh_dirty()
    incremental = table()
    assert value(COUNTY, "test.count", year) == (9, None)
    assert value(A, "test.ratio", year) == (5, 5)
    IndicatorValue.objects.all().delete()
    engine.recompute()
    assert table() == incremental


B = "450321101"


def test_grid_and_subunit_codes_mark_the_village_and_reads_mark_nothing(personas, test_plan):
    record_event(personas.grid_worker_a1, "grid_event.comment", region_code=A1 + "W01")
    record_event(personas.township_a, "mediation.intake", region_code=A)
    record_event(personas.county, "ledger.download", region_code=COUNTY)
    record_event(personas.cadre_a1, "password.change", region_code=A1)
    record_event(personas.county, "assessment.create", region_code=COUNTY)  # reads the rollups only
    assert marked() == [A, A1]


def test_a_write_that_rolls_back_leaves_no_mark(personas, test_plan):
    try:
        set_advisor(personas.cadre_a1, "450321100299")  # no such village: refused
    except Exception:
        pass
    assert marked() == []


def test_the_task_is_enqueued_once_per_transaction_after_commit(personas, test_plan,
                                                               django_capture_on_commit_callbacks):
    engine.recompute()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        set_advisor(personas.cadre_a1, A1)
        set_advisor(personas.township_a, A2)
        assert DirtyUnit.objects.count() == 2
    year = str(datetime.date.today().year)
    # Both writes commit with the test's transaction: one refresh for all their audit events.
    assert len(callbacks) == 1
    assert value(A, "test.advisors", year) == (2, 2)  # the immediate task backend refreshed them
    assert DirtyUnit.objects.count() == 0


def test_the_task_returns_what_it_did(tree, test_plan):
    engine.recompute()
    dirty.mark(B1)
    result = refresh_indicators.enqueue()
    assert result.return_value["marks"] == 1
    assert result.return_value["errors"] == []
    assert DirtyUnit.objects.count() == 0
