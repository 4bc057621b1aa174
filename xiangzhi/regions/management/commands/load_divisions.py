from django.core.management.base import BaseCommand, CommandError

from xiangzhi.regions.loader import DEFAULT_FILE, DivisionFileError, load_divisions


class Command(BaseCommand):
    help = "载入统计用区划(自治区、市、县、乡镇、村);可重复运行,只写入新增和变化的单位。"

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(DEFAULT_FILE), help="CSV 文件:code,name,level,parent_code")

    def handle(self, *args, **options):
        try:
            result = load_divisions(options["file"])
        except DivisionFileError as error:
            problems = "\n".join(error.problems)
            raise CommandError(f"文件有 {len(error.problems)} 处问题,未写入任何数据:\n{problems}") from None
        self.stdout.write(
            f"区划载入完成:新增 {result.created},更新 {result.updated},未变 {result.unchanged}。"
        )
