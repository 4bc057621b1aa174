"""The linear forecast of a unit against a target's deadline."""

import dataclasses
import datetime

import pytest

from xiangzhi.targets import engine
from xiangzhi.targets.forecast import forecast
from xiangzhi.targets.periods import Period

from .engine_data import A, A1, A2, SOURCE, test_plan  # noqa: F401

YEARS = [Period.parse(str(year)) for year in (2022, 2023, 2024)]


@pytest.fixture
def history(tree, test_plan):
    # Township A: 50 %, 60 %, 70 % over three years (sums of its villages).
    SOURCE["test.ratio"] = {
        "2022": {A1: (4, 10), A2: (6, 10)}, "2023": {A1: (5, 10), A2: (7, 10)}, "2024": {A1: (6, 10), A2: (8, 10)},
    }
    engine.recompute(periods=YEARS, indicators=["test.ratio"])
    return test_plan


def test_the_line_through_the_years_is_projected_to_the_deadline(history):
    target = dataclasses.replace(history.target("test.ratio"), deadline=2025)  # ≥ 90 % by 2025
    result = forecast(A, target, today=datetime.date(2024, 11, 1))
    assert result.projected == pytest.approx(0.8)
    assert result.slope == pytest.approx(0.1)
    assert not result.will_meet and not result.actual
    assert [key for key, _ in result.points] == ["2022", "2023", "2024"]
    assert forecast(A1, target, today=datetime.date(2024, 11, 1)).projected == pytest.approx(0.7)


def test_a_falling_share_is_not_projected_below_zero(tree, test_plan):
    SOURCE["test.ratio"] = {"2023": {A1: (9, 10)}, "2024": {A1: (1, 10)}}
    engine.recompute(periods=YEARS[1:], indicators=["test.ratio"])
    target = dataclasses.replace(test_plan.target("test.ratio"), deadline=2025)
    result = forecast(A1, target, today=datetime.date(2024, 12, 1))
    assert result.projected == 0.0 and not result.will_meet


def test_fewer_than_two_values_give_no_forecast(tree, test_plan):
    SOURCE["test.ratio"] = {"2024": {A1: (9, 10)}}
    engine.recompute(periods=YEARS, indicators=["test.ratio"])
    assert forecast(A1, test_plan.target("test.ratio"), today=datetime.date(2024, 12, 1)) is None


def test_after_the_deadline_the_actual_value_of_the_deadline_year_counts(history):
    SOURCE["test.ratio"]["2025"] = {A1: (9, 10), A2: (10, 10)}
    engine.recompute(periods=[Period.parse("2025")], indicators=["test.ratio"])
    target = dataclasses.replace(history.target("test.ratio"), deadline=2025)
    result = forecast(A, target, today=datetime.date(2026, 3, 1))
    assert result.actual and result.projected == pytest.approx(0.95) and result.will_meet


def test_a_pending_target_has_no_forecast(history):
    assert forecast(A, history.target("future.child_director_coverage")) is None
