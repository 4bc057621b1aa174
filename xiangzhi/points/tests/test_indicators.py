"""积分制 reach per village: households with a points entry in the period / households registered by its end."""

import datetime

import pytest
from django.utils import timezone

from xiangzhi.people.models import Household
from xiangzhi.points.models import PointsEntry
from xiangzhi.targets.periods import Period
from xiangzhi.targets.registry import RATIO, get

from .points_data import A1, A1_TUN, A2, A2_TUN, B1, B1_TUN, make_household, seed_points

pytestmark = pytest.mark.django_db
YEAR = Period.containing("year")
LAST_YEAR = YEAR.previous()


def test_household_coverage(personas):
    cadre = personas.secretary_a1
    twice, last_year, idle = (make_household(A1_TUN) for _ in range(3))
    a2_home, b1_home = make_household(A2_TUN), make_household(B1_TUN)
    Household.objects.update(created_at=LAST_YEAR.starts)
    newcomer = make_household(A1)  # registered this year, at the village itself
    seed_points(cadre, twice, 5)
    seed_points(cadre, twice, 3)  # the same household counts once
    old = seed_points(cadre, last_year, 2)
    PointsEntry.objects.filter(pk=old.pk).update(created_at=YEAR.starts - datetime.timedelta(minutes=1))
    seed_points(personas.cadre_a2, a2_home, 4)
    assert {idle.pk, newcomer.pk, b1_home.pk}.isdisjoint(PointsEntry.objects.values_list("household_id", flat=True))

    indicator = get("points.household_coverage")
    assert (indicator.kind, indicator.module) == (RATIO, "points")
    assert indicator.compute(YEAR, None) == {A1: (1, 4), A2: (1, 1), B1: (0, 1)}
    assert indicator.compute(LAST_YEAR, None) == {A1: (1, 3), A2: (0, 1), B1: (0, 1)}
    assert indicator.compute(YEAR, [A2, B1]) == {A2: (1, 1), B1: (0, 1)}
    assert indicator.compute(YEAR, []) == {}
    assert indicator.records_url(A1, YEAR) == f"/points/ledger/?village={A1}"


def test_household_coverage_ignores_households_registered_after_the_period(personas):
    make_household(A1_TUN)
    Household.objects.update(created_at=timezone.now())
    assert get("points.household_coverage").compute(LAST_YEAR, None) == {}
