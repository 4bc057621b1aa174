"""The planner statistics SQLite needs and PostgreSQL keeps itself."""

import pytest
from django.core.management import call_command
from django.db import connection

from xiangzhi.core.statistics import refresh_planner_statistics


@pytest.mark.django_db
def test_refresh_writes_sqlite_statistics_for_indexed_tables(tree):
    ran = refresh_planner_statistics()
    if connection.vendor != "sqlite":
        assert ran is False
        return
    assert ran is True
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT tbl FROM sqlite_stat1")
        analysed = {row[0] for row in cursor.fetchall()}
    assert "regions_region" in analysed


@pytest.mark.django_db
def test_command_says_what_it_did(tree, capsys):
    call_command("refresh_statistics")
    out = capsys.readouterr().out
    expected = "statistics refreshed" if connection.vendor == "sqlite" else "nothing to do"
    assert expected in out
