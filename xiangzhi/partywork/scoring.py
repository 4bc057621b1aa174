"""党员积分: a member's score for a year, line by line, computed from records of work done —
meetings attended or missed (partylife), households visited (contact), commitments reviewed,
volunteer hours (customs), violations and upheld appeals. Never from logins, time online or clicks.

The rules that hold for a member are the most specific PointsRules on their region's path (a
township's over its county's); without any, DEFAULT_RULES."""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from .models import AppealState, Commitment, Fulfilment, MemberClass, PointsRules, Violation

RULE_FIELDS = [
    "base", "per_meeting", "per_household", "per_commitment", "per_commitment_partly", "per_volunteer_hour",
    "per_absence", "per_violation", "excellent_from", "qualified_from", "basic_from",
]
DEFAULT_RULES = {name: PointsRules._meta.get_field(name).default for name in RULE_FIELDS}
COUNTY_LENGTH = 6
TOWNSHIP_LENGTH = 9


@dataclass
class Line:
    rule: str
    label: str
    count: object  # an int, or a Decimal of hours
    per: int
    points: int


@dataclass
class Score:
    year: int
    until: datetime.date
    rules: dict
    lines: list = field(default_factory=list)

    @property
    def total(self):
        return sum(line.points for line in self.lines)

    @property
    def member_class(self):
        return classify(self.total, self.rules)

    def as_json(self):
        return [{"rule": line.rule, "label": line.label, "count": str(line.count), "per": line.per,
                 "points": line.points} for line in self.lines]


def rules_for(region_code):
    """The rules row that holds for a region (a dict of RULE_FIELDS, plus `source`: the code that
    set them, or "" for the defaults)."""
    candidates = [code for code in (region_code[:TOWNSHIP_LENGTH], region_code[:COUNTY_LENGTH])
                  if len(region_code) >= len(code)]
    rows = {row.region_id: row for row in PointsRules.objects.filter(region_id__in=candidates)}
    for code in candidates:
        if code in rows:
            row = rows[code]
            return {**{name: getattr(row, name) for name in RULE_FIELDS}, "source": code}
    return {**DEFAULT_RULES, "source": ""}


def classify(total, rules):
    if total >= rules["excellent_from"]:
        return MemberClass.EXCELLENT
    if total >= rules["qualified_from"]:
        return MemberClass.QUALIFIED
    if total >= rules["basic_from"]:
        return MemberClass.BASIC
    return MemberClass.UNQUALIFIED


def quarter_end(year, quarter):
    month = quarter * 3
    return (datetime.date(year + (month == 12), month % 12 + 1, 1)) - datetime.timedelta(days=1)


def score_for(member, year, *, until=None, rules=None):
    """The member's score for `year`, counting records dated up to `until` (default: year end)."""
    from xiangzhi.accounts.models import User
    from xiangzhi.customs.models import VolunteerSignup
    from xiangzhi.partylife.models import Attendance

    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    until = min(until or end, end)
    rules = rules or rules_for(member.region_id)
    score = Score(year=year, until=until, rules=rules)

    def add(rule, label, count, per, sign=1):
        points = int((Decimal(count) * per).quantize(Decimal(1), rounding=ROUND_HALF_UP)) * sign
        score.lines.append(Line(rule, label, count, per * sign, points))

    score.lines.append(Line("base", _("基础分"), 1, rules["base"], rules["base"]))
    attendance = Attendance.objects.filter(member=member, meeting__held_on__range=(start, until))
    add("meeting", _("参加组织生活(三会一课等)"), attendance.filter(present=True).count(), rules["per_meeting"])

    visited = 0
    user_ids = list(User.objects.filter(resident_id=member.resident_id).values_list("pk", flat=True))
    if user_ids:
        from xiangzhi.contact.models import Visit

        visited = Visit.objects.filter(
            visitor_id__in=user_ids, visited_on__range=(start, until),
        ).values("household_id").distinct().count()
    add("household", _("走访联系农户(户)"), visited, rules["per_household"])

    # A commitment counts when it is reviewed, in the year it was made.
    reviewed = Commitment.objects.filter(member=member, year=year, reviewed_on__lte=until)
    add("commitment", _("践诺事项"), reviewed.filter(outcome=Fulfilment.FULFILLED).count(), rules["per_commitment"])
    add("commitment_partly", _("部分践诺事项"), reviewed.filter(outcome=Fulfilment.PARTLY).count(),
        rules["per_commitment_partly"])

    hours = VolunteerSignup.objects.filter(
        resident_id=member.resident_id, attended=True,
        activity__starts_at__date__range=(start, until),
    ).aggregate(total=Sum("hours"))["total"] or Decimal("0")
    add("volunteer", _("志愿服务(小时)"), hours, rules["per_volunteer_hour"])

    add("absence", _("无故缺席组织生活"), attendance.filter(present=False, excused=False).count(),
        rules["per_absence"], sign=-1)
    add("violation", _("违规记录"), Violation.objects.filter(member=member, occurred_on__range=(start, until)).count(),
        rules["per_violation"], sign=-1)

    corrections = member.points_appeals.filter(
        year=year, state=AppealState.UPHELD, decided_at__date__lte=until,
    ).exclude(adjustment=0).aggregate(total=Sum("adjustment"))["total"] or 0
    if corrections:
        score.lines.append(Line("appeal", _("申诉更正"), 1, corrections, corrections))
    return score
