"""Results come from the rollup rows: bands, vetoes, ranking, publish once, corrections by version,
and each unit sees only its own published result."""

import pytest
from django.core.exceptions import ValidationError

from xiangzhi.assessment.actions import (
    compute_results, create_scheme, publish_scheme, record_veto, revise_scheme, update_scheme,
)
from xiangzhi.assessment.models import Result, UnitVeto
from xiangzhi.core.models import AuditEvent
from xiangzhi.regions.models import Region

from .conftest import A1, A2, B1, COUNTY, TOWNSHIP_A, TOWNSHIP_B, YEAR, township_items, value

pytestmark = pytest.mark.django_db


def township_scheme(user):
    return create_scheme(user, Region.objects.get(pk=COUNTY), year=YEAR, level="township", title="乡镇考核",
                         items=township_items(), vetoes=["public_security", "work_safety"])


def rows():
    # 法律顾问: township A 2 of 2 villages, B 0 of 1.
    value(TOWNSHIP_A, "assessment_test.advisors", YEAR, 2, 2)
    value(TOWNSHIP_B, "assessment_test.advisors", YEAR, 0, 1)
    # On time, by quarter: A 30/40 + 40/40 = 70/80 = 87.5% of 80% → reach 109% → full 40.
    value(TOWNSHIP_A, "assessment_test.on_time", f"{YEAR}Q1", 30, 40)
    value(TOWNSHIP_A, "assessment_test.on_time", f"{YEAR}Q2", 40, 40)
    # B: 50/80 = 62.5% → reach 78% → band 60 → 40% of 40 = 16.
    value(TOWNSHIP_B, "assessment_test.on_time", f"{YEAR}Q3", 50, 80)
    # Another year's rows and a village's rows never count for a township in 2025.
    value(TOWNSHIP_B, "assessment_test.advisors", YEAR - 1, 1, 1)


def results(scheme):
    return {result.region_id: result for result in Result.objects.filter(scheme=scheme)}


def test_compute_scores_each_township_from_its_rows(personas):
    rows()
    scheme = township_scheme(personas.county)
    compute_results(personas.county, scheme)
    by_unit = results(scheme)
    assert set(by_unit) == {TOWNSHIP_A, TOWNSHIP_B}
    a, b = by_unit[TOWNSHIP_A], by_unit[TOWNSHIP_B]
    assert (a.score, a.grade, a.rank) == (100.0, "excellent", 1)
    assert (b.score, b.grade, b.rank) == (16.0, "fail", 2)
    advisors, on_time = a.details
    assert (advisors["value"], advisors["band"], advisors["points"]) == (1.0, 1, 60.0)
    assert on_time["value"] == pytest.approx(0.875) and on_time["reach"] == pytest.approx(1.09375)
    b_on_time = b.details[1]
    assert (b_on_time["band"], b_on_time["points"]) == (3, 16.0)
    assert b.details[0]["value"] == 0.0 and b.details[0]["band"] is None
    assert AuditEvent.objects.get(action="assessment.compute").changes == {"results": [0, 2]}


def test_no_rows_means_no_points_not_an_error(personas):
    scheme = township_scheme(personas.county)
    compute_results(personas.county, scheme)
    assert {r.score for r in results(scheme).values()} == {0.0}
    assert results(scheme)[TOWNSHIP_A].details[0]["value"] is None


def test_lower_is_better_and_counts_per_village(personas):
    value(A1, "assessment_test.overdue", YEAR, 1, 20)  # 5% ≤ 10%: met
    value(A2, "assessment_test.overdue", YEAR, 4, 20)  # 20%: reach 50%
    value(A1, "assessment_test.model_villages", YEAR, 1)
    scheme = create_scheme(personas.county, Region.objects.get(pk=COUNTY), year=YEAR, level="village",
                           title="村级考核", items=[{"target": "overdue", "weight": 50, "bands": "100:100, 50:50"},
                                                  {"target": "model_villages", "weight": 50, "target_value": 1}])
    compute_results(personas.county, scheme)
    by_unit = results(scheme)
    assert by_unit[A1].score == 100.0 and by_unit[A2].score == 25.0 and by_unit[B1].score == 0.0
    assert [by_unit[code].rank for code in (A1, A2, B1)] == [1, 2, 3]


def test_equal_scores_share_a_rank_and_a_veto_fails_whatever_the_score(personas):
    value(TOWNSHIP_A, "assessment_test.advisors", YEAR, 1, 1)
    value(TOWNSHIP_B, "assessment_test.advisors", YEAR, 1, 1)
    scheme = township_scheme(personas.county)
    compute_results(personas.county, scheme)
    assert {r.rank for r in results(scheme).values()} == {1}
    record_veto(personas.county, scheme, region_code=TOWNSHIP_A, veto_key="work_safety",
                reason="发生重大生产安全责任事故", evidence="县安委办通报〔2025〕3号")
    scheme.refresh_from_db()
    assert scheme.computed_at is None and not Result.objects.exists()  # stale results are dropped
    compute_results(personas.county, scheme)
    a, b = results(scheme)[TOWNSHIP_A], results(scheme)[TOWNSHIP_B]
    assert a.score == 60.0 and a.vetoed and a.grade == "fail" and a.rank == 2
    assert b.rank == 1 and b.grade == "pass"


def test_veto_must_be_one_of_the_schemes_with_reason_and_evidence(personas):
    scheme = create_scheme(personas.county, Region.objects.get(pk=COUNTY), year=YEAR, level="township",
                           title="乡镇考核", items=township_items(), vetoes=["public_security"])
    with pytest.raises(ValidationError) as raised:
        record_veto(personas.county, scheme, region_code=B1, veto_key="work_safety", reason="", evidence="")
    assert set(raised.value.message_dict) == {"region", "veto_key", "reason", "evidence"}
    assert not UnitVeto.objects.exists()


def test_publish_once_then_only_a_new_version(personas):
    rows()
    scheme = township_scheme(personas.county)
    with pytest.raises(ValidationError) as raised:
        publish_scheme(personas.county, scheme)
    assert "请先计算" in raised.value.messages[0]
    compute_results(personas.county, scheme)
    publish_scheme(personas.county, scheme)
    scheme.refresh_from_db()
    assert scheme.status == "published" and scheme.published_at is not None
    assert AuditEvent.objects.filter(action="assessment.publish").count() == 1
    for attempt in (lambda: publish_scheme(personas.county, scheme),
                    lambda: update_scheme(personas.county, scheme, title="改", items=township_items()),
                    lambda: compute_results(personas.county, scheme),
                    lambda: record_veto(personas.county, scheme, region_code=TOWNSHIP_B,
                                        veto_key="public_security", reason="x", evidence="y")):
        with pytest.raises(ValidationError) as raised:
            attempt()
        assert "已发布,不能修改" in " ".join(raised.value.messages)
    assert scheme.items.count() == 2 and not UnitVeto.objects.exists()
    with pytest.raises(ValidationError) as raised:
        revise_scheme(personas.county, scheme, reason="  ")
    assert "请填写更正理由" in raised.value.message_dict["reason"][0]

    revision = revise_scheme(personas.county, scheme, reason="第二季度数据更正")
    assert (revision.version, revision.supersedes_id, revision.status) == (2, scheme.pk, "draft")
    assert revision.items.count() == 2
    update_scheme(personas.county, revision, title="乡镇考核", items=[{"target": "advisors", "weight": 100}],
                  vetoes=[])
    compute_results(personas.county, revision)
    publish_scheme(personas.county, revision)
    scheme.refresh_from_db()
    assert scheme.status == "superseded"
    assert list(Result.objects.published().filter(region_id=TOWNSHIP_B).values_list("scheme__version", "score")) == [
        (2, 0.0)]


def published(personas):
    rows()
    scheme = township_scheme(personas.county)
    compute_results(personas.county, scheme)
    return scheme


def test_units_see_only_their_own_published_result(personas, login):
    scheme = published(personas)
    result_a, result_b = results(scheme)[TOWNSHIP_A], results(scheme)[TOWNSHIP_B]
    client = login(personas.township_a)
    assert client.get(f"/assessment/results/{result_a.pk}/").status_code == 404  # not published yet
    assert "暂无已发布的考核结果" in client.get("/assessment/").content.decode()
    publish_scheme(personas.county, scheme)
    page = client.get(f"/assessment/results/{result_a.pk}/").content.decode()
    assert "100.0" in page and "优秀" in page and "一村一法律顾问覆盖率" in page and "87.5%" in page
    assert client.get(f"/assessment/results/{result_b.pk}/").status_code == 404
    index = client.get("/assessment/").content.decode()
    assert "阳朔镇" in index and "白沙镇" not in index and "制定考核方案" not in index
    assert client.get(f"/assessment/schemes/{scheme.pk}/").status_code == 403  # no county ranking
    # A village cadre of township A sees no township's result.
    assert login(personas.cadre_a1).get(f"/assessment/results/{result_a.pk}/").status_code == 404


def test_county_sees_the_ranking(personas, login):
    scheme = published(personas)
    page = login(personas.county).get(f"/assessment/schemes/{scheme.pk}/").content.decode()
    assert page.index("阳朔镇") < page.index("白沙镇") and "16.0" in page


def test_villager_has_no_assessment(personas, login):
    published(personas)
    assert login(personas.villager_a1).get("/assessment/").status_code == 403


def test_compute_publish_pages(personas, login, other_county):
    rows()
    scheme = township_scheme(personas.county)
    county = login(personas.county)
    assert county.get(f"/assessment/schemes/{scheme.pk}/compute/").status_code == 405
    publish_early = county.post(f"/assessment/schemes/{scheme.pk}/publish/")
    assert publish_early.status_code == 422 and "请先计算考核结果" in publish_early.content.decode()
    assert county.post(f"/assessment/schemes/{scheme.pk}/compute/").status_code == 302
    assert Result.objects.filter(scheme=scheme).count() == 2
    assert login(other_county).post(f"/assessment/schemes/{scheme.pk}/publish/").status_code == 404
    assert login(personas.township_a).post(f"/assessment/schemes/{scheme.pk}/publish/").status_code == 403
    scheme.refresh_from_db()
    assert scheme.status == "draft"
    county = login(personas.county)
    assert county.post(f"/assessment/schemes/{scheme.pk}/publish/").status_code == 302
    scheme.refresh_from_db()
    assert scheme.status == "published"


def test_veto_page_records_and_refuses(personas, login):
    scheme = township_scheme(personas.county)
    client = login(personas.county)
    bad = client.post(f"/assessment/schemes/{scheme.pk}/vetoes/", {"region": TOWNSHIP_A, "veto_key": "work_safety"})
    assert bad.status_code == 422 and "请填写否决理由" in bad.content.decode()
    assert not UnitVeto.objects.exists()
    good = client.post(f"/assessment/schemes/{scheme.pk}/vetoes/", {
        "region": TOWNSHIP_A, "veto_key": "work_safety", "reason": "重大事故", "evidence": "通报"})
    assert good.status_code == 302
    veto = UnitVeto.objects.get()
    assert (veto.region_id, veto.recorded_by) == (TOWNSHIP_A, personas.county)
    assert AuditEvent.objects.get(action="assessment.veto").region_code == TOWNSHIP_A
