"""The public village page's sections: ratings on notice (户主 masked, stars, no ranking) and
the results of closed selections."""

from django.db.models import OuterRef, Subquery

from xiangzhi.people.models import Relation, Resident
from xiangzhi.people.masking import mask_name

from .models import HouseholdRating, RatingState, RoundState, SelectionRound
from .selections import results

RECENT_ROUNDS = 3


def _head_name():
    return Subquery(
        Resident.objects.filter(household=OuterRef("household"), relation=Relation.HEAD).values("name")[:1]
    )


def notice_context(village):
    # Ordered by household, never by stars: the notice is not a ranking.
    ratings = list(
        HouseholdRating.objects.filter(region_id=village.code, state=RatingState.NOTICE)
        .select_related("cycle").annotate(head_name=_head_name()).order_by("cycle_id", "household_id")
    )
    rounds = list(
        SelectionRound.objects.filter(region_id=village.code, state=RoundState.CLOSED)
        .order_by("-closed_at", "-id")[:RECENT_ROUNDS]
    )
    if not ratings and not rounds:
        return None
    for rating in ratings:
        rating.head_masked = mask_name(rating.head_name or "")
    closed = []
    for selection_round in rounds:
        rows = results(selection_round)
        for row in rows:
            row.nominee_masked = mask_name(row.nominee.name)
        closed.append((selection_round, rows))
    return {"notices": ratings, "closed_rounds": closed}
