"""The monthly 积分公示 on the public village page: last month's approved awards, deductions and
reversals, in date order. A household shows as its head's masked name; no totals per
household and no ordering by points (no rankings)."""

import datetime
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from xiangzhi.people.models import Relation, Resident
from xiangzhi.people.masking import mask_name

from .models import EntryKind, PointsEntry

PUBLISHED_KINDS = (EntryKind.AWARD, EntryKind.DEDUCTION, EntryKind.REVERSAL)


@dataclass(frozen=True)
class PublishedEntry:
    day: datetime.date
    household: str
    points: int
    reason: str


def previous_month(today):
    first = today.replace(day=1)
    start = (first - datetime.timedelta(days=1)).replace(day=1)
    return start, first


def _aware(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def head_name_subquery():
    return Subquery(
        Resident.objects.filter(household=OuterRef("household"), relation=Relation.HEAD).values("name")[:1]
    )


def published_entries(village_code, today=None):
    start, end = previous_month(today or timezone.localdate())
    rows = (
        PointsEntry.objects.filter(
            village_id=village_code, kind__in=PUBLISHED_KINDS,
            created_at__gte=_aware(start), created_at__lt=_aware(end),
        )
        .select_related("rule_item").annotate(head_name=head_name_subquery()).order_by("created_at", "id")
    )
    result = []
    for entry in rows:
        reason = entry.rule_item.name if entry.rule_item_id else entry.get_kind_display()
        if entry.kind == EntryKind.REVERSAL:
            reason = f"{entry.get_kind_display()}:{reason}"
        household = f"{mask_name(entry.head_name)} 户" if entry.head_name else f"{entry.household_id} 号户"
        result.append(PublishedEntry(
            day=timezone.localtime(entry.created_at).date(), household=household, points=entry.points, reason=reason,
        ))
    return start, result


def portal_context(village):
    month, entries = published_entries(village.code)
    if not entries:
        return None
    return {"month": month, "entries": entries}
