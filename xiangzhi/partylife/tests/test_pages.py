"""The calendar, gaps and schedule pages, the 三会一课台账 and the meeting-compliance indicator."""

import datetime

import pytest

from xiangzhi.core.models import AuditEvent
from xiangzhi.ledgers.registry import get as get_ledger
from xiangzhi.partylife.models import Attendance, Meeting, ScheduleRule
from xiangzhi.targets.periods import Period
from xiangzhi.targets.registry import get as get_indicator

from .partylife_data import A1, make_branch, party  # noqa: F401

pytestmark = pytest.mark.django_db


def meet(party, kind, day, present):
    meeting = Meeting.objects.create(organisation=party.branch, kind=kind, held_on=day, topic=f"{kind}议题",
                                     region_id=party.branch.region_id)
    Attendance.objects.bulk_create([
        Attendance(meeting=meeting, member=m, present=m.pk in present, excused=m.resident.name == "钱党员")
        for m in party.members])
    return meeting


def test_calendar_page(party, personas, login):
    meet(party, "theme_day", datetime.date(2024, 7, 1), {m.pk for m in party.members})
    page = login(personas.supervisor_a1).get(f"/partylife/organisations/{party.branch.pk}/?year=2024").content.decode()
    assert 'data-state="held" data-period="2024-07"' in page
    assert 'data-state="missing" data-period="2024-06"' in page


def test_gaps_page_for_the_township_and_county(party, personas, login):
    make_branch("450321100202", "骥马村党支部")
    page = login(personas.township_a).get("/partylife/gaps/?year=2024").content.decode()
    assert "矮山村党支部" in page and "骥马村党支部" in page and "白沙村党支部" not in page
    county = login(personas.county).get("/partylife/gaps/?year=2024&only=gaps").content.decode()
    assert "白沙村党支部" in county and "共 3 个党组织,其中 3 个有缺失" in county
    assert login(personas.villager_a1).get("/partylife/gaps/").status_code == 403


def test_schedule_page(party, personas, login):
    client = login(personas.county)
    form = {kind: freq for kind, freq in (("branch_assembly", "quarter"), ("committee", "month"), ("group", "month"),
                                          ("lecture", "quarter"), ("theme_day", "month"),
                                          ("life_meeting", "year"), ("appraisal", "none"))}
    assert client.post("/partylife/schedule/?region=450321", form).status_code == 302
    assert list(ScheduleRule.objects.values_list("kind", "frequency")) == [("appraisal", "none")]
    response = client.post("/partylife/schedule/", {**form, "committee": "daily"})
    assert response.status_code == 422 and "请选择“支委会”的频次。" in response.content.decode()
    assert ScheduleRule.objects.count() == 1 and AuditEvent.objects.filter(action="partylife_schedule.update").count() == 1
    assert login(personas.township_a).get("/partylife/schedule/").status_code == 403


def test_three_meetings_ledger(party):
    meet(party, "lecture", datetime.date(2025, 2, 3), {m.pk for m in party.members[:3]})
    meet(party, "lecture", datetime.date(2025, 4, 3), {m.pk for m in party.members})
    rows = list(get_ledger("party.three_meetings").rows(A1, Period.parse("2025Q1")))
    assert rows == [(datetime.date(2025, 2, 3), "党课", "矮山村党支部", "lecture议题", "3/5", "赵党员、钱党员(请假)")]
    assert list(get_ledger("party.three_meetings").rows("450321101", Period.parse("2025Q1"))) == []


def test_meeting_compliance_indicator(party):
    indicator = get_indicator("party.meeting_compliance")
    today = datetime.date(2025, 1, 10)
    for month in range(1, 13):
        meet(party, "theme_day", datetime.date(2024, month, 8), set())
    values = indicator.compute(Period.parse("2024"), None, today=today)
    # 矮山村: 4 支部党员大会 + 4 党课 quarters, 12 支委会 + 12 主题党日 months (no 党小组), 2 yearly; 12 held.
    assert values["450321100200"] == (12, 4 + 4 + 12 + 12 + 2)
    assert values["450321101200"] == (0, 4 + 4 + 12 + 2)  # 白沙村: no committee
    assert indicator.compute(Period.parse("2024"), ["450321101200"], today=today) == {"450321101200": (0, 22)}
