"""The compliance calendar: quarter boundaries, a branch created mid-year, a missing month, the open
period, the county's own schedule, and who owes 支委会 and 党小组会."""

import datetime

import pytest

from xiangzhi.partylife.compliance import HELD, MISSING, NOT_OWED, OPEN, UPCOMING, branch_compliance
from xiangzhi.partylife.models import Frequency, Meeting, MeetingKind, ScheduleRule
from xiangzhi.partylife.queries import gaps
from xiangzhi.people.models import Membership, OrganisationKind

from .partylife_data import A1, make_branch, party  # noqa: F401

pytestmark = pytest.mark.django_db
AFTER_2024 = datetime.date(2025, 1, 10)


def meet(organisation, kind, day):
    return Meeting.objects.create(organisation=organisation, kind=kind, held_on=day, topic="学习", region_id=organisation.region_id)


def states(compliance, kind):
    row = next(row for row in compliance.kinds if row.kind == kind)
    return {status.period.key: status.state for status in row.periods}


def test_quarter_boundaries(party):
    meet(party.branch, MeetingKind.LECTURE, datetime.date(2024, 3, 31))  # last day of Q1
    meet(party.branch, MeetingKind.LECTURE, datetime.date(2024, 4, 1))  # first day of Q2
    meet(party.branch, MeetingKind.LECTURE, datetime.date(2024, 12, 31))  # last day of Q4
    compliance = branch_compliance(party.branch, 2024, today=AFTER_2024)
    assert states(compliance, MeetingKind.LECTURE) == {
        "2024Q1": HELD, "2024Q2": HELD, "2024Q3": MISSING, "2024Q4": HELD,
    }
    # A meeting on 1 January of the next year does not fill the year before.
    meet(party.branch, MeetingKind.LECTURE, datetime.date(2025, 1, 1))
    assert states(branch_compliance(party.branch, 2024, today=AFTER_2024), MeetingKind.LECTURE)["2024Q3"] == MISSING


def test_branch_created_mid_year_owes_only_from_its_establishment(party):
    branch = make_branch(A1, "矮山屯党支部", established_on=datetime.date(2024, 3, 15))
    compliance = branch_compliance(branch, 2024, today=AFTER_2024)
    theme = states(compliance, MeetingKind.THEME_DAY)
    assert [theme[f"2024-{m:02d}"] for m in (1, 2, 3)] == [NOT_OWED] * 3
    assert all(theme[f"2024-{m:02d}"] == MISSING for m in range(4, 13))
    assert states(compliance, MeetingKind.BRANCH_ASSEMBLY) == {
        "2024Q1": NOT_OWED, "2024Q2": MISSING, "2024Q3": MISSING, "2024Q4": MISSING,
    }
    # The yearly meetings of its first (partial) year are not owed.
    assert states(compliance, MeetingKind.LIFE_MEETING) == {"2024": NOT_OWED}
    # No committee and no 党小组: neither 支委会 nor 党小组会 is owed.
    assert {row.kind for row in compliance.kinds} == {
        MeetingKind.BRANCH_ASSEMBLY, MeetingKind.LECTURE, MeetingKind.THEME_DAY, MeetingKind.LIFE_MEETING,
        MeetingKind.APPRAISAL,
    }
    # 4 quarterly × 2 kinds − 2 not owed, 9 months, 0 yearly.
    assert len(compliance.due) == 3 + 3 + 9 and compliance.held == []


def test_a_missing_month(party):
    for month in range(1, 13):
        if month != 5:
            meet(party.branch, MeetingKind.THEME_DAY, datetime.date(2024, month, 10))
    compliance = branch_compliance(party.branch, 2024, today=AFTER_2024)
    theme = states(compliance, MeetingKind.THEME_DAY)
    assert theme["2024-05"] == MISSING
    assert [key for key, state in theme.items() if state == HELD] == [
        f"2024-{m:02d}" for m in range(1, 13) if m != 5]
    assert ("theme_day", "2024-05") in {(kind, status.period.key) for kind, status in compliance.missing}
    assert "主题党日(2024年5月)" in compliance.missing_labels


def test_running_and_future_periods_are_not_yet_due(party):
    meet(party.branch, MeetingKind.THEME_DAY, datetime.date(2024, 1, 20))
    compliance = branch_compliance(party.branch, 2024, today=datetime.date(2024, 2, 10))
    theme = states(compliance, MeetingKind.THEME_DAY)
    assert (theme["2024-01"], theme["2024-02"], theme["2024-03"]) == (HELD, OPEN, UPCOMING)
    assert states(compliance, MeetingKind.BRANCH_ASSEMBLY)["2024Q1"] == OPEN
    # January ended: its 主题党日 was held, its 支委会 is missing; February is not due yet.
    assert sorted((kind, status.period.key, status.state) for kind, status in compliance.due) == [
        ("committee", "2024-01", MISSING), ("theme_day", "2024-01", HELD)]


def test_committee_and_group_meetings_are_owed_by_those_who_have_them(party):
    compliance = branch_compliance(party.branch, 2024, today=AFTER_2024)
    kinds = {row.kind for row in compliance.kinds}
    assert MeetingKind.COMMITTEE in kinds  # 3 committee seats
    assert MeetingKind.GROUP not in kinds  # no 党小组 yet
    group = make_branch(A1, "第一党小组", kind=OrganisationKind.PARTY_GROUP, parent=party.branch)
    meet(group, MeetingKind.GROUP, datetime.date(2024, 6, 5))  # the group's own meeting counts for the branch
    group_states = states(branch_compliance(party.branch, 2024, today=AFTER_2024), MeetingKind.GROUP)
    assert group_states["2024-06"] == HELD and group_states["2024-07"] == MISSING
    # A committee whose terms ended before the year owes no 支委会 that year.
    Membership.objects.filter(organisation=party.branch).update(ends_on=datetime.date(2023, 12, 31))
    assert MeetingKind.COMMITTEE not in {row.kind for row in branch_compliance(party.branch, 2024, today=AFTER_2024).kinds}


def test_the_countys_own_schedule(party):
    ScheduleRule.objects.create(county_id="450321", kind=MeetingKind.THEME_DAY, frequency=Frequency.QUARTERLY)
    ScheduleRule.objects.create(county_id="450321", kind=MeetingKind.APPRAISAL, frequency=Frequency.NONE)
    meet(party.branch, MeetingKind.THEME_DAY, datetime.date(2024, 2, 1))
    compliance = branch_compliance(party.branch, 2024, today=AFTER_2024)
    assert states(compliance, MeetingKind.THEME_DAY) == {
        "2024Q1": HELD, "2024Q2": MISSING, "2024Q3": MISSING, "2024Q4": MISSING}
    assert MeetingKind.APPRAISAL not in {row.kind for row in compliance.kinds}


def test_gaps_of_a_township_in_few_queries(party, personas, django_assert_max_num_queries):
    for n in range(6):
        make_branch(A1 if n % 2 else "450321100202", f"党支部{n}")
    meet(party.branch, MeetingKind.THEME_DAY, datetime.date(2024, 3, 3))
    township = personas.township_a.posts.get().region
    with django_assert_max_num_queries(8):
        rows = gaps(personas.township_a, township, 2024, today=AFTER_2024)
    names = {row.organisation.name for row in rows}
    assert "矮山村党支部" in names and "白沙村党支部" not in names and len(rows) == 7
    ours = next(row for row in rows if row.organisation == party.branch)
    assert ("theme_day", "2024-03") in {(kind, status.period.key) for kind, status in ours.held}


def test_a_party_committee_with_branches_below_keeps_no_calendar(party, personas):
    committee = make_branch(A1, "矮山村党委", kind=OrganisationKind.PARTY_COMMITTEE)
    party.branch.parent = committee
    party.branch.save(update_fields=["parent"])
    township = personas.township_a.posts.get().region
    names = {row.organisation.name for row in gaps(personas.township_a, township, 2024, today=AFTER_2024)}
    assert "矮山村党支部" in names and "矮山村党委" not in names
