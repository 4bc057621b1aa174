"""manage.py create_api_token USERNAME: print a new API token once."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from xiangzhi.accounts import actions
from xiangzhi.accounts.models import User


class Command(BaseCommand):
    help = "为用户生成 API 令牌并打印一次(只保存其 SHA-256)。用法:Authorization: Bearer <令牌>"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="令牌用途,如“台账同步脚本”")

    def handle(self, *args, username, name, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"用户“{username}”不存在(可用 manage.py add_post 创建)。")
        if not user.is_active:
            raise CommandError(f"用户“{username}”已停用。")
        try:
            _token, key = actions.create_api_token(None, user, name=name)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stderr.write("新令牌只显示这一次,请妥善保存:")
        self.stdout.write(key)
