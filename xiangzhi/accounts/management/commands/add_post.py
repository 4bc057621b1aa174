"""manage.py add_post USERNAME ROLE REGION_CODE: give a user a post, creating the user if needed."""

import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from xiangzhi.accounts import actions
from xiangzhi.accounts.models import Department, Role, User
from xiangzhi.regions.models import Region


def parse_date(value, option):
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{option}:日期格式应为 YYYY-MM-DD,收到“{value}”。") from None


FIELD_LABELS = {"username": "用户名", "password": "密码", "role": "角色", "department": "部门", "ends_on": "--to"}


def describe(error):
    if hasattr(error, "error_dict"):
        return ";".join(
            f"{FIELD_LABELS.get(field, field)}:{' '.join(messages)}" for field, messages in error.message_dict.items()
        )
    return " ".join(error.messages)


class Command(BaseCommand):
    help = "为用户添加职务(角色 + 区划);用户不存在时创建,并打印生成的密码。"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("role", help="角色:" + ", ".join(Role.values))
        parser.add_argument("region_code", help="区划代码,如 450321100200")
        parser.add_argument("--department", default="", help="部门(县级部门职务):" + ", ".join(Department.values))
        parser.add_argument("--from", dest="starts_on", help="起始日期 YYYY-MM-DD(默认今天)")
        parser.add_argument("--to", dest="ends_on", help="终止日期 YYYY-MM-DD(默认长期)")
        parser.add_argument("--password", help="新建用户时的密码(默认随机生成并打印)")
        parser.add_argument("--full-name", default="", help="新建用户时的姓名")

    def handle(self, *args, username, role, region_code, department, starts_on, ends_on, password,
               full_name, **options):
        starts_on = parse_date(starts_on, "--from")
        ends_on = parse_date(ends_on, "--to")
        region = Region.objects.filter(pk=region_code).first()
        if region is None:
            raise CommandError(f"区划代码“{region_code}”不存在(请先运行 manage.py load_divisions)。")

        generated = None
        try:
            with transaction.atomic():
                user = User.objects.filter(username=username).first()
                if user is None:
                    if not password:
                        password = generated = actions.generate_password()
                    user = actions.create_user(
                        None, username, password=password, region_code=region.code, full_name=full_name
                    )
                    created = True
                else:
                    created = False
                post = actions.add_post(
                    None, user, role, region, department=department, starts_on=starts_on, ends_on=ends_on
                )
        except ValidationError as error:
            raise CommandError(describe(error)) from None

        if created:
            self.stdout.write(f"已创建用户 {user.username}。")
            if generated:
                self.stdout.write(f"初始密码(只显示这一次):{generated}")
        elif password:
            self.stdout.write(f"用户 {user.username} 已存在,密码未更改。")
        self.stdout.write(self.style.SUCCESS(f"已添加职务:{user.username} — {post}({post.region_id})"))
