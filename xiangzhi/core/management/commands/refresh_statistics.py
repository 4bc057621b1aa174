"""Refresh the query planner's statistics (SQLite; PostgreSQL's autovacuum does it itself)."""

import time

from django.core.management.base import BaseCommand

from xiangzhi.core.statistics import refresh_planner_statistics


class Command(BaseCommand):
    help = "刷新查询优化器的统计信息(SQLite 需要定期运行;PostgreSQL 由 autovacuum 自动完成)。"

    def handle(self, *args, **options):
        started = time.perf_counter()
        if refresh_planner_statistics():
            self.stdout.write(f"statistics refreshed in {time.perf_counter() - started:.2f} s")
        else:
            self.stdout.write("nothing to do: the database keeps its own statistics")
