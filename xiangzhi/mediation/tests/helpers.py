from xiangzhi.mediation import actions
from xiangzhi.mediation.models import Dispute
from xiangzhi.people import citizen_id

A1 = "450321100200"
TOWNSHIP_A = "450321100"
COUNTY = "450321"
OUTSIDER_ID = citizen_id.make("450321", __import__("datetime").date(1980, 5, 6), 7, "male")

PARTIES = [
    {"role": "applicant", "name": "张大山", "phone": "13800001234", "id_number": OUTSIDER_ID},
    {"role": "respondent", "name": "李小河", "phone": "", "id_number": ""},
]


def intake(user, venue=A1, **overrides):
    data = {
        "venue_code": venue, "dispute_type": "homestead", "summary": "两户宅基地界址争议",
        "parties": PARTIES, "amount_fen": 500000,
    }
    data.update(overrides)
    return actions.intake_dispute(user, **data)


def fresh(dispute):
    return Dispute.objects.get(pk=dispute.pk)


MEMBERS = [
    {"role": "chair", "name": "韦主任"},
    {"role": "vice_chair", "name": "蒙副主任"},
    {"role": "member", "name": "覃委员"},
]


def committee(user, region=A1, name="矮山村人民调解委员会", kind="village", term_start=None, members=MEMBERS):
    """A registered committee in its term (formed a year ago unless told otherwise)."""
    from datetime import timedelta

    from django.utils import timezone

    from xiangzhi.mediation import committee_actions

    return committee_actions.form_committee(
        user, kind=kind, region_code=region, name=name, members=members,
        term_start=term_start or timezone.localdate() - timedelta(days=365),
    )


def resident(name="韦国强", region="450321100200001", serial=11):
    """A resident of the registry (矮山屯 by default) with a valid citizen ID."""
    from datetime import date

    from xiangzhi.people.models import Household, Resident

    home = Household.objects.create(region_id=region, number=f"H-{serial}")
    number = citizen_id.make("450321", date(1975, 4, 2), serial, "male")
    return Resident.objects.create(
        household=home, region_id=region, name=name, relation="head", gender="male",
        birth_date=date(1975, 4, 2), id_number=number, id_number_index=citizen_id.index(number),
    )
