"""村务按期公开率 per village: periodic disclosures due in the period (from the village's cadence calendar)
published by their due date / due."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from xiangzhi.disclosure.models import Disclosure
from xiangzhi.targets.periods import Period
from xiangzhi.targets.registry import RATIO, get

from .helpers import A1, A2, B1, publish_general

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")
Q2, Q3 = Period.parse("2026Q2"), Period.parse("2026Q3")
NOW = datetime.datetime(2026, 10, 5, 9, tzinfo=SH)


def test_disclosures_on_time(personas):
    indicator = get("disclosure.on_time")
    assert (indicator.kind, indicator.module) == (RATIO, "disclosure")
    before = indicator.compute(Q3, None, now=NOW)
    due = before[A1][1]  # every periodic item of the county's catalogue due in July–September
    assert due > 0 and before == {A1: (0, due), A2: (0, due), B1: (0, due)}
    # On 1 July no due date of the quarter has passed: nothing is settled yet.
    assert indicator.compute(Q3, None, now=datetime.datetime(2026, 7, 1, 9, tzinfo=SH)) == {}

    on_time = publish_general(personas, period="2026年第2季度")  # due 10 July
    Disclosure.objects.filter(pk=on_time.pk).update(published_at=datetime.datetime(2026, 7, 9, 12, tzinfo=SH))
    late = publish_general(personas, period="2026年第1季度")  # due 10 April, published the 11th
    Disclosure.objects.filter(pk=late.pk).update(published_at=datetime.datetime(2026, 4, 11, 8, tzinfo=SH))

    assert indicator.compute(Q3, None, now=NOW) == {A1: (1, due), A2: (0, due), B1: (0, due)}
    assert indicator.compute(Q3, [A1], now=NOW) == {A1: (1, due)}
    assert indicator.compute(Q3, [A2, B1], now=NOW) == {A2: (0, due), B1: (0, due)}
    spring = indicator.compute(Q2, None, now=NOW)  # the late one is due, not on time
    assert spring[A1] == spring[A2] and spring[A1][0] == 0 and spring[A1][1] > 0
    assert indicator.records_url(A1, Q3) == f"/disclosure/calendar/?village={A1}"
