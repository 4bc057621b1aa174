"""The cadence calendar: periods, due dates at month/quarter/year boundaries in Asia/Shanghai,
a village's due and overdue items, a township's compliance in few queries."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from xiangzhi.disclosure import calendar as cal
from xiangzhi.disclosure import compliance
from xiangzhi.disclosure.models import Cadence, Disclosure
from xiangzhi.regions.models import Region

from .helpers import A1, A2, GENERAL, TOWNSHIP_A, item, publish_general

SH = ZoneInfo("Asia/Shanghai")


def at(*args):
    return datetime.datetime(*args, tzinfo=SH)


@pytest.mark.parametrize(("cadence", "label", "due"), [
    (Cadence.MONTHLY, "2026年1月", datetime.date(2026, 2, 10)),
    (Cadence.MONTHLY, "2026年12月", datetime.date(2027, 1, 10)),
    (Cadence.QUARTERLY, "2026年第3季度", datetime.date(2026, 10, 10)),
    (Cadence.QUARTERLY, "2026年第4季度", datetime.date(2027, 1, 10)),
    (Cadence.YEARLY, "2026年", datetime.date(2027, 1, 31)),
])
def test_due_dates_across_boundaries(cadence, label, due):
    period = cal.parse_period(cadence, label)
    assert period.label == label
    assert period.due_date == due
    assert period.due_at == datetime.datetime.combine(due + datetime.timedelta(days=1), datetime.time.min, SH)


def test_period_containing_and_neighbours():
    assert cal.period_containing(Cadence.QUARTERLY, datetime.date(2026, 10, 1)).label == "2026年第4季度"
    assert cal.period_containing(Cadence.QUARTERLY, datetime.date(2026, 9, 30)).label == "2026年第3季度"
    assert cal.period_containing(Cadence.MONTHLY, datetime.date(2026, 1, 1)).previous().label == "2025年12月"
    assert cal.period_containing(Cadence.QUARTERLY, datetime.date(2026, 2, 1)).previous().label == "2025年第4季度"
    assert cal.period_containing(Cadence.MONTHLY, datetime.date(2026, 12, 5)).next().label == "2027年1月"


@pytest.mark.parametrize(("cadence", "label"), [
    (Cadence.MONTHLY, "2026年13月"), (Cadence.MONTHLY, "2026-10"), (Cadence.QUARTERLY, "2026年第5季度"),
    (Cadence.YEARLY, "二〇二六年"), (Cadence.MONTHLY, ""),
])
def test_bad_labels_are_refused_in_chinese(cadence, label):
    with pytest.raises(ValidationError) as caught:
        cal.parse_period(cadence, label)
    assert "请按“2026" in caught.value.message_dict["period"][0]


def test_local_day_is_shanghai_not_utc():
    # 2026-10-10 16:30 UTC is already 11 October in Shanghai: September's report is late then.
    utc_evening = datetime.datetime(2026, 10, 10, 16, 30, tzinfo=datetime.UTC)
    assert cal.local_today(utc_evening) == datetime.date(2026, 10, 11)
    september = cal.parse_period(Cadence.MONTHLY, "2026年9月")
    assert cal.entry_status(september, None, utc_evening) == cal.Status.OVERDUE
    assert cal.entry_status(september, None, at(2026, 10, 10, 23, 59)) == cal.Status.DUE
    assert cal.entry_status(september, at(2026, 10, 10, 23, 59), utc_evening) == cal.Status.ON_TIME
    assert cal.entry_status(september, at(2026, 10, 11, 0, 0), utc_evening) == cal.Status.LATE


def test_periods_to_check_lists_ended_periods_within_the_window():
    today = datetime.date(2026, 10, 5)
    months = [p.label for p in cal.periods_to_check(Cadence.MONTHLY, today)]
    assert months[-1] == "2026年9月" and "2026年10月" not in months
    assert months[0] == "2025年9月"  # due 2025-10-10, within the 12 months before 2026-10-05
    quarters = [p.label for p in cal.periods_to_check(Cadence.QUARTERLY, today)]
    assert quarters == ["2025年第3季度", "2025年第4季度", "2026年第1季度", "2026年第2季度", "2026年第3季度"]
    assert [p.label for p in cal.periods_to_check(Cadence.YEARLY, today)] == ["2025年"]


@pytest.mark.django_db
def test_village_calendar_marks_published_on_time_late_and_overdue(personas):
    published = publish_general(personas, period="2026年第2季度")
    Disclosure.objects.filter(pk=published.pk).update(published_at=at(2026, 7, 9, 12))
    late = publish_general(personas, period="2026年第1季度")
    Disclosure.objects.filter(pk=late.pk).update(published_at=at(2026, 4, 11, 8))
    village = Region.objects.get(code=A1)
    calendar = compliance.village_calendar(village, now=at(2026, 10, 5, 9))
    general = {e.period_label: e.status for e in calendar.entries if e.item.name == GENERAL}
    assert general["2026年第2季度"] == cal.Status.ON_TIME
    assert general["2026年第1季度"] == cal.Status.LATE
    assert general["2025年第4季度"] == cal.Status.OVERDUE
    assert general["2026年第3季度"] == cal.Status.DUE
    # Items without a calendar (immediate, per event) are not listed.
    assert not {e.item.cadence for e in calendar.entries} & {Cadence.IMMEDIATE, Cadence.PER_EVENT}


@pytest.mark.django_db
def test_township_compliance_in_a_few_queries(personas):
    published = publish_general(personas, period="2026年第2季度")
    Disclosure.objects.filter(pk=published.pk).update(published_at=at(2026, 7, 5, 10))
    township = Region.objects.get(code=TOWNSHIP_A)
    for number in range(3, 23):  # a township of ~20 villages
        Region.objects.create(code=f"450321100{number:03d}", name=f"村{number}", level="village", parent=township)
    with CaptureQueriesContext(connection) as queries:
        result = compliance.compliance_of(township, now=at(2026, 10, 5, 9))
    assert len(queries) <= 5
    rows = {row["village"].code: row for row in result["rows"]}
    assert len(rows) == 22
    a1_overdue = {(e.item.name, e.period_label) for e in rows[A1]["calendar"].overdue}
    a2_overdue = {(e.item.name, e.period_label) for e in rows[A2]["calendar"].overdue}
    assert (GENERAL, "2026年第2季度") not in a1_overdue and (GENERAL, "2026年第2季度") in a2_overdue
    assert rows[A1]["calendar"].on_time_count == 1 and rows[A2]["calendar"].on_time_count == 0


@pytest.mark.django_db
def test_compliance_page_and_api_scope(personas, login):
    assert login(personas.township_a).get("/disclosure/compliance/").status_code == 200
    response = login(personas.township_a).get("/api/v1/disclosure/compliance")
    assert [row["village_code"] for row in response.json()] == [A1, A2]
    assert login(personas.township_b).get(f"/disclosure/compliance/?region={TOWNSHIP_A}").status_code == 404
    assert login(personas.cadre_a1).get("/disclosure/compliance/").status_code == 403
    assert login(personas.county).get(f"/api/v1/disclosure/compliance?region={TOWNSHIP_A}").status_code == 200
    calendar = login(personas.cadre_a1).get("/api/v1/disclosure/calendar").json()
    assert calendar["village_code"] == A1 and calendar["entries"]
    assert login(personas.cadre_a2).get(f"/api/v1/disclosure/calendar?village={A1}").status_code == 404
    assert login(personas.villager_a1).get("/api/v1/disclosure/calendar").status_code == 403
    assert item(GENERAL).cadence == Cadence.QUARTERLY
