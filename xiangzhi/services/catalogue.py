"""The 服务事项清单: region-wide items and each county's own (core/catalogues.py).

Every signed-in user reads the catalogue of their county (a post above county level reads the
region-wide one). A county (service.catalogue) adds items, adjusts or retires a region-wide item
for itself (its own row that replaces it, with a copy of the materials), and keeps materials on
its own rows. Every change is audited.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import active_posts, posts_with_capability, require
from xiangzhi.core import catalogues, inputs
from xiangzhi.core.audit import record_event
from xiangzhi.core.catalogues import COUNTY_LENGTH, REGION_WIDE

from .models import FLOWS, ServiceItem, ServiceMaterial
from .uploads import check_file

CATALOGUE = "service.catalogue"
FIELDS = ("name", "flow", "department", "legal_basis", "time_limit_days", "fee", "fully_online", "proxy_allowed",
          "active", "order")


def catalogue_code(user):
    """Whose catalogue a user reads: the county of their first post at county level or below."""
    for post in active_posts(user):
        if len(post.region_id) >= COUNTY_LENGTH:
            return post.region_id[:COUNTY_LENGTH]
    return REGION_WIDE


def catalogue_for_village(village_code):
    return catalogues.items_of(ServiceItem, village_code[:COUNTY_LENGTH])


def items_for(user, *, level="", q=""):
    items = catalogues.items_of(ServiceItem, catalogue_code(user)).active()
    if level:
        items = items.filter(flow__in=[key for key, steps in FLOWS.items() if steps[-1] == level])
    if q:
        items = items.filter(name__icontains=q.strip())
    return items.order_by("order", "id")


def get_item_for_user(user, pk, *, active_only=False):
    """An item of the user's catalogue; a catalogue keeper also reads the region-wide item their
    county replaced. Else 404."""
    item = ServiceItem.objects.filter(pk=pk).prefetch_related("materials").first() if str(pk).isdigit() else None
    code = catalogue_code(user)
    if item is None or not (
        catalogues.items_of(ServiceItem, code).filter(pk=item.pk).exists()
        or (item.region_code == REGION_WIDE and code != REGION_WIDE and posts_with_capability(user, CATALOGUE))
    ):
        raise Http404(_("未找到该服务事项。"))
    if active_only and not item.active:
        raise Http404(_("未找到该服务事项。"))
    return item


def _clean(values, errors):
    values["name"] = inputs.text(errors, "name", _("事项名称"), values.get("name"), max_length=100)
    if values.get("flow") not in FLOWS:
        errors["flow"] = _("请选择有效的办理流程。")
    values["department"] = inputs.text(errors, "department", _("办理部门"), values.get("department"), max_length=100,
                                       required=False)
    values["legal_basis"] = inputs.text(errors, "legal_basis", _("设定依据"), values.get("legal_basis"),
                                        max_length=2000, required=False)
    values["time_limit_days"] = inputs.number(errors, "time_limit_days", _("办理时限"), values.get("time_limit_days"),
                                              minimum=1, maximum=365)
    values["fee"] = (values.get("fee") or "").strip() or "免费"
    if len(values["fee"]) > 100:
        errors["fee"] = _("收费标准不能超过 100 个字。")
    values["order"] = inputs.number(errors, "order", _("排序"), values.get("order", 100), minimum=0, maximum=10000)
    for key in ("fully_online", "proxy_allowed", "active"):
        values[key] = bool(values.get(key, key == "active"))
    return values


def add_item(actor, region, **values):
    post = require(actor, CATALOGUE, region.code)
    errors = {}
    values = _clean({key: values.get(key) for key in FIELDS if key in values}, errors)
    if "name" not in errors and catalogues.name_taken(ServiceItem, region.code, values["name"]):
        errors["name"] = _("清单中已有“%(name)s”。") % {"name": values["name"]}
    inputs.raise_if(errors)
    with transaction.atomic():
        item = ServiceItem.objects.create(region_code=region.code, **values)
        record_event(actor, "service_item.add", item, region_code=region.code, post=post,
                     changes={key: [None, value] for key, value in values.items()})
    return item


def change_item(actor, region, item, **values):
    """Change the county's own item, or adjust a region-wide one for the county (a replacing row
    that carries over the materials)."""
    post = require(actor, CATALOGUE, region.code)
    catalogues.check_changeable(item, region)
    errors = {}
    merged = _clean({key: values.get(key, getattr(item, key)) for key in FIELDS}, errors)
    if "name" not in errors and catalogues.name_taken(ServiceItem, region.code, merged["name"],
                                                      exclude=(item.pk, *item.counts_for())):
        errors["name"] = _("清单中已有“%(name)s”。") % {"name": merged["name"]}
    inputs.raise_if(errors)
    changes = {key: value for key, value in merged.items() if getattr(item, key) != value}
    with transaction.atomic():
        target = catalogues.write_change(actor, region, item, changes, merged, fields=FIELDS,
                                         action="service_item", post=post)
        if target.pk != item.pk:
            target.power_item_id = item.power_item_id
            target.save(update_fields=["power_item"])
            for material in item.materials.all():
                ServiceMaterial.objects.create(item=target, name=material.name, required=material.required,
                                               note=material.note, template=material.template, order=material.order)
    return target


def add_material(actor, region, item, *, name, required, note="", template=None):
    post = require(actor, CATALOGUE, region.code)
    if item.region_code != region.code:
        raise ValidationError({"name": _("全区通用事项的材料请先“调整”为本县事项后再修改。")})
    errors = {}
    name = inputs.text(errors, "name", _("材料名称"), name, max_length=100)
    note = inputs.text(errors, "note", _("说明"), note, max_length=200, required=False)
    if "name" not in errors and item.materials.filter(name=name).exists():
        errors["name"] = _("该事项已有材料“%(name)s”。") % {"name": name}
    checked = None
    if template:
        try:
            checked = check_file(template, "template", _("样表"))
        except ValidationError as error:
            errors.update(error.message_dict)
    inputs.raise_if(errors)
    with transaction.atomic():
        material = ServiceMaterial(item=item, name=name, required=bool(required), note=note,
                                   order=item.materials.count())
        if checked:
            material.template.save(f"{checked[2][:32]}.{checked[1]}", template, save=False)
        material.save()
        record_event(actor, "service_item.material_add", item, region_code=region.code, post=post,
                     changes={"material": [None, name], "required": [None, bool(required)]})
    return material


def remove_material(actor, region, material):
    post = require(actor, CATALOGUE, region.code)
    if material.item.region_code != region.code:
        raise Http404(_("未找到该材料。"))
    with transaction.atomic():
        name = material.name
        item = material.item
        material.delete()
        record_event(actor, "service_item.material_remove", item, region_code=region.code, post=post,
                     changes={"material": [name, None]})
