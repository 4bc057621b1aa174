"""Reads of the children module. Coverage and counts (no child named) for children.coverage;
children's names only through ChildCase.objects.visible_to and the carers' village page."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import posts_with_capability, require_capability
from xiangzhi.people.models import Resident
from xiangzhi.regions.models import Level, Region

from .access import COVERAGE, care_post
from .models import CaseState, ChildCase, ChildDirector, Visit, adult_cutoff


def not_found():
    return Http404(_("未找到该记录。"))


def scope_region(user, code=None, capability=COVERAGE):
    """The region a coverage page shows: `code` if the user's posts cover it (else 404), or their widest."""
    require_capability(user, capability)
    posts = posts_with_capability(user, capability)
    if code:
        region = Region.objects.filter(pk=code).first()
        if region is None or region.level not in (Level.PROVINCE, Level.CITY, Level.COUNTY, Level.TOWNSHIP,
                                                  Level.VILLAGE) or not any(
                code.startswith(post.region_id) for post in posts):
            raise not_found()
        return region
    widest = min((post.region for post in posts), key=lambda region: len(region.code))
    return Region.objects.get(pk=widest.code[:12]) if len(widest.code) > 12 else widest


def get_village_for_user(user, code, capability=COVERAGE):
    require_capability(user, capability)
    region = Region.objects.filter(pk=code, level=Level.VILLAGE).first()
    if region is None or not any(code.startswith(post.region_id) for post in posts_with_capability(user, capability)):
        raise not_found()
    return region


def coverage(code, on=None):
    """Per village under `code`: its current child director (name) and the number of active cases
    (a count only); the share covered for the scope and per child unit. Three queries."""
    on = on or timezone.localdate()
    villages = list(Region.objects.villages().within(code).order_by("code").values_list("code", "name"))
    directors = {director.village_id: director
                 for director in ChildDirector.objects.within(code).current(on).order_by("appointed_on")}
    cases = dict(ChildCase.objects.within(code).active().values("village_id").order_by()
                 .annotate(n=Count("id")).values_list("village_id", "n"))
    rows = [{"code": village, "name": name, "director": directors.get(village), "cases": cases.get(village, 0)}
            for village, name in villages]

    def shares(selected):
        covered = sum(1 for row in selected if row["director"])
        total = len(selected)
        return {"villages": total, "covered": covered, "cases": sum(row["cases"] for row in selected),
                "percent": round(100 * covered / total, 1) if total else None}

    region = Region.objects.get(pk=code)
    children = []
    if region.level in (Level.PROVINCE, Level.CITY, Level.COUNTY):
        child_length = {Level.PROVINCE: 4, Level.CITY: 6, Level.COUNTY: 9}[region.level]
        names = dict(Region.objects.filter(parent_id=code).values_list("code", "name"))
        groups = {}
        for row in rows:
            groups.setdefault(row["code"][:child_length], []).append(row)
        children = [{"code": child, "name": names.get(child, child), **shares(selected)}
                    for child, selected in sorted(groups.items())]
    return {"region": region, "day": on, "summary": shares(rows), "children": children, "villages": rows,
            "uncovered": [row for row in rows if not row["director"]]}


def directors_of(village):
    return list(ChildDirector.objects.filter(village=village).select_related("appointed_by")
                .order_by("-appointed_on", "-id"))


def get_director_for_user(user, pk, capability=COVERAGE):
    require_capability(user, capability)
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise not_found() from None
    director = ChildDirector.objects.visible_to(user, capability).select_related("village").filter(pk=pk).first()
    if director is None:
        raise not_found()
    return director


# --- Children (named: carers only) ----------------------------------------------------------


def flagged_minors(village_code, on=None):
    """The village's present minors whom the registry flags left-behind, disabled or low-income
    (their own flag or their household's 低保), each with `household_low_income` and `case_id`
    (their active case, if any). For the carers of the village only (views check care_post)."""
    low_income_household = Resident.objects.filter(household_id=OuterRef("household_id"), is_low_income=True)
    active_case = ChildCase.objects.filter(child_id=OuterRef("pk"), state=CaseState.ACTIVE)
    return list(
        Resident.objects.within(village_code).present()
        .filter(birth_date__gt=adult_cutoff(on))
        .annotate(household_low_income=Exists(low_income_household), has_case=Exists(active_case))
        .filter(Q(is_left_behind_child=True) | Q(is_disabled=True) | Q(household_low_income=True))
        .select_related("region").order_by("region_id", "household_id", "birth_date", "id")
    )


def cases_for(user, *, village=None, state=None):
    queryset = ChildCase.objects.visible_to(user).select_related("child", "village", "director")
    if village:
        queryset = queryset.filter(village_id=village)
    if state in CaseState.values:
        queryset = queryset.filter(state=state)
    return queryset.annotate(visit_count=Count("visits")).order_by("village_id", "state", "-opened_on", "-id")


def get_case_for_user(user, pk):
    """A case the user may read; 404 for everyone else (no 403: a child's existence does not leak)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise not_found() from None
    case = (ChildCase.objects.visible_to(user).select_related("child", "child__household", "village", "director")
            .prefetch_related(Prefetch("guardians", queryset=Resident.objects.order_by("id")))
            .filter(pk=pk).first())
    if case is None:
        raise not_found()
    return case


def visits_of(case):
    return list(Visit.objects.filter(case=case).select_related("recorded_by"))


def household_adults(child):
    """Guardian choices: present adults of the child's household."""
    return list(Resident.objects.filter(household_id=child.household_id, birth_date__lte=adult_cutoff())
                .present().exclude(pk=child.pk).order_by("id"))


def get_carer_village(user, code):
    """The village a carer works on: 403 without a carer post, 404 outside it or not a village."""
    region = Region.objects.filter(pk=code, level=Level.VILLAGE).first()
    care_post(user, region.code if region else str(code))
    if region is None:
        raise not_found()
    return region
