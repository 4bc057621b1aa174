"""manage.py recompute_indicators [--plan P] [--period 2026|2026Q3|2026-07|all]

Rebuilds the rollup table for every measured indicator of the plan, swapping each indicator's
period in one transaction, so it can run while the site serves. Progress goes to stderr.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from xiangzhi.targets import engine
from xiangzhi.targets.periods import YEAR, Period
from xiangzhi.targets.plans import PlanError, load_plan


class Command(BaseCommand):
    help = "重新计算规划指标（全部单位、各级汇总），逐项替换，不影响在线使用。"

    def add_arguments(self, parser):
        parser.add_argument("--plan", help="规划文件名（默认为当前规划）")
        parser.add_argument(
            "--period", default=None,
            help="统计期：2026、2026Q3、2026-07，或 all（规划起始年至今每一年）；默认今年",
        )
        parser.add_argument("--indicator", action="append", dest="indicators", help="只算这个指标（可重复）")

    def handle(self, *args, plan=None, period=None, indicators=None, **options):
        try:
            plan = load_plan(plan)
        except PlanError as error:
            raise CommandError(str(error)) from None
        periods = self.periods(plan, period)
        stats = engine.recompute(plan, periods=periods, indicators=indicators, progress=self.progress)
        self.stdout.write(
            f"完成：{stats.indicators} 个指标，{stats.periods} 个指标统计期，汇总表共 {stats.rows} 行（仅写入变化的值），"
            f"用时 {stats.seconds:.1f} 秒"
        )

    def periods(self, plan, option):
        if option is None:
            return None
        if option == "all":
            this_year = timezone.localdate().year
            return [Period(YEAR, year) for year in range(plan.start_year, max(this_year, plan.start_year) + 1)]
        try:
            return [Period.parse(option)]
        except ValueError as error:
            raise CommandError(str(error)) from None

    def progress(self, done, total, label, rows):
        width = 30
        filled = width * done // total
        bar = "#" * filled + "-" * (width - filled)
        self.stderr.write(f"[{bar}] {done}/{total} {label}（{rows} 行）")
