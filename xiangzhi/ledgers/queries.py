"""Reads for the ledger pages: the unit, its full name, its child units and its ledgers."""

from django.http import Http404
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import can, posts_with_capability
from xiangzhi.regions.models import CODE_LENGTHS, Level, Region
from xiangzhi.regions.queries import ancestor_names, path_of

from . import registry

UNIT_LEVELS = (Level.PROVINCE, Level.CITY, Level.COUNTY, Level.TOWNSHIP, Level.VILLAGE)


def get_unit(code):
    region = Region.objects.filter(code=code, level__in=UNIT_LEVELS).first()
    if region is None:
        raise Http404(_("未找到该区划。"))
    return region


def full_name(region):
    """"桂林市阳朔县阳朔镇矮山村委会": the unit's name under its city (the region is implied)."""
    names = ancestor_names([region])
    return "".join(name for code, name in path_of(region, names) if len(code) >= CODE_LENGTHS[Level.CITY])


def ledgers_for(user, region):
    """The ledgers kept at this unit's level, each with whether the user may download it here."""
    items = []
    for ledger in registry.registered(region.level):
        allowed = not ledger.pending and can(user, ledger.capability, region.code)
        items.append({"ledger": ledger, "allowed": allowed})
    return items


def breadcrumb(user, region):
    """The unit's ancestors, top first, each marked whether the user may open its ledgers."""
    names = ancestor_names([region])
    return [
        {"code": code, "name": name, "in_scope": can(user, "ledger.download", code)}
        for code, name in path_of(region, names)[:-1]
    ]


def child_units(region):
    return list(region.children.filter(level__in=UNIT_LEVELS).order_by("code"))


def top_unit_code(user):
    """The region of the user's first post that may download ledgers, or None."""
    posts = posts_with_capability(user, "ledger.download")
    return posts[0].region_id if posts else None
