"""party.star_organisations: rated ≥ 3 stars / rated, per village; unrated evaluations count nowhere."""

import pytest

from xiangzhi.partyrating.evaluations import self_assess
from xiangzhi.targets.periods import Period
from xiangzhi.targets.registry import get

from .rating_data import A1, A2, YEAR, branch, rated, scores

pytestmark = pytest.mark.django_db


def test_star_organisations(personas):
    rated(personas, branch(A1), 18)  # 90 → 5 stars
    rated(personas, branch(A1, "矮山第二支部"), 11)  # 55 → 1 star
    rated(personas, branch(A2), 14)  # 70 → 3 stars
    self_assess(personas.secretary_a1, branch(A1, "矮山第三支部"), YEAR, scores=scores(20))  # not rated
    indicator = get("party.star_organisations")
    assert indicator.module == "partyrating"
    values = indicator.compute(Period.parse(str(YEAR)), None)
    assert values == {A1: (1, 2), A2: (1, 1)}
    assert indicator.compute(Period.parse(str(YEAR)), [A2]) == {A2: (1, 1)}
    assert indicator.compute(Period.parse(str(YEAR - 1)), None) == {}
