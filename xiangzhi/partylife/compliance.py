"""The compliance calendar: which meetings a party organisation owes in a year, by its county's
schedule, and which of those periods were held or missed.

Rules (documented in the README's glossary as well):
- The calendar is kept by the basic units: every 党支部, and a 党总支 or 党委 that has no 党支部/党总支
  under it (one that does is a level above the branches, which hold the meetings themselves).
- A period (month, quarter or year, calendar-aligned: quarters start on 1 January, 1 April,
  1 July and 1 October) is owed when it starts on or after the day the organisation was
  established and ends on or before the day it was dissolved: a branch set up on 15 March owes
  April onwards monthly and Q2 onwards quarterly, and no yearly meeting in its first year.
- 支委会 is owed only by an organisation with a committee (a 书记/副书记/委员 membership in the
  year); 党小组会 only by one with a 党小组 under it (its groups' meetings count for it).
- A period is held when at least one meeting of the kind was held in it, missing when it ended
  without one, open while it runs, upcoming before it starts.

All organisations of a page are computed together with a handful of queries (`calendars_for`).
"""

from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Exists, IntegerField, OuterRef, Q, Sum, Value
from django.db.models.functions import Cast, ExtractMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xiangzhi.people.models import Membership, Organisation, OrganisationKind
from xiangzhi.regions.models import CODE_LENGTHS, Level
from xiangzhi.targets.periods import Period

from .models import DEFAULT_SCHEDULE, Frequency, Meeting, MeetingKind, ScheduleRule

COUNTY_LENGTH = CODE_LENGTHS[Level.COUNTY]
PARTY_KINDS = (
    OrganisationKind.PARTY_COMMITTEE, OrganisationKind.PARTY_GENERAL_BRANCH, OrganisationKind.PARTY_BRANCH,
    OrganisationKind.PARTY_GROUP,
)
BRANCH_LEVEL = (OrganisationKind.PARTY_GENERAL_BRANCH, OrganisationKind.PARTY_BRANCH)
# Positions that make a membership of the branch a seat on its committee (支部委员会).
COMMITTEE_WORDS = ("书记", "委员")

HELD, MISSING, OPEN, UPCOMING, NOT_OWED = "held", "missing", "open", "upcoming", "not_owed"
STATE_LABELS = {
    HELD: _("已开展"), MISSING: _("缺失"), OPEN: _("本期进行中"), UPCOMING: _("未到期"), NOT_OWED: _("不要求"),
}


def committee_q(prefix=""):
    query = Q()
    for word in COMMITTEE_WORDS:
        query |= Q(**{f"{prefix}position__contains": word})
    return query


# --- schedules ---------------------------------------------------------------------------


def schedules_for(county_codes):
    """{county code: {kind: frequency}} with the defaults where a county set nothing."""
    schedules = {code: dict(DEFAULT_SCHEDULE) for code in county_codes}
    for county, kind, frequency in ScheduleRule.objects.filter(county_id__in=list(schedules)).values_list(
            "county_id", "kind", "frequency"):
        schedules[county][kind] = frequency
    return schedules


def schedule_for(county_code):
    return schedules_for([county_code])[county_code]


# --- the calendar ------------------------------------------------------------------------


@dataclass
class PeriodStatus:
    period: Period
    state: str
    meetings: list = field(default_factory=list)  # the days meetings of the kind were held

    @property
    def state_label(self):
        return STATE_LABELS[self.state]

    @property
    def owed_and_ended(self):
        return self.state in (HELD, MISSING)


@dataclass
class KindCalendar:
    kind: str
    frequency: str
    periods: list

    @property
    def label(self):
        return MeetingKind(self.kind).label

    @property
    def frequency_label(self):
        return Frequency(self.frequency).label


@dataclass
class Compliance:
    """One organisation's year: `due` are the owed periods that have ended or were held already (a
    running month whose meeting is held counts), `held` and `missing` split them; `open` are owed
    periods still running without a meeting yet."""

    organisation: Organisation
    year: int
    kinds: list

    def _periods(self, *states):
        return [(row.kind, status) for row in self.kinds for status in row.periods if status.state in states]

    @property
    def due(self):
        return self._periods(HELD, MISSING)

    @property
    def held(self):
        return self._periods(HELD)

    @property
    def missing(self):
        return self._periods(MISSING)

    @property
    def open(self):
        return self._periods(OPEN)

    @property
    def missing_labels(self):
        return [f"{MeetingKind(kind).label}({status.period.label})" for kind, status in self.missing]

    @property
    def percent(self):
        due = len(self.due)
        return round(100 * len(self.held) / due) if due else None


def basic_units(organisations):
    """The organisations that keep the calendar (see the module docstring)."""
    sub_branches = Organisation.objects.filter(parent=OuterRef("pk"), kind__in=BRANCH_LEVEL)
    return organisations.filter(kind__in=PARTY_KINDS[:3]).filter(
        Q(kind=OrganisationKind.PARTY_BRANCH) | ~Exists(sub_branches)
    )


def owes_in(organisations, year):
    """Those existing for some of the year."""
    return organisations.filter(
        Q(established_on__isnull=True) | Q(established_on__lte=f"{year}-12-31"),
        Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=f"{year}-01-01"),
    )


def _period_state(period, organisation, days, today):
    if organisation.established_on and period.first < organisation.established_on:
        return NOT_OWED
    if organisation.dissolved_on and period.last > organisation.dissolved_on:
        return NOT_OWED
    if days:
        return HELD
    if period.last < today:
        return MISSING
    if period.first <= today:
        return OPEN
    return UPCOMING


CHUNK = 500  # ids per IN (...) list: well below SQLite's limit on query parameters


def _chunks(ids):
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]


def _groups(ids, year):
    """{党小组 id: its organisation's id} for the organisations' groups not dissolved before the year."""
    groups = {}
    for chunk in _chunks(ids):
        groups.update(
            Organisation.objects.filter(parent_id__in=chunk, kind=OrganisationKind.PARTY_GROUP)
            .filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=f"{year}-01-01"))
            .values_list("pk", "parent_id")
        )
    return groups


def _meetings_in(ids, year):
    return Meeting.objects.filter(organisation_id__in=ids, held_on__gte=f"{year}-01-01", held_on__lte=f"{year}-12-31")


def _held_meetings(ids, year):
    """{(organisation id, kind): [days]} for the organisations and their 党小组, and which have groups."""
    groups = _groups(ids, year)
    held = defaultdict(list)
    for chunk in _chunks([*ids, *groups]):
        meetings = _meetings_in(chunk, year).values_list("organisation_id", "kind", "held_on").order_by("held_on")
        for organisation_id, kind, day in meetings:
            held[(groups.get(organisation_id, organisation_id), kind)].append(day)
    return held, set(groups.values())


def _held_months(ids, year):
    """{(organisation id, kind): the months with a meeting held, as bits (1 << month)}, as
    _held_meetings: the database folds an organisation's meetings of a kind into one number, so
    the region's some 700,000 meetings of a year come back as one row per organisation and kind."""
    groups = _groups(ids, year)
    month_bit = Value(1).bitleftshift(Cast(ExtractMonth("held_on"), IntegerField()))
    held = defaultdict(int)
    for chunk in _chunks([*ids, *groups]):
        rows = (_meetings_in(chunk, year).values("organisation_id", "kind").order_by()
                .annotate(months=Sum(month_bit, distinct=True)).values_list("organisation_id", "kind", "months"))
        for organisation_id, kind, months in rows:
            held[(groups.get(organisation_id, organisation_id), kind)] |= int(months)
    return held, set(groups.values())


def _month_bits(period):
    return sum(1 << month for month in range(period.first.month, period.last.month + 1))


def _with_committee(ids, year):
    found = set()
    for chunk in _chunks(ids):
        found.update(
            Membership.objects.filter(organisation_id__in=chunk, starts_on__lte=f"{year}-12-31")
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=f"{year}-01-01")).filter(committee_q())
            .values_list("organisation_id", flat=True).distinct()
        )
    return found


def _owed_kinds(organisations, year, held_in=_held_meetings):
    """(organisation, kind, frequency, what held_in found held: days in order or month bits) for each
    meeting kind each organisation owes by its county's schedule: four queries per 500 organisations."""
    ids = [organisation.pk for organisation in organisations]
    held, has_group = held_in(ids, year)
    with_committee = _with_committee(ids, year)
    schedules = schedules_for({organisation.region_id[:COUNTY_LENGTH] for organisation in organisations})
    kinds = MeetingKind.values
    for organisation in organisations:
        schedule = schedules[organisation.region_id[:COUNTY_LENGTH]]
        for kind in kinds:
            frequency = schedule.get(kind, Frequency.NONE)
            if frequency == Frequency.NONE:
                continue
            if kind == MeetingKind.COMMITTEE and organisation.pk not in with_committee:
                continue
            if kind == MeetingKind.GROUP and organisation.pk not in has_group:
                continue
            yield organisation, kind, frequency, held.get((organisation.pk, kind))


def calendars_for(organisations, year, *, today=None):
    """{organisation id: Compliance} for a list of basic units: four queries per 500 organisations."""
    today = today or timezone.localdate()
    organisations = list(organisations)
    if not organisations:
        return {}
    result = {organisation.pk: Compliance(organisation, year, []) for organisation in organisations}
    for organisation, kind, frequency, days in _owed_kinds(organisations, year):
        days = days or []
        periods = []
        for period in Period.in_year(frequency, year):
            in_period = days[bisect_left(days, period.first):bisect_right(days, period.last)]
            periods.append(PeriodStatus(period, _period_state(period, organisation, in_period, today), in_period))
        result[organisation.pk].kinds.append(KindCalendar(kind, frequency, periods))
    return result


def held_and_due(organisations, year, first, last, *, today=None):
    """{organisation id: (held, due)} over the owed periods of the year lying within [first, last]
    that have ended or were held already — the counts of calendars_for's `held` and `due`, without building the
    calendars (the targets engine asks this for every branch of the region)."""
    today = today or timezone.localdate()
    organisations = list(organisations)
    if not organisations:
        return {}
    result = {}
    counted = {}  # the same schedule, dates and months held give the same counts: most branches share them
    for organisation, _kind, frequency, months in _owed_kinds(organisations, year, held_in=_held_months):
        key = (frequency, organisation.established_on, organisation.dissolved_on, months or 0)
        counts = counted.get(key)
        if counts is None:
            held = due = 0
            for period in Period.in_year(frequency, year):
                if period.first < first or period.last > last:
                    continue
                state = _period_state(period, organisation, key[3] & _month_bits(period), today)
                if state == HELD:
                    held += 1
                    due += 1
                elif state == MISSING:
                    due += 1
            counts = counted[key] = (held, due)
        if counts[1]:
            before = result.get(organisation.pk, (0, 0))
            result[organisation.pk] = (before[0] + counts[0], before[1] + counts[1])
    return result


def branch_compliance(organisation, year, *, today=None):
    """What the organisation owes in the year, what was held and what is missing (a Compliance)."""
    return calendars_for([organisation], year, today=today)[organisation.pk]
