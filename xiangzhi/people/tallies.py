"""Keeping VillageTally in step: every action that adds, removes or moves people calls this."""

from django.db.models import F

from .models import VillageTally


def adjust_tally(village_code, *, households=0, residents=0):
    """Add to a village's counts inside the caller's transaction; safe under concurrency (F())."""
    if not households and not residents:
        return
    VillageTally.objects.get_or_create(village_id=village_code)
    VillageTally.objects.filter(village_id=village_code).update(
        households=F("households") + households, residents=F("residents") + residents
    )
