"""manage.py seed_events on the small real slice of 阳朔县 (three villages) after seed_demo."""

import datetime
import io
import re
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from xiangzhi.accounts.models import Post, Role, User
from xiangzhi.core.demo import DemoSeeder
from xiangzhi.core.models import AuditEvent
from xiangzhi.grid.calendar import BEIJING
from xiangzhi.grid.deadlines import overdue_not_escalated
from xiangzhi.grid.models import HANDLER_LEVEL_ORDER as LEVELS
from xiangzhi.grid.models import Escalation, Event, EventSource, EventState, HandlerLevel
from xiangzhi.grid.seeding import EventSeeder
from xiangzhi.people.models import Household
from xiangzhi.regions.models import Level, Region

# A fixed end of the seeded year, so that every run lays out the same lives.
UNTIL = datetime.datetime(2026, 6, 15, tzinfo=BEIJING)
VILLAGES = ("450321100200", "450321100202", "450321101200")
HANDLER_CODE_LENGTH = {HandlerLevel.VILLAGE: 12, HandlerLevel.TOWNSHIP: 9, HandlerLevel.COUNTY: 6}
FINAL = (EventState.CLOSED, EventState.MERGED)


@pytest.fixture
def demo(tree):
    DemoSeeder(county="450321", households_per_village=12).run()


def seed_events(events=400, seed=7, **options):
    return EventSeeder(county="450321", events=events, seed=seed, until=UNTIL, **options).run()


def snapshot():
    """Every seeded value except the keys the database handed out."""
    events = list(Event.objects.order_by("id"))
    position = {event.pk: index for index, event in enumerate(events)}
    skipped = {"id", "merged_into"}
    rows = [
        tuple(getattr(event, field.attname) for field in Event._meta.concrete_fields if field.name not in skipped)
        + (position.get(event.merged_into_id),)
        for event in events
    ]
    escalations = sorted(
        (position[e.event_id], e.missed_deadline, e.from_level, e.to_level, e.created_at)
        for e in Escalation.objects.all()
    )
    return rows, escalations


def test_seeds_exactly_the_events_asked_for_over_the_demo_villages(demo):
    result = seed_events(400)
    assert result.counts["events"] == 400
    assert Event.objects.count() == 400
    per_village = Counter(code[:12] for code in Event.objects.values_list("region_id", flat=True))
    assert set(per_village) == set(VILLAGES)
    assert min(per_village.values()) > 50  # shared out by households, each village varied
    assert result.counts["escalations"] == Escalation.objects.count() > 0
    audit = AuditEvent.objects.get(action="grid_event.seed")
    assert audit.region_code == "450321"
    assert audit.changes["events"] == [0, 400]


def test_states_spread_like_real_work(demo):
    seed_events(600)
    states = Counter(Event.objects.values_list("state", flat=True))
    assert states[EventState.CLOSED] / 600 > 0.85
    assert states[EventState.REPORTED] + states[EventState.ACCEPTED] + states[EventState.IN_PROGRESS] > 0
    overdue = Event.objects.filter(deadline__lt=UNTIL).exclude(state__in=FINAL).count()
    assert 0 < overdue < 0.1 * 600
    rated = Event.objects.filter(rating__isnull=False)
    assert rated.exists()
    assert not rated.exclude(state=EventState.CLOSED).exists()
    created = list(Event.objects.values_list("created_at", flat=True))
    assert min(created) >= UNTIL - datetime.timedelta(days=366)
    assert max(created) <= UNTIL
    # Spread over the year, not bunched: every quarter has events.
    assert {(UNTIL - moment).days // 92 for moment in created} == {0, 1, 2, 3}


def test_every_seeded_event_is_consistent(demo):
    seed_events(1000)
    households = {h.pk: h for h in Household.objects.all()}
    events = list(Event.objects.select_related("category"))
    assert Counter(event.state for event in events)[EventState.MERGED] > 0
    for event in events:
        # The place: a household's own region and grid, else a 屯 or the village with a grid of it.
        if event.household_id:
            household = households[event.household_id]
            assert (event.region_id, event.grid_id) == (household.region_id, household.grid_id)
        if event.grid_id:
            assert event.grid_id[:12] == event.region_id[:12]
        assert event.category.parent_id is not None and event.category.active
        # Routing: the handling unit is the event's village, township or county.
        assert event.region_id.startswith(event.handler_region_id)
        assert len(event.handler_region_id) == HANDLER_CODE_LENGTH[event.handler_level]
        # Deadlines after the report; the workflow's deadline is the current step's.
        assert event.created_at <= UNTIL
        assert event.created_at < event.accept_deadline <= event.resolve_deadline
        assert event.state_changed_at >= event.created_at
        if event.state == EventState.REPORTED:
            assert event.deadline == event.accept_deadline
        elif event.state in (EventState.ACCEPTED, EventState.ASSIGNED, EventState.IN_PROGRESS):
            assert event.deadline == event.resolve_deadline
        elif event.state in FINAL:
            assert event.deadline is None
        # Resolution, closing and rating in order.
        if event.state in (EventState.RESOLVED, EventState.CLOSED):
            assert event.resolved_at > event.created_at
        if event.state == EventState.CLOSED:
            assert event.closed_at >= event.resolved_at >= event.created_at
            assert event.rating is None or 1 <= event.rating <= 5
        else:
            assert event.rating is None
            assert (event.closed_at is not None) == (event.state == EventState.MERGED)
        if event.state == EventState.MERGED:
            target = Event.objects.get(pk=event.merged_into_id)
            assert target.category_id == event.category_id
            assert target.region_id[:12] == event.region_id[:12]
            assert target.created_at <= event.created_at <= event.closed_at
        else:
            assert event.merged_into_id is None
        # Escalated one level per missed deadline, to where it is handled now; at the county
        # it stays, flagged.
        escalations = list(event.escalations.order_by("created_at"))
        assert event.escalation_count == len(escalations)
        for escalation in escalations:
            assert event.created_at < escalation.missed_deadline <= escalation.created_at <= UNTIL
            assert LEVELS.index(escalation.to_level) == min(LEVELS.index(escalation.from_level) + 1, 2)
        if escalations:
            assert escalations[-1].to_level == event.handler_level
    assert Escalation.objects.exists()
    assert Escalation.objects.filter(from_level=HandlerLevel.COUNTY, to_level=HandlerLevel.COUNTY).exists()


def test_grid_workers_report_the_grids_web_and_patrol_events(demo):
    demo_worker = User.objects.get(username="grid_worker_450321")
    result = seed_events(300)
    grids = set(Region.objects.filter(level=Level.GRID).values_list("code", flat=True))
    workers = {post.region_id: post.user_id for post in Post.objects.filter(role=Role.GRID_WORKER)}
    assert set(workers) == grids
    # The demo's grid worker keeps A1's first grid; every other grid got its own account.
    assert workers["450321100200W01"] == demo_worker.pk
    assert result.counts["grid_workers"] == len(grids) - 1
    created = User.objects.filter(username__startswith="grid_worker_4503211")
    assert created.count() == len(grids) - 1
    assert not any(user.has_usable_password() for user in created)
    for event in Event.objects.select_related("reporter"):
        if event.source in (EventSource.WEB, EventSource.VISIT):
            assert event.reporter_id == workers[event.grid_id]
            assert event.reporter_name == event.reporter.full_name
        else:
            assert event.reporter_id is None and event.reporter_name
    # A second county-wide run reuses them.
    with transaction.atomic():
        Escalation.objects.all().delete()
        Event.objects.filter(merged_into__isnull=False).delete()
        Event.objects.all().delete()
    assert seed_events(300).counts["grid_workers"] == 0


def test_the_deadline_job_finds_nothing_left_to_escalate(demo):
    seed_events(1000)
    # The job noticed every deadline that passed more than its half-hour round before `until`.
    assert not overdue_not_escalated(UNTIL - datetime.timedelta(minutes=31)).exists()
    assert Event.objects.filter(deadline__lt=UNTIL).exclude(state__in=FINAL).exists()


def test_same_seed_same_events_and_another_seed_others(demo):
    seed_events(300, seed=11)
    first = snapshot()
    with transaction.atomic():
        Escalation.objects.all().delete()
        Event.objects.filter(merged_into__isnull=False).delete()
        Event.objects.all().delete()
    seed_events(300, seed=11)
    assert snapshot() == first
    with transaction.atomic():
        Escalation.objects.all().delete()
        Event.objects.filter(merged_into__isnull=False).delete()
        Event.objects.all().delete()
    seed_events(300, seed=12)
    assert snapshot()[0] != first[0]


def test_a_township_that_has_events_is_skipped_so_a_stopped_run_resumes(demo):
    seed_events(300)
    complete = snapshot()[0]
    in_b = Counter(Event.objects.within("450321101").values_list("state", flat=True))
    # As if the run had stopped before township B.
    with transaction.atomic():
        Escalation.objects.filter(event__region__prefix="450321101").delete()
        Event.objects.within("450321101").filter(merged_into__isnull=False).delete()
        Event.objects.within("450321101").delete()
    result = seed_events(300)
    assert result.skipped_townships == 1
    assert result.counts["events"] == sum(in_b.values())
    assert Event.objects.count() == 300
    rows = snapshot()[0]
    # Rows of township B come out again as they were (by value; their keys are new).
    assert sorted(row[:-1] for row in rows) == sorted(row[:-1] for row in complete)


def test_the_command_prints_progress_and_rows_per_second(demo):
    out = io.StringIO()
    call_command("seed_events", "--county", "450321", "--events", "120", "--seed", "3", stdout=out)
    text = out.getvalue()
    assert re.search(r"进度 2/2 乡镇 · 120 事件 · [\d,]+ 行/秒", text)
    assert "已生成事件 120 条" in text
    assert re.search(r"用时 [\d.]+ 秒,[\d,]+ 行/秒", text)
    assert Event.objects.count() == 120

    again = io.StringIO()
    call_command("seed_events", "--county", "450321", "--events", "120", "--seed", "3", stdout=again)
    assert "2 个乡镇已有事件,已跳过" in again.getvalue()
    assert Event.objects.count() == 120


def test_region_scale_walks_every_township(demo):
    out = io.StringIO()
    call_command("seed_events", "--scale", "region", "--events", "90", stdout=out)
    assert "进度 2/2 乡镇" in out.getvalue()
    assert Event.objects.count() == 90
    assert AuditEvent.objects.get(action="grid_event.seed").region_code == "45"


def test_an_unknown_county_is_refused(demo):
    with pytest.raises(CommandError, match="县级区划“450399”不存在"):
        call_command("seed_events", "--county", "450399", stdout=io.StringIO())
    assert not Event.objects.exists()


def test_a_county_and_the_region_scale_together_are_refused(demo):
    with pytest.raises(CommandError, match="--county 与 --scale region 不能同时使用"):
        call_command("seed_events", "--county", "450321", "--scale", "region", stdout=io.StringIO())
    assert not Event.objects.exists()


def test_fewer_than_one_event_is_refused(demo):
    with pytest.raises(CommandError, match="--events 至少为 1"):
        call_command("seed_events", "--events", "0", stdout=io.StringIO())
    assert not Event.objects.exists()


def test_without_seeded_households_it_asks_for_seed_demo(tree):
    with pytest.raises(CommandError, match="请先运行 manage.py seed_demo"):
        call_command("seed_events", "--county", "450321", stdout=io.StringIO())
    assert not Event.objects.exists()
