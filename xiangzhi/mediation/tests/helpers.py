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
