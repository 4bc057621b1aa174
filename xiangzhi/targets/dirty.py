"""Dirty marks: a write records which unit's values it may change; the refresh task consumes them.

The mark is written in the writer's transaction (a rolled-back write leaves no mark) and the
refresh task is enqueued once the transaction commits — once per transaction, however many
audit events it wrote.
"""

from django.db import connection, transaction

from xiangzhi.regions.models import CODE_LENGTHS, Level

from .models import DirtyUnit

VILLAGE_LENGTH = CODE_LENGTHS[Level.VILLAGE]


def unit_code(region_code):
    """The unit a record under this code belongs to: its village for a village or anything below
    (屯, grid), the code itself for a township, county, city or the region."""
    code = (region_code or "").strip()
    return code[:VILLAGE_LENGTH] if len(code) >= VILLAGE_LENGTH else code


def mark(region_code):
    """Mark the unit of `region_code` dirty and have the refresh task run after commit."""
    code = unit_code(region_code)
    if not code:
        return None
    dirty = DirtyUnit.objects.create(region_code=code)
    if not _refresh_scheduled():
        transaction.on_commit(enqueue_refresh, robust=True)
    return dirty


def enqueue_refresh():
    from .tasks import refresh_indicators

    return refresh_indicators.enqueue()


def _refresh_scheduled():
    # on_commit callbacks waiting in this transaction; a miss only enqueues the task twice.
    pending = getattr(connection, "run_on_commit", None) or []
    return connection.in_atomic_block and any(entry[1] is enqueue_refresh for entry in pending)
