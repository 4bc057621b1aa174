"""信访代办 replied within the handling deadline, and the county 矛调中心 built to standard."""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from xiangzhi.regions.indicators import in_units
from xiangzhi.regions.models import CODE_LENGTHS, Level
from xiangzhi.targets.registry import RATIO, UNITS, Indicator, register

from .models import Centre, CentreKind, Petition, PetitionState

COUNTY_LENGTH = CODE_LENGTHS[Level.COUNTY]


def county_centre_standardised(period, codes):
    """{county: 1} when the county's 矛盾纠纷调处化解中心 was standardised by the period's last day."""
    rows = (
        Centre.objects.filter(in_units("region_id", codes), kind=CentreKind.MEDIATION, standardised=True,
                              standardised_on__lte=period.last)
        .values_list("region_id", flat=True)
    )
    return {code: 1 for code in rows if len(code) == COUNTY_LENGTH}


def petitions_on_time(period, codes, today=None):
    """Petitions replied in writing in the period, plus those accepted whose handling deadline
    passed in the period without a reply: replied by the deadline (Petition.handling_due, with
    its extension) / all of them."""
    today = today or timezone.localdate()
    replied = Q(replied_on__range=(period.first, period.last))
    late_open = Q(state=PetitionState.ACCEPTED, due_on__range=(period.first, period.last), due_on__lt=today)
    rows = (
        Petition.objects.filter(in_units("region_id", codes)).filter(replied | late_open)
        .only("region_id", "accepted_on", "extension_days", "replied_on")
    )
    result = {}
    for petition in rows.iterator(chunk_size=2000):
        on_time, due = result.get(petition.region_id, (0, 0))
        deadline = petition.handling_due
        in_time = petition.replied_on is not None and deadline is not None and petition.replied_on <= deadline
        result[petition.region_id] = (on_time + in_time, due + 1)
    return result


def petitions_url(region_code, period):
    return reverse("petitions:petition_list")


def centres_url(region_code, period):
    return reverse("petitions:centres")


register(Indicator(
    key="petitions.county_centre_standardised", title="县级矛调中心规范化建设率", module="petitions", kind=UNITS,
    level=Level.COUNTY, compute=county_centre_standardised, records_url=centres_url,
    description="期末前已完成规范化建设的县级矛盾纠纷调处化解中心，占全部县的比例。",
))
register(Indicator(
    key="petitions.on_time", title="信访代办按期办结率", module="petitions", kind=RATIO,
    compute=petitions_on_time, records_url=petitions_url,
    description="本期书面答复的信访事项，及办理期限在本期届满仍未答复的事项中，在期限(含延期)内答复的比例。",
))
