"""django-axes: five failed logins lock the account for 30 minutes; other accounts are unaffected."""

from datetime import timedelta

from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD

LOGIN = "/accounts/login/"


def attempt(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


def test_five_failures_lock_the_account_even_for_the_right_password(client, personas):
    for _ in range(4):
        response = attempt(client, "cadre_a1", "wrong-Password-1")
        assert response.status_code == 200
        assert "用户名或密码不正确。" in response.content.decode()
    fifth = attempt(client, "cadre_a1", "wrong-Password-1")
    assert fifth.status_code == 429

    sixth = attempt(client, "cadre_a1", PASSWORD)
    assert sixth.status_code == 429
    page = sixth.content.decode()
    assert "账号已暂时锁定" in page
    assert "锁定 30 分钟" in page
    assert "_auth_user_id" not in client.session

    # Another account, from the same address, still signs in.
    other = attempt(client, "cadre_a2", PASSWORD)
    assert other.status_code == 302
    assert other.url == reverse("core:home")


def test_four_failures_then_the_right_password_signs_in_and_resets_the_count(client, personas):
    for _ in range(4):
        attempt(client, "cadre_a1", "wrong-Password-1")
    response = attempt(client, "cadre_a1", PASSWORD)
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="cadre_a1").exists()


def move_last_attempt_back(minutes):
    AccessAttempt.objects.filter(username="cadre_a1").update(attempt_time=timezone.now() - timedelta(minutes=minutes))


def test_the_lock_lifts_thirty_minutes_after_the_last_attempt(client, personas):
    for _ in range(5):
        attempt(client, "cadre_a1", "wrong-Password-1")

    move_last_attempt_back(29)
    assert attempt(client, "cadre_a1", PASSWORD).status_code == 429

    # An attempt during the lock starts the 30 minutes again; once they have passed
    # without attempts, the right password works.
    move_last_attempt_back(31)
    assert attempt(client, "cadre_a1", PASSWORD).status_code == 302
