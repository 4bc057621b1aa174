"""(c) The scoped resident list (50 rows a page) for a township official, at region scale,
next to a bare view that runs the page's main SQL statement."""

import time

from .bare import SQL
from .environment import env_int
from .figures import figure, heading, median, percentile

WARM_UP = 10


def main_statement(captured):
    """The page's main query: the one that reads a page of residents."""
    candidates = [
        query["sql"] for query in captured
        if 'FROM "people_resident"' in query["sql"] and "LIMIT" in query["sql"].upper()
    ]
    if not candidates:
        raise SystemExit("The resident list page ran no query over people_resident with a LIMIT.")
    return max(candidates, key=len)


def timed_gets(client, url, count):
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        response = client.get(url)
        samples.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise SystemExit(f"GET {url} answered {response.status_code}")
    return samples


def run():
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from xiangzhi.accounts.models import Role, User
    from xiangzhi.core.demo import DEFAULT_COUNTY, demo_username
    from xiangzhi.people.models import Resident

    requests = env_int("BENCH_REQUESTS", 200)
    heading(f"(c) resident list page, township official, {requests} requests")
    user = User.objects.filter(username=demo_username(Role.TOWNSHIP_OFFICIAL, DEFAULT_COUNTY)).first()
    if user is None:
        raise SystemExit("No demo township official: run the seeding bench first (python -m bench).")
    township = user.posts.get().region
    with override_settings(ROOT_URLCONF="bench.urls", ALLOWED_HOSTS=["testserver"]):
        client = Client()
        client.force_login(user)
        url = reverse("people:residents")
        timed_gets(client, url, WARM_UP)
        with CaptureQueriesContext(connection) as captured:
            page = client.get(url)
        # Kept now: the next request clears the connection's query log.
        page_queries = list(captured.captured_queries)
        SQL["statement"] = main_statement(page_queries)
        page_samples = timed_gets(client, url, requests)

        bare_url = reverse("bench_bare")
        timed_gets(client, bare_url, WARM_UP)
        bare_samples = timed_gets(client, bare_url, requests)

    in_scope = Resident.objects.within(township.code).count()
    rows_on_page = page.content.decode().count("<tr") - 1
    figure("official's township", f"{township.name} {township.code}, {in_scope:,} residents in scope")
    figure("queries per page view", f"{len(page_queries)} ({rows_on_page} table rows shown)")
    figure("page: median / p95", f"{median(page_samples) * 1000:.1f} ms / {percentile(page_samples, 0.95) * 1000:.1f} ms")
    figure("bare view, same SQL: median / p95",
           f"{median(bare_samples) * 1000:.1f} ms / {percentile(bare_samples, 0.95) * 1000:.1f} ms")
    ratio = median(page_samples) / median(bare_samples)
    figure("ratio page / bare (medians)", f"{ratio:.1f}×")
    statement = SQL["statement"]
    shown = "SELECT … " + statement[statement.find(" FROM ") + 1:] if " FROM " in statement else statement
    print("   main SQL statement:")
    print("     " + shown[:600] + (" …" if len(shown) > 600 else ""))
    return {"page_median_ms": median(page_samples) * 1000, "bare_median_ms": median(bare_samples) * 1000}
