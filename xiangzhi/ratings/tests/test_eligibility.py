"""Who may be rated: a member's sanction in the year blocks it, a revoked household waits two
years, and three years in a row recommends the household upward."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from xiangzhi.ratings import household_ratings
from xiangzhi.ratings.models import HouseholdRating, RatingState

from .ratings_data import A1, all_stars, past_rating, person, this_year

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle(personas):
    return household_ratings.open_cycle(personas.cadre_a1, region=A1, year=this_year(), kind="star_household")


def to_notice_over(cadre, rating):
    household_ratings.record_appraisal(cadre, rating, all_stars(rating))
    household_ratings.advance(cadre, rating, "check")
    household_ratings.advance(cadre, rating, "publish")
    HouseholdRating.objects.filter(pk=rating.pk).update(notice_ends=rating.notice_ends - datetime.timedelta(days=8))
    rating.refresh_from_db()


def test_a_members_sanction_in_the_year_blocks_the_self_report(personas, cycle):
    head = person()
    son = person(household=head.household, relation="son")
    household_ratings.record_sanction(personas.cadre_a1, resident=son, date=datetime.date(this_year(), 1, 2),
                                      note="违反村规民约乱倒垃圾")
    with pytest.raises(ValidationError) as error:
        household_ratings.self_report(personas.cadre_a1, cycle, household=head.household, text="自评")
    assert "受过处理" in error.value.message_dict["household"][0]
    assert not HouseholdRating.objects.exists()


def test_a_sanction_of_last_year_does_not_block(personas, cycle):
    head = person()
    household_ratings.record_sanction(personas.cadre_a1, resident=head, date=datetime.date(this_year() - 1, 12, 30),
                                      note="去年")
    rating = household_ratings.self_report(personas.cadre_a1, cycle, household=head.household, text="自评")
    assert rating.state == RatingState.REPORTED


def test_a_sanction_recorded_during_the_procedure_blocks_the_award(personas, cycle):
    head = person()
    rating = household_ratings.self_report(personas.cadre_a1, cycle, household=head.household, text="自评")
    to_notice_over(personas.cadre_a1, rating)
    household_ratings.record_sanction(personas.cadre_a1, resident=head, date=datetime.date(this_year(), 1, 3),
                                      note="赌博被处罚")
    with pytest.raises(ValidationError, match="受过处理"):
        household_ratings.advance(personas.cadre_a1, rating, "award")
    rating.refresh_from_db()
    assert rating.state == RatingState.NOTICE


@pytest.mark.parametrize("years_ago, eligible", [(1, False), (2, False), (3, True)])
def test_a_revoked_household_waits_two_years(personas, cycle, years_ago, eligible):
    head = person()
    revoked_year = this_year() - years_ago
    past_rating(head.household, revoked_year, RatingState.REVOKED, by=personas.cadre_a1,
                revoked_on=datetime.date(revoked_year, 6, 1))
    if eligible:
        household_ratings.self_report(personas.cadre_a1, cycle, household=head.household, text="自评")
        assert HouseholdRating.objects.filter(cycle=cycle).count() == 1
    else:
        with pytest.raises(ValidationError) as error:
            household_ratings.self_report(personas.cadre_a1, cycle, household=head.household, text="自评")
        assert "2 年内不能参评" in error.value.message_dict["household"][0]
        assert not HouseholdRating.objects.filter(cycle=cycle).exists()


def test_revoking_makes_the_household_ineligible_next_year(personas, cycle):
    head = person()
    rating = household_ratings.self_report(personas.cadre_a1, cycle, household=head.household, text="自评")
    to_notice_over(personas.cadre_a1, rating)
    household_ratings.advance(personas.cadre_a1, rating, "award")
    with pytest.raises(ValidationError, match="理由"):
        household_ratings.advance(personas.cadre_a1, rating, "revoke")
    household_ratings.advance(personas.cadre_a1, rating, "revoke", comment="家庭成员违法")
    rating.refresh_from_db()
    assert rating.state == RatingState.REVOKED and rating.revoked_on is not None
    assert "被撤销" in household_ratings.ineligibility(head.household, this_year() + 1)
    assert household_ratings.ineligibility(head.household, this_year() + 3) is None


@pytest.mark.parametrize("earlier_years, recommended", [((1, 2), True), ((2,), False), ((1,), False)])
def test_three_consecutive_years_recommend_upward(personas, cycle, earlier_years, recommended):
    head = person()
    for years_ago in earlier_years:
        past_rating(head.household, this_year() - years_ago, RatingState.AWARDED, by=personas.cadre_a1)
    rating = household_ratings.self_report(personas.cadre_a1, cycle, household=head.household, text="自评")
    to_notice_over(personas.cadre_a1, rating)
    household_ratings.advance(personas.cadre_a1, rating, "award")
    rating.refresh_from_db()
    assert rating.state == RatingState.AWARDED
    assert rating.recommended_upward is recommended


def test_another_kinds_titles_do_not_count_toward_three_years(personas, cycle):
    head = person()
    for years_ago in (1, 2):
        past_rating(head.household, this_year() - years_ago, RatingState.AWARDED, kind="five_good_family",
                    by=personas.cadre_a1)
    rating = household_ratings.self_report(personas.cadre_a1, cycle, household=head.household, text="自评")
    to_notice_over(personas.cadre_a1, rating)
    household_ratings.advance(personas.cadre_a1, rating, "award")
    rating.refresh_from_db()
    assert rating.recommended_upward is False
