"""Catalogues a county keeps over region-wide defaults (the 公开目录, the 村级协商目录 …).

The platform ships region-wide items (region "45"). A county adds its own, and changes or
retires a region-wide item for itself by writing its own row that names it in `replaces`; the
region-wide row stays as it is for every other county. A catalogue model has `region_code`,
`replaces`, `name`, `active` and `updated_at`, uses CountyCatalogueQuerySet and mixes in
CountyCatalogueItem; its module validates its own fields and calls the helpers below.

Whose catalogue: a post at county level or below keeps its county's; a post above a county
(city, region) keeps the region-wide one.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import posts_with_capability
from xiangzhi.regions.models import CODE_LENGTHS, Level, Region

from .audit import diff, record_event, snapshot
from .scope import ScopedQuerySet

REGION_WIDE = "45"
COUNTY_LENGTH = CODE_LENGTHS[Level.COUNTY]


class CountyCatalogueQuerySet(ScopedQuerySet):
    def active(self):
        return self.filter(active=True)

    def for_county(self, county_code):
        """The items that hold in a county: its own, and the region's it has not replaced."""
        replaced = self.model.objects.filter(region_code=county_code, replaces__isnull=False).values("replaces_id")
        return self.filter(Q(region_code=county_code) | (Q(region_code=REGION_WIDE) & ~Q(pk__in=replaced)))


class CountyCatalogueItem:
    @property
    def is_shared(self):
        return self.region_code == REGION_WIDE

    def counts_for(self):
        """The item ids a record may name to count for this item (its own, the one it replaces)."""
        return {self.pk, self.replaces_id} - {None}


def items_of(model, region_code):
    """Every item a county's (or the region's) catalogue holds, inactive ones included."""
    if region_code == REGION_WIDE:
        return model.objects.filter(region_code=REGION_WIDE)
    return model.objects.for_county(region_code[:COUNTY_LENGTH])


def name_taken(model, region_code, name, exclude=()):
    return items_of(model, region_code).filter(name=name, active=True).exclude(
        pk__in=[pk for pk in exclude if pk]
    ).exists()


def check_changeable(item, region):
    """An item this catalogue may change: its own, or (for a county) a region-wide one; else 404."""
    if item.region_code != region.code and not (item.is_shared and region.code != REGION_WIDE):
        raise Http404(_("未找到该目录项。"))


def write_change(actor, region, item, changes, merged, *, fields, action, post):
    """In one transaction: change the catalogue's own row, or — for a region-wide item changed by
    a county — create the county's row that replaces it (`merged`: every field as it will be).
    Audited as "<action>.update" / "<action>.replace"; returns the row that now holds."""
    model = type(item)
    with transaction.atomic():
        if item.region_code == region.code:
            target = model.objects.select_for_update().get(pk=item.pk)
            before = snapshot(target, fields)
            for key, value in changes.items():
                setattr(target, key, value)
            target.save(update_fields=[*changes, "updated_at"])
            verb = "update"
        else:
            before = snapshot(item, fields)
            try:
                with transaction.atomic():
                    target = model.objects.create(region_code=region.code, replaces=item, **merged)
            except IntegrityError:
                raise ValidationError({"name": _("该目录项已被本县调整过,请刷新后重试。")}) from None
            verb = "replace"
        record_event(actor, f"{action}.{verb}", target, region_code=region.code, post=post,
                     changes=diff(before, snapshot(target, fields)))
    return target


def catalogue_regions(user, capability, region_wide=REGION_WIDE):
    """The catalogues the user keeps with `capability`, as regions."""
    codes = set()
    for post in posts_with_capability(user, capability):
        code = post.region_id
        codes.add(region_wide if len(code) < COUNTY_LENGTH else code[:COUNTY_LENGTH])
    return list(Region.objects.filter(code__in=codes).order_by("code"))


def catalogue_region_for(user, capability, region_wide=REGION_WIDE, code=None):
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
