"""Public pages (no login): a list in force, an item's 五公开, a concluded case with its log badge."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from xiangzhi.translog import log

from . import public
from .cases import LOG_KIND


@require_GET
def public_list(request, pk):
    power_list = public.public_list(pk)
    return render(request, "powers/public_list.html", {
        "power_list": power_list, "items": public.public_items_of(power_list),
    })


@require_GET
def public_item(request, pk):
    item = public.public_item(pk)
    return render(request, "powers/public_item.html", {
        "item": item, "steps": list(item.steps.all()), "cases": public.concluded_cases_of(item),
    })


@require_GET
def public_case(request, pk):
    case = public.public_case(pk)
    return render(request, "powers/public_case.html", {
        "case": case, "flow": public.public_process(case), "entry": log.entry_for(case, LOG_KIND),
    })
