"""The 村级协商目录: region-wide items (村民委员会组织法 Art. 24) and each county's own.

A county adds items, and changes (its amount threshold …) or retires a region-wide item for
itself by writing its own row that replaces it; the region-wide row stays as it is for every
other county. Every change needs "matter.catalogue" over the catalogue's region, and is audited.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import posts_with_capability, require
from xiangzhi.core import catalogues
from xiangzhi.core.catalogues import REGION_WIDE
from xiangzhi.core.audit import record_event, snapshot
from xiangzhi.finance.models import FilingKind
from xiangzhi.finance.money import MAX_FEN, format_fen
from xiangzhi.regions.models import CODE_LENGTHS, Level, Region

from .models import CatalogueItem

CATALOGUE = "matter.catalogue"
COUNTY_LENGTH = CODE_LENGTHS[Level.COUNTY]
NAME_MAX = 100
BASIS_MAX = 2000
EDITABLE_FIELDS = ("name", "legal_basis", "threshold_fen", "filing_kind", "active", "order")


# --- whose catalogue -------------------------------------------------------------------------


def catalogue_regions(user):
    """The catalogues the user keeps: the county of each county-level post, or the whole region."""
    return catalogues.catalogue_regions(user, CATALOGUE)


def catalogue_region_for(user, code=None):
    """The catalogue a page or call works on (404 if not the user's; 403 without the capability)."""
    return catalogues.catalogue_region_for(user, CATALOGUE, code=code)


def items_of(region_code):
    """Every item of a county's (or the region's) catalogue, retired ones included."""
    return catalogues.items_of(CatalogueItem, region_code)


def items_for_village(village_code):
    """The active items a village's matters fall under."""
    return items_of(village_code[:COUNTY_LENGTH]).active()


def threshold_item_for(village_code):
    """The active item with the lowest amount threshold in the village's county, or None."""
    return items_for_village(village_code).filter(threshold_fen__isnull=False).order_by("threshold_fen", "id").first()


def get_item_in(region_code, pk):
    item = items_of(region_code).filter(pk=pk).first() if str(pk).isdigit() else None
    if item is None:
        raise Http404(_("未找到该目录项。"))
    return item


def get_item_for_user(user, pk):
    """A catalogue item the user may read: in the catalogue of one of their counties (or the region)."""
    if not posts_with_capability(user, CatalogueItem.view_capability):
        raise PermissionDenied(_("您没有此项操作的权限。"))
    item = CatalogueItem.objects.filter(pk=pk).first() if str(pk).isdigit() else None
    if item is None or not any(
        items_of(code).filter(pk=item.pk).exists() for code in _readable_catalogues(user)
    ):
        raise Http404(_("未找到该目录项。"))
    return item


def _readable_catalogues(user):
    """The counties (or the region) whose catalogues a user reads: those their posts lie in or
    cover; a region-level post reads the region's."""
    codes = set()
    for post in posts_with_capability(user, CatalogueItem.view_capability):
        code = post.region_id
        if len(code) >= COUNTY_LENGTH:
            codes.add(code[:COUNTY_LENGTH])
        else:
            codes.update(Region.objects.within(code).filter(level=Level.COUNTY).values_list("code", flat=True))
            codes.add(REGION_WIDE)
    return sorted(codes)


def readable_catalogue(user, code=None):
    """(region, items) of the catalogue a reader asked for (default: their first)."""
    if not posts_with_capability(user, CatalogueItem.view_capability):
        raise PermissionDenied(_("您没有此项操作的权限。"))
    codes = _readable_catalogues(user)
    code = code or (codes[0] if codes else None)
    if code not in codes:
        raise Http404(_("未找到该县。"))
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise Http404(_("未找到该县。"))
    return region, list(items_of(code).order_by("order", "id"))


# --- validation --------------------------------------------------------------------------------


def _clean(values, errors):
    if "name" in values:
        name = (values["name"] or "").strip()
        if not name:
            errors["name"] = _("请填写目录项名称。")
        elif len(name) > NAME_MAX:
            errors["name"] = _("目录项名称不能超过 %(max)d 个字。") % {"max": NAME_MAX}
        values["name"] = name
    if "legal_basis" in values:
        values["legal_basis"] = (values["legal_basis"] or "").strip()
        if len(values["legal_basis"]) > BASIS_MAX:
            errors["legal_basis"] = _("依据不能超过 %(max)d 个字。") % {"max": BASIS_MAX}
    if "threshold_fen" in values and values["threshold_fen"] is not None:
        value = values["threshold_fen"]
        if not isinstance(value, int) or isinstance(value, bool) or not 0 < value <= MAX_FEN:
            errors["threshold_fen"] = _("金额标准须大于零且不超过 %(max)s 元。") % {"max": format_fen(MAX_FEN)}
    if "filing_kind" in values:
        values["filing_kind"] = values["filing_kind"] or ""
        if values["filing_kind"] and values["filing_kind"] not in FilingKind.values:
            errors["filing_kind"] = _("对应备案类别无效。")
    if "order" in values and (not isinstance(values["order"], int) or not 0 <= values["order"] <= 10000):
        errors["order"] = _("排序须为 0 到 10000 的整数。")
    if "active" in values and not isinstance(values["active"], bool):
        errors["active"] = _("启用须为是或否。")
    return values


def _name_taken(region_code, name, exclude=()):
    return catalogues.name_taken(CatalogueItem, region_code, name, exclude)


# --- actions -----------------------------------------------------------------------------------


def add_item(actor, region, *, name, legal_basis="", threshold_fen=None, filing_kind="", order=100):
    """A county's own item (or, for a region-level post, a region-wide one)."""
    post = require(actor, CATALOGUE, region.code)
    errors = {}
    values = _clean({"name": name, "legal_basis": legal_basis, "threshold_fen": threshold_fen,
                     "filing_kind": filing_kind, "order": order}, errors)
    if "name" not in errors and _name_taken(region.code, values["name"]):
        errors["name"] = _("目录中已有“%(name)s”。") % {"name": values["name"]}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        item = CatalogueItem.objects.create(region_code=region.code, active=True, **values)
        record_event(actor, "matter_catalogue.add", item, region_code=region.code, post=post,
                     changes={key: [None, value] for key, value in values.items()})
    return item


def update_item(actor, region, item, **changes):
    """Change (or retire: active=False) an item of this catalogue. A region-wide item, changed by a
    county, is replaced for that county by the county's own row (created on the first change)."""
    post = require(actor, CATALOGUE, region.code)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: _("该字段不能修改。")})
    catalogues.check_changeable(item, region)
    errors = {}
    changes = _clean(dict(changes), errors)
    merged = {**snapshot(item, EDITABLE_FIELDS), **changes}
    if "name" in changes and "name" not in errors and merged["active"] and _name_taken(
        region.code, changes["name"], exclude=(item.pk, item.replaces_id)
    ):
        errors["name"] = _("目录中已有“%(name)s”。") % {"name": changes["name"]}
    if errors:
        raise ValidationError(errors)
    return catalogues.write_change(actor, region, item, changes, merged, fields=EDITABLE_FIELDS,
                                   action="matter_catalogue", post=post)
