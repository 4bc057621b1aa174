"""Reads, scoped: staff see their shops through `visible_to`; a villager sees the shops that
serve their own household, and their household's redemptions."""

from django.db.models import Q
from django.http import Http404

from .models import Goods, Redemption, Shop

VIEW = "shop.view"


def own_household(user):
    """The household of the resident the user is, or None."""
    resident = getattr(user, "resident", None) if getattr(user, "is_authenticated", False) else None
    if resident is None or not resident.is_present:
        return None
    return resident.household


def serving_region_codes(household):
    """The village and township codes whose shops serve a household."""
    code = household.region_id
    return [code[:12], code[:9]]


def shops_serving(household):
    return Shop.objects.filter(region_id__in=serving_region_codes(household), active=True)


def visible_shops(user):
    queryset = Shop.objects.visible_to(user)
    household = own_household(user)
    if household is not None:
        queryset = queryset | Shop.objects.filter(region_id__in=serving_region_codes(household))
    return queryset.distinct()


def visible_goods(user):
    queryset = Goods.objects.visible_to(user)
    household = own_household(user)
    if household is not None:
        queryset = queryset | Goods.objects.filter(region_id__in=serving_region_codes(household))
    return queryset.distinct()


def visible_redemptions(user):
    household = own_household(user)
    query = Q(pk__in=Redemption.objects.visible_to(user).values("pk"))
    if household is not None:
        query |= Q(household=household)
    return Redemption.objects.filter(query)


def get_shop_for_user(user, pk):
    shop = visible_shops(user).filter(pk=pk).select_related("region").first()
    if shop is None:
        raise Http404
    return shop


def get_goods_for_user(user, pk):
    goods = visible_goods(user).filter(pk=pk).select_related("shop").first()
    if goods is None:
        raise Http404
    return goods


def get_redemption_for_user(user, pk):
    redemption = visible_redemptions(user).filter(pk=pk).select_related(
        "shop", "goods", "household", "entry").first()
    if redemption is None:
        raise Http404
    return redemption


def household_for_staff(user, pk):
    """A household a cadre may redeem for: in reach of their shop.redeem posts."""
    from xiangzhi.people.models import Household

    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    household = Household.objects.visible_to(user, "shop.redeem").filter(pk=pk).select_related("region").first()
    if household is None:
        raise Http404
    return household
