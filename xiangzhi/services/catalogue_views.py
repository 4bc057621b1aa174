"""Service catalogue pages: the list and an item, readable by every signed-in user (phone-first);
the county's keepers add and adjust items and their materials."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xiangzhi.accounts.permissions import can, posts_with_capability
from xiangzhi.core import catalogues
from xiangzhi.core.forms import add_action_errors

from . import catalogue, forms
from .models import ServiceMaterial


def _keeper_region(user, code=None):
    return catalogues.catalogue_region_for(user, catalogue.CATALOGUE, code=code)


@login_required
@require_GET
def item_list(request):
    form = forms.CatalogueFilterForm(request.GET or None)
    level, q = "", ""
    if form.is_valid():
        level, q = form.cleaned_data["level"], form.cleaned_data["q"]
    items = catalogue.items_for(request.user, level=level, q=q).prefetch_related("materials")
    return render(request, "services/item_list.html", {
        "form": form, "items": items,
        "may_edit": bool(posts_with_capability(request.user, catalogue.CATALOGUE)),
        "may_proxy": bool(posts_with_capability(request.user, "service.proxy")),
    })


@login_required
@require_GET
def item_detail(request, pk):
    item = catalogue.get_item_for_user(request.user, pk)
    code = catalogue.catalogue_code(request.user)
    return render(request, "services/item_detail.html", {
        "item": item, "materials": list(item.materials.all()),
        "may_edit": can(request.user, catalogue.CATALOGUE, code),
        "may_apply": item.active and bool(posts_with_capability(request.user, "service.apply")),
        "may_proxy": item.active and item.proxy_allowed and bool(posts_with_capability(request.user, "service.proxy")),
    })


@login_required
@require_GET
def material_template(request, pk):
    material = ServiceMaterial.objects.select_related("item").filter(pk=pk).first()
    if material is None or not material.template:
        raise Http404(_("未找到该样表。"))
    catalogue.get_item_for_user(request.user, material.item_id)
    return FileResponse(material.template.open("rb"), as_attachment=True,
                        filename=f"{material.name}{material.template.name[-4:]}")


@login_required
@require_http_methods(["GET", "POST"])
def item_new(request):
    region = _keeper_region(request.user, request.GET.get("catalogue"))
    form = forms.ItemForm(request.POST or None)
    if request.method == "POST":
        try:
            item = catalogue.add_item(request.user, region, **_item_values(request.POST))
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("已添加服务事项“%(name)s”。") % {"name": item.name})
            return redirect("services:item_edit", pk=item.pk)
    return render(request, "services/item_form.html", {"form": form, "region": region, "item": None},
                  status=422 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request, pk):
    region = _keeper_region(request.user, request.GET.get("catalogue"))
    item = catalogue.get_item_for_user(request.user, pk)
    catalogues.check_changeable(item, region)
    initial = {key: getattr(item, key) for key in catalogue.FIELDS}
    posted = request.POST.get("form") if request.method == "POST" else None
    form = forms.ItemForm(request.POST if posted == "item" else None, initial=initial)
    material_form = forms.MaterialForm(*((request.POST, request.FILES) if posted == "material" else ()),
                                       auto_id="material_%s")
    if posted:
        try:
            if posted == "item":
                item = catalogue.change_item(request.user, region, item, **_item_values(request.POST))
            elif posted == "material":
                catalogue.add_material(request.user, region, item, name=request.POST.get("name"),
                                       required=bool(request.POST.get("required")), note=request.POST.get("note"),
                                       template=request.FILES.get("template"))
            else:
                material = item.materials.filter(pk=_int(request.POST.get("material"))).first()
                if material is None:
                    raise Http404(_("未找到该材料。"))
                catalogue.remove_material(request.user, region, material)
        except ValidationError as error:
            add_action_errors(material_form if posted == "material" else form, error)
        else:
            messages.success(request, _("已保存。"))
            return redirect("services:item_edit", pk=item.pk)
    return render(request, "services/item_form.html", {
        "form": form, "material_form": material_form, "region": region, "item": item,
        "materials": list(item.materials.all()), "own": item.region_code == region.code,
    }, status=422 if (form.errors or material_form.errors) else 200)


@login_required
@require_POST
def item_adjust(request, pk):
    """Make a region-wide item the county's own (a copy with its materials), to edit it."""
    region = _keeper_region(request.user, request.GET.get("catalogue"))
    item = catalogue.get_item_for_user(request.user, pk)
    target = catalogue.change_item(request.user, region, item)
    return redirect("services:item_edit", pk=target.pk)


def _item_values(data):
    return {
        "name": data.get("name"), "flow": data.get("flow"), "department": data.get("department"),
        "legal_basis": data.get("legal_basis"), "time_limit_days": data.get("time_limit_days"),
        "fee": data.get("fee"), "fully_online": bool(data.get("fully_online")),
        "proxy_allowed": bool(data.get("proxy_allowed")), "active": bool(data.get("active")),
        "order": data.get("order") or 100,
    }


def _int(value):
    return int(value) if str(value or "").isdigit() else 0
