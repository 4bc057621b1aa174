"""Idle timeout: a session lives 30 minutes past the last request."""

from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone


def session_row(client):
    return Session.objects.get(session_key=client.session.session_key)


def test_the_session_age_is_thirty_minutes():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST


def test_each_request_pushes_the_expiry_forward(login, personas):
    client = login(personas.cadre_a1)
    # 25 minutes idle: five minutes left.
    Session.objects.filter(pk=client.session.session_key).update(expire_date=timezone.now() + timedelta(minutes=5))
    assert client.get(reverse("core:home")).status_code == 200
    remaining = session_row(client).expire_date - timezone.now()
    assert timedelta(minutes=29) < remaining <= timedelta(minutes=30)


def test_a_session_idle_longer_than_thirty_minutes_is_logged_out(login, personas):
    client = login(personas.cadre_a1)
    Session.objects.filter(pk=client.session.session_key).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
