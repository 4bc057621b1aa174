"""python -m bench [divisions] [seed] [page] [events] [grid_pages] [open311] [log] [targets]: print the
benchmark figures (every step by default).

`divisions` starts from an empty bench database; the other steps run on what is there:
`events` seeds grid events over the villages `seed` filled, `grid_pages` and `open311`
measure the grid's pages and its Open311 POST on them; `log` fills the publication log
with the regions and measures its proofs and verify_log; `targets` seeds what the plan's
indicators read and measures the targets engine (recompute against hand-written SQL, dashboard
pages, a write until the region's rollup shows it).
"""

import sys
import time

from .environment import configure, describe

STEPS = ("divisions", "seed", "page", "events", "grid_pages", "open311", "log", "targets")


def main(argv):
    chosen = [arg for arg in argv if arg in STEPS] or list(STEPS)
    unknown = [arg for arg in argv if arg not in STEPS]
    if unknown:
        raise SystemExit(f"unknown step(s) {unknown}; choose from {list(STEPS)}")
    url = configure(fresh="divisions" in chosen)

    import django

    django.setup()
    from django.core.management import call_command

    from . import (
        divisions, grid_events, grid_open311, grid_pages, residents_page, seeding, targets_engine, translog_log,
    )

    print(f"Xiangzhi benchmarks on {describe(url)}")
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    print(f"   (migrate: {time.perf_counter() - started:.1f} s)")
    steps = {
        "divisions": divisions.run, "seed": seeding.run, "page": residents_page.run,
        "events": grid_events.run, "grid_pages": grid_pages.run, "open311": grid_open311.run,
        "log": translog_log.run, "targets": targets_engine.run,
    }
    for name in chosen:
        steps[name]()
    print()


if __name__ == "__main__":
    main(sys.argv[1:])
