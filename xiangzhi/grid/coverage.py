"""Grid coverage (网格覆盖): per village, its grids with households and residents, warnings
when a grid outgrows the guidance, the grid leaders and workers posted there, households
served by no grid, and the action that assigns households to a grid.

The guidance: a rural grid serves about 300 households and at most 2,500 people.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Substr
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xiangzhi.accounts.models import Post, Role
from xiangzhi.accounts.permissions import require, require_capability
from xiangzhi.core.audit import record_event
from xiangzhi.core.scope import prefix_q
from xiangzhi.people.models import Household, Relation, Resident, ResidentStatus
from xiangzhi.regions.models import CODE_LENGTHS, Level, Region

VIEW = "grid.coverage.view"
ASSIGN = "people.edit"
MAX_GRID_HOUSEHOLDS = 300
MAX_GRID_RESIDENTS = 2500
MAX_ASSIGN_AT_ONCE = 500
GRID_POST_ROLES = (Role.GRID_LEADER, Role.GRID_WORKER)
VILLAGE_CODE_LENGTH = CODE_LENGTHS[Level.VILLAGE]


@dataclass
class GridCoverage:
    grid: Region
    households: int = 0
    residents: int = 0
    leaders: list = field(default_factory=list)
    workers: list = field(default_factory=list)

    @property
    def too_many_households(self):
        return self.households > MAX_GRID_HOUSEHOLDS

    @property
    def too_many_residents(self):
        return self.residents > MAX_GRID_RESIDENTS

    @property
    def warnings(self):
        warnings = []
        if self.too_many_households:
            warnings.append(_("服务 %(n)d 户,超过每格约 %(max)d 户的标准。") % {
                "n": self.households, "max": MAX_GRID_HOUSEHOLDS})
        if self.too_many_residents:
            warnings.append(_("服务 %(n)d 人,超过每格不超过 %(max)d 人的标准。") % {
                "n": self.residents, "max": MAX_GRID_RESIDENTS})
        if not self.leaders and not self.workers:
            warnings.append(_("尚未配备网格长和网格员。"))
        return warnings


@dataclass
class VillageCoverage:
    village: Region
    grids: list = field(default_factory=list)
    unassigned: int = 0

    @property
    def warning_count(self):
        return sum(1 for grid in self.grids if grid.warnings) + (1 if self.unassigned else 0)


# --- reads --------------------------------------------------------------------------


def villages_in_scope(user, within=""):
    """The villages whose coverage this user may see, optionally under one region."""
    require_capability(user, VIEW)
    queryset = Region.objects.visible_to(user, VIEW).filter(level=Level.VILLAGE)
    if within:
        queryset = queryset.within(within)
    return queryset.order_by("code")


def get_village_for_user(user, code):
    village = villages_in_scope(user).filter(code=code).first()
    if village is None:
        raise Http404(_("未找到该村。"))
    return village


def grid_posts(grid_codes):
    """{grid code: {"leaders": [user…], "workers": [user…]}} of today's posts."""
    posts = (
        Post.objects.active()
        .filter(region_id__in=list(grid_codes), role__in=GRID_POST_ROLES)
        .select_related("user")
        .order_by("region_id", "role", "user__full_name", "user_id")
    )
    result = {code: {"leaders": [], "workers": []} for code in grid_codes}
    for post in posts:
        key = "leaders" if post.role == Role.GRID_LEADER else "workers"
        result[post.region_id][key].append(post.user)
    return result


def coverage_of(villages):
    """VillageCoverage for each village, in four queries whatever the number of villages."""
    villages = list(villages)
    codes = [village.code for village in villages]
    if not codes:
        return []
    grids = list(Region.objects.filter(parent_id__in=codes, level=Level.GRID).order_by("code"))
    grid_codes = [grid.code for grid in grids]
    households = dict(
        Household.objects.filter(grid_id__in=grid_codes).values_list("grid_id").annotate(n=Count("id"))
    )
    residents = dict(
        Resident.objects.filter(household__grid_id__in=grid_codes, status=ResidentStatus.PRESENT)
        .values_list("household__grid_id").annotate(n=Count("id"))
    )
    posts = grid_posts(grid_codes)
    in_villages = Q()
    for code in codes:
        in_villages |= prefix_q("region", code)
    unassigned = dict(
        Household.objects.filter(in_villages, grid__isnull=True)
        .annotate(village=Substr("region_id", 1, VILLAGE_CODE_LENGTH))
        .values_list("village").annotate(n=Count("id"))
    )
    by_village = {code: VillageCoverage(village=village, unassigned=unassigned.get(code, 0))
                  for code, village in zip(codes, villages)}
    for grid in grids:
        by_village[grid.parent_id].grids.append(GridCoverage(
            grid=grid, households=households.get(grid.code, 0), residents=residents.get(grid.code, 0),
            leaders=posts[grid.code]["leaders"], workers=posts[grid.code]["workers"],
        ))
    return [by_village[code] for code in codes]


def unassigned_households(user, within=""):
    """Households in the user's coverage scope served by no grid, with the head's name."""
    require_capability(user, VIEW)
    queryset = Household.objects.visible_to(user, VIEW).filter(grid__isnull=True)
    if within:
        queryset = queryset.within(within)
    return queryset.select_related("region").annotate(head_name=head_name_subquery()).order_by("region_id", "id")


def head_name_subquery():
    return Subquery(
        Resident.objects.filter(household=OuterRef("pk"), relation=Relation.HEAD).values("name")[:1]
    )


# --- the action -----------------------------------------------------------------------


def _household_ids(households):
    ids = []
    for household in households:
        value = getattr(household, "pk", household)
        try:
            ids.append(int(value))
        except (TypeError, ValueError):
            raise ValidationError({"households": _("户的编号“%(value)s”无效。") % {"value": value}}) from None
    return sorted(set(ids))


def assign_households(actor, grid, households):
    """Put households of the grid's village into the grid (or move them there from another
    grid of the village). One UPDATE, one audit event naming every household."""
    if not isinstance(grid, Region) or grid.level != Level.GRID:
        raise ValidationError({"grid": _("请选择一个网格。")})
    village_code = grid.parent_id
    post = require(actor, ASSIGN, village_code)
    ids = _household_ids(households)
    if not ids:
        raise ValidationError({"households": _("请选择要划入网格的户。")})
    if len(ids) > MAX_ASSIGN_AT_ONCE:
        raise ValidationError({"households": _("一次最多划入 %(max)d 户。") % {"max": MAX_ASSIGN_AT_ONCE}})
    with transaction.atomic():
        rows = list(
            Household.objects.select_for_update().filter(pk__in=ids).values_list("pk", "region_id", "grid_id")
        )
        found = {pk for pk, _region, _grid in rows}
        if len(found) != len(ids):
            raise ValidationError({"households": _("所选户中有 %(n)d 户不存在。") % {"n": len(set(ids) - found)}})
        elsewhere = [pk for pk, region, _grid in rows if not region.startswith(village_code)]
        if elsewhere:
            raise ValidationError({"households": _("只能把本村的户划入“%(grid)s”:户 %(ids)s 不在本村。") % {
                "grid": grid.name, "ids": "、".join(str(pk) for pk in sorted(elsewhere))}})
        previous = {pk: old_grid for pk, _region, old_grid in rows}
        Household.objects.filter(pk__in=ids).update(grid=grid, updated_at=timezone.now())
        record_event(
            actor, "household.assign_grid", grid, region_code=village_code, post=post,
            changes={"households": [None, ids], "previous_grid": [previous_grids(previous), grid.code]},
        )
    return len(ids)


def previous_grids(previous):
    """{old grid (or "" for none): [household ids]} for the audit event."""
    grouped = {}
    for pk, old_grid in sorted(previous.items()):
        grouped.setdefault(old_grid or "", []).append(pk)
    return grouped
