"""manage.py seed_events [--county CODE | --scale region] [--events N] [--seed S]: seeded grid events."""

from django.core.management.base import BaseCommand, CommandError

from xiangzhi.core.demo import DEFAULT_COUNTY
from xiangzhi.core.statistics import refresh_planner_statistics
from xiangzhi.grid.seeding import EventSeeder, SeedError


class Command(BaseCommand):
    help = (
        "生成演示网格事件(固定随机种子,可重复运行):在 seed_demo 生成的村、屯、网格和户上,"
        "批量写入过去 12 个月的事件,含受理、办结、评价、超期与升级。按乡镇逐个写入,已有事件的乡镇跳过。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--county", default=None, help=f"县级区划代码(默认 {DEFAULT_COUNTY} 阳朔县)")
        parser.add_argument("--scale", choices=("county", "region"), default="county",
                            help="county:一个县;region:全区所有村(用于性能测试),不与 --county 同用")
        parser.add_argument("--events", type=int, default=None,
                            help="事件总数(默认 county 20,000,region 2,000,000)")
        parser.add_argument("--seed", type=int, default=2025, help="随机种子(默认 2025)")

    def handle(self, *args, county, scale, events, seed, **options):
        if county and scale == "region":
            raise CommandError("--county 与 --scale region 不能同时使用:全区生成时不指定县。")
        seeder = EventSeeder(
            county=county, scale=scale, events=events, seed=seed, out=lambda line: self.stdout.write(line)
        )
        try:
            result = seeder.run()
        except SeedError as error:
            raise CommandError(str(error)) from None
        counts = result.counts
        if result.skipped_townships:
            self.stdout.write(f"{result.skipped_townships} 个乡镇已有事件,已跳过。")
        if not counts["events"]:
            self.stdout.write("事件已存在,未重复生成。")
            return
        self.stdout.write(
            f"已生成事件 {counts['events']} 条(超期升级记录 {counts['escalations']} 条),"
            f"覆盖 {result.townships - result.skipped_townships} 个乡镇;新建网格员账号 {counts['grid_workers']} 个。"
        )
        if refresh_planner_statistics():
            self.stdout.write("已刷新 SQLite 查询统计信息(ANALYZE)。")
        self.stdout.write(
            f"共 {result.rows} 行,用时 {result.seconds:.1f} 秒,{result.rows / max(result.seconds, 1e-9):,.0f} 行/秒。"
        )
