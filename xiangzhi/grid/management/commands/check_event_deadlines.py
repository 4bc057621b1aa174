"""Escalate overdue grid events and auto-confirm resolved ones nobody confirmed.

Run it from cron (every 10 minutes, say) — `manage.py check_event_deadlines` — or with
`--enqueue` to hand the work to the task worker. Safe to run twice or concurrently.
"""

from django.core.management.base import BaseCommand

from xiangzhi.grid import deadlines, tasks


class Command(BaseCommand):
    help = "超期事件自动升级、已办结未确认事件超时自动确认(可重复、可并发运行)。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue", action="store_true", help="交给后台任务进程执行(django-tasks),而不是在本进程执行。"
        )

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            result = tasks.check_event_deadlines.enqueue()
            self.stdout.write(f"enqueued {result.id}")
            return
        run = deadlines.check_event_deadlines()
        self.stdout.write(
            f"escalated={run.escalated} flagged={run.flagged} auto_confirmed={run.auto_confirmed} skipped={run.skipped}"
        )
