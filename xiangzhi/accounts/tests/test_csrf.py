"""CSRF is enforced on every form post, the login form included."""

import re

from django.test import Client
from django.urls import reverse

from conftest import PASSWORD
from xiangzhi.accounts.models import User


def csrf_token_from(response):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode()).group(1)


def test_login_without_the_token_is_refused(personas):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "cadre_a1", "password": PASSWORD})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_login_with_the_token_from_the_form_works(personas):
    client = Client(enforce_csrf_checks=True)
    token = csrf_token_from(client.get(reverse("accounts:login")))
    response = client.post(
        reverse("accounts:login"), {"username": "cadre_a1", "password": PASSWORD, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302


def test_a_signed_in_post_without_the_token_changes_nothing(personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.cadre_a1)
    response = client.post(
        reverse("accounts:change_password"),
        {"old_password": PASSWORD, "new_password1": "Qingshan-2026", "new_password2": "Qingshan-2026"},
    )
    assert response.status_code == 403
    assert User.objects.get(pk=personas.cadre_a1.pk).check_password(PASSWORD)
