"""A user with several posts picks one in the top bar; the home page follows it."""

import re

import pytest
from django.urls import reverse

from xiangzhi.accounts.models import Post

SWITCH = reverse("accounts:switch_post")


@pytest.fixture
def two_posts(personas):
    user = personas.township_a
    first = Post.objects.get(user=user)
    second = Post.objects.create(user=user, role="village_cadre", region_id="450321101200")
    return user, first, second


def home_heading(client):
    return re.search(r"<h1>(.*?)</h1>", client.get(reverse("core:home")).content.decode()).group(1)


def test_a_user_with_two_posts_sees_the_switcher(login, two_posts):
    user, first, second = two_posts
    page = login(user).get(reverse("core:home")).content.decode()
    assert 'aria-label="切换职务"' in page
    assert f'<option value="{first.pk}" selected>' in page
    assert f'<option value="{second.pk}"' in page


def test_a_user_with_one_post_sees_no_switcher(login, personas):
    page = login(personas.cadre_a1).get(reverse("core:home")).content.decode()
    assert 'aria-label="切换职务"' not in page
    assert "矮山村委会 村干部" in page


def test_switching_changes_the_home_page_region(login, two_posts):
    user, first, second = two_posts
    client = login(user)
    assert home_heading(client) == "阳朔镇"
    response = client.post(SWITCH, {"post": second.pk, "next": reverse("core:home")})
    assert response.status_code == 302
    assert response.url == reverse("core:home")
    assert home_heading(client) == "白沙村委会"
    client.post(SWITCH, {"post": first.pk})
    assert home_heading(client) == "阳朔镇"


def test_someone_elses_post_or_garbage_is_refused(login, two_posts, personas):
    user, first, _second = two_posts
    client = login(user)
    others = Post.objects.get(user=personas.cadre_b1)
    assert client.post(SWITCH, {"post": others.pk}).status_code == 400
    assert client.post(SWITCH, {"post": "abc"}).status_code == 400
    assert home_heading(client) == "阳朔镇"


def test_an_ended_post_cannot_be_picked(login, two_posts):
    import datetime

    user, _first, second = two_posts
    Post.objects.filter(pk=second.pk).update(
        starts_on=datetime.date(2020, 1, 1), ends_on=datetime.date(2021, 1, 1)
    )
    assert login(user).post(SWITCH, {"post": second.pk}).status_code == 400


def test_an_outside_next_url_is_not_followed(login, two_posts):
    user, _first, second = two_posts
    response = login(user).post(SWITCH, {"post": second.pk, "next": "https://evil.example/"})
    assert response.url == "/"


def test_get_is_not_allowed(login, two_posts):
    user, *_ = two_posts
    assert login(user).get(SWITCH).status_code == 405
