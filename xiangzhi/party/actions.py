"""Writes about party members and their household links. Each checks party.manage where the record
lives, runs in one transaction and writes one audit event.

The registry's own flag (people.Resident.is_party_member) is kept in step through the registry's
action, `people.actions.update_resident`, which writes its own audit event.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import require
from xiangzhi.core.audit import diff, record_event, snapshot
from xiangzhi.people import actions as registry
from xiangzhi.people.models import Household, Organisation, Resident, ResidentStatus

from .models import HouseholdLink, MemberStatus, PartyMember
from .queries import MANAGE, PARTY_KINDS, VILLAGE_LENGTH

WHEREABOUTS_MAX_LENGTH = 200
MEMBER_AUDIT_FIELDS = (
    "organisation", "region", "status", "joined_on", "full_on", "mobile", "whereabouts",
    "identity_shown", "household_plaque", "left_on",
)
EDITABLE = ("status", "full_on", "mobile", "whereabouts", "identity_shown", "household_plaque")


def _date(value, field, label, *, required=True):
    if value in (None, ""):
        if required:
            raise ValidationError({field: _("请填写%(label)s。") % {"label": label}})
        return None
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value.strip())
        except ValueError:
            raise ValidationError({field: _("%(label)s格式应为 年-月-日,如 2025-06-01。") % {"label": label}}) from None
    if value > timezone.localdate():
        raise ValidationError({field: _("%(label)s不能晚于今天。") % {"label": label}})
    return value


def _check_status(status, joined_on, full_on):
    """The rules between class, join date and date of becoming full."""
    if status not in MemberStatus.values:
        raise ValidationError({"status": _("党员类别须为正式党员或预备党员。")})
    if status == MemberStatus.PROBATIONARY and full_on is not None:
        raise ValidationError({"full_on": _("预备党员还没有转正日期。")})
    if full_on is not None and joined_on is not None and full_on < joined_on:
        raise ValidationError({"full_on": _("转正日期不能早于入党日期(%(date)s)。") % {"date": joined_on}})


def _check_organisation(organisation, field="organisation"):
    if organisation.kind not in PARTY_KINDS:
        raise ValidationError({field: _("“%(name)s”不是党组织。") % {"name": organisation.name}})
    if organisation.dissolved_on is not None:
        raise ValidationError({field: _("“%(name)s”已撤销。") % {"name": organisation.name}})


def _set_registry_flag(actor, resident, value):
    if resident.is_party_member != value:
        registry.update_resident(actor, resident, is_party_member=value)


def register_member(actor, organisation, resident, *, status, joined_on, full_on=None, mobile=False,
                    whereabouts="", identity_shown=False, household_plaque=False):
    """Register a resident of the registry as a member of a party organisation. A resident who left
    earlier rejoins on the same row; one who is a current member anywhere is refused."""
    post = require(actor, MANAGE, organisation.region_id)
    joined_on = _date(joined_on, "joined_on", _("入党日期"))
    full_on = _date(full_on, "full_on", _("转正日期"), required=False)
    _check_status(status, joined_on, full_on)
    whereabouts = _check_whereabouts(mobile, whereabouts)
    if not resident.region_id.startswith(organisation.region_id):
        raise ValidationError({"resident": _("%(name)s 不住在该党组织所在区划内。") % {"name": resident.name}})
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        _check_organisation(organisation)
        resident = Resident.objects.select_for_update().get(pk=resident.pk)
        if resident.status != ResidentStatus.PRESENT:
            raise ValidationError({"resident": _("%(name)s 不是在册村民。") % {"name": resident.name}})
        member = PartyMember.objects.select_related("organisation").filter(resident=resident).first()
        if member is not None and member.left_on is None:
            raise ValidationError({"resident": _(
                "%(name)s 已是“%(organisation)s”的党员:一名党员不能同时在两个党组织,请办理转接。"
            ) % {"name": resident.name, "organisation": member.organisation.name}})
        values = {
            "organisation": organisation, "region_id": organisation.region_id, "status": status,
            "joined_on": joined_on, "full_on": full_on, "mobile": bool(mobile), "whereabouts": whereabouts,
            "identity_shown": bool(identity_shown), "household_plaque": bool(household_plaque), "left_on": None,
        }
        before = snapshot(member, MEMBER_AUDIT_FIELDS) if member else {}
        if member is None:
            member = PartyMember.objects.create(resident=resident, **values)
        else:
            for field, value in values.items():
                setattr(member, field, value)
            member.save(update_fields=[*values.keys(), "updated_at"])
        record_event(
            actor, "party_member.register", member, region_code=member.region_id, post=post,
            changes=diff(before, snapshot(member, MEMBER_AUDIT_FIELDS)),
        )
        _set_registry_flag(actor, resident, True)
    return member


def _check_whereabouts(mobile, whereabouts):
    whereabouts = (whereabouts or "").strip()
    if len(whereabouts) > WHEREABOUTS_MAX_LENGTH:
        raise ValidationError({"whereabouts": _("流动去向不能超过 %(n)d 个字。") % {"n": WHEREABOUTS_MAX_LENGTH}})
    if mobile and not whereabouts:
        raise ValidationError({"whereabouts": _("流动党员请填写流动去向(在何地、何单位)。")})
    return whereabouts if mobile else ""


def update_member(actor, member, **changes):
    """Class and date of becoming full, 流动党员 and where they are, 亮身份 and 党员户挂牌."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError({field: _("此字段不能在此修改。") for field in sorted(unknown)})
    post = require(actor, MANAGE, member.region_id)
    with transaction.atomic():
        member = PartyMember.objects.select_for_update().get(pk=member.pk)
        if member.left_on is not None:
            raise ValidationError(_("该党员已于 %(date)s 离开,不能再修改。") % {"date": member.left_on})
        before = snapshot(member, MEMBER_AUDIT_FIELDS)
        status = changes.get("status", member.status)
        full_on = member.full_on
        if "full_on" in changes:
            full_on = _date(changes["full_on"], "full_on", _("转正日期"), required=False)
        elif status == MemberStatus.PROBATIONARY:
            full_on = None
        _check_status(status, member.joined_on, full_on)
        mobile = bool(changes.get("mobile", member.mobile))
        whereabouts = _check_whereabouts(mobile, changes.get("whereabouts", member.whereabouts))
        member.status, member.full_on, member.mobile, member.whereabouts = status, full_on, mobile, whereabouts
        for flag in ("identity_shown", "household_plaque"):
            if flag in changes:
                setattr(member, flag, bool(changes[flag]))
        changed = diff(before, snapshot(member, MEMBER_AUDIT_FIELDS))
        if changed:
            member.save(update_fields=[*changed.keys(), "updated_at"])
            record_event(actor, "party_member.update", member, region_code=member.region_id, post=post,
                         changes=changed)
    return member


def transfer_member(actor, member, organisation, *, transferred_on=None):
    """Move a member to another party organisation (组织关系转接). Both ends must be in the actor's
    reach. Household links in a village the member no longer belongs to end on the day."""
    post = require(actor, MANAGE, member.region_id)
    require(actor, MANAGE, organisation.region_id)
    transferred_on = _date(transferred_on or timezone.localdate(), "transferred_on", _("转接日期"))
    with transaction.atomic():
        member = PartyMember.objects.select_for_update().select_related("organisation").get(pk=member.pk)
        if member.left_on is not None:
            raise ValidationError(_("该党员已于 %(date)s 离开,不能转接。") % {"date": member.left_on})
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        _check_organisation(organisation)
        if organisation.pk == member.organisation_id:
            raise ValidationError({"organisation": _("该党员已在“%(name)s”。") % {"name": organisation.name}})
        if transferred_on < member.joined_on:
            raise ValidationError({"transferred_on": _("转接日期不能早于入党日期(%(date)s)。") % {"date": member.joined_on}})
        before = snapshot(member, MEMBER_AUDIT_FIELDS)
        member.organisation, member.region_id = organisation, organisation.region_id
        member.save(update_fields=["organisation", "region", "updated_at"])
        ended = _end_links_outside(member, organisation.region_id, transferred_on)
        changes = diff(before, snapshot(member, MEMBER_AUDIT_FIELDS))
        changes["transferred_on"] = [None, transferred_on.isoformat()]
        if ended:
            changes["links_ended"] = [None, ended]
        record_event(actor, "party_member.transfer", member, region_code=member.region_id, post=post,
                     changes=changes)
    return member


def _end_links_outside(member, region_code, ended_on):
    """End the member's current links to households outside the village of `region_code`
    (all of them when the region is above a village)."""
    links = HouseholdLink.objects.current().filter(member=member)
    if len(region_code) >= VILLAGE_LENGTH:
        links = links.exclude(region_id__prefix=region_code[:VILLAGE_LENGTH])
    # A link begun after the day ends on its first day rather than before it.
    count = 0
    for link in links.select_for_update():
        link.ended_on = max(ended_on, link.linked_on)
        link.save(update_fields=["ended_on"])
        count += 1
    return count


def member_leaves(actor, member, left_on):
    """The member leaves the organisation's rolls (转出本县、去世、出党 …); their links end that day."""
    post = require(actor, MANAGE, member.region_id)
    left_on = _date(left_on, "left_on", _("离开日期"))
    with transaction.atomic():
        member = PartyMember.objects.select_for_update().select_related("resident").get(pk=member.pk)
        if member.left_on is not None:
            raise ValidationError(_("该党员已于 %(date)s 离开。") % {"date": member.left_on})
        if left_on < member.joined_on:
            raise ValidationError({"left_on": _("离开日期不能早于入党日期(%(date)s)。") % {"date": member.joined_on}})
        member.left_on = left_on
        member.save(update_fields=["left_on", "updated_at"])
        ended = _end_links_outside(member, "", left_on)
        record_event(actor, "party_member.leave", member, region_code=member.region_id, post=post,
                     changes={"left_on": [None, left_on.isoformat()], "links_ended": [None, ended]})
        _set_registry_flag(actor, member.resident, False)
    return member


# --- 党员联系农户 -------------------------------------------------------------------


def link_household(actor, household, member, *, linked_on=None):
    """Link a household to a current member of its village's party organisations. One current link
    per household; a member may hold several."""
    post = require(actor, MANAGE, household.region_id)
    linked_on = _date(linked_on or timezone.localdate(), "linked_on", _("联系开始日期"))
    village = household.region_id[:VILLAGE_LENGTH]
    with transaction.atomic():
        # One writer per household, so that two links cannot both be current.
        household = Household.objects.select_for_update().get(pk=household.pk)
        member = PartyMember.objects.select_related("resident").get(pk=member.pk)
        if member.left_on is not None or not member.region_id.startswith(village):
            raise ValidationError({"member": _("%(name)s 不是本村党组织的现有党员。") % {"name": member.resident.name}})
        if linked_on < member.joined_on:
            raise ValidationError({"linked_on": _("联系开始日期不能早于该党员入党日期(%(date)s)。") % {"date": member.joined_on}})
        current = HouseholdLink.objects.current().filter(household=household).select_related("member__resident").first()
        if current is not None:
            raise ValidationError({"household": _("该户已由党员 %(name)s 联系,请先结束原联系。") % {
                "name": current.member.resident.name}})
        link = HouseholdLink.objects.create(
            household=household, member=member, region_id=household.region_id, linked_on=linked_on,
        )
        record_event(
            actor, "household_link.create", link, region_code=household.region_id, post=post,
            changes={"household": [None, household.pk], "member": [None, member.pk],
                     "linked_on": [None, linked_on.isoformat()]},
        )
    return link


def end_link(actor, link, ended_on=None):
    post = require(actor, MANAGE, link.region_id)
    ended_on = _date(ended_on or timezone.localdate(), "ended_on", _("联系结束日期"))
    with transaction.atomic():
        link = HouseholdLink.objects.select_for_update().get(pk=link.pk)
        if link.ended_on is not None:
            raise ValidationError(_("该联系已于 %(date)s 结束。") % {"date": link.ended_on})
        if ended_on < link.linked_on:
            raise ValidationError({"ended_on": _("结束日期不能早于联系开始日期(%(date)s)。") % {"date": link.linked_on}})
        link.ended_on = ended_on
        link.save(update_fields=["ended_on"])
        record_event(actor, "household_link.end", link, region_code=link.region_id, post=post,
                     changes={"ended_on": [None, ended_on.isoformat()]})
    return link
