"""The plan-target dashboards: a unit's targets with value, target, gap, state, trend and forecast; one
target's ranking of child units and the units not meeting it; the printable report."""

import re

import pytest
from django.urls import reverse

from .conftest import DASH_A, DASH_A2, DASH_B, DASH_COUNTY, DASH_PROVINCE, dash_rows

pytestmark = pytest.mark.django_db


def unit_url(code, period="2026"):
    return reverse("targets:unit", args=[code]) + f"?period={period}"


def target_url(code, key, extra=""):
    return reverse("targets:target", args=[code, key]) + "?period=2026" + extra


def row_of(html, key):
    """The table row of one target on a unit page, tags stripped to text."""
    match = re.search(rf'<tr data-target="{re.escape(key)}">(.*?)</tr>', html, re.S)
    assert match, f"no row for {key}"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1)))


def test_home_redirects_to_the_widest_unit_of_the_user(dash_values, personas, login,
                                                       dash_region_official):
    response = login(personas.township_a).get(reverse("targets:home"))
    assert response.status_code == 302 and response["Location"] == reverse("targets:unit", args=[DASH_A])
    response = login(dash_region_official).get(reverse("targets:home"))
    assert response["Location"] == reverse("targets:unit", args=[DASH_PROVINCE])


def test_county_page_shows_each_target_with_value_target_gap_and_state(dash_values, personas, login):
    response = login(personas.county).get(unit_url(DASH_COUNTY))
    assert response.status_code == 200
    html = response.content.decode()
    assert "乡村法治提升行动" in html and "基层党建强化行动" in html
    ratio = row_of(html, "dash.ratio")
    assert "66.7%" in ratio and "≥ 80%" in ratio and "差 13.3 个百分点" in ratio and "落后" in ratio
    # The trend over the plan's years, and the least-squares forecast to the deadline (2027).
    assert "2024年 36.7% · 2025年 53.3% · 2026年 66.7%" in ratio
    assert "预计2027年 82.2%" in ratio and "能完成" in ratio
    units = row_of(html, "dash.units")
    assert "66.7%" in units and "落后" in units
    # A count target (300 villages) is the whole region's: a county shows its count, not a red light.
    count = row_of(html, "dash.count")
    assert "1个" in count and "全区合计" in count and "落后" not in count
    county_level = row_of(html, "dash.county")
    assert "100.0%" in county_level and "达标" in county_level and "已达到" in county_level
    assert 'class="rag rag-green"' in html and 'class="rag rag-red"' in html


def test_pending_target_shows_pending_never_zero_or_full(dash_values, personas, login):
    html = login(personas.county).get(unit_url(DASH_COUNTY)).content.decode()
    pending = row_of(html, "future.child_director_coverage")
    assert "待接入" in pending
    assert "0.0%" not in pending and "100.0%" not in pending and "落后" not in pending
    # Its own page says so too.
    page = login(personas.county).get(target_url(DASH_COUNTY, "future.child_director_coverage")).content.decode()
    headline = re.search(r'<article id="headline".*?</article>', page, re.S).group(0)
    assert "待接入" in headline and "尚未接入" in headline and "%" not in headline.split("目标")[0]


def test_region_page_judges_the_count_target_and_lists_cities(dash_values, dash_region_official, login):
    html = login(dash_region_official).get(unit_url(DASH_PROVINCE)).content.decode()
    count = row_of(html, "dash.count")
    assert "1个" in count and "≥ 300" in count and "落后" in count and "差 299个" in count
    children = re.search(r'<section id="children">.*?</section>', html, re.S).group(0)
    assert "桂林市" in children and unit_url("4503") in children.replace("&amp;", "&")


def test_township_page_children_and_levels(dash_values, personas, login):
    html = login(personas.township_a).get(unit_url(DASH_A)).content.decode()
    assert "60.0%" in row_of(html, "dash.ratio")
    assert "50.0%" in row_of(html, "dash.units")
    # A county-level indicator says nothing about a township.
    assert "本级不适用" in row_of(html, "dash.county")
    children = re.search(r'<section id="children">.*?</section>', html, re.S).group(0)
    assert "矮山村委会" in children and "骥马村委会" in children and "白沙村委会" not in children


def test_county_children_count_targets_met(dash_values, personas, login):
    html = login(personas.county).get(unit_url(DASH_COUNTY)).content.decode()
    rows = re.findall(r"<tr><td><a href=\"[^\"]+\">([^<]+)</a></td><td>(\d+)</td><td>(\d+)</td><td>(\d+)</td>"
                      r"<td>(\d+)</td></tr>", html)
    assert ("阳朔镇", "0", "0", "2", "0") in rows  # 60% and 50%: both red
    assert ("白沙镇", "2", "0", "0", "0") in rows  # 80% and 100%


def test_no_rows_for_a_period_shows_no_data(dash_values, personas, login):
    html = login(personas.county).get(unit_url(DASH_COUNTY, "2024")).content.decode()
    units = row_of(html, "dash.units")
    assert "暂无数据" in units and "0.0%" not in units
    assert "36.7%" in row_of(html, "dash.ratio")


def test_bad_period_is_named_and_this_year_shown(dash_values, personas, login):
    response = login(personas.county).get(unit_url(DASH_COUNTY, "2026Q7"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "统计期" in html and "2026Q7" in html
    assert "66.7%" in row_of(html, "dash.ratio")  # this year's values
    response = login(personas.county).get(unit_url(DASH_COUNTY, "2019"))
    assert response.status_code == 400 and "应在 2024 年至" in response.content.decode()


def test_pages_are_read_only(dash_values, personas, login):
    client = login(personas.county)
    assert client.post(unit_url(DASH_COUNTY)).status_code == 405
    assert client.post(target_url(DASH_COUNTY, "dash.ratio")).status_code == 405
    assert client.post(reverse("targets:report", args=[DASH_COUNTY])).status_code == 405


def test_unknown_target_or_below_village_unit_is_404(dash_values, personas, login):
    client = login(personas.county)
    assert client.get(target_url(DASH_COUNTY, "dash.nothing")).status_code == 404
    assert client.get(unit_url("450321100200001")).status_code == 404  # a 屯 is not a unit of the plan
    assert client.get(unit_url("450321999")).status_code == 404


def test_target_page_ranks_children_best_first(dash_values, personas, login):
    response = login(personas.county).get(target_url(DASH_COUNTY, "dash.ratio"))
    html = response.content.decode()
    headline = re.search(r'<article id="headline".*?</article>', html, re.S).group(0)
    assert "66.7%" in headline and "20 / 30" in headline and "按期办结的事件数" in headline
    assert 'href="/records/450321/?period=2026"' in headline
    ranking = re.search(r'<section id="ranking">.*?</section>', html, re.S).group(0)
    assert ranking.index("白沙镇") < ranking.index("阳朔镇")
    assert "80.0%" in ranking and "60.0%" in ranking
    trend = re.search(r'<section id="trend">.*?</section>', html, re.S).group(0)
    assert "2024年" in trend and "2026年" in trend and 'data-chart="chart-dash-ratio"' in trend
    assert '<script id="chart-dash-ratio" type="application/json">' in trend


def test_unmet_filter_lists_the_villages_behind_the_share(dash_values, personas, login):
    html = login(personas.county).get(target_url(DASH_COUNTY, "dash.ratio", "&show=unmet")).content.decode()
    unmet = re.search(r'<section id="unmet">.*?</section>', html, re.S).group(0)
    # A2 (30%) misses 80%; A1 (90%) and B1 (exactly 80%) meet it.
    assert "未达标单位(1 个)" in unmet and "骥马村委会" in unmet
    assert "矮山村委会" not in unmet and "白沙村委会" not in unmet
    assert f'href="/records/{DASH_A2}/?period=2026"' in unmet
    # From the region the same villages, found through every level between.
    dash_rows("dash.units", "2025", {DASH_A2: (0, 1), "450321100200": (1, 1)})
    html = login(personas.county).get(
        reverse("targets:target", args=[DASH_COUNTY, "dash.units"]) + "?period=2025&show=unmet").content.decode()
    assert "未达标单位(1 个)" in html and "骥马村委会" in html


def test_unmet_list_is_paged(tree, dash_plan, personas, login):
    from xiangzhi.regions.models import Region
    from xiangzhi.targets import queries

    villages = {}
    for n in range(queries.UNMET_PAGE_SIZE + 5):
        code = f"450321101{300 + n:03d}"
        Region.objects.create(code=code, name=f"测试村{n:03d}", level="village", parent_id=DASH_B)
        villages[code] = (n % 5, 10)
    dash_rows("dash.ratio", "2026", villages)
    client = login(personas.county)
    first = client.get(target_url(DASH_COUNTY, "dash.ratio", "&show=unmet")).content.decode()
    assert f"未达标单位({queries.UNMET_PAGE_SIZE + 5} 个)" in first and "1 / 2" in first
    second = client.get(target_url(DASH_COUNTY, "dash.ratio", "&show=unmet&page=2")).content.decode()
    unmet = re.search(r'<section id="unmet">.*?</section>', second, re.S).group(0)
    assert "2 / 2" in unmet and unmet.count("/records/") == 5


def test_report_prints_every_target(dash_values, personas, login):
    response = login(personas.township_a).get(reverse("targets:report", args=[DASH_A]) + "?period=2026")
    assert response.status_code == 200
    html = response.content.decode()
    assert "阳朔镇 2026年 规划目标进展" in html and "60.0%" in html and "待接入" in html
    assert "css/targets.css" in html and "生成于" in html
    assert "矮山村委会" in html  # the children's table


def test_pages_read_a_handful_of_rows_whatever_the_size(dash_values, personas, login, dash_region_official,
                                                        django_assert_max_num_queries):
    client = login(dash_region_official)
    client.get(unit_url(DASH_PROVINCE))  # sessions and the like warm up
    with django_assert_max_num_queries(10):
        assert client.get(unit_url(DASH_PROVINCE)).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(target_url(DASH_PROVINCE, "dash.ratio")).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(target_url(DASH_PROVINCE, "dash.ratio", "&show=unmet")).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("targets:report", args=[DASH_PROVINCE])).status_code == 200


def test_a_broken_plan_file_is_named_on_the_page(dash_values, personas, login, settings, tmp_path):
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "dash-test.yaml").write_text(
        "title: 坏规划\nstart_year: 2024\nend_year: 2027\nactions:\n  - key: law\n    title: 法治\n    targets:\n"
        "      - {indicator: targets.nothing, title: 无, module: targets, comparator: '>=', value: 1, deadline: 2025}\n",
        encoding="utf-8")
    settings.XIANGZHI_PLAN_DIR = str(broken)
    response = login(personas.county).get(unit_url(DASH_COUNTY))
    assert response.status_code == 503
    assert "dash-test.yaml 第 8 行" in response.content.decode() and "targets.nothing" in response.content.decode()


def test_unit_page_shows_a_changed_value_at_once_though_its_tables_are_cached(dash_values, personas, login):
    """The targets and children tables are cached by a digest of the rows they are made from: the next
    request after the engine changes a value, or a child unit is renamed, shows the change."""
    from xiangzhi.regions.models import Region
    from xiangzhi.targets.models import IndicatorValue

    client = login(personas.county)
    first = client.get(unit_url(DASH_COUNTY)).content.decode()
    assert "66.7%" in row_of(first, "dash.ratio")
    assert client.get(unit_url(DASH_COUNTY)).content.decode().count("66.7%") == first.count("66.7%")

    IndicatorValue.objects.filter(indicator="dash.ratio", period="2026", region_id=DASH_COUNTY).update(numerator=27)
    changed = client.get(unit_url(DASH_COUNTY)).content.decode()
    assert "90.0%" in row_of(changed, "dash.ratio") and "达标" in row_of(changed, "dash.ratio")

    Region.objects.filter(code=DASH_A).update(name="改名后的乡镇")
    assert "改名后的乡镇" in client.get(unit_url(DASH_COUNTY)).content.decode()
