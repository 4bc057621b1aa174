"""建有社会工作服务站的乡镇占比: a township counts when a station of it was open on the
period's last day (opened by then, not closed by then)."""

from django.urls import reverse
from django.utils.http import urlencode

from xiangzhi.regions.indicators import in_units
from xiangzhi.regions.models import CODE_LENGTHS, Level
from xiangzhi.targets.registry import UNITS, Indicator, register

from .models import SocialWorkStation

TOWNSHIP_LENGTH = CODE_LENGTHS[Level.TOWNSHIP]


def townships_with_station(period, codes):
    rows = (SocialWorkStation.objects.filter(in_units("region_id", codes)).open_on(period.last)
            .values_list("region_id", flat=True).distinct())
    return {code: 1 for code in rows if len(code) == TOWNSHIP_LENGTH}


def coverage_url(region_code, period):
    return f"{reverse('socialorgs:stations')}?{urlencode({'region': region_code})}"


register(Indicator(
    key="socialorgs.social_work_station_coverage", title="建有社会工作服务站的乡镇占比", module="socialorgs",
    kind=UNITS, level=Level.TOWNSHIP, compute=townships_with_station, records_url=coverage_url,
    description="期末仍在运行(已建站且未撤站)的乡镇社会工作服务站所在乡镇，占全部乡镇的比例。",
))
