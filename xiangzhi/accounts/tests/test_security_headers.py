"""Content-Security-Policy on every page; secure cookies and HSTS when DEBUG is off (as here)."""

import pytest
from django.conf import settings
from django.urls import reverse

from conftest import PASSWORD


@pytest.mark.parametrize("url_name, signed_in", [
    ("accounts:login", False), ("accounts:security", True), ("core:home", True),
])
def test_pages_carry_a_strict_content_security_policy(client, login, personas, url_name, signed_in):
    if signed_in:
        client = login(personas.cadre_a1)
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


def test_cookies_are_secure_and_hsts_is_sent_over_https(client, personas):
    assert not settings.DEBUG
    page = client.get(reverse("accounts:login"), secure=True)
    assert page.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert page.cookies["csrftoken"]["secure"] is True

    response = client.post(
        reverse("accounts:login"), {"username": "cadre_a1", "password": PASSWORD}, secure=True
    )
    assert response.status_code == 302
    session_cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session_cookie["secure"] is True
    assert session_cookie["httponly"] is True
    assert session_cookie["samesite"] == "Lax"
    assert "Strict-Transport-Security" in response.headers


def test_no_hsts_over_plain_http(client, personas):
    # HSTS only means something over HTTPS; browsers ignore it on http.
    assert "Strict-Transport-Security" not in client.get(reverse("accounts:login")).headers
