"""Patrol visits (走访): a grid worker visits a household, writes down what they found, and
may report an event from it on the spot."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import require, require_capability
from xiangzhi.core.audit import record_event
from xiangzhi.people.models import Household

from . import events
from .models import EventCategory, EventSource, Urgency, Visit

LOG = "grid.visit.log"
FINDINGS_MAX_LENGTH = 2000
# A visit written down long after the fact is a record of memory, not of a visit.
OLDEST_VISIT_DAYS = 366


# --- reads --------------------------------------------------------------------------


def visible_visits(user):
    require_capability(user, Visit.view_capability)
    return Visit.objects.visible_to(user).select_related("household", "region", "grid", "visitor", "event")


def get_visit_for_user(user, pk):
    visit = visible_visits(user).filter(pk=pk).first()
    if visit is None:
        raise Http404(_("未找到该走访记录。"))
    return visit


def households_to_visit(user):
    """Households the user may log visits for (a grid worker: their grid's)."""
    require_capability(user, LOG)
    return Household.objects.visible_to(user, LOG)


def get_household_to_visit(user, pk):
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404(_("未找到该户。")) from None
    household = households_to_visit(user).select_related("region", "grid").filter(pk=pk).first()
    if household is None:
        raise Http404(_("未找到该户。"))
    return household


# --- the action ---------------------------------------------------------------------


def _clean_visited_on(value):
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value.strip())
        except ValueError:
            raise ValidationError({"visited_on": _("走访日期格式应为 年-月-日,如 2025-06-01。")}) from None
    if isinstance(value, datetime.datetime):
        value = timezone.localdate(value) if timezone.is_aware(value) else value.date()
    if not isinstance(value, datetime.date):
        raise ValidationError({"visited_on": _("请填写走访日期。")})
    today = timezone.localdate()
    if value > today:
        raise ValidationError({"visited_on": _("走访日期不能晚于今天。")})
    if value < today - datetime.timedelta(days=OLDEST_VISIT_DAYS):
        raise ValidationError({"visited_on": _("走访日期不能早于一年前。")})
    return value


def _clean_findings(findings):
    findings = (findings or "").strip()
    if not findings:
        raise ValidationError({"findings": _("请填写走访情况。")})
    if len(findings) > FINDINGS_MAX_LENGTH:
        raise ValidationError({"findings": _("走访情况不能超过 %(max)d 个字。") % {"max": FINDINGS_MAX_LENGTH}})
    return findings


def _event_category(value):
    if isinstance(value, EventCategory):
        return value
    value = (str(value) if value is not None else "").strip()
    if not value:
        raise ValidationError({"spawn_event.category": _("请选择事件类别。")})
    lookup = {"pk": int(value)} if value.isdigit() else {"code": value}
    category = EventCategory.objects.filter(**lookup).first()
    if category is None:
        raise ValidationError({"spawn_event.category": _("没有这个事件类别:%(value)s。") % {"value": value}})
    return category


def _as_spawn_errors(error):
    """report_event's field errors, renamed to the visit's `spawn_event.<field>`."""
    if hasattr(error, "error_dict"):
        return ValidationError({
            f"spawn_event.{field}" if field != "__all__" else "spawn_event": messages
            for field, messages in error.error_dict.items()
        })
    return ValidationError({"spawn_event": error.messages})


def log_visit(actor, household, *, visited_on, findings, spawn_event=None):
    """Record a visit to a household; with spawn_event={category, description, urgency},
    report an event about the household (source "visit") and link it to the visit."""
    post = require(actor, LOG, household.region_id, household.grid_id)
    errors = {}
    values = {}
    for field, clean, raw in (
        ("visited_on", _clean_visited_on, visited_on),
        ("findings", _clean_findings, findings),
    ):
        try:
            values[field] = clean(raw)
        except ValidationError as error:
            errors.update(error.message_dict)
    if spawn_event:
        try:
            spawn_event = {**spawn_event, "category": _event_category(spawn_event.get("category"))}
        except ValidationError as error:
            errors.update(error.message_dict)
        urgency = spawn_event.get("urgency") or Urgency.NORMAL
        if urgency not in Urgency.values:
            errors["spawn_event.urgency"] = [_("紧急程度须为以下之一:%(labels)s。") % {
                "labels": "、".join(str(label) for label in Urgency.labels)}]
    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        event = None
        if spawn_event:
            try:
                event = events.report_event(
                    actor,
                    category=spawn_event["category"],
                    description=(spawn_event.get("description") or "").strip() or values["findings"],
                    urgency=spawn_event.get("urgency") or Urgency.NORMAL,
                    household=household,
                    source=EventSource.VISIT,
                )
            except ValidationError as error:
                raise _as_spawn_errors(error) from None
        visit = Visit.objects.create(
            household=household, region_id=household.region_id, grid_id=household.grid_id,
            visitor=actor, visited_on=values["visited_on"], findings=values["findings"], event=event,
        )
        record_event(
            actor, "grid_visit.log", visit, region_code=household.region_id, post=post,
            target_repr=_("走访 %(household)s") % {"household": household},
            changes={
                "household": [None, household.pk],
                "visited_on": [None, values["visited_on"].isoformat()],
                "findings": [None, values["findings"]],
                **({"event": [None, event.pk]} if event else {}),
            },
        )
    return visit
