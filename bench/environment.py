"""The bench's own database and settings, fixed before Django is imported."""

import os
import secrets
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
SQLITE_FILE = BENCH_DIR / "bench.sqlite3"


def configure(fresh):
    """Point Django at the bench database; with `fresh`, start from an empty SQLite file."""
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    url = os.environ.get("BENCH_DATABASE_URL")
    if not url:
        if fresh:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{SQLITE_FILE}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{SQLITE_FILE}"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xiangzhi.settings")
    # Figures are taken as in production: DEBUG off (no query log kept in memory).
    os.environ["XIANGZHI_DEBUG"] = "0"
    # `make bench` has written var/secret.key and var/field.key; a bare checkout gets
    # throwaway keys for this run (the bench database is thrown away too).
    if not (ROOT / "var" / "secret.key").exists():
        os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    if not (ROOT / "var" / "field.key").exists():
        os.environ.setdefault("XIANGZHI_FIELD_KEY", secrets.token_hex(32))
    if not (ROOT / "var" / "log_signing.key").exists():
        os.environ.setdefault("XIANGZHI_LOG_SIGNING_KEY", secrets.token_hex(32))
    return url


def describe(url):
    if url.startswith("sqlite"):
        return f"SQLite {url.split(':///', 1)[1]}"
    return "PostgreSQL (BENCH_DATABASE_URL)"


def env_int(name, default):
    raw = os.environ.get(name, "")
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SystemExit(f"{name} must be a whole number, got {raw!r}") from None
    if value < 1:
        raise SystemExit(f"{name} must be at least 1, got {value}")
    return value
