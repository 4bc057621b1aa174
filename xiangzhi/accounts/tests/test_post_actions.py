"""The add_post action when a person (not the shell) gives a post: only system administrators,
only within their region."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from conftest import make_user
from xiangzhi.accounts import actions
from xiangzhi.accounts.models import Post
from xiangzhi.core.models import AuditEvent
from xiangzhi.regions.models import Region


@pytest.fixture
def sysadmin(personas):
    return make_user("sysadmin_county", "sysadmin", "450321100")


def test_a_system_administrator_gives_a_post_in_their_region(personas, sysadmin):
    village = Region.objects.get(pk="450321100202")
    post = actions.add_post(sysadmin, personas.villager_a1, "mediator", village)
    assert Post.objects.filter(pk=post.pk, user=personas.villager_a1, role="mediator").exists()
    event = AuditEvent.objects.get(action="post.create")
    assert event.actor_id == sysadmin.pk
    assert event.role == "sysadmin"
    assert event.region_code == "450321100202"


def test_outside_their_region_is_404(personas, sysadmin):
    with pytest.raises(Http404):
        actions.add_post(sysadmin, personas.villager_a1, "mediator", Region.objects.get(pk="450321101200"))
    assert not Post.objects.filter(role="mediator").exists()


def test_other_roles_may_not_give_posts(personas):
    with pytest.raises(PermissionDenied):
        actions.add_post(personas.township_a, personas.villager_a1, "mediator", Region.objects.get(pk="450321100200"))
    assert not AuditEvent.objects.exists()


def test_bad_role_is_refused_in_chinese(personas, sysadmin):
    with pytest.raises(ValidationError) as error:
        actions.add_post(sysadmin, personas.villager_a1, "boss", Region.objects.get(pk="450321100200"))
    assert "角色“boss”不存在" in error.value.message_dict["role"][0]
    assert Post.objects.filter(user=personas.villager_a1).count() == 1
