"""Indicators over designations (称号), and the two pieces every module's indicators use to
answer per village: the village a record belongs to, and the filter to the units asked for.

Records kept at a 屯 or a grid carry a 15-digit code that starts with their village's 12 digits,
so a village's records are grouped by the first 12 characters of the code.
"""

from functools import reduce
from operator import or_

from django.db.models import Q
from django.db.models.functions import Substr
from django.urls import reverse
from django.utils.http import urlencode

from xiangzhi.core.scope import prefix_q
from xiangzhi.customs.queries import CIVILIZED_LEVELS
from xiangzhi.targets.registry import UNITS, Indicator, register

from .models import CODE_LENGTHS, Designation, DesignationTitle, Level

VILLAGE_LENGTH = CODE_LENGTHS[Level.VILLAGE]


def village_of(field="region_id"):
    """The village code of a record kept at a village, 屯 or grid (an expression to group by)."""
    return Substr(field, 1, VILLAGE_LENGTH)


def in_units(field, codes):
    """The records under the unit codes asked for; every record when `codes` is None."""
    if codes is None:
        return Q()
    if not codes:
        return Q(pk__in=[])
    return reduce(or_, (prefix_q(field, code) for code in codes))


def in_force_at_end(period):
    """Designations granted by the period's last day and not revoked by then."""
    return Q(granted_on__lte=period.last) & (Q(revoked_on__isnull=True) | Q(revoked_on__gt=period.last))


def civilised_villages(period, codes):
    """{village: 1} for the villages holding a 文明村镇 title of county level or above (the
    移风易俗 module's rule) in force at the end of the period."""
    rows = (
        Designation.objects.filter(in_force_at_end(period), in_units("region_id", codes),
                                   title=DesignationTitle.CIVILIZED_VILLAGE, level__in=CIVILIZED_LEVELS)
        .values_list("region_id", flat=True).distinct()
    )
    return {code: 1 for code in rows if len(code) == VILLAGE_LENGTH}


def designations_url(title):
    def records_url(region_code, period):
        return f"{reverse('regions:designations')}?{urlencode({'title': title})}"

    return records_url


register(Indicator(
    key="moral.civilised_villages", title="县级以上文明村镇占比", module="regions", kind=UNITS,
    compute=civilised_villages, records_url=designations_url(DesignationTitle.CIVILIZED_VILLAGE),
    description="期末仍有效的县级及以上“文明村镇”称号的村，占全部村的比例。",
))
