"""(b) seed_demo --scale region: every village of Guangxi, streamed township by township."""

import os

from .environment import env_int
from .figures import current_memory_mb, figure, heading, peak_memory_mb


def run():
    from xiangzhi.core.demo import DemoSeeder

    households = env_int("BENCH_HOUSEHOLDS_PER_VILLAGE", 5)
    heading(f"(b) seed_demo --scale region, {households} households per village")
    seeder = DemoSeeder(scale="region", households_per_village=households, out=lambda line: print("   " + line))
    result = seeder.run()
    counts = result.counts
    figure("villages seeded", f"{result.seeded_villages:,}")
    figure("rows written", f"{result.rows:,} ({counts['residents']:,} residents, {counts['households']:,} households)")
    figure("time", f"{result.seconds:.1f} s")
    figure("rows per second", f"{result.rows / max(result.seconds, 1e-9):,.0f}")
    now = current_memory_mb()
    figure("memory after seeding / peak of the run", f"{now:.0f} MB / {peak_memory_mb():.0f} MB" if now else
           f"peak {peak_memory_mb():.0f} MB")
    if os.environ.get("BENCH_DATABASE_URL") is None:
        figure("(database)", "SQLite, WAL, one transaction per township")
    return {"seed_rows": result.rows, "seed_s": result.seconds}
