"""Optional TOTP two-factor for officials: enrol, confirm, sign in with a code, remove."""

import base64
import re

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp import models as totp_models
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD
from xiangzhi.core.models import AuditEvent

SECURITY = reverse("accounts:security")
LOGIN = reverse("accounts:login")


class Clock:
    """The time django-otp's TOTP device reads, moved by the test."""

    def __init__(self):
        self.now = 1_800_000_000.0

    def time(self):
        return self.now

    def tick(self, seconds=30):
        self.now += seconds


@pytest.fixture
def clock(monkeypatch, settings):
    clock = Clock()
    monkeypatch.setattr(totp_models, "time", clock)
    # Wrong codes slow further tries down (tested below); the flows here retry at once.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    return clock


def code_for(device, clock):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = clock.now
    return f"{totp.token():06d}"


def wrong_code(device, clock):
    return "000000" if code_for(device, clock) != "000000" else "111111"


def enrol_and_confirm(client, user, clock):
    client.post(reverse("accounts:totp_enroll"))
    device = TOTPDevice.objects.get(user=user)
    client.post(reverse("accounts:totp_confirm"), {"otp_token": code_for(device, clock)})
    clock.tick()
    return TOTPDevice.objects.get(user=user)


def sign_in(client, username, code=None):
    data = {"username": username, "password": PASSWORD}
    if code is not None:
        data["otp_token"] = code
    return client.post(LOGIN, data)


def test_enrolment_shows_a_qr_code_and_the_secret(login, personas, clock):
    client = login(personas.township_a)
    assert "开启两步验证" in client.get(SECURITY).content.decode()
    response = client.post(reverse("accounts:totp_enroll"))
    assert response.status_code == 302
    device = TOTPDevice.objects.get(user=personas.township_a)
    assert device.confirmed is False

    page = client.get(SECURITY).content.decode()
    qr = re.search(r'<img src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"', page).group(1)
    assert base64.b64decode(qr).startswith(b"<svg")
    shown = re.search(r'<code class="totp-secret">([A-Z2-7 ]+)</code>', page).group(1)
    assert shown.replace(" ", "") == base64.b32encode(device.bin_key).decode()
    assert AuditEvent.objects.get(action="totp.enroll").actor_id == personas.township_a.pk


def test_a_wrong_code_does_not_confirm(login, personas, clock):
    client = login(personas.township_a)
    client.post(reverse("accounts:totp_enroll"))
    device = TOTPDevice.objects.get(user=personas.township_a)
    response = client.post(reverse("accounts:totp_confirm"), {"otp_token": wrong_code(device, clock)})
    assert response.status_code == 200
    assert "动态验证码不正确或已过期" in response.content.decode()
    device.refresh_from_db()
    assert device.confirmed is False
    assert not AuditEvent.objects.filter(action="totp.confirm").exists()

    malformed = client.post(reverse("accounts:totp_confirm"), {"otp_token": "12ab"})
    assert "请填写 6 位数字验证码。" in malformed.content.decode()


def test_confirming_turns_two_factor_on(login, personas, clock):
    client = login(personas.township_a)
    client.post(reverse("accounts:totp_enroll"))
    device = TOTPDevice.objects.get(user=personas.township_a)
    response = client.post(reverse("accounts:totp_confirm"), {"otp_token": code_for(device, clock)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed is True
    assert AuditEvent.objects.get(action="totp.confirm").changes == {"confirmed": [False, True]}
    page = client.get(SECURITY).content.decode()
    assert "已开启。" in page
    assert "data:image/svg+xml" not in page


def test_signing_in_then_needs_the_code(client, personas, clock):
    client.force_login(personas.township_a)
    device = enrol_and_confirm(client, personas.township_a, clock)
    client.post(reverse("accounts:logout"))

    without = sign_in(client, "township_a")
    assert without.status_code == 200
    assert "请填写身份验证器上的 6 位动态验证码。" in without.content.decode()
    wrong = sign_in(client, "township_a", wrong_code(device, clock))
    assert "动态验证码不正确或已过期。" in wrong.content.decode()
    assert "_auth_user_id" not in client.session

    right = sign_in(client, "township_a", code_for(device, clock))
    assert right.status_code == 302
    assert client.session["_auth_user_id"] == str(personas.township_a.pk)
    assert client.session["otp_device_id"] == device.persistent_id

    # A code works once.
    client.post(reverse("accounts:logout"))
    assert sign_in(client, "township_a", code_for(device, clock)).status_code == 200


def test_users_without_a_device_sign_in_with_the_password_only(client, personas):
    assert sign_in(client, "township_b").status_code == 302


def test_removing_needs_a_current_code(login, personas, clock):
    client = login(personas.township_a)
    device = enrol_and_confirm(client, personas.township_a, clock)

    refused = client.post(reverse("accounts:totp_remove"), {"otp_token": wrong_code(device, clock)})
    assert "动态验证码不正确或已过期" in refused.content.decode()
    assert TOTPDevice.objects.filter(user=personas.township_a, confirmed=True).exists()

    response = client.post(reverse("accounts:totp_remove"), {"otp_token": code_for(device, clock)})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=personas.township_a).exists()
    assert AuditEvent.objects.filter(action="totp.remove").count() == 1

    client.post(reverse("accounts:logout"))
    assert sign_in(client, "township_a").status_code == 302


def test_rapid_guesses_are_slowed_down(login, personas, monkeypatch):
    clock = Clock()
    monkeypatch.setattr(totp_models, "time", clock)
    client = login(personas.township_a)
    client.post(reverse("accounts:totp_enroll"))
    device = TOTPDevice.objects.get(user=personas.township_a)
    client.post(reverse("accounts:totp_confirm"), {"otp_token": wrong_code(device, clock)})
    # Right away, even the right code is not accepted.
    client.post(reverse("accounts:totp_confirm"), {"otp_token": code_for(device, clock)})
    device.refresh_from_db()
    assert device.confirmed is False


def test_villagers_are_not_offered_two_factor(login, personas):
    client = login(personas.villager_a1)
    assert "开启两步验证" not in client.get(SECURITY).content.decode()
    assert client.post(reverse("accounts:totp_enroll")).status_code == 403
    assert not TOTPDevice.objects.exists()


def test_enrol_twice_and_confirm_without_enrolling(login, personas, clock):
    client = login(personas.township_a)
    none_pending = client.post(reverse("accounts:totp_confirm"), {"otp_token": "123456"})
    assert "请先开始绑定身份验证器。" in none_pending.content.decode()
    enrol_and_confirm(client, personas.township_a, clock)
    client.post(reverse("accounts:totp_enroll"))
    assert "已绑定身份验证器;如需更换,请先解除绑定。" in client.get(SECURITY).content.decode()
    assert TOTPDevice.objects.filter(user=personas.township_a).count() == 1


def test_the_endpoints_need_post(login, personas):
    client = login(personas.township_a)
    for name in ("totp_enroll", "totp_confirm", "totp_remove"):
        assert client.get(reverse(f"accounts:{name}")).status_code == 405
