"""party.star_organisations: the share of village party organisations rated three stars or more.

Per village and year: numerator = the village's organisations whose evaluation of the year the
county has rated (已定级) with ≥ 3 stars; denominator = its organisations with a rated evaluation
of the year. Organisations not yet rated are in neither."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.http import urlencode

from xiangzhi.regions.indicators import in_units
from xiangzhi.targets.registry import RATIO, Indicator, register

from .models import Evaluation

GOOD_STARS = 3


def star_organisations(period, codes):
    rows = (Evaluation.objects.rated().filter(in_units("region_id", codes), year=period.year)
            .values("region_id").annotate(good=Count("id", filter=Q(stars__gte=GOOD_STARS)), rated=Count("id")))
    return {row["region_id"]: (row["good"], row["rated"]) for row in rows}


def evaluations_url(region_code, period):
    return f"{reverse('partyrating:overview')}?{urlencode({'region': region_code, 'year': period.year})}"


register(Indicator(
    key="party.star_organisations", title="三星级以上村党组织占比", module="partyrating", kind=RATIO,
    compute=star_organisations, records_url=evaluations_url,
    description="年度内经县级审核定级的村党组织中，评定为三星级及以上的比例；尚未定级的不计入分子分母。",
))
