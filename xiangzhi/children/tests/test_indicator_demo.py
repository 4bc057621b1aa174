"""The plan's indicator children.child_director_coverage, and the demo data."""

import datetime

import pytest

from conftest import make_user
from xiangzhi.accounts.models import Role
from xiangzhi.children import actions
from xiangzhi.children.demo import seed_demo
from xiangzhi.children.models import ChildCase, ChildDirector, Visit
from xiangzhi.customs.tests.customs_data import A1_TUN, household, resident
from xiangzhi.targets import registry
from xiangzhi.targets.periods import Period

from .children_data import A1, A2, appoint, world

pytestmark = pytest.mark.django_db


def test_indicator_counts_directors_at_period_end(personas, login):
    world()
    appoint(login(personas.township_a))
    indicator = registry.get("children.child_director_coverage")
    assert indicator.module == "children" and indicator.kind == registry.UNITS
    assert indicator.compute(Period("year", 2024), None) == {A1: 1}
    assert indicator.compute(Period("year", 2023), None) == {}
    assert indicator.compute(Period("year", 2024), [A2]) == {}
    actions.end_director(personas.township_a, ChildDirector.objects.get(), ended_on="2024-06-30", reason="调离")
    assert indicator.compute(Period("year", 2024), None) == {}
    assert indicator.compute(Period("quarter", 2024, 1), None) == {A1: 1}


def test_demo_is_idempotent(tree):
    from xiangzhi.core.demo import demo_places

    users = {
        Role.TOWNSHIP_OFFICIAL: make_user("demo_township", "township_official", "450321100"),
        Role.VILLAGE_CADRE: make_user("demo_cadre", "village_cadre", A1),
        Role.CHILD_DIRECTOR: make_user("demo_director", "child_director", A1),
    }
    home = household(A1_TUN)
    resident(home, name="韦奶奶", birth=datetime.date(1950, 1, 1))
    resident(home, name="韦小军", birth=datetime.date(2014, 1, 1), relation="grandchild")
    places = demo_places(tree["450321"])
    first = seed_demo(places, users.__getitem__)
    assert first == {"child_directors": 1, "flagged_minors": 1, "child_cases": 1, "child_visits": 1}
    director = ChildDirector.objects.get()
    assert director.user.username == "demo_director" and director.post.role == "child_director"
    case = ChildCase.objects.get()
    assert [g.name for g in case.guardians.all()] == ["韦奶奶"] and Visit.objects.count() == 1
    assert seed_demo(places, users.__getitem__) == {"child_directors": 0, "flagged_minors": 0, "child_cases": 0,
                                                     "child_visits": 0}
