"""Demo data of the rule-of-law module for `seed_demo --county`, written through the real actions:
the demo village's and township's 人民调解委员会, a legal advisor for every village of the demo
township but one (so the coverage page has a gap to show), the demo village's 三官一律, two
法律明白人 with a training, 法治文化宣传阵地 in most villages of the township, a 送法下乡 activity and
two disputes taken in at the village platform. Idempotent: a township whose demo village already
has an advisor is left alone."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from xiangzhi.legal import actions as legal
from xiangzhi.legal.models import ActivityKind, LegalAdvisor, RosterRole, SiteKind
from xiangzhi.mediation import actions as mediation
from xiangzhi.mediation.models import DisputeType
from xiangzhi.mediation.seeding import seed_committees
from xiangzhi.people.models import Resident
from xiangzhi.regions.models import Region

ROSTER = [
    (RosterRole.POLICE, "黎建国", "阳朔镇派出所"),
    (RosterRole.JUDGE, "莫晓云", "阳朔县人民法院阳朔法庭"),
    (RosterRole.OFFICIAL, "覃海燕", "村民委员会"),
    (RosterRole.LAWYER, "赵立群", "广西漓江律师事务所"),
]
SITE_KINDS = [SiteKind.BOARD, SiteKind.CORRIDOR, SiteKind.SQUARE, SiteKind.LIBRARY]


def _photo(name):
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (180, 40, 40)).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def seed_law(village, township, *, cadre, township_official, county_official):
    """{"committees": n, "advisors": n, "literates": n, "sites": n, "disputes": n} written now."""
    made = {"committees": 0, "advisors": 0, "literates": 0, "sites": 0, "disputes": 0}
    made["committees"] = seed_committees(village, township, county_official)
    if LegalAdvisor.objects.filter(region_id=village.code).exists():
        return made
    today = timezone.localdate()
    villages = list(Region.objects.within(township.code).villages().order_by("code"))
    for number, place in enumerate(villages):
        if number < len(villages) - 1:  # the last village shows up as the township's gap
            legal.set_advisor(township_official, place.code, name=f"法律顾问{number + 1:02d}",
                              firm="广西漓江律师事务所", phone=f"1390773{number:04d}")
            made["advisors"] += 1
        if number % 5 != 4:  # four villages in five have a publicity site
            legal.add_site(township_official, place.code, kind=SITE_KINDS[number % len(SITE_KINDS)],
                           name=f"{place.name}法治宣传栏", photo=_photo(f"site-{number}.jpg"))
            made["sites"] += 1
    for role, name, unit in ROSTER:
        legal.set_roster_member(cadre, village.code, role, name=name, unit=unit, phone="07738822110")
    residents = list(Resident.objects.filter(region__prefix=village.code).order_by("pk")[:4])
    for resident in residents[:2]:
        literate = legal.register_literate(cadre, resident, trained_on=today - datetime.timedelta(days=90))
        legal.add_training(cadre, literate, date=today - datetime.timedelta(days=30), topic="民法典婚姻家庭编",
                           hours=4)
        made["literates"] += 1
    legal.log_activity(cadre, village.code, kind=ActivityKind.LAW_TO_COUNTRYSIDE,
                       date=today - datetime.timedelta(days=20), place="村委会广场", topic="民法典宣讲",
                       attendance=86)
    if len(residents) >= 4:
        for (applicant, respondent), kind, summary in (
            ((residents[0], residents[1]), DisputeType.NEIGHBOURS, "相邻排水沟堵塞引发争执,双方要求村里协调。"),
            ((residents[2], residents[3]), DisputeType.HOMESTEAD, "宅基地界址不清,建房时发生争议。"),
        ):
            mediation.intake_dispute(
                cadre, venue_code=village.code, dispute_type=kind, summary=summary,
                parties=[{"role": "applicant", "resident_id": applicant.pk},
                         {"role": "respondent", "resident_id": respondent.pk}],
            )
            made["disputes"] += 1
    return made
