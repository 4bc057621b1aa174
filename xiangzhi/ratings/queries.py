"""Reads, scoped: cadres and officials see their region's ratings and selections; a villager sees
what is public in their village (ratings on notice or awarded, their own household's rating,
selection rounds)."""

from django.db.models import Q
from django.http import Http404

from xiangzhi.accounts.permissions import posts_with_capability
from xiangzhi.core.scope import prefix_q

from .household_ratings import SELF_REPORT
from .models import HouseholdRating, Nomination, Objection, RatingCycle, RatingState, Sanction, SelectionRound
from .selections import VOTE

PUBLIC_STATES = (RatingState.NOTICE, RatingState.AWARDED)


def _villages_of(user, capability):
    return [post.region_id for post in posts_with_capability(user, capability)]


def _any_prefix(field, codes):
    query = Q()
    for code in codes:
        query |= prefix_q(field, code)
    return query


def visible_cycles(user):
    villages = _villages_of(user, SELF_REPORT)
    queryset = RatingCycle.objects.visible_to(user)
    if villages:
        queryset = RatingCycle.objects.filter(Q(pk__in=queryset.values("pk")) | _any_prefix("region", villages))
    return queryset


def visible_ratings(user):
    queryset = HouseholdRating.objects.visible_to(user)
    villages = _villages_of(user, SELF_REPORT)
    if villages:
        own = getattr(user, "resident", None)
        villager = _any_prefix("region", villages) & Q(state__in=PUBLIC_STATES)
        if own is not None:
            villager |= Q(household_id=own.household_id) & _any_prefix("region", villages)
        queryset = HouseholdRating.objects.filter(Q(pk__in=queryset.values("pk")) | villager)
    return queryset


def visible_rounds(user):
    queryset = SelectionRound.objects.visible_to(user)
    villages = _villages_of(user, VOTE)
    if villages:
        queryset = SelectionRound.objects.filter(Q(pk__in=queryset.values("pk")) | _any_prefix("region", villages))
    return queryset


def _get(queryset, pk):
    if not isinstance(pk, int):
        raise Http404
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def get_cycle_for_user(user, pk):
    return _get(visible_cycles(user).select_related("region"), pk)


def get_rating_for_user(user, pk):
    return _get(visible_ratings(user).select_related("cycle", "household", "region"), pk)


def get_objection_for_user(user, pk):
    return _get(Objection.objects.visible_to(user).select_related("rating"), pk)


def get_round_for_user(user, pk):
    return _get(visible_rounds(user).select_related("region"), pk)


def get_nomination_for_user(user, pk):
    found = _get(Nomination.objects.select_related("round", "nominee"), pk)
    if not visible_rounds(user).filter(pk=found.round_id).exists():
        raise Http404
    return found


def visible_sanctions(user):
    return Sanction.objects.visible_to(user).select_related("resident")
