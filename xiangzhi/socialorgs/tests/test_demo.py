"""seed_demo writes a few organisations, an activity, an accepted project and a station, once."""

import pytest

from xiangzhi.accounts.models import Department, Role
from xiangzhi.regions.models import Region
from xiangzhi.socialorgs.credit_code import validate
from xiangzhi.socialorgs.demo import seed_demo
from xiangzhi.socialorgs.models import PurchaseProject, SocialOrganisation, SocialWorkStation

from conftest import make_user

pytestmark = pytest.mark.django_db


def test_seed_demo_twice(tree):
    users = {
        Role.COUNTY_DEPARTMENT: make_user("demo_county", "county_department", "450321",
                                          department=Department.CIVIL_AFFAIRS),
        Role.TOWNSHIP_OFFICIAL: make_user("demo_township", "township_official", "450321100"),
    }
    places = {"county": tree["450321"], "township": tree["450321100"], "village": tree["450321100200"]}
    first = seed_demo(places, users.__getitem__)
    assert first == {"organisations": 4, "activities": 1, "projects": 1, "stations": 1}
    assert all(validate(code) is None for code in SocialOrganisation.objects.values_list("credit_code", flat=True))
    project = PurchaseProject.objects.get()
    assert project.state == "accepted" and project.accepted_by != project.created_by
    assert SocialWorkStation.objects.get().region == Region.objects.get(pk="450321100")
    assert seed_demo(places, users.__getitem__) == {"organisations": 0, "activities": 0, "projects": 0, "stations": 0}
