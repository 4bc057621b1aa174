"""Writes of the social-organisation registry, their activities in villages and the township
社会工作服务站. Each takes the acting user first, checks the capability where the record
belongs, runs in one transaction and writes an audit event. 政府购买服务 projects are in
purchases.py."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import require
from xiangzhi.core import inputs
from xiangzhi.core.audit import diff, record_event, snapshot
from xiangzhi.regions.models import Level, Region

from . import credit_code as credit
from .models import Activity, OrganisationKind, OrganisationState, SocialOrganisation, SocialWorkStation

MANAGE = "socialorg.manage"
ACTIVITY = "socialorg.activity"
SOCIALWORK = "socialwork.manage"
ORGANISATION_FIELDS = [
    "name", "kind", "credit_code", "registration_authority", "registered_on", "legal_representative",
    "contact_phone",
]
STATION_FIELDS = ["name", "operator", "staff_count"]


def any_date(errors, field, label, value, *, required=True):
    """A date that may lie in the future (a service period, a term)."""
    if isinstance(value, datetime.date):
        return value
    raw = str(value or "").strip()
    if not raw:
        if required:
            errors[field] = _("请填写%(label)s。") % {"label": label}
        return None
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        errors[field] = _("请填写有效的%(label)s(如 2025-05-01)。") % {"label": label}
        return None


def registration_region(code):
    """The county or township an organisation is registered in."""
    found = Region.objects.filter(pk=(code or "").strip()).first()
    if found is None or found.level not in (Level.COUNTY, Level.TOWNSHIP):
        raise ValidationError({"region": _("请选择登记地(县或乡镇)。")})
    return found


def township(code, field="township"):
    found = Region.objects.filter(pk=(code or "").strip(), level=Level.TOWNSHIP).first()
    if found is None:
        raise ValidationError({field: _("请选择有效的乡镇。")})
    return found


# --- organisations ---------------------------------------------------------------------------


def _organisation_values(errors, data):
    values = {
        "name": inputs.text(errors, "name", _("名称"), data.get("name"), max_length=100),
        "kind": inputs.choice(errors, "kind", _("类别"), data.get("kind"), OrganisationKind),
        "credit_code": credit.normalise(data.get("credit_code")),
        "registration_authority": inputs.text(errors, "registration_authority", _("登记管理机关"),
                                              data.get("registration_authority"), max_length=100),
        "registered_on": inputs.past_date(errors, "registered_on", _("登记日期"), data.get("registered_on")),
        "legal_representative": inputs.text(errors, "legal_representative", _("法定代表人"),
                                            data.get("legal_representative"), max_length=50),
        "contact_phone": inputs.phone(errors, "contact_phone", data.get("contact_phone")),
    }
    message = credit.validate(values["credit_code"])
    if message:
        errors["credit_code"] = message
    return values


def _served_villages(errors, region, codes):
    codes = [code.strip() for code in (codes or []) if code and code.strip()]
    found = {village.code: village for village in Region.objects.villages().filter(pk__in=codes)}
    outside = [code for code in codes if code not in found or not code.startswith(region.code)]
    if outside:
        errors["villages"] = _("服务的村须是%(region)s的村:%(codes)s 不是。") % {
            "region": region.name, "codes": "、".join(outside),
        }
    return [found[code] for code in dict.fromkeys(codes) if code in found]


def _refuse_duplicate(code, exclude=None):
    other = SocialOrganisation.objects.filter(credit_code=code).exclude(pk=exclude).first()
    if other is not None:
        raise ValidationError({"credit_code": _("统一社会信用代码 %(code)s 已登记为“%(name)s”，不能重复登记。") % {
            "code": code, "name": other.name,
        }})


def register_organisation(actor, region_code, *, villages=(), **data):
    """Register an organisation in a county or township (socialorg.manage there)."""
    region = registration_region(region_code)
    post = require(actor, MANAGE, region.code)
    errors = {}
    values = _organisation_values(errors, data)
    served = _served_villages(errors, region, villages)
    inputs.raise_if(errors)
    try:
        with transaction.atomic():
            _refuse_duplicate(values["credit_code"])
            organisation = SocialOrganisation.objects.create(region=region, created_by=actor, **values)
            organisation.villages.set(served)
            record_event(actor, "socialorg.register", organisation, region_code=region.code, post=post, changes={
                **{key: [None, value] for key, value in snapshot(organisation, ORGANISATION_FIELDS).items()},
                "villages": [None, [village.code for village in served]],
            })
    except IntegrityError:
        # Another registration of the same code committed between the check and the insert.
        _refuse_duplicate(values["credit_code"])
        raise
    return organisation


def update_organisation(actor, organisation, *, villages=(), **data):
    post = require(actor, MANAGE, organisation.region_id)
    errors = {}
    values = _organisation_values(errors, data)
    served = _served_villages(errors, organisation.region, villages)
    inputs.raise_if(errors)
    with transaction.atomic():
        current = SocialOrganisation.objects.select_for_update().get(pk=organisation.pk)
        if current.state != OrganisationState.ACTIVE:
            raise ValidationError(_("已注销的社会组织不能修改。"))
        _refuse_duplicate(values["credit_code"], exclude=current.pk)
        before = {**snapshot(current, ORGANISATION_FIELDS),
                  "villages": sorted(current.villages.values_list("code", flat=True))}
        for key, value in values.items():
            setattr(current, key, value)
        current.save(update_fields=[*values, "updated_at"])
        current.villages.set(served)
        after = {**snapshot(current, ORGANISATION_FIELDS), "villages": sorted(village.code for village in served)}
        record_event(actor, "socialorg.update", current, region_code=current.region_id, post=post,
                     changes=diff(before, after))
    organisation.refresh_from_db()
    return organisation


def deregister_organisation(actor, organisation, *, deregistered_on):
    post = require(actor, MANAGE, organisation.region_id)
    errors = {}
    day = inputs.past_date(errors, "deregistered_on", _("注销日期"), deregistered_on)
    if day and day < organisation.registered_on:
        errors["deregistered_on"] = _("注销日期不能早于登记日期。")
    inputs.raise_if(errors)
    with transaction.atomic():
        current = SocialOrganisation.objects.select_for_update().get(pk=organisation.pk)
        if current.state == OrganisationState.DEREGISTERED:
            raise ValidationError({"deregistered_on": _("该社会组织已于 %(day)s 注销。") % {
                "day": current.deregistered_on.isoformat()}})
        current.state, current.deregistered_on = OrganisationState.DEREGISTERED, day
        current.save(update_fields=["state", "deregistered_on", "updated_at"])
        record_event(actor, "socialorg.deregister", current, region_code=current.region_id, post=post,
                     changes={"state": [OrganisationState.ACTIVE, current.state],
                              "deregistered_on": [None, day.isoformat()]})
    organisation.refresh_from_db()
    return organisation


# --- activities in villages --------------------------------------------------------------------


def record_activity(actor, organisation, village_code, *, date, title, participants, description=""):
    village = inputs.village(village_code)
    post = require(actor, ACTIVITY, village.code)
    errors = {}
    values = {
        "date": inputs.past_date(errors, "date", _("活动日期"), date),
        "title": inputs.text(errors, "title", _("活动名称"), title, max_length=100),
        "participants": inputs.number(errors, "participants", _("参与人数"), participants, minimum=1,
                                      maximum=100000),
        "description": inputs.text(errors, "description", _("活动内容"), description, max_length=2000,
                                   required=False),
    }
    if organisation.state != OrganisationState.ACTIVE:
        errors["organisation"] = _("“%(name)s”已注销，不能记录新的活动。") % {"name": organisation.name}
    elif not organisation.serves_area(village.code):
        errors["village"] = _("“%(name)s”登记在%(region)s,%(village)s不在其登记地范围内。") % {
            "name": organisation.name, "region": organisation.region.name, "village": village.name,
        }
    if values["date"] and values["date"] < organisation.registered_on:
        errors["date"] = _("活动日期不能早于该组织的登记日期(%(day)s)。") % {
            "day": organisation.registered_on.isoformat()}
    inputs.raise_if(errors)
    with transaction.atomic():
        activity = Activity.objects.create(organisation=organisation, region=village, recorded_by=actor, **values)
        record_event(actor, "socialorg_activity.record", activity, region_code=village.code, post=post, changes={
            "organisation": [None, organisation.pk],
            **{key: [None, value] for key, value in snapshot(activity, list(values)).items()},
        })
    return activity


# --- 乡镇社会工作服务站 ---------------------------------------------------------------------------


def _station_values(errors, township_code, *, name, operator, staff_count):
    if operator is not None:
        if operator.state != OrganisationState.ACTIVE:
            errors["operator"] = _("“%(name)s”已注销，不能运营服务站。") % {"name": operator.name}
        elif not operator.serves_area(township_code):
            errors["operator"] = _("“%(name)s”不在本乡镇或本县登记。") % {"name": operator.name}
    return {
        "name": inputs.text(errors, "name", _("名称"), name, max_length=100),
        "operator": operator,
        "staff_count": inputs.number(errors, "staff_count", _("驻站社工人数"), staff_count, minimum=0, maximum=200),
    }


def open_station(actor, township_code, *, name, opened_on, staff_count, operator=None):
    region = township(township_code)
    post = require(actor, SOCIALWORK, region.code)
    errors = {}
    values = _station_values(errors, region.code, name=name, operator=operator, staff_count=staff_count)
    values["opened_on"] = inputs.past_date(errors, "opened_on", _("建站日期"), opened_on)
    inputs.raise_if(errors)
    with transaction.atomic():
        # Lock the township: two officials opening a station at once cannot both pass the check.
        Region.objects.select_for_update().filter(pk=region.code).first()
        existing = SocialWorkStation.objects.filter(region=region, closed_on__isnull=True).first()
        if existing is not None:
            raise ValidationError({"township": _("%(township)s已有社会工作服务站“%(name)s”(%(day)s 建站)。") % {
                "township": region.name, "name": existing.name, "day": existing.opened_on.isoformat(),
            }})
        station = SocialWorkStation.objects.create(region=region, created_by=actor, **values)
        record_event(actor, "socialwork_station.open", station, region_code=region.code, post=post, changes={
            key: [None, value] for key, value in snapshot(station, [*STATION_FIELDS, "opened_on"]).items()
        })
    return station


def update_station(actor, station, *, name, staff_count, operator=None):
    post = require(actor, SOCIALWORK, station.region_id)
    errors = {}
    values = _station_values(errors, station.region_id, name=name, operator=operator, staff_count=staff_count)
    inputs.raise_if(errors)
    with transaction.atomic():
        current = SocialWorkStation.objects.select_for_update().get(pk=station.pk)
        if current.closed_on is not None:
            raise ValidationError(_("已撤销的服务站不能修改。"))
        before = snapshot(current, STATION_FIELDS)
        for key, value in values.items():
            setattr(current, key, value)
        current.save(update_fields=[*values, "updated_at"])
        record_event(actor, "socialwork_station.update", current, region_code=current.region_id, post=post,
                     changes=diff(before, snapshot(current, STATION_FIELDS)))
    station.refresh_from_db()
    return station


def close_station(actor, station, *, closed_on):
    post = require(actor, SOCIALWORK, station.region_id)
    errors = {}
    day = inputs.past_date(errors, "closed_on", _("撤站日期"), closed_on)
    if day and day < station.opened_on:
        errors["closed_on"] = _("撤站日期不能早于建站日期(%(day)s)。") % {"day": station.opened_on.isoformat()}
    inputs.raise_if(errors)
    with transaction.atomic():
        current = SocialWorkStation.objects.select_for_update().get(pk=station.pk)
        if current.closed_on is not None:
            raise ValidationError({"closed_on": _("该服务站已于 %(day)s 撤销。") % {
                "day": current.closed_on.isoformat()}})
        current.closed_on = day
        current.save(update_fields=["closed_on", "updated_at"])
        record_event(actor, "socialwork_station.close", current, region_code=current.region_id, post=post,
                     changes={"closed_on": [None, day.isoformat()]})
    station.refresh_from_db()
    return station
