"""Finding regions by Chinese name, pinyin, initials or code, within the user's scope."""

import pytest

from xiangzhi.regions.search import search_regions, spell

pytestmark = pytest.mark.django_db

COUNTY = "450321"


def codes(results):
    return [region.code for region in results]


def test_spelling():
    assert spell("阳朔县") == ("yangshuoxian", "ysx")
    assert spell("阳光100社区居委会") == ("yangguang100shequjuweihui", "yg1sqjwh")
    assert spell("楞（同音）塘村委会")[0].isalnum()


@pytest.mark.parametrize("query", ["ys", "YS", "yangshuo", "yang shuo", "阳朔", "阳朔县", "ysx"])
def test_the_county_is_found_first_by_a_county_official(tree, query):
    results = search_regions(query, [COUNTY])
    assert codes(results)[0] == COUNTY


def test_higher_levels_and_better_matches_come_first(tree):
    assert codes(search_regions("阳朔", [COUNTY])) == [COUNTY, "450321100"]
    # An exact name beats a prefix match at a higher level.
    assert codes(search_regions("阳朔镇", [COUNTY])) == ["450321100"]
    assert codes(search_regions("村委会", [COUNTY])) == ["450321100200", "450321100202", "450321101200"]


def test_scope_limits_the_results(tree):
    assert codes(search_regions("ys", ["450321100"])) == ["450321100"]
    assert codes(search_regions("白沙", ["450321100"])) == []
    assert codes(search_regions("bs", ["450321101"])) == ["450321101", "450321101200", "450321101200001"]
    assert codes(search_regions("屯", ["450321100200", "450321101200"])) == [
        "450321100200001", "450321100200002", "450321101200001",
    ]
    assert search_regions("ys", []) == []


def test_a_code_prefix_finds_by_code(tree):
    assert codes(search_regions("4503211002", [COUNTY]))[:3] == ["450321100200", "450321100202", "450321100200001"]
    assert codes(search_regions("450321100200w01", [COUNTY])) == ["450321100200W01"]


def test_nothing_for_an_empty_or_unmatched_query(tree):
    assert search_regions("", [COUNTY]) == []
    assert search_regions("   ", [COUNTY]) == []
    assert search_regions("北京", [COUNTY]) == []
    assert search_regions("%", [COUNTY]) == []


def test_the_limit(tree):
    assert len(search_regions("4", [COUNTY], limit=3)) == 3


# --- the page and the API -----------------------------------------------------------------

def test_search_page_without_javascript(personas, login):
    response = login(personas.county).get("/regions/search/", {"q": "ys"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1>" in page and 'hx-get="/regions/search/"' in page
    assert '<a href="/regions/450321/">阳朔县</a>' in page
    assert "广西壮族自治区 › 桂林市" in page


def test_search_page_htmx_partial(personas, login):
    response = login(personas.county).get("/regions/search/", {"q": "yangshuo"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "<h1>" not in page and "<html" not in page
    assert '<a href="/regions/450321/">阳朔县</a>' in page
    assert "HX-Request" in response["Vary"]


def test_search_page_respects_scope(personas, login):
    page = login(personas.cadre_a1).get("/regions/search/", {"q": "阳朔"}).content.decode()
    assert "阳朔县" not in page.split('id="search-results"')[1]
    assert "没有与“阳朔”匹配的区划" in page


def test_search_api(personas, login):
    client = login(personas.township_a)
    body = client.get("/api/v1/regions/search", {"q": "as"}).json()
    assert [item["code"] for item in body] == ["450321100200", "450321100200001", "450321100200W01"]
    assert body[0]["path"][-2:] == [
        {"code": "450321100", "name": "阳朔镇"}, {"code": "450321100200", "name": "矮山村委会"},
    ]
    assert body[0]["level_label"] == "村(社区)"
    assert client.get("/api/v1/regions/search", {"q": "白沙"}).json() == []


def test_search_requires_login(client, tree):
    assert client.get("/regions/search/", {"q": "ys"}).status_code == 302
    assert client.get("/api/v1/regions/search", {"q": "ys"}).status_code == 401
