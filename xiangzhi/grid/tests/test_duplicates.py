"""Duplicate suggestion: same category, near in space and time, still open."""

from datetime import timedelta

import pytest
from django.utils import timezone

from xiangzhi.grid.duplicates import DUPLICATE_DISTANCE_METRES, distance_metres, suggest_duplicates
from xiangzhi.grid.events import take_step
from xiangzhi.grid.models import Event

from .event_data import A1_TUN, A1_TUN2, A2_TUN, categories, media_in_tmp, new_event  # noqa: F401

pytestmark = pytest.mark.django_db

LAT, LON = "24.778000", "110.496000"
# About 111 m per 0.001° of latitude.
NORTH_100M, NORTH_150M, NORTH_500M = "24.778900", "24.779350", "24.782500"


def test_distance_is_the_great_circle_one():
    assert round(distance_metres(LAT, LON, NORTH_100M, LON)) == 100
    assert 490 < distance_metres(LAT, LON, NORTH_500M, LON) < 510


def test_near_recent_open_events_of_the_same_category_nearest_first(personas, categories):
    far = new_event(personas.villager_a1, categories.garbage, latitude=NORTH_500M, longitude=LON)
    near = new_event(personas.villager_a1, categories.garbage, latitude=NORTH_100M, longitude=LON)
    nearer = new_event(personas.cadre_a1, categories.garbage, latitude=LAT, longitude="110.496300")
    new_event(personas.villager_a1, categories.sewage, latitude=LAT, longitude=LON)  # another category
    old = new_event(personas.villager_a1, categories.garbage, latitude=LAT, longitude=LON)
    Event.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(hours=80))
    closed = new_event(personas.villager_a1, categories.garbage, latitude=LAT, longitude=LON)
    Event.objects.filter(pk=closed.pk).update(state="closed")
    no_point_same_place = new_event(personas.villager_a1, categories.garbage, region=A1_TUN)
    new_event(personas.villager_a1, categories.garbage, region=A1_TUN2)  # no point, another 屯

    incoming = {"category": categories.garbage, "region": A1_TUN, "latitude": LAT, "longitude": LON}
    found = suggest_duplicates(incoming)
    assert [event.pk for event in found] == [nearer.pk, near.pk, no_point_same_place.pk]
    assert [event.distance_metres for event in found] == [30, 100, None]
    assert far.pk not in [event.pk for event in found] and DUPLICATE_DISTANCE_METRES == 200
    assert [event.pk for event in suggest_duplicates(incoming, limit=1)] == [nearer.pk]


def test_a_reported_event_is_not_its_own_duplicate_and_merged_ones_drop_out(personas, categories):
    first = new_event(personas.villager_a1, categories.garbage, latitude=LAT, longitude=LON)
    second = new_event(personas.grid_worker_a1, categories.garbage, region=A1_TUN, latitude=NORTH_150M, longitude=LON)
    assert [event.pk for event in suggest_duplicates(second)] == [first.pk]
    assert [event.pk for event in suggest_duplicates(first)] == [second.pk]
    take_step(personas.township_a, Event.objects.get(pk=second.pk), "merge", merge_into=first.pk)
    assert suggest_duplicates(Event.objects.get(pk=first.pk)) == []


def test_without_a_point_only_the_same_place_counts(personas, categories):
    same = new_event(personas.villager_a1, categories.garbage, region=A1_TUN)
    new_event(personas.cadre_a2, categories.garbage, region=A2_TUN)
    found = suggest_duplicates({"category": categories.garbage.pk, "region": A1_TUN})
    assert [event.pk for event in found] == [same.pk]
