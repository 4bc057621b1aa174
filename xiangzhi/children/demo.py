"""Demo data of the children module, through the real actions: the demo village's 儿童主任 is the
demo child-director account (appointed by the demo township official); if the registry flags no
minor of the village, the village cadre flags two as left-behind (people.actions.update_resident);
the director opens their cases, with a household adult as guardian, and records one 家访.
Idempotent: a second call writes nothing."""

import datetime

from django.utils import timezone

from xiangzhi.accounts.models import Role
from xiangzhi.people.actions import update_resident
from xiangzhi.people.models import Resident

from . import actions, queries
from .models import ChildCase, ChildDirector, Visit, VisitKind, adult_cutoff, flag_categories

APPOINTED_ON = datetime.date(2024, 3, 1)
DEMO_CASES = 3


def seed_demo(places, user_for):
    village = places["village"]
    counts = {"child_directors": 0, "flagged_minors": 0, "child_cases": 0, "child_visits": 0}
    director_user = user_for(Role.CHILD_DIRECTOR)
    if not ChildDirector.objects.filter(village=village).exists():
        actions.appoint_director(user_for(Role.TOWNSHIP_OFFICIAL), village.code, appointed_on=APPOINTED_ON,
                                 username=director_user.username)
        counts["child_directors"] = 1
    minors = queries.flagged_minors(village.code)
    if not minors:
        cadre = user_for(Role.VILLAGE_CADRE)
        for child in Resident.objects.within(village.code).present().filter(
                birth_date__gt=adult_cutoff()).order_by("id")[:2]:
            update_resident(cadre, child, is_left_behind_child=True)
            counts["flagged_minors"] += 1
        minors = queries.flagged_minors(village.code)
    if not ChildCase.objects.filter(village=village).exists():
        for minor in minors[:DEMO_CASES]:
            adults = queries.household_adults(minor)
            actions.open_case(director_user, minor, category=flag_categories(minor, minor.household_low_income)[0],
                              guardians=[person.pk for person in adults[:1]],
                              needs="父母在外务工,由祖辈照料,需关注学习和心理状况。")
            counts["child_cases"] += 1
    first = ChildCase.objects.filter(village=village).order_by("id").first()
    if first is not None and not Visit.objects.filter(case__village=village).exists():
        actions.record_visit(director_user, first, date=timezone.localdate(), kind=VisitKind.HOME,
                             findings="孩子身体健康,按时上学;祖母照料,生活基本正常。",
                             help_given="讲解防溺水安全知识,协助申请学习用品资助。", follow_up="下月电话回访")
        counts["child_visits"] = 1
    return counts
