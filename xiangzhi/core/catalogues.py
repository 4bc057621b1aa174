"""Whose catalogue: lists a county keeps over region-wide defaults (the 公开目录, the 村级协商目录 …).

A post at county level or below keeps its county's catalogue; a post above a county (city,
region) keeps the region-wide one, whose code the owning module gives (`region_wide`).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import posts_with_capability
from xiangzhi.regions.models import CODE_LENGTHS, Level, Region

COUNTY_LENGTH = CODE_LENGTHS[Level.COUNTY]


def catalogue_regions(user, capability, region_wide):
    """The catalogues the user keeps with `capability`, as regions."""
    codes = set()
    for post in posts_with_capability(user, capability):
        code = post.region_id
        codes.add(region_wide if len(code) < COUNTY_LENGTH else code[:COUNTY_LENGTH])
    return list(Region.objects.filter(code__in=codes).order_by("code"))


def catalogue_region_for(user, capability, region_wide, code=None):
    """The catalogue a page or call works on: the asked one (404 if not the user's), or the
    user's first. 403 without the capability anywhere."""
    if not posts_with_capability(user, capability):
        raise PermissionDenied(_("您没有此项操作的权限。"))
    regions = catalogue_regions(user, capability, region_wide)
    region = next((region for region in regions if region.code == code), None) if code else (
        regions[0] if regions else None
    )
    if region is None:
        raise Http404(_("未找到该县。"))
    return region
