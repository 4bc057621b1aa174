"""Seeded grid events for load and benchmark runs (manage.py seed_events).

Millions of events over the hierarchy that seed_demo has filled (villages with 屯, grids and
households), each with a life that could have happened: reported over the last twelve
months, routed village → township → county by the county's matrix, accepted, dispatched,
resolved and confirmed within (or past) working-day deadlines, rated; a few still open,
some of those overdue and escalated.

Writing goes around `report_event` and the workflow on purpose: this is a system load of
millions of rows, done with bulk_create in batches, one transaction per township (a
stopped run resumes: a township that has events is skipped), and recorded by one
"grid_event.seed" audit event with the counts. A grid without a 网格员 gets one (an account
without a usable password, posted on the grid), who reports the grid's web and patrol events;
Open311 and API events carry only the citizen's name. The seeded rows have no WorkflowStep
history and no per-event audit; Escalation rows are written for the deadlines that were
missed, so the deadline job finds nothing left to escalate. The tables are ANALYZEd at the
end, as after any bulk load.

Deterministic: each village draws from its own generator seeded with (seed, village code)
and the times are laid out back from a fixed moment (`until`, by default the start of
today in Asia/Shanghai), so the same seed on the same hierarchy gives the same events.
"""

import datetime
import random
import time
from bisect import bisect
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from itertools import accumulate

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from xiangzhi.accounts.models import Post, Role, User
from xiangzhi.core.audit import record_event
from xiangzhi.core.demo import DEFAULT_COUNTY, TERM_START
from xiangzhi.people.models import Household, VillageTally
from xiangzhi.regions.models import Level, Region

from .calendar import BEIJING, END_OF_WORKDAY, WorkingCalendar, time_limit
from .models import Escalation, Event, EventCategory, EventSource, EventState, Urgency
from .routing import escalation_target, handler_region_code, route

PROVINCE = "45"
BATCH_SIZE = 2000
DAYS_BACK = 365
HOUR = 3600.0

URGENCIES = (Urgency.NORMAL, Urgency.URGENT, Urgency.CRITICAL)
URGENCY_WEIGHTS = (85, 12, 3)
# Urgent events are accepted and handled faster.
PACE = {Urgency.NORMAL: 1.0, Urgency.URGENT: 0.5, Urgency.CRITICAL: 0.25}
SOURCES = (EventSource.WEB, EventSource.VISIT, EventSource.OPEN311, EventSource.API)
SOURCE_WEIGHTS = (50, 35, 10, 5)
RATINGS = (5, 4, 3, 2, 1)
RATING_WEIGHTS_ON_TIME = (52, 30, 11, 4, 3)
RATING_WEIGHTS_LATE = (22, 30, 26, 13, 9)

# How lives go (chances at each handling unit).
STUCK_RATE = 0.03  # the unit stalls: the event waits there until it is escalated
ESCALATED_STALL_RATE = 0.5  # an escalated event is a hard one
STUCK_STATES = (EventState.REPORTED, EventState.ACCEPTED, EventState.ASSIGNED, EventState.IN_PROGRESS)
STUCK_WEIGHTS = (35, 20, 15, 30)
MERGE_RATE = 0.01  # a duplicate of an earlier event of the same kind in the village
LATE_ACCEPT_RATE = 0.04
LATE_RESOLVE_RATE = 0.06
REOPEN_RATE = 0.03  # the reporter was not satisfied once
AUTO_CONFIRM_RATE = 0.25  # nobody confirmed: closed automatically, without a rating
AUTO_CONFIRM_DAYS = 7
HOUSEHOLD_RATE = 0.6  # the event concerns one household
POINT_RATE = 0.7  # of web and Open311 reports: the phone gave a location


# --- What the events say ---------------------------------------------------------------

# Per 大类 (matched by a word in its name): how often such events come, and what reporters
# add after naming the 小类.
KINDS = (
    ("环境", 25, ("影响周边农户生活。", "气味较大,请尽快清理。", "已持续多日。", "附近群众意见较大。")),
    ("矛盾", 15, ("双方情绪激动,请求调解。", "已初步劝解,需进一步调解。", "涉及多户村民。", "反映多次未解决。")),
    ("民生", 15, ("家中无人照料,请上门了解。", "群众生活受到影响。", "请协助办理。", "需要帮扶。")),
    ("道路", 12, ("影响车辆通行。", "夜间出行不便。", "存在安全隐患。", "雨后情况加重。")),
    ("治安", 8, ("请派出所核查。", "村民担心财物安全。", "夜间多次出现。", "已提醒村民注意防范。")),
    ("消防", 6, ("存在火灾隐患。", "请尽快排查整改。", "周边为木结构房屋。", "已通知户主。")),
    ("特殊", 6, ("家属请求帮助。", "近期情况有变化。", "需要加强走访。", "请相关部门跟进。")),
    ("政策", 6, ("请告知办理流程。", "村民不清楚具体标准。", "想了解办理时间。", "请答复。")),
    ("安全生产", 4, ("存在安全隐患。", "请督促整改。", "已拍照留存。", "作业人员无防护。")),
    ("食品", 3, ("请市场监管部门核查。", "涉及多名村民。", "请加强检查。", "已提醒群众注意。")),
    ("地质", 2, ("雨后情况加重。", "附近有住户,请派人查看。", "已设置警示标志。", "请组织排查。")),
)
OTHER_KIND = ("", 4, ("请核实处理。", "请研究答复。", "村民反映多次。"))
OPENINGS = ("{place}发现{name}:", "{place}村民反映{name}问题,", "巡查发现{place}{name},", "{place}{name},")
ADDENDA = ("", "", "", "已拍照。", "请尽快处理。")
URGENT_ADDENDUM = "情况紧急!"

SURNAMES = "韦黄李莫覃蒙陆廖周邓唐潘梁罗谢陈刘杨赵农卢蓝苏钟"
GIVEN_NAMES = (
    "建国", "秀英", "志强", "桂兰", "海燕", "春梅", "国华", "丽娟", "振宇", "金凤", "德明", "玉兰",
    "永福", "红梅", "家宝", "小燕", "文才", "美玲", "光荣", "凤英", "树林", "思思", "俊杰", "桂芳",
)


def kind_of(category):
    for name in (category.parent.name if category.parent_id else "", category.name):
        for kind in KINDS:
            if kind[0] in name:
                return kind
    return OTHER_KIND


class SeedError(Exception):
    """Something the person running the command must fix (a Chinese message)."""


@contextmanager
def keeping_given_timestamps(*models):
    """bulk_create would stamp auto_now_add fields with the present; seeded rows keep their
    own past times."""
    fields = [field for model in models for field in model._meta.concrete_fields
              if getattr(field, "auto_now_add", False)]
    for field in fields:
        field.auto_now_add = False
    try:
        yield
    finally:
        for field in fields:
            field.auto_now_add = True


# --- Per county: categories, deadlines and routing ------------------------------------


class CountyRules:
    """What one county's events are drawn from: its categories (shared or its own) with how
    often each comes, and, through the grid's own calendar and routing modules, their
    working-day deadlines and the chain of units they escalate through; answers cached."""

    def __init__(self, county_code, categories):
        self.county_code = county_code
        self.categories = [c for c in categories if c.county_id in (None, county_code)]
        if not self.categories:
            raise SeedError(f"县“{county_code}”没有可用的事件类别(启用的小类)。")
        siblings = Counter(category.parent_id for category in self.categories)
        self.cumulative = list(accumulate(
            kind_of(category)[1] / siblings[category.parent_id] for category in self.categories
        ))
        self.by_pk = {category.pk: category for category in self.categories}
        self.calendar = WorkingCalendar(county_code)
        self.limits = {}
        self.routes = {}
        self.deadlines = {}

    def pick(self, rng):
        return self.categories[bisect(self.cumulative, rng.random() * self.cumulative[-1])]

    def time_limit(self, category_id, urgency):
        key = (category_id, urgency)
        if key not in self.limits:
            limit = time_limit(self.by_pk[category_id], urgency, self.county_code)
            self.limits[key] = (limit.accept_days, limit.resolve_days)
        return self.limits[key]

    def deadline(self, start, days):
        """calendar.add_working_days, cached: its answer depends on the date, the days and
        whether the working day has ended."""
        local = start.astimezone(BEIJING)
        key = (local.date(), days, local.time() < END_OF_WORKDAY)
        if key not in self.deadlines:
            self.deadlines[key] = self.calendar.add_working_days(local, days)
        return self.deadlines[key]

    def route(self, category_id):
        """[(level, department)]: where an event of the category is routed in a village of
        the county, then each level it escalates to."""
        if category_id not in self.routes:
            category = self.by_pk[category_id]
            place = self.county_code + "000000"  # any village: routing reads only the county
            chain = [route(category, place)]
            while (above := escalation_target(category, place, chain[-1].level)) is not None:
                chain.append(above)
            self.routes[category_id] = [(step.level, step.department) for step in chain]
        return self.routes[category_id]


# --- One village's events ------------------------------------------------------------


@dataclass
class VillagePlaces:
    village: Region
    tuns: list  # Region
    grids: list  # Region
    households: list  # (id, region code, grid code, address)
    workers: dict  # grid code: (user id, name) of its 网格员


@dataclass
class Seeded:
    """Rows ready to write: merged events wait for their target's key, escalations for
    their event's."""

    events: list
    merged: list  # (Event, target Event)
    escalations: list  # (Event, Escalation)

    def extend(self, other):
        self.events.extend(other.events)
        self.merged.extend(other.merged)
        self.escalations.extend(other.escalations)


def seconds(amount):
    return datetime.timedelta(seconds=round(amount))


class VillageEvents:
    """Draws one village's events from its own generator."""

    def __init__(self, places, count, seed, until, rules):
        self.places = places
        self.count = count
        self.until = until
        self.rules = rules
        self.village_code = places.village.code
        self.rng = random.Random(f"{seed}:events:{self.village_code}")
        # The village's centre, somewhere in Guangxi: reports with a point fall near it.
        centre = random.Random(f"{seed}:centre:{self.village_code}")
        self.centre = (21.6 + centre.random() * 4.4, 104.6 + centre.random() * 7.4)

    def build(self):
        seeded = Seeded([], [], [])
        last_of_category = {}
        for _ in range(self.count):
            event = self.draw()
            earlier = last_of_category.get(event.category_id)
            if earlier is not None and self.rng.random() < MERGE_RATE:
                # Reported again soon after the earlier one, and merged into it.
                again = earlier.created_at + seconds((0.5 + 23 * self.rng.random()) * HOUR)
                merged_at = again + seconds((1 + 40 * self.rng.random()) * HOUR)
                if merged_at <= self.until:
                    self.set_times(event, again)
                    self.merge(event, merged_at)
                    seeded.merged.append((event, earlier))
                    continue
            seeded.events.append(event)
            last_of_category[event.category_id] = event
            seeded.escalations.extend((event, escalation) for escalation in self.live(event))
        return seeded

    def draw(self):
        """A new report: what, where, by whom, when, and its deadlines."""
        rng = self.rng
        rules = self.rules
        category = rules.pick(rng)
        urgency = rng.choices(URGENCIES, URGENCY_WEIGHTS)[0]
        source = rng.choices(SOURCES, SOURCE_WEIGHTS)[0]
        created = self.until - datetime.timedelta(days=1 + rng.randrange(DAYS_BACK)) + seconds(
            (7 + 15 * rng.random()) * HOUR
        )
        region, grid, household, address, label = self.place()
        # Grid workers report what they find and what villagers tell them; Open311 and API
        # reports come from other systems on a citizen's behalf.
        worker = self.places.workers.get(grid) if source in (EventSource.WEB, EventSource.VISIT) else None
        reporter, name = worker or (None, rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES))
        description = (
            rng.choice(OPENINGS).format(place=label, name=category.name)
            + rng.choice(kind_of(category)[2])
            + (URGENT_ADDENDUM if urgency != Urgency.NORMAL else rng.choice(ADDENDA))
        )
        event = Event(
            category_id=category.pk,
            description=description,
            urgency=urgency,
            region_id=region,
            grid_id=grid,
            household_id=household,
            address=address[:200],
            source=source,
            reporter_id=reporter,
            reporter_name=name,
        )
        self.set_times(event, created)
        if source in (EventSource.WEB, EventSource.OPEN311) and rng.random() < POINT_RATE:
            event.latitude = self.coordinate(self.centre[0])
            event.longitude = self.coordinate(self.centre[1])
        return event

    def set_times(self, event, created):
        event.created_at = created
        self.set_deadlines(event, created)

    def set_deadlines(self, event, start):
        """Both deadlines in the county's working days from `start` (report or escalation)."""
        accept_days, resolve_days = self.rules.time_limit(event.category_id, event.urgency)
        event.accept_deadline = self.rules.deadline(start, accept_days)
        event.resolve_deadline = self.rules.deadline(start, resolve_days)

    def place(self):
        """(region code, grid code, household id, address, how the description names it)."""
        rng = self.rng
        places = self.places
        village = places.village
        if places.households and rng.random() < HOUSEHOLD_RATE:
            household_id, region_code, grid_code, address = rng.choice(places.households)
            return region_code, grid_code, household_id, address or village.name, address or village.name
        grid = rng.choice(places.grids).code if places.grids else None
        if places.tuns and rng.random() < 0.7:
            tun = rng.choice(places.tuns)
            label = f"{village.name}{tun.name}"
            return tun.code, grid, None, label, label
        return village.code, grid, None, village.name, village.name

    def coordinate(self, centre):
        # Within about 1.5 km of the village centre, to the 6 decimals the field keeps.
        return Decimal(round((centre + (self.rng.random() - 0.5) * 0.03) * 1_000_000)).scaleb(-6)

    def handled_at(self, event, position):
        level, department = self.rules.route(event.category_id)[position]
        event.handler_level, event.department = level, department
        event.handler_region_id = handler_region_code(event.region_id, level)

    def merge(self, event, merged_at):
        event.state, event.state_changed_at, event.deadline = EventState.MERGED, merged_at, None
        event.closed_at = merged_at
        self.handled_at(event, 0)

    def steps_at_level(self, arrived, accept_deadline, resolve_deadline, pace, stall_rate):
        """[(state, when)] the unit holding the event would take it through, from accepting
        to resolving; cut short where the unit stalls (it then waits to be escalated)."""
        rng = self.rng
        if rng.random() < LATE_ACCEPT_RATE:
            accepted = accept_deadline + seconds((1 + 70 * rng.random()) * HOUR)
        else:
            window = (accept_deadline - arrived).total_seconds()
            accepted = arrived + seconds(max(0.1 * HOUR, 0.9 * pace * window * rng.random()))
        assigned = accepted + seconds(pace * (0.1 + 8 * rng.random()) * HOUR)
        started = assigned + seconds(pace * (0.5 + 24 * rng.random()) * HOUR)
        if rng.random() < LATE_RESOLVE_RATE or started >= resolve_deadline:
            resolved = max(started, resolve_deadline) + seconds((2 + 360 * rng.random()) * HOUR)
        else:
            window = (resolve_deadline - started).total_seconds()
            resolved = started + seconds(window * (0.1 + 0.85 * rng.random()))
        steps = [(EventState.ACCEPTED, accepted), (EventState.ASSIGNED, assigned),
                 (EventState.IN_PROGRESS, started), (EventState.RESOLVED, resolved)]
        if rng.random() < stall_rate:
            stall = rng.choices(STUCK_STATES, STUCK_WEIGHTS)[0]
            steps = steps[: STUCK_STATES.index(stall)]
        return steps

    def live(self, event):
        """Lay out the event's life from its report to `until` as the platform would have
        taken it: accepted and handled at its level within deadlines (working days), or,
        when a deadline passed, escalated by the deadline job one level up with fresh
        deadlines (at the county, flagged once per deadline, staying where it is); resolved,
        then confirmed and rated by the reporter or closed automatically. Sets the state it
        is in at `until` and returns its Escalation rows."""
        rng = self.rng
        until = self.until
        route = self.rules.route(event.category_id)
        pace = PACE[event.urgency]
        position, escalations, flagged = 0, [], set()
        state, changed = EventState.REPORTED, event.created_at
        arrived, stall_rate = event.created_at, STUCK_RATE
        finished = False
        while not finished:
            steps = self.steps_at_level(arrived, event.accept_deadline, event.resolve_deadline, pace, stall_rate)
            moved_up = False
            for next_state, at in [*steps, (None, None)]:
                if state == EventState.RESOLVED:
                    break  # no deadline while the reporter confirms
                deadline = event.accept_deadline if state == EventState.REPORTED else event.resolve_deadline
                noticed = deadline + seconds(60 + 1800 * rng.random())
                if deadline not in flagged and noticed <= until and (at is None or noticed < at):
                    # The deadline job found it overdue.
                    to = position + 1 if position + 1 < len(route) else position
                    escalations.append(Escalation(
                        missed_deadline=deadline, from_level=route[position][0], to_level=route[to][0],
                        created_at=noticed,
                    ))
                    if to != position:
                        position, arrived, stall_rate = to, noticed, ESCALATED_STALL_RATE
                        state, changed = EventState.REPORTED, noticed
                        self.set_deadlines(event, noticed)
                        moved_up = True
                        break
                    flagged.add(deadline)
                if at is None or at > until:
                    finished = True
                    break
                state, changed = next_state, at
            if not moved_up:
                finished = True

        event.state, event.state_changed_at = state, changed
        self.handled_at(event, position)
        event.escalation_count = len(escalations)
        if state == EventState.REPORTED:
            event.deadline = event.accept_deadline
        elif state != EventState.RESOLVED:
            event.deadline = event.resolve_deadline
        if state == EventState.RESOLVED:
            self.confirm(event, changed)
        return escalations

    def confirm(self, event, resolved):
        """After resolution: reopened once by an unhappy reporter (and resolved again within
        the new deadline), confirmed with a rating, or closed by the system after
        AUTO_CONFIRM_DAYS; sets the state it is in at `until`."""
        rng = self.rng
        until = self.until
        if rng.random() < REOPEN_RATE:
            reopened = resolved + seconds((12 + 24 * rng.random()) * HOUR)
            if reopened <= until:
                event.reopen_count = 1
                event.resolve_deadline = self.rules.deadline(
                    reopened, self.rules.time_limit(event.category_id, event.urgency)[1]
                )
                window = (event.resolve_deadline - reopened).total_seconds()
                resolved = reopened + seconds(window * (0.1 + 0.85 * rng.random()))
                if resolved > until:
                    event.state, event.state_changed_at = EventState.IN_PROGRESS, reopened
                    event.deadline = event.resolve_deadline
                    return
        event.state, event.state_changed_at, event.resolved_at = EventState.RESOLVED, resolved, resolved
        event.deadline = None
        rated = rng.random() >= AUTO_CONFIRM_RATE
        if rated:
            closed = resolved + seconds((1 + 110 * rng.random()) * HOUR)
        else:
            closed = resolved + datetime.timedelta(days=AUTO_CONFIRM_DAYS) + seconds(60 + 1800 * rng.random())
        if closed > until:
            return
        event.state, event.state_changed_at, event.closed_at = EventState.CLOSED, closed, closed
        if rated:
            weights = RATING_WEIGHTS_LATE if event.escalation_count else RATING_WEIGHTS_ON_TIME
            event.rating = rng.choices(RATINGS, weights)[0]


# --- The whole run ---------------------------------------------------------------------


@dataclass
class EventSeedResult:
    counts: Counter
    seconds: float
    townships: int
    skipped_townships: int

    @property
    def rows(self):
        return sum(self.counts.values())


def start_of_today():
    return timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)


class EventSeeder:
    def __init__(self, *, county=None, scale="county", events=None, seed=2025, until=None, out=None):
        self.county = county or DEFAULT_COUNTY
        self.scale = scale
        self.events = events if events is not None else (2_000_000 if scale == "region" else 20_000)
        self.seed = seed
        self.until = until or start_of_today()
        self.out = out or (lambda line: None)
        self.counts = Counter()
        self.rules = {}

    # Checks and set-up
    def scope(self):
        if self.scale not in ("county", "region"):
            raise SeedError(f"--scale 只能是 county 或 region,收到“{self.scale}”。")
        if self.events < 1:
            raise SeedError("--events 至少为 1。")
        if self.scale == "region":
            return PROVINCE
        county = Region.objects.filter(pk=self.county).first()
        if county is None or county.level != Level.COUNTY:
            raise SeedError(f"县级区划“{self.county}”不存在。请先运行 manage.py load_divisions,或核对 --county。")
        return county.code

    def categories(self):
        leaves = list(EventCategory.objects.active().leaves().select_related("parent").order_by("code"))
        if not leaves:
            raise SeedError("没有启用的事件类别。请先运行 manage.py migrate(安装默认事件分类)。")
        return leaves

    def village_counts(self, scope):
        """Events per village: `self.events` split in proportion to the villages' households,
        each village's share varied by its own draw; exact in total."""
        villages = list(Region.objects.within(scope).villages().order_by("code").values_list("code", flat=True))
        households = dict(VillageTally.objects.filter(village__prefix=scope).values_list("village_id", "households"))
        if not any(households.values()):
            raise SeedError("该范围内还没有户和网格。请先运行 manage.py seed_demo(与本命令相同的 --county 或 --scale)。")
        weights = [
            max(households.get(code, 0), 1) * (0.5 + random.Random(f"{self.seed}:share:{code}").random())
            for code in villages
        ]
        total = sum(weights)
        counts, running, given = {}, 0.0, 0
        for code, weight in zip(villages, weights, strict=True):
            running += weight
            upto = round(self.events * running / total)
            counts[code] = upto - given
            given = upto
        return counts

    # Running
    def run(self):
        scope = self.scope()
        started = time.perf_counter()
        categories = self.categories()
        counts = self.village_counts(scope)
        townships = list(Region.objects.within(scope).at_level(Level.TOWNSHIP).order_by("code"))
        done = skipped = 0
        last_report = 0.0
        with keeping_given_timestamps(Event, Escalation):
            for township in townships:
                if Event.objects.within(township.code).exists():
                    skipped += 1
                else:
                    with transaction.atomic():
                        self.seed_township(township, counts, categories)
                done += 1
                elapsed = time.perf_counter() - started
                if elapsed - last_report >= 5 or done == len(townships):
                    last_report = elapsed
                    rows = sum(self.counts.values())
                    self.out(f"进度 {done}/{len(townships)} 乡镇 · {self.counts['events']} 事件 · "
                             f"{rows / max(elapsed, 1e-9):,.0f} 行/秒")
        if self.counts["events"]:
            refresh_statistics()
        seconds = time.perf_counter() - started
        if self.counts["events"]:
            record_event(
                None, "grid_event.seed", None, region_code=scope,
                target_repr=f"演示事件 {self.scale} {scope}",
                changes={name: [0, value] for name, value in sorted(self.counts.items())},
            )
        return EventSeedResult(self.counts, seconds, len(townships), skipped)

    def county_rules(self, county_code, categories):
        if county_code not in self.rules:
            # One county's rules at a time: a region run walks the counties in order.
            self.rules = {county_code: CountyRules(county_code, categories)}
        return self.rules[county_code]

    def seed_township(self, township, counts, categories):
        rules = self.county_rules(township.code[:6], categories)
        workers, created = grid_workers(township, self.seed)
        self.counts["grid_workers"] += created
        self.counts["grid_worker_posts"] += created
        places = township_places(township, workers)
        buffer = Seeded([], [], [])
        for village_places in places:
            count = counts.get(village_places.village.code, 0)
            if not count:
                continue
            buffer.extend(VillageEvents(village_places, count, self.seed, self.until, rules).build())
            # Flushed at a village's end only, so that a merged event's target is written with it.
            if len(buffer.events) >= BATCH_SIZE:
                self.write(buffer)
                buffer = Seeded([], [], [])
        self.write(buffer)

    def write(self, seeded):
        Event.objects.bulk_create(seeded.events, batch_size=BATCH_SIZE)
        for event, target in seeded.merged:
            event.merged_into_id = target.pk
        Event.objects.bulk_create([event for event, _target in seeded.merged], batch_size=BATCH_SIZE)
        for event, escalation in seeded.escalations:
            escalation.event_id = event.pk
        Escalation.objects.bulk_create([escalation for _event, escalation in seeded.escalations],
                                       batch_size=BATCH_SIZE)
        self.counts["events"] += len(seeded.events) + len(seeded.merged)
        self.counts["escalations"] += len(seeded.escalations)


def grid_workers(township, seed):
    """({grid code: (user id, name)}, accounts created): the 网格员 of each grid in the
    township, the one already posted there, else a new account (no usable password) with a
    grid_worker post, as a system load like the events."""
    workers = {}
    posts = Post.objects.active().filter(role=Role.GRID_WORKER, region__prefix=township.code)
    for post in posts.select_related("user").order_by("region_id", "id"):
        workers.setdefault(post.region_id, (post.user_id, post.user.full_name or post.user.username))
    missing = [
        code for code in Region.objects.within(township.code).filter(level=Level.GRID).order_by("code")
        .values_list("code", flat=True) if code not in workers
    ]
    if not missing:
        return workers, 0
    usernames = {f"grid_worker_{code}": code for code in missing}
    users = {user.username: user for user in User.objects.filter(username__in=usernames)}
    new = []
    for username, code in usernames.items():
        if username not in users:
            rng = random.Random(f"{seed}:worker:{code}")
            users[username] = User(username=username, full_name=rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES),
                                   password=make_password(None))
            new.append(users[username])
    User.objects.bulk_create(new, batch_size=BATCH_SIZE)
    Post.objects.bulk_create(
        [Post(user=users[username], role=Role.GRID_WORKER, region_id=code, starts_on=TERM_START)
         for username, code in usernames.items()],
        batch_size=BATCH_SIZE,
    )
    for username, code in usernames.items():
        workers[code] = (users[username].pk, users[username].full_name)
    return workers, len(new)


def refresh_statistics():
    """ANALYZE the tables just loaded. Without statistics SQLite's planner takes any equality
    for selective and answers "reported events of a township" from the state index alone
    (a scan of every reported event of the region) instead of the region index; PostgreSQL's
    autovacuum would analyze eventually, this does it now."""
    tables = [connection.ops.quote_name(model._meta.db_table) for model in (Event, Escalation)]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {', '.join(tables)}")
        else:
            for table in tables:
                cursor.execute(f"ANALYZE {table}")


def township_places(township, workers):
    """Each village of the township with its 屯, grids, households and grid workers, in code order."""
    villages = {
        region.code: VillagePlaces(region, [], [], [], workers)
        for region in Region.objects.filter(parent=township, level=Level.VILLAGE).order_by("code")
    }
    for region in Region.objects.within(township.code).filter(
        level__in=(Level.NATURAL_VILLAGE, Level.GRID)
    ).order_by("code"):
        places = villages.get(region.code[:12])
        if places is not None:
            (places.grids if region.level == Level.GRID else places.tuns).append(region)
    rows = Household.objects.within(township.code).order_by("number", "id").values_list(
        "id", "region_id", "grid_id", "address"
    )
    for row in rows.iterator(chunk_size=BATCH_SIZE):
        places = villages.get(row[1][:12])
        if places is not None:
            places.households.append(row)
    return list(villages.values())
