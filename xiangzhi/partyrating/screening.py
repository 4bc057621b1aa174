"""软弱涣散 screening: which village party organisations meet a trigger of their county's scheme.

Screened triggers (each can be switched off in the scheme):
- secretary post vacant: no active 村党组织书记 post in the village on the reference date (the year's
  last day, or today for the current year) and none ended within the configured days before it —
  a village that never had a secretary post on record counts as vacant;
- satisfaction below the threshold: the figure entered on the year's evaluation;
- no new member: no party member of the village joined within the configured years before the
  reference date;
- last place: the lowest score among the county's rated evaluations of the year (ties all count);
- a mass incident: entered on the evaluation, or the safety app's current statistics for the
  village and year count mass incidents;
- bottom share: the lowest ceil(n × share%) of the county's n rated evaluations by score.
The 2014 categories are flagged by hand with a reason (`flag`).
"""

import datetime
import math

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from xiangzhi.accounts.models import Post, Role
from xiangzhi.accounts.permissions import require
from xiangzhi.core.audit import record_event
from xiangzhi.party.models import PartyMember
from xiangzhi.regions.models import CODE_LENGTHS, Level

from .models import MANUAL, REVIEW, Evaluation, Trigger, WeakFlag
from .queries import village_organisations
from .schemes import COUNTY_LENGTH, scheme_for

REASON_MAX = 500
VILLAGE_LENGTH = CODE_LENGTHS[Level.VILLAGE]


def reference_date(year):
    return min(timezone.localdate(), datetime.date(year, 12, 31))


def _years_before(day, years):
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _vacant_secretaries(villages, day, days):
    """{village: reason} for villages whose secretary post has been vacant more than `days` on `day`."""
    posts = Post.objects.filter(role=Role.VILLAGE_SECRETARY, region_id__in=villages, starts_on__lte=day)
    active = set(posts.active(day).values_list("region_id", flat=True))
    last_end = dict(posts.filter(ends_on__lt=day).values("region_id").annotate(end=Max("ends_on"))
                    .values_list("region_id", "end"))
    found = {}
    for village in villages:
        if village in active:
            continue
        ended = last_end.get(village)
        if ended is None:
            found[village] = _("无村党组织书记任职记录")
        elif (day - ended).days > days:
            found[village] = _("书记自 %(date)s 起空缺 %(n)d 天") % {"date": ended.isoformat(), "n": (day - ended).days}
    return found


def _without_new_members(villages, day, years):
    since = _years_before(day, years)
    county = villages[0][:COUNTY_LENGTH]
    recruited = set(
        PartyMember.objects.filter(region_id__prefix=county, joined_on__gt=since, joined_on__lte=day)
        .annotate(village=Substr("region_id", 1, VILLAGE_LENGTH)).values_list("village", flat=True).distinct()
    )
    return {village: _("%(since)s 以来未发展新党员") % {"since": since.isoformat()}
            for village in villages if village not in recruited}


def _mass_incident_villages(villages, year):
    if not apps.is_installed("xiangzhi.safety"):
        return set()
    from xiangzhi.safety.models import CaseStatistics

    return set(CaseStatistics.objects.current().filter(region_id__in=villages, year=year, mass_incidents__gt=0)
               .values_list("region_id", flat=True))


def findings(code, year):
    """{organisation: [(trigger, reason)]} for the village party organisations at or under `code`."""
    organisations = list(village_organisations(code))
    by_county = {}
    for organisation in organisations:
        by_county.setdefault(organisation.region_id[:COUNTY_LENGTH], []).append(organisation)
    result = {}
    for county, members in by_county.items():
        scheme = scheme_for(county, year)
        day = reference_date(year)
        villages = sorted({organisation.region_id for organisation in members})
        evaluations = {row.organisation_id: row for row in Evaluation.objects.filter(
            organisation__in=members, year=year)}
        vacant = _vacant_secretaries(villages, day, scheme.secretary_vacant_days) \
            if scheme.secretary_vacant_days else {}
        no_new = _without_new_members(villages, day, scheme.no_new_member_years) \
            if scheme.no_new_member_years else {}
        incidents = _mass_incident_villages(villages, year) if scheme.mass_incident else set()
        rated = list(Evaluation.objects.rated().within(county).filter(year=year).order_by("score", "id")
                     .values_list("organisation_id", "score"))
        lowest = {pk for pk, score in rated if score == rated[0][1]} if rated and scheme.last_place else set()
        bottom = {pk for pk, _score in rated[:math.ceil(len(rated) * scheme.bottom_share / 100)]} \
            if scheme.bottom_share else set()
        for organisation in members:
            found = []
            village = organisation.region_id
            evaluation = evaluations.get(organisation.pk)
            if village in vacant:
                found.append((Trigger.SECRETARY_VACANT, vacant[village]))
            if (scheme.satisfaction_below and evaluation and evaluation.satisfaction is not None
                    and evaluation.satisfaction < scheme.satisfaction_below):
                found.append((Trigger.LOW_SATISFACTION, _("群众满意度 %(s)s%%,低于 %(t)d%%") % {
                    "s": evaluation.satisfaction, "t": scheme.satisfaction_below}))
            if village in no_new:
                found.append((Trigger.NO_NEW_MEMBER, no_new[village]))
            if organisation.pk in lowest:
                found.append((Trigger.LAST_PLACE, _("全县星级考评得分最低(%(score)d 分)") % {
                    "score": evaluation.score}))
            if scheme.mass_incident and (village in incidents or (evaluation and evaluation.mass_incident)):
                found.append((Trigger.MASS_INCIDENT, _("本年度发生群体性事件")))
            if organisation.pk in bottom:
                found.append((Trigger.BOTTOM_SHARE, _("得分位列全县后 %(share)d%%") % {"share": scheme.bottom_share}))
            if found:
                result[organisation] = found
    return result


def run_screening(actor, region, year):
    """Replace the screened flags of the year under `region` by what the records show today;
    flags given by hand stay."""
    post = require(actor, REVIEW, region.code)
    if region.level not in (Level.COUNTY, Level.TOWNSHIP, Level.VILLAGE):
        raise ValidationError({"region": _("请在县、乡镇或村一级开展排查。")})
    try:
        year = int(year)
    except (TypeError, ValueError):
        year = 0
    if not 2000 <= year <= timezone.localdate().year:
        raise ValidationError({"year": _("年度应为 2000 年至今年之间。")})
    found = findings(region.code, year)
    with transaction.atomic():
        screened = WeakFlag.objects.within(region.code).filter(year=year, manual=False)
        before = sorted(f"{organisation}:{trigger}" for organisation, trigger in
                        screened.values_list("organisation_id", "trigger"))
        screened.delete()
        WeakFlag.objects.bulk_create([
            WeakFlag(organisation=organisation, region_id=organisation.region_id, year=year, trigger=trigger,
                     reason=reason[:REASON_MAX], flagged_by=actor)
            for organisation, items in found.items() for trigger, reason in items
        ], ignore_conflicts=True)
        after = sorted(f"{organisation.pk}:{trigger}" for organisation, items in found.items() for trigger, _r in items)
        record_event(actor, "partyrating.screen", region, region_code=region.code, post=post,
                     changes={"year": [None, year], "flags": [before, after]} if before != after else {"year": [None, year]})
    return found


def flag(actor, organisation, year, *, trigger, reason):
    """The township records one of the 2014 categories for an organisation, with its reason."""
    post = require(actor, REVIEW, organisation.region_id)
    errors = {}
    if trigger not in MANUAL:
        errors["trigger"] = [_("请选择需由乡镇认定的软弱涣散情形。")]
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = [_("请填写认定依据。")]
    elif len(reason) > REASON_MAX:
        errors["reason"] = [_("认定依据不能超过 %(n)d 个字。") % {"n": REASON_MAX}]
    try:
        year = int(year)
    except (TypeError, ValueError):
        year = 0
    if not 2000 <= year <= timezone.localdate().year:
        errors["year"] = [_("年度应为 2000 年至今年之间。")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        try:
            with transaction.atomic():
                weak = WeakFlag.objects.create(organisation=organisation, region_id=organisation.region_id, year=year,
                                               trigger=trigger, manual=True, reason=reason, flagged_by=actor)
        except IntegrityError:
            raise ValidationError({"trigger": _("该组织 %(year)s 年度已有“%(label)s”的认定。") % {
                "year": year, "label": Trigger(trigger).label}}) from None
        record_event(actor, "partyrating.flag", weak, region_code=organisation.region_id, post=post,
                     target_repr=f"{organisation} {year} {Trigger(trigger).label}",
                     changes={"trigger": [None, trigger], "reason": [None, reason], "year": [None, year]})
    return weak
