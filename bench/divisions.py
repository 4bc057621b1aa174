"""(a) load_divisions: the 18,091 real units into an empty database, then again (idempotent)."""

from .figures import figure, heading, stopwatch


def run():
    from xiangzhi.regions.loader import DEFAULT_FILE, load_divisions
    from xiangzhi.regions.models import Region

    heading("(a) load_divisions")
    with stopwatch() as first:
        result = load_divisions(DEFAULT_FILE)
    figure("first run (empty database)", f"{first.seconds:.2f} s, {result.created:,} units created")
    with stopwatch() as second:
        again = load_divisions(DEFAULT_FILE)
    figure(
        "second run (nothing to change)",
        f"{second.seconds:.2f} s, {again.created} created, {again.updated} updated, {again.unchanged:,} unchanged",
    )
    figure("units in the database", f"{Region.objects.count():,}")
    return {"load_divisions_s": first.seconds, "load_divisions_again_s": second.seconds}
