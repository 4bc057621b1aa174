"""积分超市 activity: the households of a village that redeemed goods in the period (counted in the
household's village, whichever shop served it)."""

from django.db.models import Count
from django.urls import reverse

from xiangzhi.points.indicators import households_by_village
from xiangzhi.regions.indicators import in_units, village_of
from xiangzhi.targets.registry import RATIO, Indicator, register

from .models import Redemption, RedemptionState


def redemption_activity(period, codes):
    """Households with a redemption (not cancelled) in the period / households registered by its end."""
    redeemed = (
        Redemption.objects.filter(in_units("village_id", codes), created_at__gte=period.starts,
                                  created_at__lt=period.ends)
        .exclude(state=RedemptionState.CANCELLED)
        .annotate(unit=village_of("village_id")).values("unit").order_by()
        .annotate(n=Count("household_id", distinct=True))
    )
    seen = {row["unit"]: row["n"] for row in redeemed}
    return {village: (seen.get(village, 0), total) for village, total in households_by_village(period, codes).items()}


def shops_url(region_code, period):
    return reverse("shop:shops")


register(Indicator(
    key="shop.redemption_activity", title="在爱心超市兑换的农户占比", module="shop", kind=RATIO,
    compute=redemption_activity, records_url=shops_url,
    description="期末已登记的农户中，本期在积分超市兑换过(未取消)商品的比例。",
))
