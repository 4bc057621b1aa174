"""Reads behind the work views: a grid worker's phone list, a township dispatcher's board and
the county's view. Every query is scoped by the user's posts and aggregated in the database
(values().annotate()); the numbers measure units (townships, categories), never people."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Case, Count, Exists, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import posts_with_capability, require_capability
from xiangzhi.regions.models import CODE_LENGTHS, CHILD_LEVEL, Level, Region

from .coverage import head_name_subquery
from .events import FINAL_STATES, OPEN_STATES
from .models import Event, EventCategory, EventState, Visit
from .visits import LOG, households_to_visit

VIEW = "grid.event.view"
DISPATCH = "grid.event.dispatch"
VISIT_EVERY_DAYS = 90
# The county view sits with posts at these levels.
OVERVIEW_LEVELS = (Level.COUNTY, Level.CITY, Level.PROVINCE)
EVENT_RELATED = ("category", "category__parent", "region", "grid")


def labelled(events, now):
    """The events as a list, each with `state_label` and `is_overdue` for the templates."""
    events = list(events)
    for event in events:
        event.state_label = EventState(event.state).label if event.state in EventState.values else event.state
        event.is_overdue = event.deadline is not None and event.deadline < now and event.state not in FINAL_STATES
    return events


def open_events(queryset):
    """Events waiting for someone to act (not those resolved and waiting for the reporter)."""
    return queryset.filter(state__in=OPEN_STATES)


def overdue_q(now):
    """Past the deadline of the current step and not finished: the same rule as
    `Event.objects.overdue()` (the workflow's), usable inside aggregates."""
    return Q(deadline__lt=now) & ~Q(state__in=FINAL_STATES)


def overdue_first(queryset, now):
    """Overdue events first, then the newest."""
    return queryset.annotate(
        overdue_rank=Case(When(overdue_q(now), then=Value(0)), default=Value(1), output_field=IntegerField())
    ).order_by("overdue_rank", "-created_at", "-id")


# --- a grid worker's list --------------------------------------------------------------


def my_open_events(user, now=None):
    require_capability(user, VIEW)
    now = now or timezone.now()
    events = open_events(Event.objects.visible_to(user, VIEW)).select_related(*EVENT_RELATED)
    return overdue_first(events, now)


def last_visit_subquery():
    return Subquery(Visit.objects.filter(household=OuterRef("pk")).order_by("-visited_on").values("visited_on")[:1])


def households_due(user, today=None):
    """Households in the user's reach not visited in the last 90 days (待走访), never visited
    and longest unvisited first."""
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=VISIT_EVERY_DAYS)
    recent = Visit.objects.filter(household=OuterRef("pk"), visited_on__gt=cutoff)
    return (
        households_to_visit(user)
        .exclude(Exists(recent))
        .annotate(last_visit=last_visit_subquery(), head_name=head_name_subquery())
        .select_related("region", "grid")
        .order_by(F("last_visit").asc(nulls_first=True), "id")
    )


def open_counts(now):
    """Aggregates over open events: how many, how many overdue."""
    return {"open": Count("id"), "overdue": Count("id", filter=overdue_q(now))}


def work_grids(user):
    """The grids the user works in (their grid posts), for the page's heading."""
    return [post.region for post in posts_with_capability(user, LOG) if post.region.is_grid]


# --- a dispatcher's board -----------------------------------------------------------------


def dispatch_scope(user, within=""):
    require_capability(user, DISPATCH)
    events = Event.objects.visible_to(user, DISPATCH)
    if within:
        events = events.within(within)
    return events


def dispatch_units(user):
    """The units a dispatcher may narrow the board to: those right below their posts."""
    codes = [post.region_id for post in posts_with_capability(user, DISPATCH)]
    return list(
        Region.objects.filter(parent_id__in=codes)
        .exclude(level__in=(Level.NATURAL_VILLAGE, Level.GRID))
        .order_by("code")
        .only("code", "name")
    )


def unaccepted(events):
    return events.filter(state=EventState.REPORTED).select_related(*EVENT_RELATED).order_by("deadline", "id")


def overdue(events, now):
    return events.filter(overdue_q(now)).select_related(*EVENT_RELATED).order_by("deadline", "id")


def counts_by_category(events, now):
    """Open events per category: [{category, open, unaccepted, overdue}], biggest first."""
    rows = (
        open_events(events)
        .values("category_id")
        .annotate(
            open=Count("id"),
            unaccepted=Count("id", filter=Q(state=EventState.REPORTED)),
            overdue=Count("id", filter=overdue_q(now)),
        )
        .order_by("-open", "category_id")
    )
    rows = list(rows)
    categories = EventCategory.objects.select_related("parent").in_bulk([row["category_id"] for row in rows])
    for row in rows:
        row["category"] = categories[row["category_id"]]
    return rows


def board_totals(events, now):
    return events.aggregate(
        unaccepted=Count("id", filter=Q(state=EventState.REPORTED)),
        overdue=Count("id", filter=overdue_q(now)),
        open=Count("id", filter=Q(state__in=OPEN_STATES)),
    )


# --- the county's view ---------------------------------------------------------------------


OVERVIEW = "grid.overview"


def overview_posts(user):
    """County-level (or higher) posts that may see the county view."""
    return [post for post in posts_with_capability(user, OVERVIEW) if post.region.level in OVERVIEW_LEVELS]


def overview_region(user, code=""):
    """The region the county view shows: the asked one if it is a county, city or township
    under one of the user's county-level (or higher) posts, else the first such post's region."""
    posts = overview_posts(user)
    if not posts:
        raise PermissionDenied(_("县级及以上的网格事件查看权限才能使用此页面。"))
    code = (code or "").strip()
    if code and any(code.startswith(post.region_id) for post in posts):
        region = Region.objects.filter(code=code, level__in=(*OVERVIEW_LEVELS, Level.TOWNSHIP)).first()
        if region is not None:
            return region
    return posts[0].region


def overview_events(user, region):
    """The events the county view counts: those under the region that the user may view."""
    return Event.objects.visible_to(user, VIEW).within(region.code)


@dataclass
class Performance:
    """One row of the county view: a unit (township, county …) or a category, or the total."""

    unit: object
    reported: int = 0
    closed: int = 0
    on_time: int = 0
    average_rating: float | None = None
    overdue: int = 0

    @property
    def on_time_rate(self):
        return round(100 * self.on_time / self.closed) if self.closed else None


PERFORMANCE_FIELDS = ("reported", "closed", "on_time", "average_rating", "overdue")


def performance(now):
    """The aggregates of one row. On time: closed, never escalated (an escalation sets new
    deadlines, so a late event's last deadline says nothing), and resolved (or closed, if it
    never was marked resolved) no later than the resolve deadline."""
    finished_in_time = Q(state=EventState.CLOSED, resolve_deadline__isnull=False, escalation_count=0) & (
        Q(resolved_at__lte=F("resolve_deadline")) | Q(resolved_at__isnull=True, closed_at__lte=F("resolve_deadline"))
    )
    return {
        "reported": Count("id"),
        "closed": Count("id", filter=Q(state=EventState.CLOSED)),
        "on_time": Count("id", filter=finished_in_time),
        "average_rating": Avg("rating"),
        "overdue": Count("id", filter=overdue_q(now)),
    }


def _row(unit, values):
    return Performance(unit, **{name: values[name] or (None if name == "average_rating" else 0)
                                for name in PERFORMANCE_FIELDS})


def unit_length(region):
    """Code length of the units one level below the region (townships under a county …)."""
    return CODE_LENGTHS[CHILD_LEVEL.get(region.level, Level.VILLAGE)]


def by_unit(events, region, now):
    """A row per unit one level below `region`, every unit listed even without events."""
    length = unit_length(region)
    rows = {
        row["unit"]: row
        for row in events.annotate(unit=Substr("region_id", 1, length)).values("unit").annotate(**performance(now))
    }
    children = Region.objects.filter(parent_id=region.code, level=CHILD_LEVEL.get(region.level, Level.VILLAGE))
    return [
        _row(child, rows[child.code]) if child.code in rows else Performance(child)
        for child in children.order_by("code")
    ]


def by_category(events, now):
    """A row per category that has events, most reported first."""
    rows = list(events.values("category_id").annotate(**performance(now)))
    categories = EventCategory.objects.select_related("parent").in_bulk([row["category_id"] for row in rows])
    result = [_row(categories[row["category_id"]], row) for row in rows]
    return sorted(result, key=lambda row: (-row.reported, row.unit.order, row.unit.code))


def overall(events, now):
    return _row(None, events.aggregate(**performance(now)))
