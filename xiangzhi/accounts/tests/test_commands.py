"""manage.py add_post and create_api_token."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from xiangzhi.accounts.models import ApiToken, Post, User
from xiangzhi.core.models import AuditEvent


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_add_post_creates_the_user_with_a_generated_password(tree):
    out, _err = run("add_post", "wangfang", "township_official", "450321100")
    user = User.objects.get(username="wangfang")
    password = out.split("初始密码(只显示这一次):")[1].split()[0]
    assert user.check_password(password)
    assert len(password) >= 12
    post = Post.objects.get(user=user)
    assert (post.role, post.region_id, post.department) == ("township_official", "450321100", "")
    assert AuditEvent.objects.get(action="user.create").target_id == str(user.pk)
    event = AuditEvent.objects.get(action="post.create")
    assert event.region_code == "450321100"
    assert event.actor is None and event.actor_name == "system"
    assert event.changes["role"] == [None, "township_official"]


def test_add_post_with_department_dates_and_password(tree):
    out, _err = run(
        "add_post", "minzheng", "county_department", "450321", "--department", "civil_affairs",
        "--from", "2024-01-01", "--to", "2026-12-31", "--password", "Shequ-Fuwu-2024",
    )
    assert "初始密码" not in out
    user = User.objects.get(username="minzheng")
    assert user.check_password("Shequ-Fuwu-2024")
    post = Post.objects.get(user=user)
    assert post.department == "civil_affairs"
    assert (post.starts_on, post.ends_on) == (datetime.date(2024, 1, 1), datetime.date(2026, 12, 31))


def test_add_post_to_an_existing_user_keeps_the_password(personas):
    out, _err = run("add_post", "cadre_a1", "mediator", "450321100200", "--password", "Other-Pass-2024")
    assert "密码未更改" in out
    assert sorted(Post.objects.filter(user=personas.cadre_a1).values_list("role", flat=True)) == [
        "mediator", "village_cadre"]
    assert not AuditEvent.objects.filter(action="user.create").exists()


@pytest.mark.parametrize(
    "args, message",
    [
        (("add_post", "x1", "chief", "450321"), "角色“chief”不存在"),
        (("add_post", "x1", "township_official", "999999"), "区划代码“999999”不存在"),
        (("add_post", "x1", "county_department", "450321", "--department", "navy"), "部门“navy”不存在"),
        (("add_post", "x1", "township_official", "450321100", "--from", "2024-13-01"), "日期格式应为 YYYY-MM-DD"),
        (("add_post", "x1", "township_official", "450321100", "--from", "2024-05-01", "--to", "2024-01-01"),
         "终止日期不能早于起始日期"),
        (("add_post", "x1", "township_official", "450321100", "--password", "abcdefgh1"),
         "密码须包含小写字母、大写字母、数字和符号中的至少三类"),
    ],
)
def test_add_post_refuses_bad_input_and_writes_nothing(tree, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
    assert not User.objects.filter(username="x1").exists()
    assert not Post.objects.exists()
    assert not AuditEvent.objects.exists()


def test_add_post_refuses_the_same_post_twice(personas):
    with pytest.raises(CommandError, match="已在此区划担任此职务"):
        run("add_post", "cadre_a1", "village_cadre", "450321100200")
    assert Post.objects.filter(user=personas.cadre_a1).count() == 1


def test_create_api_token_prints_a_working_token_once(client, personas):
    out, err = run("create_api_token", "auditor", "--name", "审计导出")
    key = out.strip()
    assert "只显示这一次" in err
    token = ApiToken.objects.get(user=personas.auditor)
    assert token.name == "审计导出"
    assert token.key_hash == ApiToken.hash_key(key)
    event = AuditEvent.objects.get(action="api_token.create")
    assert event.region_code == "450321"
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {key}").json()["username"] == "auditor"


def test_create_api_token_for_an_unknown_user(tree):
    with pytest.raises(CommandError, match="用户“nobody”不存在"):
        run("create_api_token", "nobody")
    assert not ApiToken.objects.exists()
