"""软弱涣散 screening: each trigger, the bottom share, the township's own findings, and scope."""

import datetime

import pytest

from xiangzhi.accounts.models import Post
from xiangzhi.core.models import AuditEvent
from xiangzhi.partyrating.models import RatingScheme, WeakFlag
from xiangzhi.partyrating.queries import last_place
from xiangzhi.partyrating.screening import findings, run_screening
from xiangzhi.regions.models import Region
from xiangzhi.safety.models import CaseStatistics

from .rating_data import A1, A2, B1, COUNTY, YEAR, branch, branches, member, rated

pytestmark = pytest.mark.django_db
YEAR_END = datetime.date(YEAR, 12, 31)


def _triggers(found, org):
    return {trigger for trigger, _reason in found.get(org, [])}


@pytest.fixture
def orgs(personas):
    organisations = branches()
    # Everyone has a secretary all year and a new member last year, so nothing fires by default.
    for code in (A1, A2, B1):
        Post.objects.filter(role="village_secretary", region_id=code).delete()
        from conftest import make_user
        user = make_user(f"sec_{code}", "village_secretary", code)
        Post.objects.filter(user=user).update(starts_on=datetime.date(2020, 1, 1))
        member(organisations[code], datetime.date(YEAR - 1, 6, 1))
    return organisations


def test_nothing_fires_for_a_healthy_county(personas, orgs):
    assert findings(COUNTY, YEAR) == {}


def test_secretary_vacant_over_90_days(personas, orgs):
    Post.objects.filter(role="village_secretary", region_id=A1).update(ends_on=datetime.date(YEAR, 9, 1))
    Post.objects.filter(role="village_secretary", region_id=A2).update(ends_on=datetime.date(YEAR, 10, 15))
    Post.objects.filter(role="village_secretary", region_id=B1).delete()
    found = findings(COUNTY, YEAR)
    assert "secretary_vacant" in _triggers(found, orgs[A1])  # 121 days by 31 December
    assert "书记自 2025-09-01 起空缺 121 天" in dict(found[orgs[A1]])["secretary_vacant"]
    assert "secretary_vacant" not in _triggers(found, orgs[A2])  # 77 days: not yet
    assert dict(found[orgs[B1]])["secretary_vacant"] == "无村党组织书记任职记录"


def test_low_satisfaction_from_the_entered_figure(personas, orgs):
    rated(personas, orgs[A1], 16, satisfaction="59.5")
    rated(personas, orgs[A2], 16, satisfaction="60")
    found = findings(COUNTY, YEAR)
    assert "low_satisfaction" in _triggers(found, orgs[A1])
    assert "low_satisfaction" not in _triggers(found, orgs[A2])


def test_no_new_member_in_two_years(personas, orgs):
    member(orgs[A1], datetime.date(YEAR - 2, 12, 31))  # exactly two years before: too old to count
    from xiangzhi.party.models import PartyMember
    PartyMember.objects.filter(organisation=orgs[A1], joined_on=datetime.date(YEAR - 1, 6, 1)).update(
        joined_on=datetime.date(2010, 1, 1))
    found = findings(COUNTY, YEAR)
    assert _triggers(found, orgs[A1]) == {"no_new_member"}
    assert orgs[A2] not in found


def test_last_place_and_bottom_share(personas, orgs):
    extra = [branch(A1, name=f"矮山第{n}支部") for n in range(8)]
    for n, org in enumerate(extra):
        member(org, datetime.date(YEAR, 3, 1))
        rated(personas, org, 12 + n)  # totals 60 … 95
    rated(personas, orgs[A1], 11)  # 55: the lowest
    rated(personas, orgs[A2], 12)  # 60: ties with extra[0]
    found = findings(COUNTY, YEAR)
    assert {e.organisation_id for e in last_place(COUNTY, YEAR)} == {orgs[A1].pk}
    assert _triggers(found, orgs[A1]) == {"last_place", "bottom_share"}
    # 10 rated × 10% = the bottom one only; at 20% the next lowest (ordered by score, then id) joins.
    assert extra[0] not in found
    RatingScheme.objects.create(region_id=COUNTY, year=YEAR, criteria=[], star_bands=[60, 70, 80, 90],
                                bottom_share=20, last_place=False, secretary_vacant_days=90, updated_by=personas.county)
    found = findings(COUNTY, YEAR)
    assert _triggers(found, orgs[A1]) == {"bottom_share"}
    assert _triggers(found, extra[0]) == {"bottom_share"}
    assert orgs[A2] not in found


def test_mass_incident_entered_or_from_safety_statistics(personas, orgs):
    rated(personas, orgs[A1], 16, mass_incident=True)
    CaseStatistics.objects.create(region_id=B1, year=YEAR, mass_incidents=1, source="entered", entered_by=personas.county)
    CaseStatistics.objects.create(region_id=A2, year=YEAR - 1, mass_incidents=2, source="entered",
                                  entered_by=personas.county)
    found = findings(COUNTY, YEAR)
    assert "mass_incident" in _triggers(found, orgs[A1])
    assert "mass_incident" in _triggers(found, orgs[B1])
    assert orgs[A2] not in found


def test_switched_off_triggers_do_not_fire(personas, orgs):
    Post.objects.filter(role="village_secretary", region_id=B1).delete()
    RatingScheme.objects.create(region_id=COUNTY, year=YEAR, criteria=[], star_bands=[60, 70, 80, 90],
                                secretary_vacant_days=None, updated_by=personas.county)
    assert findings(COUNTY, YEAR) == {}


def test_township_runs_screening_and_flags_by_hand(personas, login, orgs):
    Post.objects.filter(role="village_secretary", region_id__in=[A1, B1]).delete()
    client = login(personas.township_a)
    assert client.get("/partyrating/screening/run/").status_code == 405
    response = client.post("/partyrating/screening/run/", {"region": "450321100", "year": YEAR})
    assert response.status_code == 302
    # Township A's screening touches A's villages only.
    assert list(WeakFlag.objects.values_list("organisation__region_id", "trigger")) == [(A1, "secretary_vacant")]
    assert AuditEvent.objects.filter(action="partyrating.screen", region_code="450321100").count() == 1
    response = client.post(f"/partyrating/screening/flag/?region=450321100&year={YEAR}",
                           {"organisation": orgs[A2].pk, "year": YEAR, "trigger": "disunity", "reason": ""})
    assert response.status_code == 422 and "请填写认定依据" in response.content.decode()
    response = client.post("/partyrating/screening/flag/", {"organisation": orgs[A2].pk, "year": YEAR,
                                                            "trigger": "disunity", "reason": "两委班子长期不和"})
    assert response.status_code == 302
    flag = WeakFlag.objects.get(organisation=orgs[A2])
    assert flag.manual and flag.reason == "两委班子长期不和"
    # A screened trigger cannot be entered by hand; re-running keeps the hand-made flag.
    response = client.post("/partyrating/screening/flag/", {"organisation": orgs[A2].pk, "year": YEAR,
                                                            "trigger": "last_place", "reason": "x"})
    assert response.status_code == 422 and "请选择需由乡镇认定的软弱涣散情形" in response.content.decode()
    run_screening(personas.township_a, Region.objects.get(pk="450321100"), YEAR)
    assert WeakFlag.objects.filter(organisation=orgs[A2], manual=True).count() == 1
    page = client.get("/partyrating/screening/", {"region": "450321100", "year": YEAR}).content.decode()
    assert "班子不团结" in page and "书记空缺超过规定期限" in page


def test_screening_scope_and_capability(personas, login, orgs):
    assert login(personas.cadre_a1).post("/partyrating/screening/run/",
                                         {"region": A1, "year": YEAR}).status_code == 403
    assert login(personas.township_b).post("/partyrating/screening/run/",
                                           {"region": "450321100", "year": YEAR}).status_code == 404
    assert login(personas.township_b).post("/partyrating/screening/flag/", {
        "organisation": orgs[A1].pk, "year": YEAR, "trigger": "disunity", "reason": "x"}).status_code == 404
    assert not WeakFlag.objects.exists()
