"""村干部报酬: the county's versioned standard, the township's calculation from a published
assessment result or from an entered score, recalculation keeping the old row, the cadre seeing
only their own calculation with every step."""

import pytest

from xiangzhi.cadres import actions
from xiangzhi.cadres.models import CalculationStatus, PayCalculation, PayStandard
from xiangzhi.core.models import AuditEvent

from .cadres_data import (
    A1, A2, COUNTY, LAST_YEAR, backdate_posts, other_county_official, publish_result, set_standard,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def standards(personas):
    backdate_posts()
    return [set_standard(personas.county, role) for role in ("village_cadre", "village_secretary")]


def calculate(client, **values):
    return client.post("/cadres/pay/calculate/", {"village": A1, "year": LAST_YEAR, **values})


def test_standard_is_edited_until_used_then_versioned(personas, login, standards):
    client = login(personas.county)
    data = {"county": COUNTY, "year": LAST_YEAR, "role": "village_cadre", "monthly_basic": "2100",
            "performance": "6000", "rule": "grade_bands", "excellent_percent": 100, "good_percent": 85,
            "pass_percent": 70, "fail_percent": 0}
    assert client.post("/cadres/pay/standards/", data).status_code == 302
    edited = PayStandard.objects.get(role="village_cadre")
    assert (edited.version, edited.monthly_basic_fen) == (1, 210000)
    actions.calculate_pay(personas.township_a, A1, year=LAST_YEAR, score="80", reason="考核未发布")
    assert client.post("/cadres/pay/standards/", {**data, "monthly_basic": "2300"}).status_code == 302
    versions = list(PayStandard.objects.filter(role="village_cadre").order_by("version"))
    assert [(s.version, s.monthly_basic_fen) for s in versions] == [(1, 210000), (2, 230000)]
    assert versions[1].supersedes == versions[0]
    assert AuditEvent.objects.filter(action="pay_standard.create", target_id=str(versions[1].pk)).exists()


def test_standard_bad_input_capability_and_scope(personas, login, standards):
    client = login(personas.county)
    response = client.post("/cadres/pay/standards/", {"county": COUNTY, "year": LAST_YEAR, "role": "village_cadre",
                                                      "monthly_basic": "两千", "performance": "-5", "rule": "grade_bands",
                                                      "excellent_percent": 50, "good_percent": 85, "pass_percent": 70,
                                                      "fail_percent": 0})
    page = response.content.decode()
    assert response.status_code == 422
    assert "每月基本报酬“两千”不是有效的数字" in page and "年度绩效报酬不能为负数" in page
    assert "优秀 ≥ 良好" in page
    assert PayStandard.objects.get(role="village_cadre").monthly_basic_fen == 200000
    assert login(personas.township_a).post("/cadres/pay/standards/", {"county": COUNTY}).status_code == 403
    other = other_county_official()
    assert login(other).post("/cadres/pay/standards/", {"county": COUNTY, "year": LAST_YEAR}).status_code == 404
    assert login(personas.county).delete("/cadres/pay/standards/").status_code == 405


def test_calculation_from_published_assessment_result(personas, login, standards):
    result = publish_result(by=personas.county)
    response = calculate(login(personas.township_a))
    assert response.status_code == 302
    row = PayCalculation.objects.get(user=personas.cadre_a1)
    assert (row.months, row.basic_fen, row.source, row.assessment_result, row.share_percent) == (
        12, 2_400_000, "assessment", result, 85)
    assert (row.performance_fen, row.total_fen) == (510_000, 2_910_000)
    # Every cadre of the village with a standard is paid; the supervisor's role has none.
    assert set(PayCalculation.objects.values_list("user__username", flat=True)) == {"cadre_a1", "secretary_a1"}
    steps = row.steps()
    assert steps[0] == "基本报酬 ¥2,000.00 × 12 个月 = ¥24,000.00"
    assert steps[1] == "绩效:考核结果 82.5 分 良好(方案《阳朔县村级实绩考核方案》第 3 名) → 85% × ¥6,000.00 = ¥5,100.00"
    bad = calculate(login(personas.township_a), score="90", reason="x", correction_reason="重算")
    assert bad.status_code == 422 and "考核结果已发布" in bad.content.decode()


def test_calculation_by_score_rule_and_entered_score(personas, login):
    backdate_posts()
    set_standard(personas.county, rule="score")
    client = login(personas.township_a)
    missing = calculate(client)
    assert missing.status_code == 422 and "没有已发布的考核结果" in missing.content.decode()
    no_reason = calculate(client, score="87.5")
    assert no_reason.status_code == 422 and "请填写手工填写理由" in no_reason.content.decode()
    assert not PayCalculation.objects.exists()
    assert calculate(client, score="87.5", reason="县考核结果尚未发布").status_code == 302
    row = PayCalculation.objects.get()
    assert (row.source, row.score, row.share_percent, row.performance_fen) == ("entered", 87.5, 87.5, 525_000)
    assert row.steps()[1] == "绩效:手工填写 87.5 分(理由:县考核结果尚未发布) → 87.5% × ¥6,000.00 = ¥5,250.00"
    event = AuditEvent.objects.get(action="pay.calculate")
    assert event.changes["entered"][1] == {"score": "87.5", "grade": "", "reason": "县考核结果尚未发布"}


def test_recalculation_keeps_the_old_row(personas, login, standards):
    client = login(personas.township_a)
    calculate(client, grade="pass", reason="未发布")
    first = PayCalculation.objects.get(user=personas.cadre_a1)
    assert first.performance_fen == 420_000
    refused = calculate(client, grade="good", reason="更正")
    assert refused.status_code == 422 and "请填写更正理由" in refused.content.decode()
    assert calculate(client, grade="good", reason="更正", correction_reason="等次录入有误").status_code == 302
    rows = list(PayCalculation.objects.filter(user=personas.cadre_a1).order_by("id"))
    assert [r.status for r in rows] == [CalculationStatus.SUPERSEDED, CalculationStatus.CURRENT]
    assert rows[1].supersedes == rows[0] and rows[1].performance_fen == 510_000
    page = login(personas.cadre_a1).get(f"/cadres/pay/{rows[1].pk}/").content.decode()
    assert "等次录入有误" in page and "已被更正" in page


def test_calculation_capability_scope_and_bad_input(personas, login, standards):
    assert login(personas.cadre_a1).post("/cadres/pay/calculate/", {"village": A1}).status_code == 403
    assert calculate(login(personas.township_b), grade="good", reason="x").status_code == 404
    assert login(personas.township_a).get("/cadres/pay/calculate/").status_code == 405
    bad = calculate(login(personas.township_a), score="120", reason="x")
    assert bad.status_code == 422 and "考核得分须在 0 到 100 之间" in bad.content.decode()
    future = calculate(login(personas.township_a), year=LAST_YEAR + 2, grade="good", reason="x")
    assert future.status_code == 422
    none_paid = calculate(login(personas.township_a), village=A2, year=2019, grade="good", reason="x")
    assert none_paid.status_code == 422 and "无法计算" in none_paid.content.decode()
    assert not PayCalculation.objects.exists()


def test_cadre_sees_only_their_own(personas, login, standards):
    actions.calculate_pay(personas.township_a, A1, year=LAST_YEAR, grade="excellent", reason="未发布")
    own = PayCalculation.objects.get(user=personas.cadre_a1)
    secretarys = PayCalculation.objects.get(user=personas.secretary_a1)
    cadre = login(personas.cadre_a1)
    mine = cadre.get("/cadres/mine/").content.decode()
    assert "基本报酬 ¥2,000.00 × 12 个月 = ¥24,000.00" in mine and "100% × ¥6,000.00 = ¥6,000.00" in mine
    assert cadre.get(f"/cadres/pay/{own.pk}/").status_code == 200
    assert cadre.get(f"/cadres/pay/{secretarys.pk}/").status_code == 404
    assert cadre.get("/cadres/pay/").status_code == 302
    assert "secretary_a1" in login(personas.township_a).get(f"/cadres/pay/?year={LAST_YEAR}").content.decode()
    assert login(personas.township_b).get(f"/cadres/pay/{own.pk}/").status_code == 404
