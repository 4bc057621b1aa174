"""The post check add_post consults (accounts.post_checks): while a county has a vetting round in
force, a 村"两委" post (secretary, director, cadre — not 村务监督委员会) in one of its villages goes
only to a person whose candidacy for that village passed the township review and every listed
county department. Counties that never opened a round are not affected."""

from django.utils.translation import gettext as _

from .models import VETTED_ROLES, Candidate, VettingRound

COUNTY_LENGTH, VILLAGE_LENGTH = 6, 12


def vetting_refusal(user, role, region, starts_on):
    if role not in VETTED_ROLES or len(region.code) < VILLAGE_LENGTH:
        return None
    rounds = list(VettingRound.objects.in_force(starts_on).filter(region_id=region.code[:COUNTY_LENGTH]))
    if not rounds:
        return None
    resident = user.resident
    name = resident.name if resident is not None else str(user)
    if resident is None:
        return _("%(name)s的账号未关联村民登记信息,无法核对村“两委”联审结论,不能任职。") % {"name": name}
    candidates = list(
        Candidate.objects.filter(round__in=rounds, resident=resident, region_id=region.code[:VILLAGE_LENGTH])
        .select_related("round").prefetch_related("results")
    )
    if not candidates:
        return _("%(name)s不是本县联审(%(rounds)s)中该村的人选,未经联审不能担任村“两委”职务。") % {
            "name": name, "rounds": "、".join(r.title for r in rounds)}
    for candidate in candidates:
        if candidate.passed:
            return None
    missing, against = candidates[0].review_status()
    if against:
        return _("%(name)s未通过村“两委”联审(%(labels)s认定存在“十不选”情形),不能任职。") % {
            "name": name, "labels": "、".join(against)}
    return _("%(name)s尚未通过村“两委”联审,不能任职:尚缺%(labels)s的审查结论。") % {
        "name": name, "labels": "、".join(missing)}
