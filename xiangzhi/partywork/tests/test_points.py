"""党员积分: a worked example — records of work done → the exact score, line by line; rules a
county or township sets; classification by band; the quarterly review."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from xiangzhi.core.models import AuditEvent
from xiangzhi.partywork import actions
from xiangzhi.partywork.models import MemberClass, PointsRules, QuarterReview
from xiangzhi.partywork.scoring import score_for

from .partywork_data import A1, attend, branch, household, member, member_user, visit, volunteer

pytestmark = pytest.mark.django_db
YEAR = 2024


def lines(score):
    return {line.rule: (str(line.count), line.points) for line in score.lines}


@pytest.fixture
def worked(personas):
    """黄志强 of 矮山村 in 2024: 3 meetings attended, 1 excused and 1 unexcused absence, 3 distinct
    households visited (4 visits, one household twice, one visit in 2023), 2 commitments fulfilled
    and 1 partly, 2.5 volunteer hours, 1 violation."""
    organisation = branch()
    huang = member(organisation)
    user = member_user(huang)
    for day in (datetime.date(2024, 1, 5), datetime.date(2024, 4, 5), datetime.date(2024, 7, 5)):
        attend(huang, day)
    attend(huang, datetime.date(2024, 8, 5), present=False, excused=True)
    attend(huang, datetime.date(2024, 9, 5), present=False)
    attend(huang, datetime.date(2023, 9, 5), present=False)
    homes = [household() for _ in range(3)]
    for home, day in zip(homes + homes[:1], (3, 4, 5, 6)):
        visit(user, home, datetime.date(2024, 3, day))
    visit(user, household(), datetime.date(2023, 12, 31))
    for content, outcome in (("带头清理河道", "fulfilled"), ("帮扶两户脱贫户", "fulfilled"), ("宣讲政策", "partly"),
                             ("修路", "not")):
        commitment = actions.add_commitment(user, huang, year=YEAR, content=content)
        actions.review_commitment(personas.secretary_a1, commitment, outcome=outcome, note="年终评议",
                                  reviewed_on=datetime.date(2024, 12, 20))
    volunteer(huang, personas.cadre_a1, timezone.make_aware(datetime.datetime(2024, 5, 1, 9)), "2.5")
    volunteer(huang, personas.cadre_a1, timezone.make_aware(datetime.datetime(2024, 6, 1, 9)), "3", attended=False)
    actions.record_violation(personas.secretary_a1, huang, occurred_on=datetime.date(2024, 10, 1), reason="无故不交党费")
    return organisation, huang, user


def test_worked_example_gives_the_exact_score(worked):
    _organisation, huang, _user = worked
    score = score_for(huang, YEAR)
    assert lines(score) == {
        "base": ("1", 100), "meeting": ("3", 6), "household": ("3", 3), "commitment": ("2", 10),
        "commitment_partly": ("1", 2), "volunteer": ("2.5", 3), "absence": ("1", -5), "violation": ("1", -10),
    }
    # 100 + 6 + 3 + 10 + 2 + 3 (2.5 h rounds half up) − 5 − 10
    assert score.total == 109
    assert score.member_class == MemberClass.QUALIFIED


def test_rules_of_the_township_override_the_county(worked, personas):
    _organisation, huang, _user = worked
    actions.set_rules(personas.township_a, "450321100", per_violation=30, per_meeting=5)
    score = score_for(huang, YEAR)
    assert lines(score)["violation"] == ("1", -30) and lines(score)["meeting"] == ("3", 15)
    assert score.total == 109 - 20 + 9
    event = AuditEvent.objects.get(action="points_rules.set")
    assert event.changes["per_violation"] == [None, 30] and event.region_code == "450321100"


def test_classes_follow_the_configured_bands(worked, personas):
    _organisation, huang, _user = worked
    actions.set_rules(personas.township_a, "450321100", excellent_from=105, qualified_from=100, basic_from=90)
    assert score_for(huang, YEAR).member_class == MemberClass.EXCELLENT
    actions.set_rules(personas.township_a, "450321100", excellent_from=150, qualified_from=120, basic_from=109)
    assert score_for(huang, YEAR).member_class == MemberClass.BASIC
    actions.set_rules(personas.township_a, "450321100", excellent_from=150, qualified_from=120, basic_from=110)
    assert score_for(huang, YEAR).member_class == MemberClass.UNQUALIFIED


def test_bad_rules_are_refused_and_nothing_changes(personas):
    with pytest.raises(ValidationError) as error:
        actions.set_rules(personas.township_a, "450321100", excellent_from=90, qualified_from=95, basic_from=80)
    assert "优秀 > 合格 > 基本合格" in error.value.message_dict["excellent_from"][0]
    with pytest.raises(ValidationError) as error:
        actions.set_rules(personas.township_a, "450321100", per_meeting="两分")
    assert error.value.message_dict["per_meeting"] == ["参加组织生活(每次)须为整数。"]
    with pytest.raises(ValidationError) as error:
        actions.set_rules(personas.township_a, A1, per_meeting=3)
    assert "县或乡镇" in error.value.message_dict["region"][0]
    assert not PointsRules.objects.exists()


def test_rules_need_the_capability_and_the_scope(personas):
    with pytest.raises(PermissionDenied):
        actions.set_rules(personas.cadre_a1, "450321100", per_meeting=3)
    with pytest.raises(Http404):
        actions.set_rules(personas.township_b, "450321100", per_meeting=3)
    assert not PointsRules.objects.exists()


def test_quarterly_review_keeps_the_score_to_the_quarter_end(worked, personas):
    organisation, huang, _user = worked
    reviews = actions.review_quarter(personas.secretary_a1, organisation, year=YEAR, quarter=1)
    review = QuarterReview.objects.get()
    assert reviews == [review] and (review.member, review.quarter) == (huang, 1)
    # Q1 2024: base 100, one meeting (2), three households (3); the rest came later.
    assert review.score == 105
    assert {line["rule"]: line["points"] for line in review.lines}["violation"] == 0
    actions.review_quarter(personas.secretary_a1, organisation, year=YEAR, quarter=4)
    assert QuarterReview.objects.get(quarter=4).score == 109
    this_year = timezone.localdate().year
    with pytest.raises(ValidationError) as error:
        actions.review_quarter(personas.secretary_a1, organisation, year=this_year, quarter=4)
    assert "尚未结束" in error.value.message_dict["quarter"][0]
    with pytest.raises(Http404):
        actions.review_quarter(personas.cadre_b1, organisation, year=YEAR, quarter=2)
    assert QuarterReview.objects.count() == 2
