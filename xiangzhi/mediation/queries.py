"""Reading disputes within scope, the venue counter ("最多跑一地") and the boards ("矛盾不上行")."""

from django.db.models import Count, Exists, OuterRef
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from .actions import VIEW
from .models import (
    LEVEL_BY_CODE_LENGTH, OPEN_STATES, Dispute, DisputeState, HandOff, Level, VenueVisit,
)

VENUE_TARGET = 1


def disputes_for(user):
    return (
        Dispute.objects.visible_to(user, VIEW)
        .select_related("region", "venue", "handler_region", "mediator", "committee")
        .annotate(venue_count=Count("visits__venue", distinct=True))
    )


def get_dispute_for_user(user, pk):
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404(_("未找到该记录。")) from None
    dispute = disputes_for(user).filter(pk=pk).first()
    if dispute is None:
        raise Http404(_("未找到该记录。"))
    return dispute


def venue_count(dispute):
    """Distinct places the parties had to go to for this dispute."""
    return VenueVisit.objects.filter(dispute=dispute).values("venue").distinct().count()


def board(user, scope_code=None):
    """Per level (where the case was taken in): open, overdue, outcomes, the share resolved there
    without going up, and the venue figures."""
    now = timezone.now()
    disputes = Dispute.objects.visible_to(user, VIEW)
    if scope_code:
        disputes = disputes.within(scope_code)
    went_up = HandOff.objects.filter(dispute=OuterRef("pk"))
    rows = list(
        disputes.annotate(handed=Exists(went_up), venues=Count("visits__venue", distinct=True))
        .values("pk", "venue_id", "handler_region_id", "state", "deadline", "handed", "venues")
    )
    up_ids = {
        handoff.dispute_id
        for handoff in HandOff.objects.filter(dispute_id__in=[row["pk"] for row in rows if row["handed"]])
        if handoff.goes_up
    }
    levels = []
    for level in Level:
        taken_in = [row for row in rows if LEVEL_BY_CODE_LENGTH.get(len(row["venue_id"])) == level]
        finished = [row for row in taken_in if row["state"] not in OPEN_STATES]
        kept = [row for row in finished if row["state"] == DisputeState.AGREED and row["pk"] not in up_ids]
        levels.append({
            "level": level,
            "label": level.label,
            "taken_in": len(taken_in),
            "open": sum(1 for row in taken_in if row["state"] in OPEN_STATES),
            "overdue": sum(
                1 for row in taken_in if row["state"] in OPEN_STATES and row["deadline"] and row["deadline"] < now
            ),
            "agreed": sum(1 for row in finished if row["state"] == DisputeState.AGREED),
            "failed": sum(1 for row in finished if row["state"] == DisputeState.FAILED),
            "refused": sum(1 for row in finished if row["state"] == DisputeState.REFUSED),
            "handed_up": sum(1 for row in taken_in if row["pk"] in up_ids),
            "kept_share": round(100 * len(kept) / len(finished)) if finished else None,
        })
    one_venue = sum(1 for row in rows if row["venues"] <= VENUE_TARGET)
    return {
        "levels": levels,
        "total": len(rows),
        "one_venue": one_venue,
        "one_venue_share": round(100 * one_venue / len(rows)) if rows else None,
        "average_venues": round(sum(row["venues"] for row in rows) / len(rows), 2) if rows else None,
    }
