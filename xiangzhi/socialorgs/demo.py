"""Demo data of the social-organisation app for `seed_demo`: four organisations of the demo
county with real GB 32100 check characters, an activity in the demo village, a 政府购买服务
project taken from planned to accepted, and a 社会工作服务站 in the demo township. Written
through the app's actions; a second call writes nothing.

The acceptance must be taken by someone other than the person who registered the project, so
the demo keeps a second county civil-affairs account (the 验收 colleague), created through the
account actions like every demo account."""

import datetime

from xiangzhi.accounts import actions as account_actions
from xiangzhi.accounts.models import Department, Role, User
from xiangzhi.core.demo import PASSWORD, TERM_START, demo_username

from . import actions, purchases
from .credit_code import check_character
from .models import Activity, OrganisationKind, PurchaseProject, SocialOrganisation, SocialWorkStation

# (name pattern, kind, GB 32100 organisation-type digit: 1 社会团体, 2 民办非企业单位, 3 基金会,
# registered at "county" or "township", serial)
ORGANISATIONS = (
    ("{county}乡村振兴促进会", OrganisationKind.REVITALISATION, "1", "county", 1),
    ("{township}文体协会", OrganisationKind.CULTURE_SPORTS, "1", "township", 2),
    ("{county}志愿者协会", OrganisationKind.VOLUNTEER, "1", "county", 3),
    ("{county}启航社会工作服务中心", OrganisationKind.SOCIAL_WORK, "2", "county", 4),
)
PROJECT_DELIVERABLES = ["驻站社工不少于 3 名", "每月开展入户探访不少于 40 户次", "建立困难群众服务台账"]


def demo_credit_code(kind_digit, county_code, serial):
    """5 (民政) + type + the county's division code + a 9-character organisation code + check."""
    first17 = f"5{kind_digit}{county_code}MJ{serial:07d}"
    return first17 + check_character(first17)


def _acceptance_colleague(county):
    username = f"{demo_username(Role.COUNTY_DEPARTMENT, county.code)}_2"
    user = User.objects.filter(username=username).first()
    if user is None:
        user = account_actions.create_user(None, username, password=PASSWORD, region_code=county.code,
                                           full_name="民政局验收人")
        account_actions.add_post(None, user, Role.COUNTY_DEPARTMENT, county, department=Department.CIVIL_AFFAIRS,
                                 starts_on=TERM_START)
    return user


def seed_demo(places, user_for):
    county, township, village = places["county"], places["township"], places["village"]
    county_user = user_for(Role.COUNTY_DEPARTMENT)
    township_user = user_for(Role.TOWNSHIP_OFFICIAL)
    counts = {"organisations": 0, "activities": 0, "projects": 0, "stations": 0}
    organisations = []
    for pattern, kind, kind_digit, where, serial in ORGANISATIONS:
        code = demo_credit_code(kind_digit, county.code, serial)
        organisation = SocialOrganisation.objects.filter(credit_code=code).first()
        if organisation is None:
            region = county if where == "county" else township
            organisation = actions.register_organisation(
                county_user, region.code, name=pattern.format(county=county.name, township=township.name),
                kind=kind, credit_code=code, registration_authority=f"{county.name}民政局",
                registered_on=datetime.date(2019, 3, serial), legal_representative=f"韦{'明红军芳'[serial - 1]}",
                contact_phone=f"1387730{serial:04d}", villages=[village.code])
            counts["organisations"] += 1
        organisations.append(organisation)
    volunteers, social_work = organisations[2], organisations[3]

    title = "关爱留守老人和儿童志愿服务"
    if not Activity.objects.filter(organisation=volunteers, region=village, title=title).exists():
        actions.record_activity(township_user, volunteers, village.code, date=datetime.date(2024, 6, 1),
                                title=title, participants=36, description="上门探访留守老人,为留守儿童开展课业辅导。")
        counts["activities"] += 1

    project_title = f"{township.name}社会工作服务站运营项目"
    if not PurchaseProject.objects.filter(region=county, title=project_title).exists():
        project = purchases.create_project(
            county_user, county.code, title=project_title, department=f"{county.name}民政局", provider=social_work,
            budget="300000", starts_on=datetime.date(2024, 1, 1), ends_on=datetime.date(2024, 12, 31),
            served=[township.code], deliverables=PROJECT_DELIVERABLES)
        purchases.advance_project(county_user, project, "contract", comment="合同编号 MZ-2024-017")
        purchases.advance_project(county_user, project, "begin")
        purchases.accept_project(
            _acceptance_colleague(county), project, passed=True, accepted_on=datetime.date(2025, 1, 10),
            result="服务成果全部达成,群众满意度 96%。", deliverables_met=range(len(PROJECT_DELIVERABLES)))
        counts["projects"] += 1

    if not SocialWorkStation.objects.filter(region=township, closed_on__isnull=True).exists():
        actions.open_station(township_user, township.code, name=f"{township.name}社会工作服务站",
                             opened_on=datetime.date(2024, 1, 15), staff_count=3, operator=social_work)
        counts["stations"] += 1
    return counts
