"""Which role may do what: the one table every permission check reads.

A capability is "<subject>.<verb>". `can(user, capability, region_code)` in
`permissions.py` is the only check; views, API endpoints and actions all call it.
Later modules add their capabilities here, next to the roles that hold them.
"""

from .models import Department, Role

VILLAGE_LEADERS = (Role.VILLAGE_SECRETARY, Role.VILLAGE_DIRECTOR, Role.VILLAGE_CADRE)
OFFICIALS = (
    Role.TOWNSHIP_OFFICIAL,
    Role.COUNTY_DEPARTMENT,
    Role.CITY_OFFICIAL,
    Role.REGION_OFFICIAL,
)

ROLE_CAPABILITIES = {
    Role.VILLAGER: {"region.view"},
    Role.PARTY_MEMBER: {"region.view"},
    Role.GRID_WORKER: {"region.view", "people.view", "people.edit"},
    Role.VILLAGE_SECRETARY: {
        "region.view", "region.manage_subunits",
        "people.view", "people.edit", "people.import", "people.export", "people.view_full_id",
        "household.transfer.request", "household.transfer.accept",
        "org.view", "org.manage",
    },
    Role.VILLAGE_DIRECTOR: {
        "region.view", "region.manage_subunits",
        "people.view", "people.edit", "people.import", "people.export",
        "household.transfer.request", "household.transfer.accept",
        "org.view", "org.manage",
    },
    Role.VILLAGE_CADRE: {
        "region.view", "region.manage_subunits",
        "people.view", "people.edit", "people.import", "people.export",
        "household.transfer.request", "household.transfer.accept",
        "org.view",
    },
    Role.VILLAGE_SUPERVISOR: {"region.view", "people.view", "org.view"},
    Role.MEDIATOR: {"region.view"},
    Role.LEGAL_ADVISOR: {"region.view"},
    Role.TOWNSHIP_OFFICIAL: {
        "region.view", "region.manage_subunits",
        "people.view", "people.edit", "people.import", "people.export", "people.view_full_id",
        "household.transfer.request", "household.transfer.accept",
        "org.view", "org.manage",
    },
    Role.COUNTY_DEPARTMENT: {
        "region.view", "people.view", "people.import", "people.export",
        "org.view", "designation.grant",
    },
    Role.CITY_OFFICIAL: {"region.view", "people.view", "org.view", "designation.grant"},
    Role.REGION_OFFICIAL: {"region.view", "people.view", "org.view", "designation.grant"},
    Role.AUDITOR: {"region.view", "audit.view"},
    Role.SYSADMIN: {"region.view", "audit.view", "post.manage"},
}

# Grid management (网格化服务管理): report, see, handle and dispatch events; configure the
# county's matrix, deadlines and calendar; log household visits.
GRID_CAPABILITIES = {
    Role.VILLAGER: {"grid.event.report"},
    Role.PARTY_MEMBER: {"grid.event.report"},
    Role.GRID_WORKER: {"grid.event.report", "grid.event.view", "grid.visit.log"},
    Role.GRID_LEADER: {"grid.event.report", "grid.event.view", "grid.visit.log", "grid.event.handle"},
    Role.VILLAGE_SECRETARY: {"grid.event.report", "grid.event.view", "grid.event.handle", "grid.visit.log", "grid.coverage.view"},
    Role.VILLAGE_DIRECTOR: {"grid.event.report", "grid.event.view", "grid.event.handle", "grid.visit.log", "grid.coverage.view"},
    Role.VILLAGE_CADRE: {"grid.event.report", "grid.event.view", "grid.event.handle", "grid.visit.log", "grid.coverage.view"},
    Role.VILLAGE_SUPERVISOR: {"grid.event.view"},
    Role.TOWNSHIP_OFFICIAL: {
        "grid.event.report", "grid.event.view", "grid.event.handle", "grid.event.dispatch", "grid.coverage.view",
    },
    Role.COUNTY_DEPARTMENT: {
        "grid.event.view", "grid.event.handle", "grid.event.dispatch", "grid.coverage.view", "grid.config",
        "grid.overview",
    },
    Role.CITY_OFFICIAL: {"grid.event.view", "grid.coverage.view", "grid.overview"},
    Role.REGION_OFFICIAL: {"grid.event.view", "grid.coverage.view", "grid.overview"},
}
for _role, _capabilities in GRID_CAPABILITIES.items():
    ROLE_CAPABILITIES.setdefault(_role, set()).update(_capabilities)
ROLE_CAPABILITIES.setdefault(Role.GRID_LEADER, set()).update(ROLE_CAPABILITIES[Role.GRID_WORKER])

# Transparency and integrity (三务公开, 小微权力, 重大事项备案, 村级三资). Villagers read
# disclosures on the public portal without a capability; signed in, they may ask questions.
_VILLAGE_WORK = {
    "disclosure.view", "disclosure.draft", "disclosure.answer",
    "finance.view", "finance.record", "asset.manage", "contract.manage",
    "power.view", "power.case.handle", "filing.view", "filing.submit", "special_audit.view", "special_audit.rectify",
}
_VILLAGE_HEADS = _VILLAGE_WORK | {"disclosure.publish", "finance.approve", "power.list.manage"}
_OVERSIGHT = {"disclosure.view", "finance.view", "power.view", "filing.view", "special_audit.view"}
TRANSPARENCY_CAPABILITIES = {
    Role.VILLAGER: {"disclosure.ask"},
    Role.PARTY_MEMBER: {"disclosure.ask"},
    Role.VILLAGE_SECRETARY: _VILLAGE_HEADS,
    Role.VILLAGE_DIRECTOR: _VILLAGE_HEADS,
    Role.VILLAGE_CADRE: _VILLAGE_WORK,
    # 村务监督委员会: counter-signs disclosures and reimbursements, follows every case.
    Role.VILLAGE_SUPERVISOR: _OVERSIGHT | {"disclosure.review", "finance.review", "power.case.supervise"},
    Role.TOWNSHIP_OFFICIAL: _OVERSIGHT | {
        "power.list.manage", "power.case.supervise", "filing.review", "special_audit.manage", "disclosure.compliance",
    },
    Role.COUNTY_DEPARTMENT: _OVERSIGHT | {
        "disclosure.catalogue", "disclosure.compliance", "power.case.supervise", "special_audit.manage", "filing.threshold",
    },
    Role.CITY_OFFICIAL: _OVERSIGHT | {"disclosure.compliance"},
    Role.REGION_OFFICIAL: _OVERSIGHT | {"disclosure.catalogue", "disclosure.compliance"},
    Role.AUDITOR: _OVERSIGHT | {"special_audit.manage"},
}
for _role, _capabilities in TRANSPARENCY_CAPABILITIES.items():
    ROLE_CAPABILITIES.setdefault(_role, set()).update(_capabilities)

# Villager self-governance (村民自治): rosters and meetings, 四议两公开, elections and village
# rules, 说议办评, and the admission of duties to villages (清单之外无事项).
_SELF_GOVERNANCE_VILLAGE = {
    "assembly.view", "assembly.manage", "matter.view", "matter.manage", "election.view", "election.manage",
    "charter.view", "charter.manage", "topic.view", "topic.handle", "duty.view", "duty.task.update",
}
_SELF_GOVERNANCE_OVERSIGHT = {
    "assembly.view", "matter.view", "matter.supervise", "election.view", "charter.view", "topic.view", "duty.view",
}
SELF_GOVERNANCE_CAPABILITIES = {
    # Villagers raise topics, rate results, sign convening and recall requests.
    Role.VILLAGER: {"topic.raise", "topic.rate", "assembly.petition"},
    Role.PARTY_MEMBER: {"topic.raise", "topic.rate", "assembly.petition"},
    Role.VILLAGE_SECRETARY: _SELF_GOVERNANCE_VILLAGE,
    Role.VILLAGE_DIRECTOR: _SELF_GOVERNANCE_VILLAGE,
    Role.VILLAGE_CADRE: _SELF_GOVERNANCE_VILLAGE,
    # 村务监督委员会: follows everything, chairs the yearly 民主评议.
    Role.VILLAGE_SUPERVISOR: {"assembly.view", "matter.view", "election.view", "charter.view", "topic.view",
                              "election.appraise"},
    Role.TOWNSHIP_OFFICIAL: _SELF_GOVERNANCE_OVERSIGHT | {
        "charter.review", "election.supervise", "duty.admission.request", "duty.task.assign",
    },
    Role.COUNTY_DEPARTMENT: _SELF_GOVERNANCE_OVERSIGHT | {
        "assembly.rules", "matter.catalogue", "election.supervise", "duty.catalogue", "duty.admission.request",
        "duty.admission.review", "duty.task.assign", "duty.burden",
    },
    Role.CITY_OFFICIAL: _SELF_GOVERNANCE_OVERSIGHT | {"duty.burden"},
    Role.REGION_OFFICIAL: _SELF_GOVERNANCE_OVERSIGHT | {"duty.burden"},
}
for _role, _capabilities in SELF_GOVERNANCE_CAPABILITIES.items():
    ROLE_CAPABILITIES.setdefault(_role, set()).update(_capabilities)

# Moral governance (德治): household points and the points shop, ratings and selections,
# 一约四会 and 红白事, volunteer service, culture. Nothing here ranks people by app usage.
_MORAL_VILLAGE = {
    "points.view", "points.propose", "points.rules", "shop.view", "shop.manage", "shop.redeem",
    "rating.view", "rating.manage", "selection.view", "selection.manage", "customs.view", "customs.manage",
    "volunteer.view", "volunteer.manage", "culture.view", "culture.manage",
}
_MORAL_OVERSIGHT = {
    "points.view", "shop.view", "rating.view", "selection.view", "customs.view", "volunteer.view", "culture.view",
}
MORAL_CAPABILITIES = {
    # Villagers see their household's points, redeem, appeal, self-report for ratings, vote in
    # selections, declare 红白事 and sign up for volunteer activities.
    Role.VILLAGER: {"points.own", "shop.redeem", "rating.self_report", "selection.vote", "customs.declare",
                    "volunteer.join"},
    Role.PARTY_MEMBER: {"points.own", "shop.redeem", "rating.self_report", "selection.vote", "customs.declare",
                        "volunteer.join"},
    Role.VILLAGE_SECRETARY: _MORAL_VILLAGE | {"points.approve"},
    Role.VILLAGE_DIRECTOR: _MORAL_VILLAGE | {"points.approve"},
    Role.VILLAGE_CADRE: _MORAL_VILLAGE,
    Role.VILLAGE_SUPERVISOR: _MORAL_OVERSIGHT,
    Role.TOWNSHIP_OFFICIAL: _MORAL_OVERSIGHT | {"shop.manage", "selection.manage", "volunteer.manage", "culture.manage"},
    Role.COUNTY_DEPARTMENT: _MORAL_OVERSIGHT | {"selection.manage", "culture.manage", "rating.criteria"},
    Role.CITY_OFFICIAL: _MORAL_OVERSIGHT,
    Role.REGION_OFFICIAL: _MORAL_OVERSIGHT,
}
for _role, _capabilities in MORAL_CAPABILITIES.items():
    ROLE_CAPABILITIES.setdefault(_role, set()).update(_capabilities)

# Rule of law and safe villages (法治): mediation, petitions by proxy, legal services, safe-village
# statistics and 民主法治示范村; special populations are seen only by the designated posts.
_LAW_VILLAGE = {
    "dispute.view", "dispute.intake", "dispute.handle", "petition.view", "petition.handle",
    "legal.view", "legal.manage", "safety.view", "democracy_village.apply",
}
_LAW_OVERSIGHT = {"dispute.view", "petition.view", "legal.view", "safety.view"}
LAW_CAPABILITIES = {
    Role.VILLAGER: {"legal.ask"},
    Role.PARTY_MEMBER: {"legal.ask"},
    Role.VILLAGE_SECRETARY: _LAW_VILLAGE,
    Role.VILLAGE_DIRECTOR: _LAW_VILLAGE,
    Role.VILLAGE_CADRE: _LAW_VILLAGE,
    Role.GRID_WORKER: {"dispute.intake"},
    Role.GRID_LEADER: {"dispute.intake"},
    Role.MEDIATOR: {"dispute.view", "dispute.intake", "dispute.handle"},
    Role.LEGAL_ADVISOR: {"legal.view", "legal.answer"},
    Role.TOWNSHIP_OFFICIAL: _LAW_OVERSIGHT | {
        "dispute.intake", "dispute.handle", "petition.handle", "legal.manage", "democracy_village.review",
        "enforcement.view",
    },
    Role.COUNTY_DEPARTMENT: _LAW_OVERSIGHT | {
        "dispute.intake", "dispute.handle", "petition.handle", "legal.manage", "democracy_village.review",
        "safety.config", "enforcement.view", "enforcement.manage", "centre.manage",
    },
    Role.CITY_OFFICIAL: _LAW_OVERSIGHT | {"democracy_village.review"},
    Role.REGION_OFFICIAL: _LAW_OVERSIGHT | {"democracy_village.review"},
}
# 人民调解委员会 register: the township (司法所) and the county form committees, change members, 换届.
for _role in (Role.TOWNSHIP_OFFICIAL, Role.COUNTY_DEPARTMENT):
    LAW_CAPABILITIES[_role] = LAW_CAPABILITIES[_role] | {"mediation.committee.manage"}
for _role, _capabilities in LAW_CAPABILITIES.items():
    ROLE_CAPABILITIES.setdefault(_role, set()).update(_capabilities)

# Party building (基层党建): organisations and members, 三会一课, star ratings and 整顿, secretary
# filing and joint vetting, talent, contact visits and 吹哨报到. Vetting results are seen only by the
# organisation department and the reviewing bodies (see DEPARTMENT_CAPABILITIES).
_PARTY_VILLAGE = {
    "party.view", "party.manage", "partylife.view", "partylife.record", "partyrating.view",
    "partyrating.self_assess", "talent.view", "talent.manage", "contact.view", "contact.visit",
    "whistle.view", "whistle.blow", "whistle.report", "partywork.view", "partywork.manage",
}
_PARTY_OVERSIGHT = {
    "party.view", "partylife.view", "partyrating.view", "talent.view", "contact.view", "whistle.view", "partywork.view",
}
PARTY_CAPABILITIES = {
    Role.PARTY_MEMBER: {"whistle.report", "party.own", "partywork.own"},
    Role.VILLAGE_SECRETARY: _PARTY_VILLAGE,
    Role.VILLAGE_DIRECTOR: _PARTY_VILLAGE - {"party.manage", "partylife.record", "partyrating.self_assess"},
    Role.VILLAGE_CADRE: _PARTY_VILLAGE - {"partyrating.self_assess"},
    Role.VILLAGE_SUPERVISOR: {"party.view", "partylife.view"},
    Role.TOWNSHIP_OFFICIAL: _PARTY_OVERSIGHT | {
        "party.manage", "partylife.record", "partyrating.review", "rectification.manage", "talent.manage",
        "contact.visit", "contact.assign", "whistle.blow", "whistle.report", "vetting.township_review",
        "secretary.file", "partywork.manage", "partywork.config", "talent.assign",
    },
    Role.COUNTY_DEPARTMENT: _PARTY_OVERSIGHT | {
        "partyrating.review", "partyrating.config", "partylife.config", "rectification.manage",
        "contact.visit", "contact.assign", "whistle.report", "talent.manage", "talent.assign", "talent.config",
        "partywork.config",
    },
    Role.CITY_OFFICIAL: _PARTY_OVERSIGHT,
    Role.REGION_OFFICIAL: _PARTY_OVERSIGHT,
}
for _role, _capabilities in PARTY_CAPABILITIES.items():
    ROLE_CAPABILITIES.setdefault(_role, set()).update(_capabilities)

# Services and collaboration (多方协同推进): the service catalogue and applications (网上办/掌上办,
# 代办), social organisations and 政府购买服务, child directors (儿童主任), village cadres' training
# and pay, pilots and demonstrations. Minors' records are seen only by their child director, the
# township's civil-affairs officer (a township post of the civil-affairs department) and their guardians.
_COLLAB_VILLAGE = {
    "service.view", "service.proxy", "service.handle", "socialorg.view", "children.coverage", "cadre.own",
    "pilot.view",
}
_COLLAB_OVERSIGHT = {"service.view", "socialorg.view", "children.coverage", "cadre.view", "pilot.view"}
COLLAB_CAPABILITIES = {
    Role.VILLAGER: {"service.apply", "children.guardian"},
    Role.PARTY_MEMBER: {"service.apply", "children.guardian"},
    Role.VILLAGE_SECRETARY: _COLLAB_VILLAGE,
    Role.VILLAGE_DIRECTOR: _COLLAB_VILLAGE,
    Role.VILLAGE_CADRE: _COLLAB_VILLAGE,
    Role.VILLAGE_SUPERVISOR: {"service.view", "cadre.own"},
    Role.CHILD_DIRECTOR: {"region.view", "children.care", "cadre.own"},
    Role.TOWNSHIP_OFFICIAL: _COLLAB_OVERSIGHT | {
        "service.handle", "socialorg.activity", "socialwork.manage", "children.appoint", "training.manage",
        "pay.manage", "pilot.manage",
    },
    Role.COUNTY_DEPARTMENT: _COLLAB_OVERSIGHT | {
        "service.handle", "service.catalogue", "socialorg.manage", "socialorg.activity", "purchase.manage",
        "socialwork.manage", "children.appoint", "training.manage", "pay.config", "pay.manage", "pilot.manage",
    },
    Role.CITY_OFFICIAL: _COLLAB_OVERSIGHT | {"training.manage", "pilot.manage"},
    Role.REGION_OFFICIAL: _COLLAB_OVERSIGHT | {"service.catalogue", "training.manage", "pilot.manage"},
    Role.AUDITOR: {"service.view", "socialorg.view", "children.coverage", "cadre.view", "pilot.view"},
}
for _role, _capabilities in COLLAB_CAPABILITIES.items():
    ROLE_CAPABILITIES.setdefault(_role, set()).update(_capabilities)

# Targets, ledgers and assessment (规划目标、台账、实绩考核): leaders read the plan's indicators for
# their region; a village or township downloads the ledgers generated from its records; the county
# sets the assessment scheme for its townships and villages.
_TARGET_UNIT = {"targets.view", "ledger.download", "assessment.view"}
TARGET_CAPABILITIES = {
    Role.VILLAGE_SECRETARY: _TARGET_UNIT,
    Role.VILLAGE_DIRECTOR: _TARGET_UNIT,
    Role.VILLAGE_CADRE: _TARGET_UNIT,
    Role.VILLAGE_SUPERVISOR: {"targets.view", "ledger.download"},
    Role.TOWNSHIP_OFFICIAL: _TARGET_UNIT,
    Role.COUNTY_DEPARTMENT: _TARGET_UNIT | {"assessment.manage"},
    Role.CITY_OFFICIAL: _TARGET_UNIT,
    Role.REGION_OFFICIAL: _TARGET_UNIT,
    Role.AUDITOR: {"targets.view", "ledger.download"},
}
for _role, _capabilities in TARGET_CAPABILITIES.items():
    ROLE_CAPABILITIES.setdefault(_role, set()).update(_capabilities)

# A department post adds what its department is responsible for.
DEPARTMENT_CAPABILITIES = {
    Department.CIVIL_AFFAIRS: {"people.view_full_id", "org.manage", "children.oversee"},
    # 司法所/司法局 keep the special-population registry; the police enter case statistics.
    Department.JUSTICE: {"special.view", "special.manage", "vetting.county_review"},
    Department.PUBLIC_SECURITY: {"people.view_full_id", "special.view", "safety.stats", "vetting.county_review"},
    Department.POLITICAL_LEGAL: {"safety.stats", "safety.config", "vetting.county_review"},
    Department.ORGANISATION: {"org.manage", "vetting.view", "vetting.manage", "vetting.county_review",
                              "secretary.file", "secretary.view"},
    # The county departments of the joint vetting (联审) each record their own result.
    Department.DISCIPLINE: {"vetting.county_review"},
    Department.PETITIONS: {"vetting.county_review"},
    Department.COURT: {"vetting.county_review"},
    Department.PROCURATORATE: {"vetting.county_review"},
}

# Everyone with duties beyond their own household may protect the account with an
# authenticator app (TOTP); villagers and party members sign in with a password only.
TWO_FACTOR_ROLES = [role for role in Role if role not in (Role.VILLAGER, Role.PARTY_MEMBER)]
for _role in TWO_FACTOR_ROLES:
    ROLE_CAPABILITIES[_role] = set(ROLE_CAPABILITIES.get(_role, ())) | {"account.two_factor"}

ALL_CAPABILITIES = frozenset().union(*ROLE_CAPABILITIES.values(), *DEPARTMENT_CAPABILITIES.values())


def capabilities_of(post):
    granted = set(ROLE_CAPABILITIES.get(post.role, ()))
    if post.department:
        granted |= DEPARTMENT_CAPABILITIES.get(post.department, set())
    return granted
