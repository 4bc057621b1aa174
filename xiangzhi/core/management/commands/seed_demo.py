"""manage.py seed_demo [--county CODE] [--scale county|region]: deterministic demo data."""

from django.core.management.base import BaseCommand, CommandError

from xiangzhi.core.demo import DEFAULT_COUNTY, PASSWORD, DemoSeeder, SeedError
from xiangzhi.portal.demo import seed_transparency
from xiangzhi.portal.demo_collab import LABELS, seed_collab
from xiangzhi.regions.models import Region


class Command(BaseCommand):
    help = "生成演示数据(固定随机种子,可重复运行):屯、网格、户、村民、组织、各角色演示账号;按县生成时另有村级三资、三务公开和小微权力示例。"

    def add_arguments(self, parser):
        parser.add_argument("--county", default=DEFAULT_COUNTY, help="县级区划代码(默认 450321 阳朔县)")
        parser.add_argument("--scale", choices=("county", "region"), default="county",
                            help="county:该县所有村;region:全区 16,681 个村(用于性能测试)")
        parser.add_argument("--households-per-village", type=int, default=None,
                            help="每村户数(默认 county 30,region 20)")
        parser.add_argument("--seed", type=int, default=2025, help="随机种子(默认 2025)")

    def handle(self, *args, county, scale, households_per_village, seed, **options):
        seeder = DemoSeeder(
            county=county, scale=scale, households_per_village=households_per_village, seed=seed,
            out=lambda line: self.stdout.write(line),
        )
        try:
            result = seeder.run()
        except SeedError as error:
            raise CommandError(str(error)) from None
        if result.seeded_villages:
            counts = result.counts
            self.stdout.write(
                f"已生成 {result.seeded_villages} 个村的演示数据:屯/网格 {counts['regions']},户 {counts['households']},"
                f"村民 {counts['residents']},组织 {counts['organisations']},组织成员 {counts['memberships']}。"
            )
            self.stdout.write(
                f"共 {result.rows} 行,用时 {result.seconds:.1f} 秒,{result.rows / max(result.seconds, 1e-9):,.0f} 行/秒。"
            )
        else:
            self.stdout.write("演示数据已存在,未重复生成。")
        if scale == "county":
            made = seed_transparency(Region.objects.get(pk=county))
            self.stdout.write(
                f"三务公开、村民自治与德治演示:凭证 {made['vouchers']},已发布公开 {made['disclosures']},"
                f"村民代表会议 {made['meetings']},小微权力清单 {made['power_lists']},权力案件 {made['power_cases']},"
                f"积分记录 {made['points_entries']},爱心超市商品 {made['goods']}。"
            )
            self.stdout.write(
                f"法治演示:人民调解委员会 {made['law_committees']},法律顾问 {made['law_advisors']},"
                f"法律明白人 {made['law_literates']},宣传阵地 {made['law_sites']},纠纷 {made['law_disputes']}。"
            )
            for module, counts in seed_collab(Region.objects.get(pk=county)).items():
                written = ",".join(f"{LABELS.get(what, what)} {count}" for what, count in counts.items())
                self.stdout.write(f"{module}演示:{written}。")
        self.stdout.write("")
        self.stdout.write("演示账号:")
        width = max(len(username) for username, *_rest in result.accounts)
        for username, role, region, code in result.accounts:
            self.stdout.write(f"  {username.ljust(width)}  {role}\t{region}({code})")
        self.stdout.write(f"密码(所有演示账号):{PASSWORD}")
