"""(d) seed_events --scale region: millions of grid events over the seeded villages, streamed
township by township."""

import time

from .environment import env_int
from .figures import current_memory_mb, figure, heading, peak_memory_mb


def run():
    from xiangzhi.grid.models import Escalation, Event
    from xiangzhi.grid.seeding import EventSeeder

    events = env_int("BENCH_GRID_EVENTS", 2_000_000)
    heading(f"(d) seed_events --scale region --events {events:,}")
    seeder = EventSeeder(scale="region", events=events, out=lambda line: print("   " + line))
    result = seeder.run()
    counts = result.counts
    if result.skipped_townships:
        figure("townships skipped (had events already)", f"{result.skipped_townships:,} of {result.townships:,}")
    figure("events written", f"{counts['events']:,} (+ {counts['escalations']:,} escalation rows, "
                             f"{counts['grid_workers']:,} grid worker accounts with their posts)")
    figure("time", f"{result.seconds:.1f} s")
    figure("rows per second", f"{result.rows / max(result.seconds, 1e-9):,.0f}")
    now = current_memory_mb()
    figure("memory after seeding / peak of the run",
           f"{now:.0f} MB / {peak_memory_mb():.0f} MB" if now else f"peak {peak_memory_mb():.0f} MB")
    from xiangzhi.core.statistics import refresh_planner_statistics

    started = time.perf_counter()
    if refresh_planner_statistics():  # as seed_events and make run's loop do
        figure("SQLite ANALYZE (analysis_limit 1000)", f"{time.perf_counter() - started:.2f} s")
    figure("events in the database", f"{Event.objects.count():,} ({Escalation.objects.count():,} escalations)")
    return {"grid_event_rows": result.rows, "grid_event_s": result.seconds}
