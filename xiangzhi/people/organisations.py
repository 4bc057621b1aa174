"""Organisations (党组织, 村委会, 理事会 …) and their members: actions and queries.

An organisation sits in a region; its parent, if any, sits in the same region or above it
on the path. A member is a resident living within the organisation's region, holding a
position for a term; one resident holds at most one membership of an organisation at a
time.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import require
from xiangzhi.core.audit import record_event
from xiangzhi.core.crypto import blind_index
from xiangzhi.regions.models import Region

from . import citizen_id
from .models import Membership, Organisation, OrganisationKind, Resident, ResidentStatus

MANAGE = "org.manage"
NAME_MAX_LENGTH = 100
POSITION_MAX_LENGTH = 50


# --- actions ------------------------------------------------------------------------


def create_organisation(actor, *, region, name, kind, parent=None, established_on=None):
    region_code = region.code if isinstance(region, Region) else (region or "").strip()
    post = require(actor, MANAGE, region_code)
    region = Region.objects.filter(code=region_code).first()
    if region is None:
        raise ValidationError({"region": _("没有代码为 %(code)s 的区划。") % {"code": region_code}})
    errors = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = _("请填写组织名称。")
    elif len(name) > NAME_MAX_LENGTH:
        errors["name"] = _("名称不能超过 %(max)d 个字。") % {"max": NAME_MAX_LENGTH}
    kind = str(kind or "")
    if kind not in OrganisationKind.values:
        errors["kind"] = _("请选择组织类型。")
    if parent is not None:
        # Given as an organisation or its id; looked up on the region's path only, so that
        # an id elsewhere reads the same as one that does not exist.
        parent_id = parent.pk if isinstance(parent, Organisation) else parent
        parent = next((o for o in parent_choices(region.code, include_dissolved=True) if o.pk == parent_id), None)
        if parent is None:
            errors["parent"] = _("上级组织须在本组织所在区划或其上级区划。")
        elif parent.dissolved_on is not None:
            errors["parent"] = _("上级组织“%(name)s”已撤销。") % {"name": parent.name}
    if established_on and established_on > timezone.localdate():
        errors["established_on"] = _("成立日期不能晚于今天。")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if Organisation.objects.filter(region=region, kind=kind, name=name, dissolved_on__isnull=True).exists():
            raise ValidationError({"name": _("本区划已有同名的该类组织。")})
        organisation = Organisation.objects.create(
            region=region, name=name, kind=kind, parent=parent, established_on=established_on
        )
        record_event(
            actor, "organisation.create", organisation, region_code=region.code, post=post,
            changes={
                "name": [None, name], "kind": [None, kind], "region": [None, region.code],
                "parent": [None, parent.pk if parent else None],
                "established_on": [None, established_on.isoformat() if established_on else None],
            },
        )
    return organisation


def dissolve_organisation(actor, organisation, dissolved_on):
    """Dissolve it; memberships still running end on the same day."""
    post = require(actor, MANAGE, organisation.region_id)
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        if organisation.dissolved_on is not None:
            raise ValidationError(_("该组织已于 %(date)s 撤销。") % {"date": organisation.dissolved_on})
        if dissolved_on is None:
            raise ValidationError({"dissolved_on": _("请填写撤销日期。")})
        if organisation.established_on and dissolved_on < organisation.established_on:
            raise ValidationError({"dissolved_on": _("撤销日期不能早于成立日期。")})
        if dissolved_on > timezone.localdate():
            raise ValidationError({"dissolved_on": _("撤销日期不能晚于今天。")})
        if organisation.children.filter(dissolved_on__isnull=True).exists():
            raise ValidationError(_("该组织还有未撤销的下级组织,请先撤销下级组织。"))
        ended = Membership.objects.filter(organisation=organisation).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gt=dissolved_on)
        )
        ended_count = ended.update(ends_on=dissolved_on)
        organisation.dissolved_on = dissolved_on
        organisation.save(update_fields=["dissolved_on"])
        record_event(
            actor, "organisation.dissolve", organisation, region_code=organisation.region_id, post=post,
            changes={"dissolved_on": [None, dissolved_on.isoformat()], "memberships_ended": [None, ended_count]},
        )
    return organisation


# Rules other modules add for an organisation kind (the 村务监督委员会 bar lives with the
# rosters in assembly/appointments.py): check(organisation, resident, starts_on, ends_on)
# returns a Chinese message to refuse the member, or "".
_member_checks = {}


def register_member_check(kind, check):
    _member_checks.setdefault(kind, []).append(check)


def add_member(actor, organisation, resident, *, position, starts_on, ends_on=None):
    post = require(actor, MANAGE, organisation.region_id)
    errors = {}
    position = (position or "").strip() or _("成员")
    if len(position) > POSITION_MAX_LENGTH:
        errors["position"] = _("职务不能超过 %(max)d 个字。") % {"max": POSITION_MAX_LENGTH}
    if not resident.region_id.startswith(organisation.region_id):
        errors["resident"] = _("%(name)s 不住在本组织所在区划内。") % {"name": resident.name}
    elif resident.status != ResidentStatus.PRESENT:
        errors["resident"] = _("%(name)s 不是在册村民。") % {"name": resident.name}
    if starts_on is None:
        errors["starts_on"] = _("请填写任期开始日期。")
    elif ends_on is not None and ends_on < starts_on:
        errors["ends_on"] = _("任期结束不能早于任期开始。")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # One writer per organisation at a time, so that two overlapping terms cannot slip in.
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        if organisation.dissolved_on is not None:
            raise ValidationError(_("该组织已撤销,不能再添加成员。"))
        if organisation.established_on and starts_on < organisation.established_on:
            raise ValidationError({"starts_on": _("任期开始不能早于组织成立日期。")})
        if _overlapping(organisation, resident, starts_on, ends_on).exists():
            raise ValidationError({"resident": _("%(name)s 在该期间已是本组织成员。") % {"name": resident.name}})
        for check in _member_checks.get(organisation.kind, ()):
            message = check(organisation, resident, starts_on, ends_on)
            if message:
                raise ValidationError({"resident": message})
        membership = Membership.objects.create(
            organisation=organisation, resident=resident, position=position, starts_on=starts_on, ends_on=ends_on
        )
        record_event(
            actor, "membership.add", membership, region_code=organisation.region_id, post=post,
            target_repr=f"{organisation.name} · {resident.name}",
            changes={
                "organisation": [None, organisation.pk], "resident": [None, resident.pk],
                "position": [None, position], "starts_on": [None, starts_on.isoformat()],
                "ends_on": [None, ends_on.isoformat() if ends_on else None],
            },
        )
    return membership


def end_membership(actor, membership, ends_on):
    organisation = membership.organisation
    post = require(actor, MANAGE, organisation.region_id)
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if ends_on is None:
            raise ValidationError({"ends_on": _("请填写任期结束日期。")})
        if ends_on < membership.starts_on:
            raise ValidationError({"ends_on": _("任期结束不能早于任期开始(%(date)s)。") % {"date": membership.starts_on}})
        if membership.ends_on is not None and membership.ends_on <= ends_on:
            raise ValidationError(_("该任期已于 %(date)s 结束。") % {"date": membership.ends_on})
        old = membership.ends_on
        membership.ends_on = ends_on
        membership.save(update_fields=["ends_on"])
        record_event(
            actor, "membership.end", membership, region_code=organisation.region_id, post=post,
            target_repr=f"{organisation.name} · {membership.resident.name}",
            changes={"ends_on": [old.isoformat() if old else None, ends_on.isoformat()]},
        )
    return membership


def _overlapping(organisation, resident, starts_on, ends_on):
    terms = Membership.objects.filter(organisation=organisation, resident=resident).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on)
    )
    if ends_on is not None:
        terms = terms.filter(starts_on__lte=ends_on)
    return terms


# --- queries ------------------------------------------------------------------------


def visible_organisations(user, kind=None, include_dissolved=False):
    today = timezone.localdate()
    # A correlated count: computed for the rows of the page only.
    current_members = (
        Membership.objects.filter(organisation=OuterRef("pk"), starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .order_by().values("organisation").annotate(count=Count("id")).values("count")
    )
    organisations = (
        Organisation.objects.visible_to(user)
        .select_related("region", "parent")
        .annotate(member_count=Coalesce(Subquery(current_members), 0))
    )
    if kind:
        organisations = organisations.filter(kind=kind)
    if not include_dissolved:
        organisations = organisations.filter(dissolved_on__isnull=True)
    return organisations


def get_organisation_for_user(user, pk):
    organisation = visible_organisations(user, include_dissolved=True).filter(pk=pk).first()
    if organisation is None:
        raise Http404(_("未找到该记录。"))
    return organisation


def memberships_of(organisation):
    return organisation.memberships.select_related("resident").order_by("ends_on", "starts_on", "id")


def get_membership_for_user(user, organisation, pk):
    membership = memberships_of(organisation).filter(pk=pk).first()
    if membership is None:
        raise Http404(_("未找到该记录。"))
    return membership


def candidate_residents(organisation, q, limit=20):
    """Present residents living within the organisation's region, by name or ID number."""
    q = (q or "").strip()[:50]
    if not q:
        return []
    residents = Resident.objects.within(organisation.region_id).present()
    try:
        number = citizen_id.parse(q).number
    except ValidationError:
        residents = residents.filter(name__contains=q)
    else:
        residents = residents.filter(id_number_index=blind_index(number, "citizen_id"))
    return list(residents.select_related("region").order_by("name", "id")[:limit])


def parent_choices(region_code, include_dissolved=False):
    """Organisations that may be a parent of one in `region_code`: in that region or one above
    it on its path (a village branch under the township's party committee)."""
    codes = [region_code[:length] for length in range(2, len(region_code) + 1)]
    parents = Organisation.objects.filter(region_id__in=codes)
    if not include_dissolved:
        parents = parents.filter(dissolved_on__isnull=True)
    return list(parents.select_related("region").order_by("region_id", "kind", "name"))
