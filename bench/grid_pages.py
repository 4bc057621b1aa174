"""(e) A county's overdue list and a township dispatcher's board over the seeded events, through
Django's test client, next to the bare SQL of the same statements.

Each page is requested BENCH_REQUESTS times (default 200) after 10 warm-up requests. The
statements the page ran over grid_event are captured once and then run bare (cursor.execute
and fetchall, no view, no template) as many times. If a page is not there yet (its URL name
does not resolve, or it fails), the queries it is expected to run are measured through the
ORM instead, and the figures say so.
"""

import time
from dataclasses import dataclass
from typing import Callable

from .environment import env_int
from .figures import figure, heading, median, percentile

WARM_UP = 10
EVENT_TABLE = '"grid_event"'


@dataclass
class Page:
    title: str
    role: str
    url_name: str
    query: str
    expected: Callable  # (user, now) -> None: the queries the page is expected to run


def county_overdue_expected(user, now):
    """The county official's overdue list: events in their scope, not finished, past the
    deadline, oldest deadline first, 50 a page, and the count for the pager."""
    from xiangzhi.grid.events import FINAL_STATES, visible_events

    events = (
        visible_events(user).filter(deadline__lt=now).exclude(state__in=FINAL_STATES)
        .select_related("category", "category__parent", "region", "handler_region")
        .order_by("deadline", "id")
    )
    events.count()
    list(events[:50])


def board_expected(user, now):
    """The township dispatcher's board: totals, unaccepted and overdue lists, counts by category."""
    from xiangzhi.grid import boards

    events = boards.dispatch_scope(user)
    boards.board_totals(events, now)
    list(boards.unaccepted(events)[:20])
    list(boards.overdue(events, now)[:20])
    boards.counts_by_category(events, now)


def pages():
    from xiangzhi.accounts.models import Role

    return (
        Page("county official's overdue list", Role.COUNTY_DEPARTMENT, "grid:event_list", "overdue=1",
             county_overdue_expected),
        Page("township dispatcher's board", Role.TOWNSHIP_OFFICIAL, "grid:board", "", board_expected),
    )


def timed(action, count):
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return samples


def ms(samples):
    return f"{median(samples) * 1000:.1f} ms / {percentile(samples, 0.95) * 1000:.1f} ms"


def page_request(client, url):
    def get():
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} answered {response.status_code}")
    return get


def how_to_request(client, page, user):
    """(action, description): the real page if it answers, else the expected queries."""
    from django.urls import NoReverseMatch, reverse
    from django.utils import timezone

    try:
        url = reverse(page.url_name) + (f"?{page.query}" if page.query else "")
    except NoReverseMatch:
        reason = f"{page.url_name} is not there yet"
    else:
        get = page_request(client, url)
        try:
            get()
        except Exception as error:  # the page exists but is not finished: say so, measure the queries
            reason = f"GET {url} failed ({type(error).__name__}: {str(error)[:120]})"
        else:
            return get, f"page GET {url}"
    return (lambda: page.expected(user, timezone.now())), f"expected queries through the ORM ({reason})"


def statement_label(sql):
    upper = sql.upper()
    if "GROUP BY" in upper:
        return "grouped counts"
    if "COUNT(" in upper and "LIMIT" not in upper:
        return "count"
    if "LIMIT" in upper:
        return "page of rows"
    return "other"


def explain(sql):
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
            return [row[-1] for row in cursor.fetchall()]
        cursor.execute("EXPLAIN " + sql)
        return [row[0] for row in cursor.fetchall()]


def run_statements(statements):
    from django.db import connection

    def run():
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
                cursor.fetchall()
    return run


def scope_figures(page, user):
    from django.utils import timezone

    from xiangzhi.grid.events import FINAL_STATES
    from xiangzhi.grid.models import Event, EventState

    post = user.posts.get()
    events = Event.objects.within(post.region_id)
    overdue = events.filter(deadline__lt=timezone.now()).exclude(state__in=FINAL_STATES).count()
    unaccepted = events.filter(state=EventState.REPORTED).count()
    return (f"{post.region.name} {post.region_id}: {events.count():,} events, {overdue:,} overdue, "
            f"{unaccepted:,} unaccepted")


def measure(page, requests):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from xiangzhi.accounts.models import User
    from xiangzhi.core.demo import DEFAULT_COUNTY, demo_username

    user = User.objects.filter(username=demo_username(page.role, DEFAULT_COUNTY)).first()
    if user is None:
        raise SystemExit("No demo users: run the seeding bench first (python -m bench seed).")
    heading(f"(e) {page.title}, {requests} requests")
    client = Client()
    client.force_login(user)
    action, description = how_to_request(client, page, user)
    figure("measured", description)
    figure("scope", scope_figures(page, user))
    timed(action, WARM_UP)
    with CaptureQueriesContext(connection) as captured:
        action()
    queries = [query["sql"] for query in captured.captured_queries]
    statements = [sql for sql in queries if EVENT_TABLE in sql]
    samples = timed(action, requests)
    timed(run_statements(statements), WARM_UP)
    bare = timed(run_statements(statements), requests)
    figure("queries per view", f"{len(queries)} ({len(statements)} over grid_event)")
    figure("page: median / p95", ms(samples))
    figure("bare SQL, the grid_event statements", ms(bare))
    figure("ratio page / bare (medians)", f"{median(samples) / max(median(bare), 1e-9):.1f}×")
    for number, sql in enumerate(statements, 1):
        alone = timed(run_statements([sql]), max(20, requests // 4))
        figure(f"  statement {number}: {statement_label(sql)}", ms(alone))
    main = max((sql for sql in statements if "LIMIT" in sql.upper()), key=len, default=None)
    if main:
        shown = "SELECT … " + main[main.find(" FROM ") + 1:] if " FROM " in main else main
        print("   main statement:")
        print("     " + shown[:700] + (" …" if len(shown) > 700 else ""))
        print("   its plan:")
        for line in explain(main)[:10]:
            print("     " + line)
    return {f"{page.url_name}_median_ms": median(samples) * 1000, f"{page.url_name}_bare_ms": median(bare) * 1000}


def run():
    from xiangzhi.core.statistics import refresh_planner_statistics

    # As `make run`'s loop does every 10 minutes (a migration that rebuilds a SQLite table
    # drops its statistics).
    refresh_planner_statistics()
    requests = env_int("BENCH_REQUESTS", 200)
    results = {}
    for page in pages():
        results.update(measure(page, requests))
    return results
