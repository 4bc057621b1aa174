"""The demo seed writes a county training with attendance, the standard and a calculation, once."""

import pytest

from conftest import make_user
from xiangzhi.cadres.demo import seed_demo
from xiangzhi.cadres.models import Attendance, PayCalculation, PayStandard, TrainingPlan
from xiangzhi.regions.models import Region

from .cadres_data import backdate_posts

pytestmark = pytest.mark.django_db


def test_seed_demo_twice(tree):
    users = {
        "village_secretary": make_user("demo_secretary", "village_secretary", "450321100200"),
        "village_cadre": make_user("demo_cadre", "village_cadre", "450321100200"),
        "township_official": make_user("demo_township", "township_official", "450321100"),
        "county_department": make_user("demo_county", "county_department", "450321", department="civil_affairs"),
    }
    backdate_posts()
    places = {"county": Region.objects.get(pk="450321"), "township": Region.objects.get(pk="450321100"),
              "village": Region.objects.get(pk="450321100200")}
    first = seed_demo(places, lambda role: users[role])
    assert first == {"trainings": 1, "attendances": 1, "pay_standards": 3, "pay_calculations": 2}
    assert Attendance.objects.get().user == users["village_secretary"]
    assert PayCalculation.objects.get(user=users["village_cadre"]).source == "entered"
    assert seed_demo(places, lambda role: users[role]) == {
        "trainings": 0, "attendances": 0, "pay_standards": 0, "pay_calculations": 0}
    assert (TrainingPlan.objects.count(), PayStandard.objects.count(), PayCalculation.objects.count()) == (1, 3, 2)
