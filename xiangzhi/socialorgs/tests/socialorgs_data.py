"""Shared test data: valid credit codes, a registered organisation, a second county."""

import datetime

from conftest import make_user
from xiangzhi.regions.models import Region
from xiangzhi.socialorgs import actions
from xiangzhi.socialorgs.credit_code import check_character

COUNTY = "450321"
TOWNSHIP_A, TOWNSHIP_B = "450321100", "450321101"
VILLAGE_A1, VILLAGE_A2, VILLAGE_B1 = "450321100200", "450321100202", "450321101200"


def code(serial, county=COUNTY, kind_digit="1"):
    first17 = f"5{kind_digit}{county}MJ{serial:07d}"
    return first17 + check_character(first17)


def organisation_data(serial=1, **changes):
    return {
        "name": f"阳朔县志愿者协会{serial}", "kind": "volunteer", "credit_code": code(serial),
        "registration_authority": "阳朔县民政局", "registered_on": "2020-05-01", "legal_representative": "韦明",
        "contact_phone": "13877300001", **changes,
    }


def register(actor, region=COUNTY, serial=1, villages=(VILLAGE_A1,), **changes):
    return actions.register_organisation(actor, region, villages=list(villages),
                                         **organisation_data(serial, **changes))


def other_county():
    """临桂区 with one township and village, and its county official."""
    Region.objects.create(code="450322", name="临桂区", level="county", parent_id="4503")
    Region.objects.create(code="450322100", name="临桂镇", level="township", parent_id="450322")
    Region.objects.create(code="450322100200", name="临桂村委会", level="village", parent_id="450322100")
    return make_user("county_lingui", "county_department", "450322", department="civil_affairs")


def project_data(provider, **changes):
    return {
        "title": "阳朔镇社工站运营", "department": "阳朔县民政局", "provider": provider, "budget": "120,000.50",
        "starts_on": "2024-01-01", "ends_on": "2024-12-31", "served": [TOWNSHIP_A, VILLAGE_B1],
        "deliverables": "驻站社工 3 名\n入户探访 40 户次/月\n", **changes,
    }


YESTERDAY = datetime.date.today() - datetime.timedelta(days=1)
