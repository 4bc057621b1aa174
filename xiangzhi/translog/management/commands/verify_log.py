from django.core.management.base import BaseCommand, CommandError

from xiangzhi.translog.verification import verify_log


class Command(BaseCommand):
    help = "重算公开日志:每条的叶哈希、每个树头的根哈希与签名、相邻树头的一致性,并与数据库中的当前记录逐条核对。"

    def handle(self, *args, **options):
        report = verify_log()
        for note in report.notes:
            self.stdout.write(note)
        for problem in report.problems:
            self.stderr.write(problem)
        if not report.ok:
            raise CommandError(f"公开日志核对发现 {len(report.problems)} 个问题。")
        self.stdout.write(f"公开日志核对通过:{report.entries} 条,{report.heads} 个签名树头。")
