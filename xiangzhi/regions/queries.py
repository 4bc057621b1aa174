"""Reads over regions and designations, always within the user's scope."""

from django.http import Http404
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import can, posts_with_capability, require_capability

from .models import Designation, Level, Region

VIEW = "region.view"


def scope_codes(user, capability=VIEW):
    """Region codes of the user's posts that hold the capability (403 when there is none)."""
    require_capability(user, capability)
    return [post.region_id for post in posts_with_capability(user, capability)]


def get_region_for_user(user, code, capability=VIEW):
    """The region if the user may see it: 403 without the capability, 404 outside scope."""
    require_capability(user, capability)
    region = Region.objects.visible_to(user, capability).select_related("parent").filter(code=code).first()
    if region is None:
        raise Http404(_("未找到该区划。"))
    return region


def get_designation_for_user(user, pk):
    require_capability(user, VIEW)
    designation = Designation.objects.visible_to(user).select_related("region").filter(pk=pk).first()
    if designation is None:
        raise Http404(_("未找到该称号。"))
    return designation


def ancestor_names(regions):
    """{code: name} of every ancestor of the given regions, in one query."""
    codes = {code for region in regions for code in region.ancestor_codes()}
    return dict(Region.objects.filter(code__in=codes).values_list("code", "name"))


def path_of(region, names):
    """[(code, name)] from the top of the hierarchy down to the region itself."""
    return [(code, names.get(code, code)) for code in region.ancestor_codes()] + [(region.code, region.name)]


def breadcrumb(user, region):
    """The region's ancestors, top first, each marked whether the user may open it."""
    names = ancestor_names([region])
    return [
        {"code": code, "name": names.get(code, code), "in_scope": can(user, VIEW, code)}
        for code in region.ancestor_codes()
    ]


def children_of(region):
    return region.children.order_by("code")


def subunits_of(village):
    """The village's 屯 and its grids."""
    units = list(village.children.filter(level__in=(Level.NATURAL_VILLAGE, Level.GRID)).order_by("code"))
    return (
        [unit for unit in units if unit.level == Level.NATURAL_VILLAGE],
        [unit for unit in units if unit.level == Level.GRID],
    )


def designations_visible_to(user, *, title="", level="", year=None):
    require_capability(user, VIEW)
    designations = Designation.objects.visible_to(user).select_related("region")
    if title:
        designations = designations.filter(title=title)
    if level:
        designations = designations.filter(level=level)
    if year:
        designations = designations.filter(year=year)
    return designations.order_by("-year", "region_id", "title", "id")
