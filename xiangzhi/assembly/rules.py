"""Quorum and outcome arithmetic: exact integers, never floats.

A threshold is "more than n/d of base" (gt) or "at least n/d of base" (gte). The smallest
count that meets it is computed once here and every message names it.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .defaults import ELIGIBLE, HOUSEHOLDS, MEMBERS, VOTERS, rule_fields
from .models import Body, QuorumRule

CHINESE_DIGITS = "零一二三四五六七八九十"


def chinese_number(value):
    if value <= 10:
        return CHINESE_DIGITS[value]
    if value < 20:
        return "十" + (CHINESE_DIGITS[value - 10] if value % 10 else "")
    tens, ones = divmod(value, 10)
    return CHINESE_DIGITS[tens] + "十" + (CHINESE_DIGITS[ones] if ones else "")


def chinese_fraction(numerator, denominator):
    return f"{chinese_number(denominator)}分之{chinese_number(numerator)}"


def minimum_meeting(numerator, denominator, comparison, base):
    """The smallest count that satisfies the threshold over `base`."""
    if numerator == 0:
        return 0
    product = numerator * base
    if comparison == "gt":
        return product // denominator + 1
    return -(-product // denominator)


def meets(count, numerator, denominator, comparison, base):
    return count >= minimum_meeting(numerator, denominator, comparison, base)


def share_phrase(numerator, denominator, comparison, noun):
    """"三分之二以上组成人员" / "组成人员过半数" as statutes word them."""
    if (numerator, denominator) == (1, 2) and comparison == "gt":
        return _("%(noun)s过半数") % {"noun": noun}
    if comparison == "gt":
        return _("超过%(fraction)s的%(noun)s") % {"fraction": chinese_fraction(numerator, denominator), "noun": noun}
    return _("%(fraction)s以上%(noun)s") % {"fraction": chinese_fraction(numerator, denominator), "noun": noun}


MEMBER_NOUNS = {
    Body.VILLAGER_GROUP: "本组成员",
    Body.HOUSEHOLD_HEADS: "户的代表",
    Body.PARTY_MEMBERS: "有表决权的党员",
    Body.TUN_COUNCIL: "理事",
}
BASE_NOUNS = {VOTERS: "本村十八周岁以上村民", HOUSEHOLDS: "本村的户的代表"}
UNITS = {HOUSEHOLDS: "户"}


def base_noun(body, base):
    if base == MEMBERS:
        return MEMBER_NOUNS.get(body, "组成人员")
    return BASE_NOUNS[base]


def unit(base):
    return UNITS.get(base, "人")


def rule_for(body, county_code):
    """The county's own rule for the body, else the platform default."""
    own = QuorumRule.objects.filter(body=body, county_id=county_code).first() if county_code else None
    return own or default_rule(body)


def default_rule(body):
    """The seeded default row; if the table was emptied (a flushed test database), the same rule unsaved."""
    return QuorumRule.objects.filter(body=body, county__isnull=True).first() or QuorumRule(**rule_fields(body))


@dataclass
class Route:
    numerator: int
    denominator: int
    comparison: str
    base: str

    def describe(self, body):
        phrase = share_phrase(self.numerator, self.denominator, self.comparison, base_noun(body, self.base))
        return _("须有%(phrase)s出席") % {"phrase": phrase}


def quorum_routes(rule):
    routes = [Route(rule.quorum_numerator, rule.quorum_denominator, rule.quorum_comparison, rule.quorum_base)]
    if rule.alt_quorum_numerator:
        routes.append(Route(rule.alt_quorum_numerator, rule.alt_quorum_denominator,
                            rule.alt_quorum_comparison, rule.alt_quorum_base))
    return routes


def has_quorum_requirement(rule):
    return rule.quorum_numerator > 0


def describe_rule(rule):
    """The rule in one sentence: attendance (if any) and how a decision passes."""
    label = Body(rule.body).label
    parts = []
    if has_quorum_requirement(rule):
        parts.append(_(",或").join(route.describe(rule.body) for route in quorum_routes(rule)))
    parts.append(passing_phrase(rule))
    return f"{label}" + ";".join(parts) + "。"


def passing_phrase(rule):
    if rule.pass_base == ELIGIBLE:
        noun = "应到会" + base_noun(rule.body, MEMBERS) if rule.body == Body.PARTY_MEMBERS else "全体" + base_noun(rule.body, MEMBERS)
    else:
        noun = "到会人员"
    return _("决定须经%(phrase)s同意") % {
        "phrase": share_phrase(rule.pass_numerator, rule.pass_denominator, rule.pass_comparison, noun)
    }


@dataclass
class QuorumResult:
    met: bool
    route: Route | None  # the route that was met (or the first, when none was)
    eligible: int  # the base of that route
    present: int  # attendees on that route
    message: str  # empty when met


def check_quorum(rule, counts):
    """counts: {"members"|"voters"|"households": (eligible, present)}."""
    label = Body(rule.body).label
    if not has_quorum_requirement(rule):
        eligible, present = counts[MEMBERS]
        return QuorumResult(True, None, eligible, present, "")
    shortfalls = []
    routes = quorum_routes(rule)
    for route in routes:
        eligible, present = counts[route.base]
        needed = minimum_meeting(route.numerator, route.denominator, route.comparison, eligible)
        if present >= needed and eligible > 0:
            return QuorumResult(True, route, eligible, present, "")
        u = unit(route.base)
        shortfalls.append(_("%(rule)s(应到 %(eligible)d %(u)s,至少 %(needed)d %(u)s),实到 %(present)d %(u)s,差 %(gap)d %(u)s") % {
            "rule": route.describe(rule.body), "eligible": eligible, "needed": needed, "present": present,
            "gap": max(needed - present, 0), "u": u,
        })
    first = routes[0]
    eligible, present = counts[first.base]
    message = _("未达到法定人数:%(label)s%(shortfalls)s。") % {"label": label, "shortfalls": _(";或").join(shortfalls)}
    return QuorumResult(False, first, eligible, present, message)


@dataclass
class Outcome:
    passed: bool
    needed: int
    message: str


def check_outcome(rule, *, eligible, present, in_favour):
    base = eligible if rule.pass_base == ELIGIBLE else present
    base_label = _("应到") if rule.pass_base == ELIGIBLE else _("到会")
    needed = minimum_meeting(rule.pass_numerator, rule.pass_denominator, rule.pass_comparison, base)
    label = Body(rule.body).label
    values = {
        "label": label, "rule": passing_phrase(rule), "base_label": base_label, "base": base,
        "needed": needed, "in_favour": in_favour, "gap": max(needed - in_favour, 0),
    }
    if in_favour >= needed:
        return Outcome(True, needed, _("通过:%(label)s%(rule)s(%(base_label)s %(base)d 人,至少 %(needed)d 人赞成),赞成 %(in_favour)d 人。") % values)
    return Outcome(False, needed, _("未通过:%(label)s%(rule)s(%(base_label)s %(base)d 人,至少 %(needed)d 人赞成),赞成 %(in_favour)d 人,差 %(gap)d 人。") % values)
