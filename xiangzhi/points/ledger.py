"""The points ledger: balances and the one way to write an entry.

A balance is the sum of a household's entries, computed each time. Writers serialise on
the household row (SELECT … FOR UPDATE), so two negative entries posted at once cannot
both pass the balance check and overdraw it.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from xiangzhi.core.audit import record_event
from xiangzhi.people.models import Household

from .models import EntryKind, PointsEntry


def balance(household):
    total = PointsEntry.objects.filter(household=household).aggregate(total=Sum("points"))["total"]
    return total or 0


def post_entry(actor, household, points, *, kind, reason, refers_to=None, rule_item=None, source=("", ""), post=None):
    """Write one ledger entry for `household`; call inside the caller's transaction.atomic().

    Refuses (ValidationError on `points`) a zero entry, and a negative one that would take the
    balance below zero; on `kind`/`reason` an unknown kind or an empty reason."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("post_entry must run inside transaction.atomic()")
    if kind not in EntryKind.values:
        raise ValidationError({"kind": _("积分类别“%(kind)s”无效。") % {"kind": kind}})
    if not isinstance(points, int) or isinstance(points, bool) or points == 0:
        raise ValidationError({"points": _("积分须为非零整数。")})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写事由。")})
    locked = Household.objects.select_for_update().select_related("region").get(pk=household.pk)
    current = balance(locked)
    if points < 0 and current + points < 0:
        raise ValidationError({"points": _("积分不足:现有 %(have)s 分,需要 %(need)s 分。") % {
            "have": current, "need": -points,
        }})
    source_type, source_id = source
    entry = PointsEntry.objects.create(
        village_id=locked.region.village_code(),
        household=locked,
        points=points,
        kind=kind,
        reason=reason,
        rule_item=rule_item,
        refers_to=refers_to,
        source_type=source_type or "",
        source_id=str(source_id or ""),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    record_event(actor, "points.entry", entry, region_code=entry.village_id, changes={
        "household": [None, locked.pk], "points": [None, points], "kind": [None, kind],
        "balance": [current, current + points],
        "refers_to": [None, refers_to.pk if refers_to else None],
    }, post=post)
    return entry
