"""无案村 and 降发案村 for a year, computed from the current case statistics by each county's
definition, and their share of villages per township, county and city (target 80%).

A village without statistics for the year is 未填报: listed, never counted as 无案村.
Three queries whatever the size of the area: villages, two years of statistics, definitions.
"""

from dataclasses import dataclass, field

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

from xiangzhi.regions.models import CODE_LENGTHS, CHILD_LEVEL, Level, Region

from .definitions import COUNTY_LENGTH, Definition, definitions_for
from .models import CaseStatistics


class Outcome(TextChoices):
    NO_CASE = "no_case", _("无案村")
    FEWER_CASES = "fewer_cases", _("降发案村")
    NEITHER = "neither", _("未达标")
    NOT_REPORTED = "not_reported", _("未填报")


def classify(definition, counts, previous):
    """The outcome of one village, given its counts for the year and the previous year's (or None)."""
    if counts is None:
        return Outcome.NOT_REPORTED
    if all(counts[name] == 0 for name in definition.no_case_counts):
        return Outcome.NO_CASE
    if previous is not None:
        total = sum(counts[name] for name in definition.fewer_case_counts)
        before = sum(previous[name] for name in definition.fewer_case_counts)
        if total < before:
            return Outcome.FEWER_CASES
    return Outcome.NEITHER


@dataclass
class Tally:
    code: str
    name: str
    target_percent: int = 80
    villages: int = 0
    no_case: int = 0
    fewer_cases: int = 0
    neither: int = 0
    not_reported: int = 0
    targets: set = field(default_factory=set)

    def add(self, outcome):
        self.villages += 1
        setattr(self, outcome, getattr(self, outcome) + 1)

    @property
    def qualified(self):
        return self.no_case + self.fewer_cases

    @property
    def percent(self):
        return round(100 * self.qualified / self.villages, 1) if self.villages else 0.0

    @property
    def meets_target(self):
        return self.villages > 0 and self.percent >= self.target_percent

    def as_dict(self):
        return {
            "code": self.code, "name": self.name, "villages": self.villages, "no_case": self.no_case,
            "fewer_cases": self.fewer_cases, "neither": self.neither, "not_reported": self.not_reported,
            "qualified": self.qualified, "percent": self.percent, "target_percent": self.target_percent,
            "meets_target": self.meets_target,
        }


def outcomes(region, year):
    """{"region", "year", "summary": Tally, "children": [Tally], "villages": [row]} for `region`."""
    villages = list(Region.objects.villages().within(region.code).order_by("code").values_list("code", "name"))
    stats = {}
    for row in CaseStatistics.objects.current().within(region.code).filter(year__in=[year - 1, year]).values(
        "region_id", "year", "criminal", "public_order", "civil_to_criminal", "mass_incidents", "collective_petitions",
    ):
        code, row_year = row.pop("region_id"), row.pop("year")
        stats[(code, row_year)] = row
    definitions = definitions_for(region.code)
    child_level = CHILD_LEVEL.get(region.level)
    child_length = CODE_LENGTHS[child_level] if child_level and child_level != Level.VILLAGE else None
    children = {}
    if child_length:
        for code, name in Region.objects.filter(level=child_level).within(region.code).values_list("code", "name"):
            children[code] = Tally(code, name)
    summary = Tally(region.code, region.name)
    rows = []
    for code, name in villages:
        definition = definitions.get(code[:COUNTY_LENGTH]) or Definition(county=code[:COUNTY_LENGTH])
        counts = stats.get((code, year))
        outcome = classify(definition, counts, stats.get((code, year - 1)))
        summary.add(outcome)
        summary.targets.add(definition.target_percent)
        if child_length and code[:child_length] in children:
            child = children[code[:child_length]]
            child.add(outcome)
            child.targets.add(definition.target_percent)
        rows.append({"code": code, "name": name, "outcome": outcome.value, "outcome_label": str(outcome.label),
                     "counts": counts})
    for tally in [summary, *children.values()]:
        # A city whose counties set different targets is held to the highest of them.
        tally.target_percent = max(tally.targets) if tally.targets else Definition(county="").target_percent
    return {
        "region": region, "year": year, "summary": summary,
        "children": [child for child in children.values() if child.villages],
        "villages": rows,
        "not_reported": [row for row in rows if row["outcome"] == Outcome.NOT_REPORTED],
        "definition": (definitions.get(region.code[:COUNTY_LENGTH]) or Definition(county=region.code[:COUNTY_LENGTH]))
        if len(region.code) >= COUNTY_LENGTH else None,
    }
