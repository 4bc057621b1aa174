"""The 公开目录: region-wide items and each county's own.

A county adds items, and changes or deactivates a region-wide item for itself by writing its
own row that replaces it (the region-wide row stays as it is for every other county). Every
change needs "disclosure.catalogue" over the region whose catalogue it is, and is audited.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import require
from xiangzhi.core import catalogues
from xiangzhi.core.audit import record_event, snapshot
from xiangzhi.regions.models import CODE_LENGTHS, Level

from .models import (
    DEFAULT_ANSWER_DAYS, AnswerPolicy, Cadence, CatalogueItem, Category, Generator,
)

CATALOGUE = "disclosure.catalogue"
COUNTY_LENGTH = CODE_LENGTHS[Level.COUNTY]
NAME_MAX = 100
BASIS_MAX = 2000
MAX_ANSWER_DAYS = 60
EDITABLE_FIELDS = ("category", "name", "cadence", "legal_basis", "generator", "active", "order")


# --- whose catalogue --------------------------------------------------------------------


def catalogue_regions(user):
    """The catalogues the user keeps: the county of each county-level post, or the whole region."""
    return catalogues.catalogue_regions(user, CATALOGUE)


def catalogue_region_for(user, code=None):
    """The catalogue a page or call works on (404 if not the user's; 403 without the capability)."""
    return catalogues.catalogue_region_for(user, CATALOGUE, code=code)


def items_of(region_code):
    """Every item the catalogue of a county (or the region) holds, inactive ones included."""
    return catalogues.items_of(CatalogueItem, region_code)


def items_for_village(village_code):
    """The active items a village discloses under."""
    return items_of(village_code[:COUNTY_LENGTH]).active()


def get_item_in(region_code, pk):
    item = items_of(region_code).filter(pk=pk).first() if str(pk).isdigit() else None
    if item is None:
        raise Http404(_("未找到该目录项。"))
    return item


# --- validation ---------------------------------------------------------------------------


def _clean(values, errors):
    if "name" in values:
        name = (values["name"] or "").strip()
        if not name:
            errors["name"] = _("请填写目录项名称。")
        elif len(name) > NAME_MAX:
            errors["name"] = _("目录项名称不能超过 %(max)d 个字。") % {"max": NAME_MAX}
        values["name"] = name
    if "category" in values and values["category"] not in Category.values:
        errors["category"] = _("类别须为党务、村务或财务。")
    if "cadence" in values and values["cadence"] not in Cadence.values:
        errors["cadence"] = _("公开周期须为每月、每季度、每年、随时或每事一公开。")
    if "generator" in values:
        values["generator"] = values["generator"] or ""
        if values["generator"] not in Generator.values:
            errors["generator"] = _("生成方式无效。")
    if "legal_basis" in values:
        values["legal_basis"] = (values["legal_basis"] or "").strip()
        if len(values["legal_basis"]) > BASIS_MAX:
            errors["legal_basis"] = _("依据不能超过 %(max)d 个字。") % {"max": BASIS_MAX}
    if "order" in values and (not isinstance(values["order"], int) or not 0 <= values["order"] <= 10000):
        errors["order"] = _("排序须为 0 到 10000 的整数。")
    return values


def _check_generator(item_values, errors):
    if item_values.get("generator") == Generator.FINANCE_MONTHLY and (
        item_values.get("cadence") != Cadence.MONTHLY or item_values.get("category") != Category.FINANCE
    ):
        errors["generator"] = _("由账务月报生成的目录项须为财务类、每月公开。")


def _name_taken(region_code, name, exclude=()):
    return catalogues.name_taken(CatalogueItem, region_code, name, exclude)


# --- actions --------------------------------------------------------------------------------


def add_item(actor, region, *, category, name, cadence, legal_basis="", generator="", order=100):
    """A county's own item (or, for a region-level post, a region-wide one)."""
    post = require(actor, CATALOGUE, region.code)
    errors = {}
    values = _clean({"category": category, "name": name, "cadence": cadence, "legal_basis": legal_basis,
                     "generator": generator, "order": order}, errors)
    _check_generator(values, errors)
    if "name" not in errors and _name_taken(region.code, values["name"]):
        errors["name"] = _("目录中已有“%(name)s”。") % {"name": values["name"]}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        item = CatalogueItem.objects.create(region_code=region.code, active=True, **values)
        record_event(actor, "disclosure_catalogue.add", item, region_code=region.code, post=post,
                     changes={key: [None, value] for key, value in values.items()})
    return item


def update_item(actor, region, item, **changes):
    """Change an item of this catalogue. A region-wide item, changed by a county, is replaced
    for that county by the county's own row (created on the first change)."""
    post = require(actor, CATALOGUE, region.code)
    changes = {key: value for key, value in changes.items() if value is not None}
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: _("该字段不能修改。")})
    catalogues.check_changeable(item, region)
    errors = {}
    changes = _clean(dict(changes), errors)
    merged = {**snapshot(item, EDITABLE_FIELDS), **changes}
    _check_generator(merged, errors)
    if "name" in changes and "name" not in errors and merged["active"] and _name_taken(
        region.code, changes["name"], exclude=(item.pk, item.replaces_id)
    ):
        errors["name"] = _("目录中已有“%(name)s”。") % {"name": changes["name"]}
    if errors:
        raise ValidationError(errors)
    return catalogues.write_change(actor, region, item, changes, merged, fields=EDITABLE_FIELDS,
                                   action="disclosure_catalogue", post=post)


# --- answer deadline --------------------------------------------------------------------------


def answer_days_for(village_code):
    policy = AnswerPolicy.objects.filter(county_id=village_code[:COUNTY_LENGTH]).first()
    return policy.answer_days if policy else DEFAULT_ANSWER_DAYS


def set_answer_days(actor, county, days):
    post = require(actor, CATALOGUE, county.code)
    if county.level != Level.COUNTY:
        raise ValidationError({"answer_days": _("答复期限按县设置。")})
    try:
        days = int(days)
    except (TypeError, ValueError):
        days = 0
    if not 1 <= days <= MAX_ANSWER_DAYS:
        raise ValidationError({"answer_days": _("答复期限须为 1 到 %(max)d 天。") % {"max": MAX_ANSWER_DAYS}})
    with transaction.atomic():
        policy, _created = AnswerPolicy.objects.select_for_update().get_or_create(county=county)
        before = policy.answer_days if not _created else DEFAULT_ANSWER_DAYS
        policy.answer_days = days
        policy.save(update_fields=["answer_days"])
        record_event(actor, "disclosure_answer_days.set", county, region_code=county.code, post=post,
                     changes={"answer_days": [before, days]})
    return policy
