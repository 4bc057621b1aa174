"""Region pages for every persona: what each may open, and 404 outside scope."""

import pytest

from conftest import make_user
from xiangzhi.regions import actions
from xiangzhi.regions.models import Level, Region

from .scopes import A1, A2, B1, SCOPES, TOWNSHIP_A, TOWNSHIP_B

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", SCOPES)
def test_index_redirects_to_the_posts_region(personas, login, persona):
    response = login(getattr(personas, persona)).get("/regions/")
    assert response.status_code == 302
    assert response["Location"] == f"/regions/{SCOPES[persona][0]}/"


@pytest.mark.parametrize("persona", SCOPES)
def test_each_persona_sees_its_scope_and_nothing_else(personas, login, persona):
    own, inside, outside = SCOPES[persona]
    client = login(getattr(personas, persona))
    for code in (own, inside):
        response = client.get(f"/regions/{code}/")
        assert response.status_code == 200, code
        assert f'<span class="code" id="region-code">{code}</span>' in response.content.decode()
    assert client.get(f"/regions/{outside}/").status_code == 404
    assert client.get("/regions/999999/").status_code == 404


def test_anonymous_is_sent_to_login(client, tree):
    response = client.get(f"/regions/{A1}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_user_without_a_post_is_refused(client, tree):
    from xiangzhi.accounts.models import User

    client.force_login(User.objects.create_user(username="nobody", password="x"))
    assert client.get("/regions/").status_code == 403
    assert client.get(f"/regions/{A1}/").status_code == 403


def test_wrong_method(personas, login):
    assert login(personas.county).post(f"/regions/{A1}/").status_code == 405


def test_breadcrumb_links_only_ancestors_in_scope(personas, login):
    page = login(personas.township_a).get(f"/regions/{A1}/").content.decode()
    assert '<a href="/regions/450321100/">阳朔镇</a>' in page
    assert '<span class="muted">阳朔县</span>' in page
    assert 'href="/regions/450321/"' not in page
    assert '<span class="muted">广西壮族自治区</span>' in page


def test_a_township_lists_its_villages_with_codes(personas, login):
    page = login(personas.township_a).get(f"/regions/{TOWNSHIP_A}/").content.decode()
    assert '<a href="/regions/450321100200/">矮山村委会</a></td><td class="code">450321100200</td>' in page
    assert "骥马村委会" in page
    assert "白沙村委会" not in page


def test_more_than_a_hundred_children_are_paginated(personas, login, tree):
    Region.objects.bulk_create(
        Region(code=f"450321101{n:03d}", name=f"测试村{n:03d}", level=Level.VILLAGE, parent=tree[TOWNSHIP_B])
        for n in range(300, 420)
    )
    client = login(personas.township_b)
    first = client.get(f"/regions/{TOWNSHIP_B}/").content.decode()
    assert "共 121 个" in first and "第 1 / 2 页" in first
    assert "测试村398" in first and "测试村399" not in first
    second = client.get(f"/regions/{TOWNSHIP_B}/?page=2").content.decode()
    assert "测试村399" in second and "测试村419" in second and "测试村398" not in second


def test_a_village_page_lists_natural_villages_and_grids_with_forms_for_cadres(personas, login):
    page = login(personas.cadre_a1).get(f"/regions/{A1}/").content.decode()
    assert "矮山屯" in page and "450321100200001" in page
    assert "岩口屯" in page
    assert "矮山第一网格" in page and "450321100200W01" in page
    assert 'id="add-natural-villages"' in page and 'id="add-grids"' in page


def test_villagers_see_the_village_without_forms(personas, login):
    page = login(personas.villager_a1).get(f"/regions/{A1}/").content.decode()
    assert "矮山屯" in page
    assert 'id="add-natural-villages"' not in page and "/subunits/" not in page


def test_a_township_official_may_add_to_its_villages(personas, login):
    page = login(personas.township_a).get(f"/regions/{A2}/").content.decode()
    assert 'id="add-natural-villages"' in page


def test_a_subunit_page_offers_rename_to_those_who_manage(personas, login, client):
    assert "/rename/" in login(personas.cadre_a1).get(f"/regions/{A1}001/").content.decode()
    client.logout()
    assert "/rename/" not in login(personas.villager_a1).get(f"/regions/{A1}001/").content.decode()


def test_designations_in_force_are_shown(personas, login, tree):
    import datetime

    designation = actions.grant_designation(
        personas.county, tree[A1], title="no_case_village", level="county", year=2024,
        granted_on=datetime.date(2024, 12, 1), document_number="阳政发〔2024〕12号",
    )
    page = login(personas.villager_a1).get(f"/regions/{A1}/").content.decode()
    assert "2024 县级无案村" in page and "阳政发〔2024〕12号" in page
    actions.revoke_designation(personas.county, designation, "发生刑事案件")
    page = login(personas.villager_a1).get(f"/regions/{A1}/").content.decode()
    assert "县级无案村" not in page


def test_a_user_with_two_posts_acts_in_the_one_picked(client, tree):
    from xiangzhi.accounts.middleware import SESSION_KEY
    from xiangzhi.accounts.models import Post

    user = make_user("two_posts", "village_cadre", A1)

    second = Post.objects.create(user=user, role="village_cadre", region_id=B1)
    client.force_login(user)
    assert client.get(f"/regions/{B1}/").status_code == 404
    session = client.session
    session[SESSION_KEY] = second.pk  # what the top bar's post switcher stores
    session.save()
    assert client.get(f"/regions/{B1}/").status_code == 200
    assert client.get(f"/regions/{A1}/").status_code == 404


def test_page_queries_do_not_grow_with_the_children(personas, login, tree, django_assert_max_num_queries):
    Region.objects.bulk_create(
        Region(code=f"450321101{n:03d}", name=f"测试村{n:03d}", level=Level.VILLAGE, parent=tree[TOWNSHIP_B])
        for n in range(300, 400)
    )
    client = login(personas.township_b)
    with django_assert_max_num_queries(12):
        assert client.get(f"/regions/{TOWNSHIP_B}/").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get("/regions/search/", {"q": "csc"}).status_code == 200
