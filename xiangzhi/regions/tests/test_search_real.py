"""Search over the real 18,091 units: the county comes before the many villages that share its letters."""

import pytest

from conftest import make_user
from xiangzhi.regions.search import search_regions

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("query", ["ys", "yangshuo", "阳朔"])
def test_a_county_official_finds_yangshuo_first(real_divisions, login, query):
    official = make_user("official", "county_department", "450321")
    body = login(official).get("/api/v1/regions/search", {"q": query}).json()
    assert body[0]["code"] == "450321"
    assert body[0]["name"] == "阳朔县"
    assert all(item["code"].startswith("450321") for item in body)


def test_across_the_region_the_county_still_ranks_above_villages(real_divisions):
    results = search_regions("yangshuo", ["45"])
    assert [r.code for r in results[:2]] == ["450321", "450321100"]
    assert {r.level for r in results[2:]} == {"village"}


def test_a_township_official_only_finds_inside_the_township(real_divisions):
    results = search_regions("l", ["450321100"])
    assert "莲峰社区居委会" in [r.name for r in results]
    assert all(r.code.startswith("450321100") for r in results)
    assert not all(r.code.startswith("450321100") for r in search_regions("l", ["45"]))
