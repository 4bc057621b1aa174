"""Writing audit events. Every action calls `record_event` inside its transaction."""

import datetime
import decimal

from .context import current_request_info
from .models import AuditEvent


def jsonable(value):
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if hasattr(value, "pk"):
        return value.pk
    return value


def snapshot(instance, fields):
    """The values of `fields` on `instance`, ready for `diff` and JSON."""
    values = {}
    for name in fields:
        field = instance._meta.get_field(name)
        values[name] = jsonable(getattr(instance, field.attname))
    return values


def diff(before, after):
    """{field: [old, new]} for every field whose value changed."""
    keys = dict.fromkeys([*before, *after])
    return {key: [before.get(key), after.get(key)] for key in keys if before.get(key) != after.get(key)}


def record_event(actor, action, target=None, *, region_code, changes=None, post=None, target_repr=None):
    info = current_request_info()
    if post is None and actor is not None:
        post = getattr(actor, "current_post", None)
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=str(actor) if actor is not None else "system",
        post=post,
        role=post.role if post is not None else "",
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=(target_repr or (str(target) if target is not None else ""))[:200],
        region_code=region_code,
        changes=changes or {},
        ip=info.ip,
        request_id=info.request_id,
    )
