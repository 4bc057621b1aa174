"""party.meeting_compliance: per village, the owed meeting periods of the year that were held / the
owed periods that were held or have ended, over the village's basic party units (the same calendar
the branch page shows: a period still running counts once its meeting is held, not before)."""

from collections import defaultdict

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from xiangzhi.people.models import Organisation
from xiangzhi.regions.indicators import in_units
from xiangzhi.regions.models import CODE_LENGTHS, Level
from xiangzhi.targets.registry import RATIO, Indicator, register

from .compliance import basic_units, held_and_due, owes_in

VILLAGE_LENGTH = CODE_LENGTHS[Level.VILLAGE]


def meeting_compliance(period, codes, today=None):
    today = today or timezone.localdate()
    organisations = owes_in(basic_units(Organisation.objects.filter(in_units("region_id", codes))), period.year)
    organisations = [o for o in organisations.only("pk", "region_id", "established_on", "dissolved_on")
                     if len(o.region_id) >= VILLAGE_LENGTH]
    counts = held_and_due(organisations, period.year, period.first, period.last, today=today)
    totals = defaultdict(lambda: [0, 0])
    for organisation in organisations:
        held, due = counts.get(organisation.pk, (0, 0))
        if due:
            village = organisation.region_id[:VILLAGE_LENGTH]
            totals[village][0] += held
            totals[village][1] += due
    return {village: tuple(values) for village, values in totals.items()}


def gaps_url(region_code, period):
    return f"{reverse('partylife:gaps')}?{urlencode({'region': region_code, 'year': period.year})}"


register(Indicator(
    key="party.meeting_compliance", title="三会一课按期开展率", module="partylife", kind=RATIO,
    compute=meeting_compliance, records_url=gaps_url,
    description="村党组织(党支部及没有下设支部的党总支、党委)按县定频次应开展、且已结束或已开展的会议期次中，"
                "按期开展的比例；成立前的期次，以及尚未结束、也还没有开展的期次不计入。",
))
