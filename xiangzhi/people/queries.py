from django.db.models import Sum

from .models import Household, Resident, ResidentStatus, VillageTally


def population_under(region):
    """Households and residents in a region, from the per-village tallies (a grid counts its own)."""
    if region.is_grid:
        return {
            "households": Household.objects.filter(grid=region).count(),
            "residents": Resident.objects.filter(household__grid=region, status=ResidentStatus.PRESENT).count(),
        }
    if region.is_below_village:
        return {
            "households": Household.objects.within(region.code).count(),
            "residents": Resident.objects.within(region.code).present().count(),
        }
    totals = VillageTally.objects.filter(village__prefix=region.code).aggregate(
        households=Sum("households"), residents=Sum("residents")
    )
    return {key: value or 0 for key, value in totals.items()}
