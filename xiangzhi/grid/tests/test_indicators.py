"""Grid indicators per village: events closed on time and rated satisfied (the county view's rules),
and households visited in the period."""

import datetime

import pytest
from django.utils import timezone

from xiangzhi.grid import visits
from xiangzhi.grid.models import Event, Visit
from xiangzhi.people.models import Household
from xiangzhi.targets.periods import Period
from xiangzhi.targets.registry import get

from .event_data import A1, A1_TUN, A2_TUN, B1, B1_TUN, categories, new_event  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db
QUARTER = Period.containing("quarter")


def closed(event, *, days_late=0, rating=None, escalations=0, when=None):
    """The event as the workflow leaves it once the reporter confirms (what this test measures)."""
    when = when or timezone.now()
    Event.objects.filter(pk=event.pk).update(
        state="closed", resolve_deadline=when - datetime.timedelta(days=days_late), resolved_at=when,
        closed_at=when, rating=rating, escalation_count=escalations,
    )


def test_events_on_time_and_satisfaction(personas, categories):
    reporter = personas.cadre_a1
    closed(new_event(reporter, categories.garbage), rating=5)  # on time, satisfied
    closed(new_event(reporter, categories.garbage), days_late=2, rating=2)  # late, not satisfied
    closed(new_event(reporter, categories.garbage), escalations=1)  # escalated: not on time, unrated
    new_event(reporter, categories.garbage)  # still open: not counted
    closed(new_event(personas.cadre_a2, categories.garbage, region=A2_TUN), rating=4)  # A2
    closed(new_event(personas.cadre_b1, categories.garbage, region=B1_TUN), rating=3,
           when=QUARTER.starts - datetime.timedelta(days=1))  # closed in the previous quarter
    on_time = get("grid.events_on_time").compute
    assert on_time(QUARTER, None) == {A1: (1, 3), "450321100202": (1, 1)}
    assert on_time(QUARTER.previous(), None) == {B1: (1, 1)}
    assert on_time(QUARTER, [A1]) == {A1: (1, 3)}
    satisfaction = get("grid.event_satisfaction").compute
    assert satisfaction(QUARTER, None) == {A1: (1, 2), "450321100202": (1, 1)}
    assert satisfaction(QUARTER.previous(), [B1]) == {B1: (1, 1)}
    assert get("grid.events_on_time").records_url(A1, QUARTER) == f"/grid/events/?region={A1}"


def test_visit_coverage(personas):
    homes = [Household.objects.create(region_id=A1_TUN, grid_id="450321100200W01", number=f"A{n}") for n in range(3)]
    Household.objects.create(region_id=A2_TUN, number="B1")
    Household.objects.update(created_at=timezone.now() - datetime.timedelta(days=400))
    Household.objects.create(region_id=A1_TUN, number="new")  # registered now: not in past quarters
    today = timezone.localdate()
    visits.log_visit(personas.grid_worker_a1, homes[0], visited_on=today, findings="家中一切正常。")
    visits.log_visit(personas.grid_worker_a1, homes[0], visited_on=today, findings="再次走访。")  # same household
    old = visits.log_visit(personas.grid_worker_a1, homes[1], visited_on=today, findings="老人独居。")
    Visit.objects.filter(pk=old.pk).update(visited_on=QUARTER.first - datetime.timedelta(days=1))
    compute = get("grid.visit_coverage").compute
    assert compute(QUARTER, None) == {A1: (1, 4), "450321100202": (0, 1)}
    assert compute(QUARTER.previous(), [A1]) == {A1: (1, 3)}
    assert compute(QUARTER, [B1]) == {}
