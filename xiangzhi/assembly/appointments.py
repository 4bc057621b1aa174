"""Roster changes with the statutory checks: 村民委员会, 村务监督委员会, 村民代表.

Members are people.Membership rows (added through people.organisations.add_member, which
needs org.manage); these actions add the checks of 村民委员会组织法:
  村民委员会      3–7 members, a 5-year term (warnings: the village may still be mid-change);
  村务监督委员会  3–5 members (warning); a member of the 村民委员会, or a close relative of one,
                  is REFUSED. Close relative, as the registry can compute it: anyone in the same
                  household as a 村民委员会 member whose term overlaps (spouse, parents, children,
                  siblings, in-laws living there all are). Relatives registered in another
                  household are not linked in the registry and cannot be checked.
  村民代表        represents 5–15 households (warning outside) or one 村民小组.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import require
from xiangzhi.core.audit import record_event
from xiangzhi.people import organisations as people_organisations
from xiangzhi.people.models import (
    Gender, Household, Membership, Organisation, OrganisationKind, ResidentStatus,
)

from . import rosters
from .models import Representative
from .resolutions import MANAGE

COMMITTEE_SIZE = (3, 7)
SUPERVISION_SIZE = (3, 5)
TERM_YEARS = 5
HOUSEHOLDS_PER_REPRESENTATIVE = (5, 15)


def _years_later(date, years):
    try:
        return date.replace(year=date.year + years)
    except ValueError:
        return date.replace(year=date.year + years, day=28)


def _overlapping_terms(starts_on, ends_on):
    query = Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on)
    if ends_on is not None:
        query &= Q(starts_on__lte=ends_on)
    return query


def supervision_bar(village_code, resident, starts_on, ends_on=None):
    """Why `resident` may not sit on the 村务监督委员会 for this term, or ""."""
    committee = Membership.objects.filter(
        organisation__region_id=village_code, organisation__kind=OrganisationKind.VILLAGE_COMMITTEE,
    ).filter(_overlapping_terms(starts_on, ends_on)).select_related("resident")
    for membership in committee:
        if membership.resident_id == resident.pk:
            return _("%(name)s 是村民委员会成员,不能担任村务监督委员会成员。") % {"name": resident.name}
    for membership in committee:
        if membership.resident.household_id == resident.household_id:
            return _("%(name)s 与村民委员会成员%(member)s 同户(%(relation)s),属近亲属,不能担任村务监督委员会成员。") % {
                "name": resident.name, "member": membership.resident.name,
                "relation": resident.get_relation_display(),
            }
    return ""


def committee_bar(village_code, resident, starts_on, ends_on=None):
    """Why `resident` may not join the 村民委员会 for this term (sitting on the 监委会), or ""."""
    barred = Membership.objects.filter(
        organisation__region_id=village_code,
        organisation__kind=OrganisationKind.SUPERVISION_COMMITTEE, resident=resident,
    ).filter(_overlapping_terms(starts_on, ends_on))
    if barred.exists():
        return _("%(name)s 是村务监督委员会成员,须先卸任方可担任村民委员会成员。") % {"name": resident.name}
    return ""


def register_member_bars():
    """Make people.organisations.add_member refuse barred members on every path."""
    people_organisations.register_member_check(
        OrganisationKind.SUPERVISION_COMMITTEE,
        lambda organisation, resident, starts_on, ends_on: supervision_bar(
            organisation.region_id, resident, starts_on, ends_on),
    )
    people_organisations.register_member_check(
        OrganisationKind.VILLAGE_COMMITTEE,
        lambda organisation, resident, starts_on, ends_on: committee_bar(
            organisation.region_id, resident, starts_on, ends_on),
    )


def size_warning(organisation, date, bounds, label):
    count = rosters.members_of(Organisation.objects.filter(pk=organisation.pk), date).count()
    low, high = bounds
    if count < low or count > high:
        return _("%(label)s应由 %(low)d 至 %(high)d 人组成,现有 %(count)d 人。") % {
            "label": label, "low": low, "high": high, "count": count}
    return ""


def appoint(actor, organisation, resident, *, position, starts_on, ends_on=None):
    """Add a member to a 村民委员会 / 村务监督委员会 (or any organisation) with the checks above.
    Returns (membership, warnings)."""
    require(actor, MANAGE, organisation.region_id)
    kind = organisation.kind
    # The bars are checked by add_member itself (registered below), whichever page adds the member.
    membership = people_organisations.add_member(
        actor, organisation, resident, position=position, starts_on=starts_on, ends_on=ends_on
    )
    warnings = []
    if kind == OrganisationKind.VILLAGE_COMMITTEE:
        warning = size_warning(organisation, starts_on, COMMITTEE_SIZE, _("村民委员会"))
        if warning:
            warnings.append(warning)
        if ends_on is not None and ends_on != _years_later(starts_on, TERM_YEARS) - datetime.timedelta(days=1) \
                and ends_on != _years_later(starts_on, TERM_YEARS):
            warnings.append(_("村民委员会每届任期五年,本任期为 %(start)s 至 %(end)s。") % {
                "start": starts_on.isoformat(), "end": ends_on.isoformat()})
    if kind == OrganisationKind.SUPERVISION_COMMITTEE:
        warning = size_warning(organisation, starts_on, SUPERVISION_SIZE, _("村务监督委员会"))
        if warning:
            warnings.append(warning)
    return membership, warnings


def representative_warnings(representative):
    warnings = []
    if representative.group_id is None:
        count = representative.households.count()
        low, high = HOUSEHOLDS_PER_REPRESENTATIVE
        if count < low or count > high:
            warnings.append(_("村民代表一般每五户至十五户推选一人,%(name)s 联系 %(count)d 户。") % {
                "name": representative.resident.name, "count": count})
    return warnings


def composition_warnings(village_code, date):
    """村民代表会议: representatives ≥ 4/5 of members, women ≥ 1/3 (integer arithmetic)."""
    members = rosters.representatives_meeting(village_code, date)
    total = members.count()
    if not total:
        return []
    reps = rosters.representatives(village_code, date).values("resident_id").distinct().count()
    women = members.filter(gender=Gender.FEMALE).count()
    warnings = []
    if reps * 5 < total * 4:
        warnings.append(_("村民代表应占村民代表会议组成人员的五分之四以上:组成人员 %(total)d 人,代表 %(reps)d 人。") % {
            "total": total, "reps": reps})
    if women * 3 < total:
        warnings.append(_("妇女代表应占村民代表会议组成人员的三分之一以上:组成人员 %(total)d 人,妇女 %(women)d 人。") % {
            "total": total, "women": women})
    return warnings


def add_representative(actor, *, village, resident, starts_on, ends_on=None, households=(), group=None):
    """Returns (representative, warnings)."""
    village_code = getattr(village, "pk", village)
    post = require(actor, MANAGE, village_code)
    errors = {}
    if resident is None or not resident.region_id.startswith(village_code):
        errors["resident"] = _("代表须是本村在册村民。")
    elif resident.status != ResidentStatus.PRESENT:
        errors["resident"] = _("%(name)s 不是在册村民。") % {"name": resident.name}
    if not isinstance(starts_on, datetime.date):
        errors["starts_on"] = _("请填写任期开始日期。")
    elif ends_on is not None and ends_on < starts_on:
        errors["ends_on"] = _("任期结束不能早于任期开始。")
    household_ids = [getattr(h, "pk", h) for h in households]
    found = set(Household.objects.within(village_code).filter(pk__in=household_ids).values_list("pk", flat=True))
    missing = [h for h in household_ids if h not in found]
    if missing:
        errors["households"] = _("联系户 %(ids)s 不是本村的户。") % {"ids": "、".join(map(str, missing))}
    group_id = getattr(group, "pk", group)
    if group_id is not None and not Organisation.objects.filter(
        pk=group_id, region__prefix=village_code, kind=OrganisationKind.VILLAGER_GROUP
    ).exists():
        errors["group"] = _("所选村民小组不在本村。")
    if group_id is None and not household_ids and "households" not in errors:
        errors["households"] = _("请选择代表联系的户,或其代表的村民小组。")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if Representative.objects.select_for_update().filter(
            village_id=village_code, resident=resident
        ).filter(_overlapping_terms(starts_on, ends_on)).exists():
            raise ValidationError({"resident": _("%(name)s 在该期间已是村民代表。") % {"name": resident.name}})
        representative = Representative.objects.create(
            village_id=village_code, resident=resident, starts_on=starts_on, ends_on=ends_on,
            group_id=group_id, created_by=actor,
        )
        representative.households.set(household_ids)
        record_event(actor, "representative.add", representative, region_code=village_code, post=post, changes={
            "resident": [None, resident.pk], "starts_on": [None, starts_on.isoformat()],
            "households": [None, sorted(household_ids)], "group": [None, group_id],
        })
    return representative, representative_warnings(representative) + composition_warnings(village_code, starts_on)


def get_representative_for_user(user, pk):
    representative = Representative.objects.visible_to(user).filter(pk=pk).select_related("resident").first()
    if representative is None:
        raise Http404(_("未找到该村民代表。"))
    return representative
