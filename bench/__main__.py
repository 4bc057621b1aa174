"""python -m bench [divisions] [seed] [page]: print the benchmark figures (all three by default).

`divisions` starts from an empty bench database; `seed` and `page` run on what is there.
"""

import sys
import time

from .environment import configure, describe

STEPS = ("divisions", "seed", "page")


def main(argv):
    chosen = [arg for arg in argv if arg in STEPS] or list(STEPS)
    unknown = [arg for arg in argv if arg not in STEPS]
    if unknown:
        raise SystemExit(f"unknown step(s) {unknown}; choose from {list(STEPS)}")
    url = configure(fresh="divisions" in chosen)

    import django

    django.setup()
    from django.core.management import call_command

    from . import divisions, residents_page, seeding

    print(f"Xiangzhi benchmarks on {describe(url)}")
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    print(f"   (migrate: {time.perf_counter() - started:.1f} s)")
    steps = {"divisions": divisions.run, "seed": seeding.run, "page": residents_page.run}
    for name in chosen:
        steps[name]()
    print()


if __name__ == "__main__":
    main(sys.argv[1:])
