"""Small helpers to time things and print the figures."""

import resource
import statistics
import time
from contextlib import contextmanager


class Stopwatch:
    seconds = 0.0


@contextmanager
def stopwatch():
    watch = Stopwatch()
    started = time.perf_counter()
    try:
        yield watch
    finally:
        watch.seconds = time.perf_counter() - started


def median(samples):
    return statistics.median(samples)


def percentile(samples, fraction):
    """Nearest-rank percentile."""
    ordered = sorted(samples)
    rank = max(1, round(fraction * len(ordered) + 0.5))
    return ordered[min(rank, len(ordered)) - 1]


def peak_memory_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_memory_mb():
    """Resident memory now (Linux), or None where /proc is missing."""
    try:
        with open("/proc/self/statm") as statm:
            pages = int(statm.read().split()[1])
    except OSError:
        return None
    return pages * resource.getpagesize() / 1024 / 1024


def heading(text):
    print()
    print(f"== {text}")


def figure(label, value):
    print(f"   {label:<42} {value}")
