"""API tokens: bearer authentication, and listing/creating/revoking one's own on the security page."""

import re

import pytest
from django.urls import reverse

from xiangzhi.accounts import actions
from xiangzhi.accounts.models import ApiToken
from xiangzhi.core.models import AuditEvent

ME = "/api/v1/me"


@pytest.fixture
def token(personas):
    record, key = actions.create_api_token(None, personas.township_a, name="台账同步")
    return record, key


def bearer(key):
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_a_bearer_token_authenticates_the_api(client, personas, token):
    record, key = token
    response = client.get(ME, **bearer(key))
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "township_a"
    [post] = body["posts"]
    assert post["role"] == "township_official"
    assert post["region_code"] == "450321100"
    assert post["region_name"] == "阳朔镇"
    assert "people.view" in post["capabilities"]


def test_only_the_hash_of_the_token_is_stored(token):
    record, key = token
    assert key.startswith("xz_")
    assert record.key_hash == ApiToken.hash_key(key)
    assert not ApiToken.objects.filter(key_hash=key).exists()
    assert key not in str(AuditEvent.objects.get(action="api_token.create").changes)


def test_a_bad_or_missing_token_is_401_in_chinese(client, personas, token):
    for headers in (bearer("xz_not-a-token"), {}):
        response = client.get(ME, **headers)
        assert response.status_code == 401
        assert response.json() == {"detail": "请先登录或提供有效的 API 令牌。"}


def test_a_revoked_token_is_401(client, personas, token):
    record, key = token
    actions.revoke_api_token(personas.township_a, record)
    assert client.get(ME, **bearer(key)).status_code == 401


def test_a_deactivated_users_token_is_401(client, personas, token):
    _record, key = token
    personas.township_a.is_active = False
    personas.township_a.save(update_fields=["is_active"])
    assert client.get(ME, **bearer(key)).status_code == 401


def test_the_security_page_lists_only_ones_own_tokens(login, personas, token):
    actions.create_api_token(None, personas.township_b, name="别人的令牌")
    page = login(personas.township_a).get(reverse("accounts:security")).content.decode()
    assert "台账同步" in page
    assert "别人的令牌" not in page


def test_creating_a_token_on_the_page_shows_it_once(login, personas, client):
    client = login(personas.township_a)
    response = client.post(reverse("accounts:create_token"), {"name": "统计脚本"})
    assert response.status_code == 200
    key = re.search(r'id="new-token" value="([^"]+)"', response.content.decode()).group(1)
    assert ApiToken.objects.get(user=personas.township_a, name="统计脚本").key_hash == ApiToken.hash_key(key)
    assert client.get(ME, **bearer(key)).status_code == 200
    assert key not in client.get(reverse("accounts:security")).content.decode()
    event = AuditEvent.objects.get(action="api_token.create")
    assert event.actor_id == personas.township_a.pk
    assert event.region_code == "450321100"


def test_a_too_long_name_is_refused(login, personas):
    response = login(personas.township_a).post(reverse("accounts:create_token"), {"name": "长" * 101})
    assert "100" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_revoking_ones_own_token(login, personas, token):
    record, key = token
    client = login(personas.township_a)
    response = client.post(reverse("accounts:revoke_token", args=[record.pk]))
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.revoked_at is not None
    event = AuditEvent.objects.get(action="api_token.revoke")
    assert event.target_id == str(record.pk)
    assert event.changes["revoked_at"][0] is None
    # Revoking twice changes nothing more.
    client.post(reverse("accounts:revoke_token", args=[record.pk]))
    assert AuditEvent.objects.filter(action="api_token.revoke").count() == 1


def test_someone_elses_token_is_404_and_stays_valid(login, personas, token):
    record, key = token
    response = login(personas.township_b).post(reverse("accounts:revoke_token", args=[record.pk]))
    assert response.status_code == 404
    record.refresh_from_db()
    assert record.revoked_at is None


def test_revoke_needs_post(login, personas, token):
    record, _key = token
    assert login(personas.township_a).get(reverse("accounts:revoke_token", args=[record.pk])).status_code == 405


def test_an_action_on_another_users_token_is_refused(personas, token):
    from django.core.exceptions import PermissionDenied

    record, _key = token
    with pytest.raises(PermissionDenied):
        actions.revoke_api_token(personas.township_b, record)
