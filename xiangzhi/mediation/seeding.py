"""Demo data: the demo village's and township's 人民调解委员会, formed through the real action.
Idempotent: a committee already registered under that name is left as it is."""

from datetime import timedelta

from django.utils import timezone

from .committee_actions import form_committee
from .models import Committee

DEMO_MEMBERS = [
    {"role": "chair", "name": "韦志明"},
    {"role": "vice_chair", "name": "蒙秀兰"},
    {"role": "member", "name": "覃德福"},
    {"role": "member", "name": "黄丽萍"},
    {"role": "member", "name": "莫建华"},
]


def seed_committees(village, township, user):
    """Form the village's and the township's committees (user: a township or county official);
    returns the number formed now."""
    formed = 0
    start = timezone.localdate() - timedelta(days=400)
    for region, kind in ((village, "village"), (township, "township")):
        name = f"{region.name}人民调解委员会"
        if not Committee.objects.filter(region=region, name=name).exists():
            form_committee(user, kind=kind, region_code=region.code, name=name, term_start=start,
                           members=DEMO_MEMBERS)
            formed += 1
    return formed
