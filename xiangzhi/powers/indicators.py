"""小微权力 cases concluded within their time limit (the case's 办结期限, set from the item's
办理时限 when the case was accepted — cases.limit_deadline), per village."""

from django.db.models import Count, F, Q
from django.urls import reverse

from xiangzhi.regions.indicators import in_units, village_of
from xiangzhi.targets.registry import RATIO, Indicator, register

from .models import CaseState, PowerCase


def cases_on_time(period, codes):
    """Cases concluded in the period: concluded by their overall deadline / concluded."""
    rows = (
        PowerCase.objects.filter(in_units("region_id", codes), state=CaseState.CONCLUDED,
                                 concluded_at__gte=period.starts, concluded_at__lt=period.ends)
        .annotate(village=village_of()).values("village").order_by()
        .annotate(on_time=Count("id", filter=Q(concluded_at__lte=F("overall_deadline"))), concluded=Count("id"))
    )
    return {row["village"]: (row["on_time"], row["concluded"]) for row in rows}


def cases_url(region_code, period):
    return reverse("powers:case_list")


register(Indicator(
    key="powers.cases_on_time", title="小微权力事项按期办结率", module="powers", kind=RATIO,
    compute=cases_on_time, records_url=cases_url,
    description="本期办结的小微权力案件中，在办结期限(按事项办理时限计算)内办结的比例。",
))
