"""Who handles an event: the county's responsibility matrix (ResponsibilityRule).

`route(category, region)` picks the lowest level that has a rule for the category in the
event's county (rules on the category itself first, else on its 大类) and that the place can
have (a village handles only places at or below a village); the rule gives the department.
Without a usable rule: the village if the place is at or below a village, else the township,
else the county.

The handling unit's region is the place's village, township or county code.
`escalation_target` moves one level up: to the next level above that has a rule, else
simply the next level (village → township → county); at the county it stays.
"""

from dataclasses import dataclass

from . import config_cache
from .models import HANDLER_LEVEL_ORDER, HandlerLevel, ResponsibilityRule

# The length of the code of the unit that handles at each level.
LEVEL_CODE_LENGTH = {HandlerLevel.VILLAGE: 12, HandlerLevel.TOWNSHIP: 9, HandlerLevel.COUNTY: 6}


@dataclass(frozen=True)
class Route:
    level: str
    region_code: str
    department: str

    def __iter__(self):
        # (handler_level, handler_region_code, department), as callers unpack it.
        return iter((self.level, self.region_code, self.department))


def code_of(region):
    return region if isinstance(region, str) else region.code


def possible_levels(region_code):
    """The levels that can handle a place: a village only for places at or below one."""
    return [level for level in HANDLER_LEVEL_ORDER if len(region_code) >= LEVEL_CODE_LENGTH[level]]


def handler_region_code(region_code, level):
    return region_code[: LEVEL_CODE_LENGTH[level]]


def county_rules(category, county_code):
    """{level: rule} of the county for the category, or for its 大类 when it has none."""
    categories = [category.pk] + ([category.parent_id] if category.parent_id else [])
    config = config_cache.county_config(county_code)
    if config is not None:
        rules = [rule for rule in config.responsibility_rules if rule.category_id in categories]
    else:
        rules = list(ResponsibilityRule.objects.filter(county_id=county_code, category_id__in=categories))
    own = {rule.level: rule for rule in rules if rule.category_id == category.pk}
    if own:
        return own
    return {rule.level: rule for rule in rules}


def route(category, region):
    """(handler_level, handler_region_code, department) for a new event at `region`."""
    code = code_of(region)
    levels = possible_levels(code)
    if not levels:
        raise ValueError(f"cannot route an event above a county: {code}")
    rules = county_rules(category, code[:6])
    for level in levels:
        rule = rules.get(level)
        if rule is not None:
            return Route(level, handler_region_code(code, level), unit_of(rule))
    return Route(levels[0], handler_region_code(code, levels[0]), "")


def escalation_target(category, region, level):
    """Where an event handled at `level` goes when it is overdue; None at the county."""
    code = code_of(region)
    above = [candidate for candidate in possible_levels(code) if _rank(candidate) > _rank(level)]
    if not above:
        return None
    rules = county_rules(category, code[:6])
    for candidate in above:
        rule = rules.get(candidate)
        if rule is not None:
            return Route(candidate, handler_region_code(code, candidate), unit_of(rule))
    return Route(above[0], handler_region_code(code, above[0]), "")


def _rank(level):
    return HANDLER_LEVEL_ORDER.index(level)


def unit_of(rule):
    """The department an event records (Event.department is short: the office name is cut)."""
    return (rule.department or rule.office)[:30]
