"""(g) The publication log at size: appends, proofs and the whole-log check.

Regions of the bench database (the divisions and the seeded 屯 and grids; BENCH_LOG_ENTRIES,
default 20,000, caps how many) are appended to the log under a bench-only kind, one append
per transaction as a publishing action does. Then, at that size, the public endpoints are
requested through Django's test client (BENCH_REQUESTS each, default 200: the signed head,
random inclusion proofs against it, random consistency proofs, the entry page with its
server-side check), and `verify_log` recomputes everything once. Run again, it appends only
what is missing.
"""

import random
import time

from .environment import env_int
from .figures import figure, heading, median, percentile

KIND = "bench_region"


def region_content(region):
    return {"name": region.name, "level": region.level, "parent": region.parent_id}


def timed_requests(client, urls):
    samples = []
    for url in urls:
        started = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"GET {url} answered {response.status_code}: {response.content[:200]!r}")
    return samples


def run():
    from django.db import transaction
    from django.test import Client

    from xiangzhi.regions.models import Region
    from xiangzhi.translog import log
    from xiangzhi.translog.models import LogEntry
    from xiangzhi.translog.verification import verify_log

    wanted = env_int("BENCH_LOG_ENTRIES", 20_000)
    requests = env_int("BENCH_REQUESTS", 200)
    heading(f"(g) publication log: up to {wanted:,} entries")
    log.register_kind(KIND, Region, region_content, label="基准测试区划")
    done = set(LogEntry.objects.filter(kind=KIND).values_list("object_id", flat=True))
    regions = [region for region in Region.objects.order_by("code")[:wanted] if region.code not in done]
    started = time.perf_counter()
    for region in regions:
        with transaction.atomic():
            log.append(region, KIND)
    seconds = time.perf_counter() - started
    size = LogEntry.objects.count()
    if regions:
        figure("appended now", f"{len(regions):,} in {seconds:.1f} s ({len(regions) / seconds:,.0f}/s, "
                               f"{seconds / len(regions) * 1000:.2f} ms each)")
    figure("entries in the log", f"{size:,}")
    if size < 2:
        figure("skipped", "the log needs at least 2 entries: run the divisions step first")
        return {}

    client = Client()
    rng = random.Random(2025)
    pages = {
        "GET /api/v1/log/head": ["/api/v1/log/head"] * requests,
        "GET /api/v1/log/proof/{i}?tree_size=N": [
            f"/api/v1/log/proof/{rng.randrange(size)}?tree_size={size}" for _ in range(requests)
        ],
        "GET /api/v1/log/consistency?first=M&second=N": [
            f"/api/v1/log/consistency?first={rng.randrange(1, size)}&second={size}" for _ in range(requests)
        ],
        "GET /log/entries/{i}/ (checked on the server)": [
            f"/log/entries/{rng.randrange(size)}/" for _ in range(requests)
        ],
    }
    results = {"log_entries": size}
    for title, urls in pages.items():
        timed_requests(client, urls[:10])
        samples = timed_requests(client, urls)
        figure(title, f"median {median(samples):.1f} ms / p95 {percentile(samples, 0.95):.1f} ms")
    started = time.perf_counter()
    report = verify_log()
    seconds = time.perf_counter() - started
    figure("verify_log (whole log, every row compared)",
           f"{seconds:.1f} s, {'no problem' if report.ok else f'{len(report.problems)} problems'}")
    results["verify_log_s"] = seconds
    return results
