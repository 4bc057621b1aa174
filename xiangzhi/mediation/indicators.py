"""Mediation measured per village where the dispute arose, over the disputes concluded in the period:
矛盾不上行 (settled by agreement without a hand-off upward, as on the boards) and 最多跑一地."""

from django.db.models import Count
from django.db.models.functions import Length
from django.urls import reverse
from django.utils.http import urlencode

from xiangzhi.regions.indicators import VILLAGE_LENGTH, in_units, village_of
from xiangzhi.targets.registry import RATIO, Indicator, register

from .models import FINAL_STATES, Dispute, DisputeState, HandOff
from .queries import VENUE_TARGET


def _concluded(period, codes):
    """Disputes concluded in the period that arose in a village (or below): one row each."""
    return (
        Dispute.objects.filter(in_units("region_id", codes), state__in=FINAL_STATES,
                               closed_at__gte=period.starts, closed_at__lt=period.ends)
        .annotate(code_length=Length("region_id"), village=village_of())
        .filter(code_length__gte=VILLAGE_LENGTH)
    )


def resolved_locally(period, codes):
    """Agreed without being handed up (HandOff.goes_up) / concluded."""
    concluded = _concluded(period, codes)
    rows = list(concluded.values_list("pk", "village", "state"))
    handed_up = {
        handoff.dispute_id
        for handoff in HandOff.objects.filter(dispute__in=concluded.values("pk")).only(
            "dispute_id", "from_region_id", "to_region_id")
        if handoff.goes_up
    }
    result = {}
    for pk, village, state in rows:
        kept, total = result.get(village, (0, 0))
        result[village] = (kept + (state == DisputeState.AGREED and pk not in handed_up), total + 1)
    return result


def one_venue(period, codes):
    """Concluded disputes whose parties went to at most VENUE_TARGET place(s) / concluded."""
    rows = _concluded(period, codes).annotate(venues=Count("visits__venue", distinct=True)).values_list(
        "village", "venues")
    result = {}
    for village, venues in rows:
        kept, total = result.get(village, (0, 0))
        result[village] = (kept + (venues <= VENUE_TARGET), total + 1)
    return result


def disputes_url(region_code, period):
    return f"{reverse('mediation:list')}?{urlencode({'show': 'all'})}"


register(Indicator(
    key="mediation.resolved_locally", title="矛盾纠纷就地化解率(矛盾不上行)", module="mediation", kind=RATIO,
    compute=resolved_locally, records_url=disputes_url,
    description="本期结案的矛盾纠纷(按纠纷发生村统计)中，调解成功且未向上级移交的比例。",
))
register(Indicator(
    key="mediation.one_venue", title="最多跑一地占比", module="mediation", kind=RATIO,
    compute=one_venue, records_url=disputes_url,
    description=f"本期结案的矛盾纠纷中，当事人到访不超过 {VENUE_TARGET} 处的比例。",
))
