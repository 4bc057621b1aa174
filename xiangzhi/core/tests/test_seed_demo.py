"""manage.py seed_demo on the small real slice of 阳朔县 (three villages)."""

import io
import re
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from xiangzhi.accounts.models import Post, Role, User
from xiangzhi.core.demo import PASSWORD, demo_username
from xiangzhi.core.models import AuditEvent
from xiangzhi.people import citizen_id
from xiangzhi.people.models import (
    Household,
    Membership,
    Organisation,
    OrganisationKind,
    Relation,
    Resident,
    ResidentStatus,
    VillageTally,
)
from xiangzhi.regions.models import Designation, Level, Region

VILLAGES = ("450321100200", "450321100202", "450321101200")


def seed(*extra):
    out = io.StringIO()
    call_command("seed_demo", "--county", "450321", "--households-per-village", "3", *extra, stdout=out)
    return out.getvalue()


def snapshot():
    residents = Resident.objects.order_by("household__number", "id").values_list(
        "household__number", "name", "id_number", "relation", "birth_date", "is_party_member"
    )
    regions = Region.objects.filter(level__in=(Level.NATURAL_VILLAGE, Level.GRID)).values_list("code", "name")
    return list(residents), sorted(regions)


@pytest.fixture
def seeded(tree):
    return seed()


def test_every_village_gets_households_subunits_and_organisations(seeded):
    assert Household.objects.count() == 9
    for village in VILLAGES:
        assert Household.objects.within(village).count() == 3
        tuns = Region.objects.filter(parent_id=village, level=Level.NATURAL_VILLAGE)
        grids = Region.objects.filter(parent_id=village, level=Level.GRID)
        assert 2 <= tuns.count() <= 5
        assert 1 <= grids.count() <= 3
        assert all(re.fullmatch(village + r"\d{3}", tun.code) for tun in tuns)
        assert all(re.fullmatch(village + r"W\d{2}", grid.code) for grid in grids)
        assert all(tun.name.endswith("屯") for tun in tuns)
        kinds = set(Organisation.objects.filter(region_id=village).values_list("kind", flat=True))
        assert kinds == {
            OrganisationKind.PARTY_BRANCH, OrganisationKind.VILLAGE_COMMITTEE,
            OrganisationKind.SUPERVISION_COMMITTEE, OrganisationKind.MEDIATION_COMMITTEE,
            OrganisationKind.WEDDINGS_FUNERALS, OrganisationKind.VILLAGER_COUNCIL,
        }
    # The 屯 and grid the village already had are kept, not duplicated.
    assert Region.objects.filter(code="450321100200001", name="矮山屯").exists()
    assert not Region.objects.filter(parent_id="450321100200", name="矮山屯").exclude(code="450321100200001").exists()
    for household in Household.objects.select_related("region", "grid"):
        assert household.region.level == Level.NATURAL_VILLAGE
        assert household.grid.level == Level.GRID
        assert household.grid.parent_id == household.region.parent_id


def test_every_id_number_is_valid_unique_and_matches_the_person(seeded):
    numbers = []
    for resident in Resident.objects.all():
        parsed = citizen_id.parse(resident.id_number)
        assert parsed.number == resident.id_number
        assert resident.id_number.startswith("450321")
        assert (parsed.birth_date, parsed.gender) == (resident.birth_date, resident.gender)
        assert resident.id_number_index == citizen_id.index(resident.id_number)
        assert resident.region_id == resident.household.region_id
        numbers.append(resident.id_number)
    assert len(numbers) == len(set(numbers)) >= 9


def test_households_have_one_head_and_consistent_ages(seeded):
    for household in Household.objects.prefetch_related("residents"):
        members = list(household.residents.all())
        assert 1 <= len(members) <= 6
        heads = [m for m in members if m.relation == Relation.HEAD]
        assert len(heads) == 1
        head = heads[0]
        for member in members:
            assert member.relation in {Relation.HEAD, Relation.SPOUSE, Relation.CHILD, Relation.PARENT,
                                       Relation.GRANDCHILD}
            if member.relation == Relation.CHILD:
                assert member.birth_date > head.birth_date
            if member.relation == Relation.GRANDCHILD:
                assert (member.birth_date - head.birth_date).days > 40 * 365
            if member.relation == Relation.PARENT:
                assert (head.birth_date - member.birth_date).days > 19 * 365
            if member.relation == Relation.SPOUSE:
                assert member.gender != head.gender


def test_tallies_equal_the_real_counts(seeded):
    for village in VILLAGES:
        tally = VillageTally.objects.get(village_id=village)
        assert tally.households == Household.objects.within(village).count()
        assert tally.residents == Resident.objects.within(village).filter(status=ResidentStatus.PRESENT).count()


def test_party_branch_members_are_party_members(seeded):
    for membership in Membership.objects.filter(organisation__kind=OrganisationKind.PARTY_BRANCH):
        assert membership.resident.is_party_member
        assert membership.resident.region_id.startswith(membership.organisation.region_id)


def test_a_demo_user_per_role_with_the_demo_password(seeded):
    expected_regions = {
        Role.VILLAGER: "450321100200", Role.GRID_WORKER: "450321100200W01",
        Role.TOWNSHIP_OFFICIAL: "450321100", Role.COUNTY_DEPARTMENT: "450321", Role.AUDITOR: "450321",
        Role.CITY_OFFICIAL: "4503", Role.REGION_OFFICIAL: "45", Role.SYSADMIN: "45",
        Role.MEDIATOR: "450321100200",
    }
    for role in Role:
        user = User.objects.get(username=demo_username(role, "450321"))
        assert user.check_password(PASSWORD)
        post = Post.objects.get(user=user)
        assert post.role == role
        if role in expected_regions:
            assert post.region_id == expected_regions[role]
        assert demo_username(role, "450321") in seeded
    assert Post.objects.get(user__username="county_department_450321").department == "civil_affairs"
    villager = User.objects.get(username="villager_450321")
    assert villager.resident.region_id.startswith("450321100200")
    assert villager.full_name == villager.resident.name
    assert f"密码(所有演示账号):{PASSWORD}" in seeded
    assert Designation.objects.count() == 3


def test_one_audit_event_with_the_counts(seeded):
    event = AuditEvent.objects.get(action="demo.seed")
    assert event.region_code == "450321"
    assert event.changes["households"] == [0, 9]
    assert event.changes["residents"] == [0, Resident.objects.count()]


def test_a_second_run_changes_nothing_and_prints_the_accounts(seeded):
    before = snapshot(), User.objects.count(), Post.objects.count(), AuditEvent.objects.count()
    out = seed()
    assert "演示数据已存在" in out
    assert "township_official_450321" in out
    assert (snapshot(), User.objects.count(), Post.objects.count(), AuditEvent.objects.count()) == before


def test_two_runs_on_fresh_databases_give_the_same_data(tree):
    with transaction.atomic():
        seed()
        first = snapshot()
        transaction.set_rollback(True)
    assert not Resident.objects.exists()
    seed()
    assert snapshot() == first
    assert len(first[0]) >= 9


def test_another_seed_gives_other_people(tree):
    with transaction.atomic():
        seed()
        first = snapshot()
        transaction.set_rollback(True)
    seed("--seed", "7")
    assert [r[1] for r in snapshot()[0]] != [r[1] for r in first[0]]


def test_region_scale_streams_and_resumes(tree):
    out = io.StringIO()
    call_command("seed_demo", "--scale", "region", "--households-per-village", "2", stdout=out)
    text = out.getvalue()
    assert re.search(r"进度 3/3 村 · \d+ 行 · [\d,]+ 行/秒", text)
    assert Household.objects.count() == 6
    counts = Counter(h.region_id[:12] for h in Household.objects.all())
    assert set(counts.values()) == {2}
    assert AuditEvent.objects.get(action="demo.seed").region_code == "45"
    complete = snapshot()

    # As if the run had stopped before township B: A is left alone, B is seeded again.
    with transaction.atomic():
        township_b = Household.objects.within("450321101")
        Membership.objects.filter(resident__household__in=township_b).delete()
        Resident.objects.filter(household__in=township_b).delete()
        township_b.delete()
        Organisation.objects.within("450321101").delete()
    call_command("seed_demo", "--scale", "region", "--households-per-village", "2", stdout=io.StringIO())
    assert Household.objects.count() == 6
    # The township seeded again comes out as it did the first time.
    assert snapshot() == complete


def test_an_unknown_county_is_refused(tree):
    with pytest.raises(CommandError, match="县级区划“450399”不存在"):
        call_command("seed_demo", "--county", "450399", stdout=io.StringIO())
    assert not Household.objects.exists()
    assert not User.objects.exists()


def test_the_demo_township_has_rule_of_law_registers_with_one_gap(seeded):
    from xiangzhi.legal.models import LegalAdvisor, LegalLiterate, PublicitySite
    from xiangzhi.mediation.models import Committee, Dispute

    township_villages = [code for code in VILLAGES if code.startswith("450321100")]
    advised = set(LegalAdvisor.objects.values_list("region_id", flat=True))
    assert advised == set(township_villages[:-1])  # the township's last village is the gap the page lists
    assert PublicitySite.objects.filter(region_id__in=township_villages).count() == len(township_villages)
    assert LegalLiterate.objects.filter(region_id="450321100200").count() == 2
    assert Committee.objects.filter(region_id__in=["450321100200", "450321100"]).count() == 2
    assert Dispute.objects.filter(venue_id="450321100200").count() == 2
    assert "法治演示:人民调解委员会 2" in seeded
    # Seeding again adds nothing.
    seed()
    assert LegalAdvisor.objects.count() == len(advised) and Dispute.objects.count() == 2


def test_the_demo_county_has_services_and_collaboration_records(seeded):
    from xiangzhi.cadres.models import PayCalculation
    from xiangzhi.children.models import ChildDirector
    from xiangzhi.pilots.models import PilotCase
    from xiangzhi.services.models import Application
    from xiangzhi.socialorgs.models import SocialWorkStation

    director = ChildDirector.objects.get(village_id="450321100200", ended_on__isnull=True)
    assert director.user.username == "child_director_450321"
    assert Application.objects.filter(region_id__prefix="450321100200").exists()
    assert SocialWorkStation.objects.filter(region_id="450321100").exists()
    assert PayCalculation.objects.filter(region_id="450321100200").exists()
    assert PilotCase.objects.published().filter(region_id="450321").exists()
    for module in ("便民服务", "社会组织与政府购买服务", "儿童关爱", "村干部培训与报酬", "试点示范与典型案例"):
        assert f"{module}演示:" in seeded
    before = {model: model.objects.count() for model in (ChildDirector, Application, PilotCase, PayCalculation)}
    seed()
    assert {model: model.objects.count() for model in before} == before
