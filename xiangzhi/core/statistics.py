"""The query planner's statistics.

PostgreSQL keeps them itself (autovacuum's ANALYZE). SQLite has none until someone runs
ANALYZE, and without them it may pick a poor index on a large table (the grid board read
2 M events through the `state` index: 219 ms instead of a few). `make run` refreshes them
every ten minutes; production on SQLite should run `manage.py refresh_statistics` from cron.
"""

from django.db import connection

# Rows SQLite samples per index: approximate statistics in milliseconds even for millions
# of rows (https://sqlite.org/lang_analyze.html#approx).
SQLITE_ANALYSIS_LIMIT = 1000


def refresh_planner_statistics():
    """Refresh the statistics where the database does not do it itself; True if it ran."""
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA analysis_limit={SQLITE_ANALYSIS_LIMIT}")
        cursor.execute("ANALYZE")
    return True
