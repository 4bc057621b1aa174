"""Registry rows and ratings for ratings tests, written straight to the database."""

import datetime
import itertools

from django.utils import timezone

from xiangzhi.core.crypto import blind_index
from xiangzhi.people import citizen_id
from xiangzhi.people.models import Household, Resident
from xiangzhi.ratings.models import HouseholdRating, RatingCycle

A1, A2, B1 = "450321100200", "450321100202", "450321101200"
A1_TUN, A2_TUN = "450321100200001", "450321100202001"
_sequence = itertools.count(2000)

def this_year():
    return timezone.localdate().year

def person(region_code=A1_TUN, name=None, *, household=None, relation="head"):
    n = next(_sequence)
    born = datetime.date(1980, 1, 1) + datetime.timedelta(days=n // 100)
    number = citizen_id.make("450321", born, n % 100, "male")
    if household is None:
        household = Household.objects.create(region_id=region_code, number=f"H-{n}")
    return Resident.objects.create(
        household=household, region_id=household.region_id, name=name or f"村民{n}", relation=relation,
        gender="male", birth_date=born, id_number=number, id_number_index=blind_index(number, "citizen_id"),
    )

def link(user, resident):
    user.resident = resident
    user.save(update_fields=["resident"])
    return user

def past_rating(household, year, state, *, kind="star_household", by, revoked_on=None):
    """A rating of an earlier year, as history."""
    cycle, _ = RatingCycle.objects.get_or_create(
        region_id=household.region_id[:12], year=year, kind=kind, defaults={"created_by": by}
    )
    return HouseholdRating.objects.create(
        cycle=cycle, region_id=cycle.region_id, household=household, self_report="往年", state=state,
        created_by=by, revoked_on=revoked_on,
    )

def all_stars(rating):
    from xiangzhi.ratings.criteria import criteria_for

    return {str(criterion.pk): criterion.max_stars for criterion in criteria_for(rating.region_id[:6])}


def make_voter(username):
    """A verified villager of A1: a villager post and a registry entry."""
    from xiangzhi.accounts.models import Post, User

    user = User.objects.create_user(username=username, password="Xiangzhi-Test-2025", full_name=username)
    Post.objects.create(user=user, role="villager", region_id=A1)
    return link(user, person())
