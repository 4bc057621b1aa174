"""A county official sets the county's own 民主法治示范村 criteria from a page: villages then
score themselves against them, applications already made keep theirs, bad rows are refused."""

import pytest
from conftest import make_user
from django.urls import reverse

from xiangzhi.core.models import AuditEvent
from xiangzhi.regions.models import Region
from xiangzhi.safety.democracy import apply
from xiangzhi.safety.definitions import DEFAULT_CRITERIA, definition_of
from xiangzhi.safety.models import SafetyDefinition

from .safety_data import A1, COUNTY

pytestmark = pytest.mark.django_db
PAGE = reverse("safety:criteria")
DEFAULT_SCORES = {item["key"]: 5 for item in DEFAULT_CRITERIA}


def rows(*items):
    """Form data for criteria rows [(key, label, max_score)], numbered from 1."""
    data = {}
    for number, (key, label, max_score) in enumerate(items, start=1):
        data.update({f"key_{number}": key, f"label_{number}": label, f"max_score_{number}": str(max_score)})
    return data


def test_county_sets_criteria_and_villages_score_against_them(personas, login):
    village = Region.objects.get(pk=A1)
    before = apply(personas.cadre_a1, village, year=2023, scores=DEFAULT_SCORES)
    client = login(personas.county)
    page = client.get(PAGE).content.decode()
    assert "目前使用全国指导标准" in page and 'value="组织健全"' in page
    # The third row is blank and left out.
    data = rows(("organisation", "组织健全", 30), ("", "村规民约", 40), ("", "", ""), ("", "法律明白人", 30))
    response = client.post(PAGE, data)
    assert response.status_code == 302
    criteria = SafetyDefinition.objects.get(region_id=COUNTY).criteria
    assert [(item["label"], item["max_score"]) for item in criteria] == [
        ("组织健全", 30), ("村规民约", 40), ("法律明白人", 30)]
    assert criteria[0]["key"] == "organisation" and len({item["key"] for item in criteria}) == 3
    event = AuditEvent.objects.get(action="safety.criteria")
    assert event.region_code == COUNTY and event.changes["criteria"][1] == criteria
    # The 无案村 definition was not touched: the defaults are kept.
    assert definition_of(COUNTY).no_case_counts == ["criminal", "public_order"]

    form = login(personas.cadre_a1).get(reverse("safety:application_create")).content.decode()
    assert "村规民约(40)" in form and "民主选举" not in form
    assert before.self_assessment[1]["label"] == "民主选举"  # the earlier application keeps its criteria
    assert "本县自定标准" in login(personas.county).get(PAGE).content.decode()


def test_bad_rows_are_refused_and_nothing_changes(personas, login):
    client = login(personas.county)
    zero = client.post(PAGE, rows(("", "组织健全", 10), ("", "民主管理", 0)))
    assert zero.status_code == 422
    assert "第 2 项标准的满分应在 1 至 100 之间" in zero.content.decode()
    assert 'value="民主管理"' in zero.content.decode()  # what was typed stays on the page
    long_name = client.post(PAGE, rows(("", "名" * 51, 10)))
    assert long_name.status_code == 422 and "第 1 项标准的名称应为 1 至 50 个字" in long_name.content.decode()
    no_name = client.post(PAGE, rows(("", "组织健全", 10), ("", "", 10)))
    assert "第 2 项标准的名称" in no_name.content.decode()
    assert not SafetyDefinition.objects.exists() and not AuditEvent.objects.filter(action="safety.criteria").exists()


def test_only_the_county_political_legal_posts_may_edit(personas, login):
    data = rows(("", "组织健全", 10))
    assert login(personas.township_a).get(PAGE).status_code == 403
    assert login(personas.township_a).post(PAGE, data).status_code == 403
    assert login(personas.cadre_a1).post(PAGE, data).status_code == 403
    assert login(personas.county).put(PAGE, data).status_code == 405
    assert not SafetyDefinition.objects.exists()


def test_another_countys_criteria_are_out_of_reach(personas, login):
    Region.objects.create(code="450322", name="临桂区", level="county", parent_id="4503")
    other = make_user("county_lg", "county_department", "450322", department="political_legal")
    client = login(other)
    assert client.get(f"{PAGE}?region={COUNTY}").status_code == 404
    assert client.post(f"{PAGE}?region={COUNTY}", rows(("", "组织健全", 10))).status_code == 404
    assert client.post(PAGE, rows(("", "组织健全", 10))).status_code == 302
    assert list(SafetyDefinition.objects.values_list("region_id", flat=True)) == ["450322"]
