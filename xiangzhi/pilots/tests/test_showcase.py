"""The public showcase: published cases for anyone, drafts and withdrawn cases 404 outside scope;
filters; the county brand coverage."""

import pytest

from xiangzhi.pilots import actions

from .pilots_data import A1, B1, city_official, draft, published, region_official

pytestmark = pytest.mark.django_db


def test_anonymous_reads_published_cases_but_not_drafts(personas, client):
    city = city_official()
    live = published(personas.county, city, title="阳朔积分制", body="做法一。\n成效二。")
    hidden = draft(personas.county, title="未发布的草稿")
    listing = client.get("/pilots/showcase/").content.decode()
    assert "阳朔积分制" in listing and "未发布的草稿" not in listing
    page = client.get(f"/pilots/showcase/{live.pk}/")
    assert page.status_code == 200 and "成效二。" in page.content.decode()
    assert client.get(f"/pilots/showcase/{hidden.pk}/").status_code == 404
    actions.withdraw_case(personas.county, live, reason="核实数据")
    assert client.get(f"/pilots/showcase/{live.pk}/").status_code == 404
    assert "阳朔积分制" not in client.get("/pilots/showcase/").content.decode()


def test_in_scope_users_preview_drafts_others_get_404(personas, login):
    case = draft(personas.township_a, A1)
    page = login(personas.cadre_a1).get(f"/pilots/showcase/{case.pk}/").content.decode()
    assert "预览:该案例草稿,尚未公开。" in page
    assert login(personas.cadre_b1).get(f"/pilots/showcase/{case.pk}/").status_code == 404
    assert login(personas.villager_a1).get(f"/pilots/showcase/{case.pk}/").status_code == 404


def test_filters_by_kind_place_and_tag(personas, client, tree):
    city = city_official()
    published(personas.county, city, title="县级品牌", tags="积分制")
    published(personas.township_b, personas.county, B1, title="白沙清单制", tags="清单制")
    assert "白沙清单制" in client.get("/pilots/showcase/?tag=清单制").content.decode()
    assert "县级品牌" not in client.get("/pilots/showcase/?tag=清单制").content.decode()
    assert "县级品牌" not in client.get(f"/pilots/showcase/?county={B1[:9]}").content.decode()
    assert "白沙清单制" in client.get("/pilots/showcase/?city=4503&kind=brand").content.decode()
    assert "暂无已发布的案例" in client.get("/pilots/showcase/?kind=pilot_county").content.decode()


def test_brand_coverage_per_county(personas, login, tree):
    from xiangzhi.regions.models import Region

    Region.objects.create(code="450322", name="临桂区", level="county", parent_id="4503")
    official = region_official()
    city = city_official()
    page = login(city).get("/pilots/coverage/").content.decode()
    assert "0 / 2 个县已有品牌案例" in page
    draft(personas.county)
    assert "0 / 2 个县已有品牌案例" in login(city).get("/pilots/coverage/").content.decode()
    published(personas.township_a, personas.county, A1)
    page = login(official).get("/pilots/coverage/").content.decode()
    assert "1 / 2 个县已有品牌案例" in page and "临桂区" in page
    assert login(personas.county).get("/pilots/coverage/?region=4503").status_code == 404
    assert login(personas.villager_a1).get("/pilots/coverage/").status_code == 403
