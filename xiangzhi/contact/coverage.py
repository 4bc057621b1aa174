"""Visit coverage ("走村不漏户、户户见干部"): for a period, per unit below a region (townships
of a county, villages of a township, the village itself), the distinct households visited out
of all households, and the problems open and overdue; the households never visited."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef
from django.db.models.functions import Substr
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import posts_with_capability, require, require_capability
from xiangzhi.people.models import Household
from xiangzhi.regions.models import CODE_LENGTHS, Level, Region

from .models import CONTACT_VIEW, Problem, Visit

CHILD_LEVEL = {
    Level.PROVINCE: Level.CITY, Level.CITY: Level.COUNTY, Level.COUNTY: Level.TOWNSHIP,
    Level.TOWNSHIP: Level.VILLAGE, Level.VILLAGE: Level.VILLAGE,
}


@dataclass
class CoverageRow:
    region: Region
    households: int
    visited: int
    open_problems: int
    overdue_problems: int

    @property
    def unvisited(self):
        return self.households - self.visited

    @property
    def ratio(self):
        return self.visited / self.households if self.households else None

    @property
    def percent(self):
        return None if self.ratio is None else round(self.ratio * 100, 1)


def coverage_region(user, code=""):
    """The region a coverage page is about: the one asked for, in scope, or the user's post's."""
    require_capability(user, CONTACT_VIEW)
    code = (code or "").strip().upper()
    if not code:
        code = posts_with_capability(user, CONTACT_VIEW)[0].region_id
    region = Region.objects.filter(code=code).first()
    if region is None or region.level not in CHILD_LEVEL:
        raise Http404(_("未找到该区划。"))
    require(user, CONTACT_VIEW, region.code)
    return region


def _counts(queryset, length):
    return dict(queryset.annotate(unit=Substr("region_id", 1, length)).values_list("unit").annotate(n=Count("id")))


def coverage_rows(region, since, until):
    """One CoverageRow per unit below `region`; visits counted by distinct household and period."""
    child_level = CHILD_LEVEL[region.level]
    length = CODE_LENGTHS[child_level]
    if region.level == Level.VILLAGE:
        units = [region]
    else:
        units = list(Region.objects.filter(parent=region, level=child_level).order_by("code"))
    households = _counts(Household.objects.within(region.code), length)
    visited = dict(
        Visit.objects.within(region.code).filter(visited_on__gte=since, visited_on__lte=until)
        .annotate(unit=Substr("region_id", 1, length)).values_list("unit")
        .annotate(n=Count("household_id", distinct=True))
    )
    problems = Problem.objects.within(region.code).open()
    open_problems = _counts(problems, length)
    overdue = _counts(problems.filter(deadline__lt=timezone.localdate()), length)
    return [
        CoverageRow(region=unit, households=households.get(unit.code, 0), visited=visited.get(unit.code, 0),
                    open_problems=open_problems.get(unit.code, 0), overdue_problems=overdue.get(unit.code, 0))
        for unit in units
    ]


def total(rows, region):
    return CoverageRow(
        region=region, households=sum(r.households for r in rows), visited=sum(r.visited for r in rows),
        open_problems=sum(r.open_problems for r in rows), overdue_problems=sum(r.overdue_problems for r in rows),
    )


def unvisited_households(region, since, until):
    """Households under the region with no contact visit in the period, in registry order."""
    visited = Visit.objects.filter(household=OuterRef("pk"), visited_on__gte=since, visited_on__lte=until)
    return (
        Household.objects.within(region.code).filter(~Exists(visited)).select_related("region")
        .order_by("region_id", "id")
    )
