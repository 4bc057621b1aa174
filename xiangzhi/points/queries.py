"""Reads: households and balances within a user's reach."""

from django.db.models import IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _

from xiangzhi.people.models import Household, Relation, Resident

from .models import PointsEntry

VIEW = "points.view"


def head_name_subquery(household_ref="pk"):
    return Subquery(
        Resident.objects.filter(household=OuterRef(household_ref), relation=Relation.HEAD).values("name")[:1]
    )


def balance_subquery():
    return Coalesce(
        Subquery(
            PointsEntry.objects.filter(household=OuterRef("pk")).order_by().values("household")
            .annotate(total=Sum("points")).values("total")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def households_with_balances(user, capability=VIEW):
    """Households in reach, with `head_name` and `points_balance`, in registry order (never by points)."""
    return (
        Household.objects.visible_to(user, capability).select_related("region")
        .annotate(head_name=head_name_subquery(), points_balance=balance_subquery()).order_by("region_id", "id")
    )


def get_household_for_user(user, pk, capability=VIEW):
    household = households_with_balances(user, capability).filter(pk=pk).first() if str(pk).isdigit() else None
    if household is None:
        raise Http404(_("未找到该户。"))
    return household
