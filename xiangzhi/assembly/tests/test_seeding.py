import pytest

from xiangzhi.assembly.models import Body, Representative
from xiangzhi.assembly.resolutions import passed_resolution
from xiangzhi.assembly.seeding import seed_assembly

from .assembly_data import A1, person

pytestmark = pytest.mark.django_db


def test_seed_assembly_holds_a_representatives_meeting_with_a_passed_resolution(personas):
    for _ in range(30):
        head = person()
        person(household=head.household, relation="spouse", gender="female")
    result = seed_assembly(A1)
    assert result["committee"] == 5 and result["supervision"] == 3
    assert Representative.objects.filter(village_id=A1).count() == result["representatives"] >= 2
    resolution = passed_resolution(A1, result["resolution"], bodies=[Body.REPRESENTATIVES])
    assert resolution.passed and resolution.meeting.minutes
