"""Reads of the household registry: scoped, searchable, free of N+1."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Prefetch, Sum
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from xiangzhi.accounts.permissions import require_capability
from xiangzhi.regions.models import GRID_MARK, Level, Region

from . import citizen_id, phones
from .models import FLAG_FIELDS, Household, PovertyStatus, Relation, Resident, ResidentStatus, VillageTally

PER_PAGE = 50

# The "flag" filter: a resident flag, or a household's poverty status.
FLAG_CHOICES = [
    *((name, Resident._meta.get_field(name).verbose_name) for name in FLAG_FIELDS),
    (PovertyStatus.LIFTED.value, PovertyStatus.LIFTED.label),
    (PovertyStatus.MONITORED.value, PovertyStatus.MONITORED.label),
]
FLAG_KEYS = {key for key, _label in FLAG_CHOICES}


def population_under(region):
    """Households and residents in a region, from the per-village tallies (a grid counts its own)."""
    if region.is_grid:
        return {
            "households": Household.objects.filter(grid=region).count(),
            "residents": Resident.objects.filter(household__grid=region, status=ResidentStatus.PRESENT).count(),
        }
    if region.is_below_village:
        return {
            "households": Household.objects.within(region.code).count(),
            "residents": Resident.objects.within(region.code).present().count(),
        }
    totals = VillageTally.objects.filter(village__prefix=region.code).aggregate(
        households=Sum("households"), residents=Sum("residents")
    )
    return {key: value or 0 for key, value in totals.items()}


# --- Search and filters -----------------------------------------------------------------


@dataclass(frozen=True)
class RegistryFilters:
    """What a registry list, export or API call was asked for."""

    q: str = ""
    region: str = ""
    flag: str = ""
    status: str = ""

    @classmethod
    def from_params(cls, params):
        flag = (params.get("flag") or "").strip()
        status = (params.get("status") or "").strip()
        return cls(
            q=(params.get("q") or "").strip()[:50],
            region=(params.get("region") or "").strip().upper()[:15],
            flag=flag if flag in FLAG_KEYS else "",
            status=status if status in ResidentStatus.values else "",
        )

    def as_dict(self):
        return {key: value for key, value in self.__dict__.items() if value}


def resident_match(q):
    """The resident condition a search term means: exact citizen ID or phone, else name."""
    if citizen_id.looks_like_id(q):
        try:
            number = citizen_id.parse(q).number
        except ValidationError:  # an invalid number simply matches nobody
            number = q.strip().upper()
        return {"id_number_index": citizen_id.index(number)}
    if phones.looks_like_phone(q):
        return {"phone_index": phones.index(phones.parse(q))}
    return {"name__contains": q}


def region_condition(code, grid_path):
    """A grid code selects the households it serves; any other code is a prefix."""
    if GRID_MARK in code:
        return {grid_path: code}
    return {"region__prefix": code}


def filter_households(queryset, filters):
    if filters.region:
        queryset = queryset.filter(**region_condition(filters.region, "grid_id"))
    if filters.flag in FLAG_FIELDS:
        queryset = queryset.filter(Exists(Resident.objects.filter(household=OuterRef("pk"), **{filters.flag: True})))
    elif filters.flag:
        queryset = queryset.filter(poverty_status=filters.flag)
    if filters.q:
        queryset = queryset.filter(Exists(Resident.objects.filter(household=OuterRef("pk"), **resident_match(filters.q))))
    return queryset


def filter_residents(queryset, filters):
    if filters.region:
        queryset = queryset.filter(**region_condition(filters.region, "household__grid_id"))
    if filters.flag in FLAG_FIELDS:
        queryset = queryset.filter(**{filters.flag: True})
    elif filters.flag:
        queryset = queryset.filter(household__poverty_status=filters.flag)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.q:
        queryset = queryset.filter(**resident_match(filters.q))
    return queryset


MEMBER_COLUMNS = ("id", "household_id", "name", "relation", "status")


def with_members(queryset):
    """Households with `member_list` (name, relation and status only: nothing to decrypt)."""
    return queryset.select_related("region", "grid").prefetch_related(
        Prefetch("residents", queryset=Resident.objects.only(*MEMBER_COLUMNS), to_attr="member_list")
    )


def households_for(user, filters=RegistryFilters(), capability="people.view"):
    return filter_households(Household.objects.visible_to(user, capability), filters)


def residents_for(user, filters=RegistryFilters(), capability="people.view"):
    return filter_residents(Resident.objects.visible_to(user, capability), filters)


def head_of(household):
    return next((r for r in household.member_list if r.relation == Relation.HEAD), None)


def present_count(household):
    return sum(1 for r in household.member_list if r.status == ResidentStatus.PRESENT)


# --- One record -------------------------------------------------------------------------


def get_household_for_user(user, pk):
    require_capability(user, "people.view")
    household = Household.objects.visible_to(user).select_related("region", "grid").filter(pk=pk).first()
    if household is None:
        raise Http404(_("未找到该户。"))
    return household


def get_resident_for_user(user, pk):
    require_capability(user, "people.view")
    resident = (
        Resident.objects.visible_to(user)
        .select_related("region", "household", "household__region", "household__grid")
        .filter(pk=pk)
        .first()
    )
    if resident is None:
        raise Http404(_("未找到该村民。"))
    return resident


def members_of(household):
    return list(household.residents.order_by("id"))


# --- Pages without COUNT(*) -------------------------------------------------------------


@dataclass
class Page:
    """One page of a list, found by fetching one row more than it shows: no COUNT over millions."""

    items: list = field(default_factory=list)
    number: int = 1
    has_next: bool = False

    @property
    def has_previous(self):
        return self.number > 1

    @property
    def next_page_number(self):
        return self.number + 1

    @property
    def previous_page_number(self):
        return self.number - 1

    @property
    def start_index(self):
        return (self.number - 1) * PER_PAGE + 1 if self.items else 0


def page_of(queryset, number, per_page=PER_PAGE):
    try:
        number = max(1, int(number))
    except (TypeError, ValueError):
        number = 1
    offset = (number - 1) * per_page
    rows = list(queryset[offset : offset + per_page + 1])
    return Page(items=rows[:per_page], number=number, has_next=len(rows) > per_page)


# --- Choices in the user's reach ----------------------------------------------------------


def filter_regions(post):
    """The child units a list can be narrowed to: children of the post's region."""
    if post is None or post.region.is_grid:
        return []
    return list(Region.objects.filter(parent_id=post.region_id).order_by("code").only("code", "name", "level"))


def household_regions(post):
    """Villages and 屯 where a household may be registered from this post, or None if too many."""
    anchor = post.region.parent_id if post.region.is_grid else post.region_id
    queryset = Region.objects.within(anchor).filter(level__in=(Level.VILLAGE, Level.NATURAL_VILLAGE))
    return queryset.order_by("code")


def grids_for(post):
    if post.region.is_grid:
        return Region.objects.filter(code=post.region_id)
    return Region.objects.within(post.region_id).filter(level=Level.GRID).order_by("code")


def grids_of_village(village_code, post=None):
    """Grids a household of this village may be assigned to; a grid worker has only their own."""
    if post is not None and post.region.is_grid:
        return Region.objects.filter(code=post.region_id)
    return Region.objects.filter(parent_id=village_code, level=Level.GRID).order_by("code")
