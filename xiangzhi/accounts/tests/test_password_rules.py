"""Changing one's password on the security page: the rules, in Chinese, and nothing changed on bad input."""

import pytest
from django.urls import reverse

from conftest import PASSWORD
from xiangzhi import settings as project_settings
from xiangzhi.accounts.models import User
from xiangzhi.core.models import AuditEvent

URL = reverse("accounts:change_password")


def change(client, old, new1, new2=None):
    return client.post(URL, {"old_password": old, "new_password1": new1, "new_password2": new2 or new1})


def test_a_good_new_password_is_stored_with_argon2_and_audited(login, personas, settings):
    # The suite hashes with MD5 for speed; new passwords must be hashed as in production.
    settings.PASSWORD_HASHERS = [*project_settings.PASSWORD_HASHERS, "django.contrib.auth.hashers.MD5PasswordHasher"]
    client = login(personas.cadre_a1)
    response = change(client, PASSWORD, "Qingshan-2026")
    assert response.status_code == 302
    assert response.url == reverse("accounts:security") + "#password"

    user = User.objects.get(pk=personas.cadre_a1.pk)
    assert user.check_password("Qingshan-2026")
    assert user.password.startswith("argon2")
    event = AuditEvent.objects.get(action="password.change")
    assert event.actor_id == user.pk
    assert event.region_code == "450321100200"
    assert "Qingshan" not in str(event.changes)
    # This session stays signed in.
    page = client.get(reverse("accounts:security"))
    assert page.status_code == 200
    assert "密码已修改。" in page.content.decode()


@pytest.mark.parametrize(
    "new, message",
    [
        ("Ab1-x", "密码太短,至少需要 8 个字符。"),
        ("qingshanlvshui", "密码须包含小写字母、大写字母、数字和符号中的至少三类。"),
        ("qingshan2026", "密码须包含小写字母、大写字母、数字和符号中的至少三类。"),
    ],
)
def test_a_weak_new_password_is_refused_in_chinese(login, personas, new, message):
    client = login(personas.cadre_a1)
    response = change(client, PASSWORD, new)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert User.objects.get(pk=personas.cadre_a1.pk).check_password(PASSWORD)
    assert not AuditEvent.objects.filter(action="password.change").exists()


def test_wrong_old_password_and_mismatch_are_refused(login, personas):
    client = login(personas.cadre_a1)
    wrong_old = change(client, "Not-The-Password-1", "Qingshan-2026")
    assert "你的旧密码不正确。请重新输入。" in wrong_old.content.decode()
    mismatch = change(client, PASSWORD, "Qingshan-2026", "Qingshan-2027")
    assert "输入的两个密码不一致。" in mismatch.content.decode()
    assert User.objects.get(pk=personas.cadre_a1.pk).check_password(PASSWORD)


def test_get_is_not_allowed_and_anonymous_users_are_sent_to_login(client, login, personas):
    anonymous = client.post(URL, {"old_password": PASSWORD, "new_password1": "Qingshan-2026",
                                  "new_password2": "Qingshan-2026"})
    assert anonymous.status_code == 302
    assert anonymous.url.startswith(reverse("accounts:login"))
    assert login(personas.cadre_a1).get(URL).status_code == 405
