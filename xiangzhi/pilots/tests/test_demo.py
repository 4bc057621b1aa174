"""The demo seeding writes one published brand case with a document and one draft, once."""

import pytest

from conftest import make_user
from xiangzhi.accounts.models import Role
from xiangzhi.pilots.demo import seed_demo
from xiangzhi.pilots.models import CaseState, PilotCase

pytestmark = pytest.mark.django_db


def test_seed_demo_twice(tree):
    users = {
        Role.COUNTY_DEPARTMENT: make_user("demo_county", Role.COUNTY_DEPARTMENT, "450321", department="civil_affairs"),
        Role.CITY_OFFICIAL: make_user("demo_city", Role.CITY_OFFICIAL, "4503"),
        Role.TOWNSHIP_OFFICIAL: make_user("demo_township", Role.TOWNSHIP_OFFICIAL, "450321100"),
    }
    places = {"province": tree["45"], "city": tree["4503"], "county": tree["450321"], "township": tree["450321100"],
              "village": tree["450321100200"], "grid": tree["450321100200W01"]}
    assert seed_demo(places, users.__getitem__) == {"cases": 2, "files": 1}
    assert seed_demo(places, users.__getitem__) == {"cases": 0, "files": 0}
    live = PilotCase.objects.get(state=CaseState.PUBLISHED)
    assert live.region_id == "450321" and live.kind == "brand" and live.files.count() == 1
    assert PilotCase.objects.filter(state=CaseState.DRAFT, region_id="450321100200").count() == 1
