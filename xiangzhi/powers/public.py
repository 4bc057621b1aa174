"""五公开: what villagers read without signing in — each public item's content, rules,
procedure, and the process and result of its concluded cases, personal data masked — and
what a concluded case puts in the publication log."""

from django.db.models import Prefetch
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from xiangzhi.translog import log

from .cases import LOG_KIND, completion_dates, flow_steps
from .models import CaseProgress, ListState, PowerCase, PowerItem, PowerList, PowerStep

RECENT_CASES = 10


def _local_iso(moment):
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


def _local_date(moment):
    return timezone.localtime(moment).date().isoformat() if moment else None


def canonical_case(case):
    """The published content of a concluded case (the log entry's body)."""
    item = case.item
    return {
        "item_code": item.code,
        "item_name": item.name,
        "list_region": item.power_list.region_id,
        "list_version": item.power_list.version,
        "region_code": case.region_id,
        "village": case.region.name,
        "applicant": case.applicant_masked,
        "subject": case.subject,
        "steps": [
            {"name": step.name, "completed_on": _local_date(completed_at)}
            for step, completed_at in completion_dates(case)
        ],
        "result": case.result,
        "result_label": case.get_result_display(),
        "result_text": case.result_text,
        "concluded_at": _local_iso(case.concluded_at),
        "published_at": _local_iso(case.concluded_at),
    }


def public_case_url(case):
    return reverse("powers:public_case", args=[case.pk])


# --- public reads ---------------------------------------------------------------------


def _steps_prefetch():
    return Prefetch("steps", queryset=PowerStep.objects.order_by("order", "id"))


def public_list(pk):
    power_list = PowerList.objects.filter(
        pk=pk, state__in=(ListState.ACTIVE, ListState.SUPERSEDED)
    ).select_related("region").first()
    if power_list is None:
        raise Http404(_("未找到该记录。"))
    return power_list


def public_items_of(power_list):
    return list(PowerItem.objects.public().filter(power_list=power_list).order_by("order", "id"))


def public_item(pk):
    item = (
        PowerItem.objects.public().select_related("power_list__region")
        .prefetch_related(_steps_prefetch()).filter(pk=pk).first()
    )
    if item is None:
        raise Http404(_("未找到该记录。"))
    return item


def public_case(pk):
    case = PowerCase.objects.public().select_related("item__power_list__region", "region").filter(pk=pk).first()
    if case is None:
        raise Http404(_("未找到该记录。"))
    return case


def with_log_entries(cases):
    cases = list(cases)
    entries = log.entries_for(cases, LOG_KIND)
    for case in cases:
        case.log_entry = entries.get(case.pk)
    return cases


def concluded_cases_of(item, limit=20):
    return with_log_entries(
        PowerCase.objects.public().filter(item=item).select_related("region").order_by("-concluded_at", "-id")[:limit]
    )


def public_process(case):
    """The case's steps in order, each with its completion time (`done_on`), for the flowchart."""
    return flow_steps(case, list(CaseProgress.objects.filter(case=case)))


def _active_public_list(region_code):
    power_list = PowerList.objects.active().filter(region_id=region_code).select_related("region").first()
    if power_list is None:
        return None
    power_list.public_items = public_items_of(power_list)
    return power_list


def portal_context(village):
    """The portal section: the village's and its township's lists in force and recent public cases."""
    lists = [
        power_list for power_list in (_active_public_list(village.code), _active_public_list(village.code[:9]))
        if power_list is not None
    ]
    cases = with_log_entries(
        PowerCase.objects.public().filter(region_id=village.code)
        .select_related("item").order_by("-concluded_at", "-id")[:RECENT_CASES]
    )
    if not lists and not cases:
        return None
    return {"power_lists": lists, "power_cases": cases}
