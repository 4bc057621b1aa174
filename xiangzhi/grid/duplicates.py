"""Possible duplicates of an event, suggested when it is reported and to the dispatcher.

A candidate is an open event of the same category in the same county, reported within
DUPLICATE_WINDOW_HOURS of it, and either within DUPLICATE_DISTANCE_METRES of its point or,
when either has no point, at the same place (屯, grid or village). Both limits are settings
(GRID_DUPLICATE_DISTANCE_METRES, GRID_DUPLICATE_WINDOW_HOURS).
"""

import math
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from .models import Event, EventState

DUPLICATE_DISTANCE_METRES = getattr(settings, "GRID_DUPLICATE_DISTANCE_METRES", 200)
DUPLICATE_WINDOW_HOURS = getattr(settings, "GRID_DUPLICATE_WINDOW_HOURS", 72)
CLOSED_STATES = (EventState.CLOSED, EventState.MERGED)
EARTH_RADIUS_METRES = 6_371_000
METRES_PER_DEGREE = math.pi * EARTH_RADIUS_METRES / 180


def distance_metres(lat1, lon1, lat2, lon2):
    """Great-circle distance (haversine)."""
    lat1, lon1, lat2, lon2 = (math.radians(float(value)) for value in (lat1, lon1, lat2, lon2))
    a = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_METRES * math.asin(math.sqrt(a))


def _values(event_or_values):
    if isinstance(event_or_values, Event):
        event = event_or_values
        return {
            "pk": event.pk, "category": event.category_id, "region": event.region_id,
            "latitude": event.latitude, "longitude": event.longitude, "at": event.created_at or timezone.now(),
        }
    values = dict(event_or_values)
    category = values.get("category")
    region = values.get("region")
    return {
        "pk": values.get("pk"),
        "category": getattr(category, "pk", category),
        "region": getattr(region, "code", region),
        "latitude": values.get("latitude"),
        "longitude": values.get("longitude"),
        "at": values.get("created_at") or timezone.now(),
    }


def suggest_duplicates(event_or_values, *, limit=5):
    """Open events that may report the same thing, nearest first."""
    wanted = _values(event_or_values)
    if not wanted["category"] or not wanted["region"]:
        return []
    window = timedelta(hours=DUPLICATE_WINDOW_HOURS)
    candidates = (
        Event.objects.filter(
            category_id=wanted["category"], region__prefix=wanted["region"][:6],
            created_at__gte=wanted["at"] - window, created_at__lte=wanted["at"] + window,
        )
        .exclude(state__in=CLOSED_STATES)
        .select_related("category", "region")
    )
    if wanted["pk"]:
        candidates = candidates.exclude(pk=wanted["pk"])
    has_point = wanted["latitude"] is not None and wanted["longitude"] is not None
    same_place = Q(region_id=wanted["region"])
    if has_point:
        lat, lon = Decimal(str(wanted["latitude"])), Decimal(str(wanted["longitude"]))
        lat_span = DUPLICATE_DISTANCE_METRES / METRES_PER_DEGREE
        lon_span = lat_span / max(math.cos(math.radians(float(lat))), 0.01)
        near = Q(
            latitude__range=(lat - Decimal(f"{lat_span:.6f}"), lat + Decimal(f"{lat_span:.6f}")),
            longitude__range=(lon - Decimal(f"{lon_span:.6f}"), lon + Decimal(f"{lon_span:.6f}")),
        )
        candidates = candidates.filter(near | (same_place & Q(latitude__isnull=True)))
    else:
        candidates = candidates.filter(same_place)
    found = []
    for candidate in candidates.order_by("-created_at")[: limit * 10]:
        candidate.distance_metres = None
        if has_point and candidate.latitude is not None and candidate.longitude is not None:
            candidate.distance_metres = round(
                distance_metres(wanted["latitude"], wanted["longitude"], candidate.latitude, candidate.longitude)
            )
            if candidate.distance_metres > DUPLICATE_DISTANCE_METRES:
                continue
        found.append(candidate)
    found.sort(key=lambda event: (event.distance_metres is None, event.distance_metres or 0))
    return found[:limit]
