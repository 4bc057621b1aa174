"""(f) Open311 POST Service Request throughput: the app in 2 gunicorn worker processes on the
bench database, loaded over loopback by wrk (bench/grid_open311.lua; Debian's `wrk`, which
scripts/system_deps.sh installs) or, where wrk is missing or BENCH_LOAD=locust, by locust
(bench/grid_open311_locust.py), bounded in time. wrk is the default because it is written in
C: on a 2-core machine locust took 5 of the 64 CPU-seconds of a 30-second run, wrk 1.

The api_key is an API token of a township official (account "bench_open311", made once, in
the region's last seeded township, so that the load leaves the pages of step (e) alone);
every request reports a new event at one of the township's 屯, in one of the shared
categories, through the same report_event as any other. BENCH_OPEN311_USERS (default 10) clients post back to back for
BENCH_OPEN311_SECONDS (default 30) over as many connections; XIANGZHI_CONN_MAX_AGE for the workers is
BENCH_CONN_MAX_AGE (default 60: persistent connections, as in production);
BENCH_GUNICORN_ARGS adds arguments to gunicorn (to compare worker classes). Locust runs on the
same cores as the app and the database, so the step also prints where the CPU time went.
"""

import json
import os
import resource
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from pathlib import Path

from .environment import BENCH_DIR, ROOT, env_int
from .figures import figure, heading

LOCUSTFILE = ROOT / "bench" / "grid_open311_locust.py"
WRK_SCRIPT = ROOT / "bench" / "grid_open311.lua"
RESOURCE = "/open311/v2/requests.json"
LOAD_USERNAME = "bench_open311"


def executable(name):
    beside_python = Path(sys.executable).parent / name
    return str(beside_python) if beside_python.exists() else shutil.which(name)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(base_url, process, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn stopped (exit {process.returncode}); see {BENCH_DIR / 'gunicorn.log'}")
        try:
            with urllib.request.urlopen(f"{base_url}/open311/v2/discovery.json", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer within {seconds} s; see {BENCH_DIR / 'gunicorn.log'}")


def load_user():
    """The account whose API token posts the load: a township official of the last seeded
    township of the region, far from 阳朔县, so that the load's events leave what step (e)
    measures as it was. Created once, through the account actions."""
    from xiangzhi.accounts import actions
    from xiangzhi.accounts.models import Role, User
    from xiangzhi.regions.models import Level, Region

    user = User.objects.filter(username=LOAD_USERNAME).first()
    if user is not None:
        return user
    last_tun = Region.objects.filter(level=Level.NATURAL_VILLAGE).order_by("-code").first()
    if last_tun is None:
        raise SystemExit("No 屯 to report to: run the seeding bench first (python -m bench seed).")
    township = Region.objects.get(pk=last_tun.code[:9])
    user = actions.create_user(
        None, LOAD_USERNAME, password=secrets.token_urlsafe(24) + "Aa1", region_code=township.code,
        full_name="Open311 负载测试",
    )
    actions.add_post(None, user, Role.TOWNSHIP_OFFICIAL, township)
    return user


def load_parameters():
    """(api_key, address ids, service codes, user): a new API token of the load's account, the
    屯 of its township, the shared leaf categories."""
    from xiangzhi.accounts import actions
    from xiangzhi.grid.models import EventCategory
    from xiangzhi.regions.models import Level, Region

    user = load_user()
    township = user.posts.get().region_id
    addresses = list(
        Region.objects.within(township).filter(level=Level.NATURAL_VILLAGE).order_by("code")
        .values_list("code", flat=True)[:100]
    )
    services = list(
        EventCategory.objects.active().leaves().filter(county__isnull=True).order_by("code")
        .values_list("code", flat=True)
    )
    if not addresses or not services:
        raise SystemExit("No 屯 or no event categories to report to: run the seeding bench and migrate first.")
    _token, key = actions.create_api_token(None, user, name="bench open311")
    return key, addresses, services, user


def endpoint_answers(key, address, service):
    """One POST through the test client: does the endpoint create an event yet?"""
    from django.test import Client

    response = Client().post(RESOURCE, {
        "api_key": key, "service_code": service, "address_id": address, "description": "基准测试前的检查请求。",
    })
    return response.status_code, response.content[:300].decode(errors="replace")


def run_locust(host, users, seconds, environment):
    """Locust's final figures for the POSTs: {requests, failures, per_second, median, p95, p99}
    (milliseconds)."""
    report = BENCH_DIR / "open311.json"  # locust adds the ".json" to the name it is given
    report.unlink(missing_ok=True)
    command = [
        executable("locust"), "-f", str(LOCUSTFILE), "--headless", "-u", str(users), "-r", str(users),
        "-t", f"{seconds}s", "--host", host, "--json-file", str(report.with_suffix("")), "--loglevel", "WARNING",
    ]
    print("   locust -f " + " ".join([str(LOCUSTFILE.relative_to(ROOT)), *command[3:]]))
    finished = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=seconds + 120,
                              cwd=ROOT)
    if finished.returncode not in (0, 1) or not report.exists():  # 1: some requests failed
        raise SystemExit(f"locust failed ({finished.returncode}):\n{finished.stderr[-2000:]}")
    entries = json.loads(report.read_text())
    times = Counter()
    for entry in entries:
        times.update({float(ms): count for ms, count in entry["response_times"].items()})
    count = sum(entry["num_requests"] for entry in entries)
    started = min(entry["start_time"] for entry in entries)
    ended = max(entry["last_request_timestamp"] for entry in entries)
    figures = {
        "requests": count,
        "failures": sum(entry["num_failures"] for entry in entries),
        "per_second": count / max(ended - started, 1e-9),
        "median": histogram_percentile(times, 0.5),
        "p95": histogram_percentile(times, 0.95),
        "p99": histogram_percentile(times, 0.99),
    }
    return figures


def run_wrk(host, users, seconds, environment):
    """wrk's figures for the POSTs, in the same form as run_locust's."""
    command = [executable("wrk"), "-t", "1", "-c", str(users), "-d", f"{seconds}s", "--timeout", "10s",
               "-s", str(WRK_SCRIPT), host + RESOURCE]
    print("   wrk " + " ".join([*command[1:-3], str(WRK_SCRIPT.relative_to(ROOT)), command[-1]]))
    finished = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=seconds + 60,
                              cwd=ROOT)
    lines = [line for line in finished.stdout.splitlines() if line.startswith("{")]
    if finished.returncode != 0 or not lines:
        raise SystemExit(f"wrk failed ({finished.returncode}):\n{finished.stdout[-1000:]}{finished.stderr[-1000:]}")
    figures = json.loads(lines[-1])
    figures["per_second"] = figures["requests"] / max(figures["seconds"], 1e-9)
    return figures


def load_tool():
    """"wrk" or "locust": wrk unless it is missing or BENCH_LOAD=locust."""
    chosen = os.environ.get("BENCH_LOAD", "")
    if chosen not in ("", "wrk", "locust"):
        raise SystemExit(f"BENCH_LOAD must be wrk or locust, got {chosen!r}")
    if chosen == "locust" or not executable("wrk"):
        return "locust" if executable("locust") else None
    return "wrk"


def histogram_percentile(counts, fraction):
    """Nearest-rank percentile of {value: how many}."""
    total = sum(counts.values())
    rank = max(1, round(fraction * total + 0.5))
    seen = 0
    for value in sorted(counts):
        seen += counts[value]
        if seen >= rank:
            return value
    return None


def machine_busy_seconds():
    """CPU time the whole machine has spent busy (Linux /proc/stat), in seconds."""
    with open("/proc/stat") as stat:
        ticks = [int(value) for value in stat.readline().split()[1:9]]
    idle = ticks[3] + ticks[4]  # idle, iowait
    return (sum(ticks) - idle) / os.sysconf("SC_CLK_TCK")


def children_cpu_seconds():
    """CPU time of this process's finished children (gunicorn and its workers, locust)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def server_side(user, started_at):
    """Events the load created (reported by the key's user since the start), and their rate
    between the first and the last."""
    from django.db.models import Count, Max, Min

    from xiangzhi.grid.models import Event, EventSource

    made = Event.objects.filter(source=EventSource.OPEN311, reporter=user, created_at__gte=started_at).aggregate(
        count=Count("id"), first=Min("created_at"), last=Max("created_at")
    )
    if not made["count"] or made["first"] == made["last"]:
        return made["count"], None
    return made["count"], made["count"] / (made["last"] - made["first"]).total_seconds()


def run():
    from django.db import connection
    from django.utils import timezone

    users = env_int("BENCH_OPEN311_USERS", 10)
    seconds = env_int("BENCH_OPEN311_SECONDS", 30)
    tool = load_tool()
    heading(f"(f) Open311 POST {RESOURCE}: 2 gunicorn workers, {users} {tool or 'load'} clients, {seconds} s")
    if not executable("gunicorn") or tool is None:
        figure("skipped", "gunicorn, or both wrk and locust, missing: pip install -e '.[production,test]'")
        return {}
    if connection.vendor != "postgresql":
        figure("note", f"on {connection.vendor}: the target is PostgreSQL (set BENCH_DATABASE_URL)")
    key, addresses, services, user = load_parameters()
    status, body = endpoint_answers(key, addresses[0], services[0])
    if not 200 <= status < 300:
        figure("skipped", f"the endpoint is not ready: POST answered {status} {body[:160]!r}")
        return {}

    port = free_port()
    host = f"http://127.0.0.1:{port}"
    environment = {
        **os.environ,
        "XIANGZHI_CONN_MAX_AGE": str(env_int("BENCH_CONN_MAX_AGE", 60)),
        "BENCH_OPEN311_KEY": key,
        "BENCH_OPEN311_PATH": RESOURCE,
        "BENCH_OPEN311_ADDRESSES": ",".join(addresses),
        "BENCH_OPEN311_SERVICES": ",".join(services),
    }
    command = [executable("gunicorn"), "xiangzhi.wsgi", "-w", "2", "-b", f"127.0.0.1:{port}",
               *shlex.split(os.environ.get("BENCH_GUNICORN_ARGS", "")),
               "--log-level", "warning", "--error-logfile", str(BENCH_DIR / "gunicorn.log")]
    print("   " + " ".join(["gunicorn", *command[1:]]))
    started_at = timezone.now()
    busy, wall, children = machine_busy_seconds(), time.monotonic(), children_cpu_seconds()
    server = subprocess.Popen(command, env=environment, cwd=ROOT)
    try:
        wait_until_up(host, server)
        before_load = children_cpu_seconds()
        figures = (run_wrk if tool == "wrk" else run_locust)(host, users, seconds, environment)
        load_cpu = children_cpu_seconds() - before_load
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    busy, wall = machine_busy_seconds() - busy, time.monotonic() - wall
    app_cpu = children_cpu_seconds() - children - load_cpu
    created, created_per_second = server_side(user, started_at)
    figure("requests (failed)", f"{figures['requests']:,} ({figures['failures']:,})")
    figure(f"throughput ({tool})", f"{figures['per_second']:,.1f} requests/s")
    figure("latency: median / p95 / p99",
           f"{figures['median']:.0f} ms / {figures['p95']:.0f} ms / {figures['p99']:.0f} ms")
    figure("events created by the load", f"{created:,}" + (
        f" ({created_per_second:,.1f}/s between the first and the last)" if created_per_second else ""))
    if figures["failures"]:
        figure("  failed requests", f"see {BENCH_DIR / 'gunicorn.log'}")
    cores = os.cpu_count() or 1
    figure(f"CPU seconds over {wall:.0f} s on {cores} cores", (
        f"app {app_cpu:.0f} (with start-up), {tool} {load_cpu:.0f}, "
        f"rest {max(busy - app_cpu - load_cpu, 0):.0f} (PostgreSQL, other processes), "
        f"idle {max(cores * wall - busy, 0):.0f}"
    ))
    return {"open311_rps": figures["per_second"], "open311_failures": figures["failures"]}
