"""The county's 村级协商目录 pages: the list (for every reader), add and change (for the county)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xiangzhi.core.forms import add_action_errors
from xiangzhi.finance.money import format_fen, parse_yuan

from . import catalogue
from .forms import FORM_FIELDS, CatalogueItemForm


def _values(form):
    data = form.cleaned_data
    threshold = data.get("threshold", "")
    order = (data.get("order") or "").strip()
    return {
        "name": data.get("name", ""),
        "legal_basis": data.get("legal_basis", ""),
        "threshold_fen": parse_yuan(threshold, "threshold_fen", label=_("金额标准")) if threshold else None,
        "filing_kind": data.get("filing_kind", ""),
        "order": int(order) if order.isdigit() else (100 if not order else order),
    }


@login_required
def catalogue_page(request):
    code = (request.GET.get("region") or "").strip()
    region, items = catalogue.readable_catalogue(request.user, code or None)
    keeps = any(kept.code == region.code for kept in catalogue.catalogue_regions(request.user))
    for item in items:
        item.threshold_display = format_fen(item.threshold_fen) if item.threshold_fen else ""
    return render(request, "matters/catalogue.html", {
        "region": region, "items": items, "can_edit": keeps, "form": CatalogueItemForm() if keeps else None,
    })


@login_required
@require_POST
def catalogue_add(request):
    region = catalogue.catalogue_region_for(request.user, (request.POST.get("region") or "").strip() or None)
    form = CatalogueItemForm(request.POST)
    form.is_valid()
    try:
        catalogue.add_item(request.user, region, **_values(form))
    except ValidationError as error:
        add_action_errors(form, error, FORM_FIELDS)
        items = list(catalogue.items_of(region.code).order_by("order", "id"))
        return render(request, "matters/catalogue.html", {
            "region": region, "items": items, "can_edit": True, "form": form,
        }, status=422)
    messages.success(request, _("已新增目录项。"))
    return redirect(f"{reverse('matters:catalogue')}?region={region.code}")


@login_required
def catalogue_edit(request, pk):
    region = catalogue.catalogue_region_for(
        request.user, (request.GET.get("region") or request.POST.get("region") or "").strip() or None
    )
    item = catalogue.get_item_in(region.code, pk)
    initial = {
        "name": item.name, "legal_basis": item.legal_basis, "filing_kind": item.filing_kind,
        "threshold": format_fen(item.threshold_fen).replace(",", "") if item.threshold_fen else "",
        "order": str(item.order), "active": item.active,
    }
    form = CatalogueItemForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        form.is_valid()
        try:
            values = _values(form)
            values["active"] = bool(form.cleaned_data.get("active"))
            catalogue.update_item(request.user, region, item, **values)
        except ValidationError as error:
            add_action_errors(form, error, FORM_FIELDS)
            status = 422
        else:
            messages.success(request, _("目录项已保存。"))
            return redirect(f"{reverse('matters:catalogue')}?region={region.code}")
    return render(request, "matters/catalogue_edit.html", {"region": region, "item": item, "form": form}, status=status)
