"""Reads of matters, scoped by the reader's posts, and the township's supervision view:
every village's matters with their step, overdue milestones and the matters that bypassed
the procedure (implemented catalogue matters without a whole trail, 重大事项备案 of a
catalogue kind with no lawful matter behind them)."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import posts_with_capability, require_capability
from xiangzhi.finance.models import Filing
from xiangzhi.regions.models import CODE_LENGTHS, Level, Region

from . import catalogue
from .models import Matter, MatterState, MatterStep, Milestone, Notice
from .procedure import missing_trail, requires_procedure

SUPERVISE = "matter.supervise"
DONE = (MatterState.IMPLEMENTED, MatterState.CLOSED)
COUNTY_LENGTH = CODE_LENGTHS[Level.COUNTY]


def visible_matters(user):
    today = timezone.localdate()
    overdue = Milestone.objects.filter(matter=OuterRef("pk"), progress__lt=100, due_on__lt=today)
    return (
        Matter.objects.visible_to(user).select_related("village", "item")
        .annotate(has_overdue_milestone=Exists(overdue))
    )


def get_matter_for_user(user, pk):
    require_capability(user, Matter.view_capability)
    matter = visible_matters(user).filter(pk=pk).first() if str(pk).isdigit() else None
    if matter is None:
        raise Http404(_("未找到该记录。"))
    return matter


def get_milestone_for_user(user, pk):
    require_capability(user, Matter.view_capability)
    milestone = (
        Milestone.objects.visible_to(user).select_related("matter__village").filter(pk=pk).first()
        if str(pk).isdigit() else None
    )
    if milestone is None:
        raise Http404(_("未找到该记录。"))
    return milestone


def steps_of(matter):
    return list(
        MatterStep.objects.filter(matter=matter).select_related("resolution__meeting", "recorded_by")
        .order_by("round", "step", "id")
    )


def milestones_of(matter):
    return list(Milestone.objects.filter(matter=matter).order_by("due_on", "id"))


def notices_of(matter):
    return list(Notice.objects.filter(matter=matter).order_by("published_at", "id"))


def trail_status(matter):
    """(requires the procedure, first missing step label or None)."""
    return requires_procedure(matter), missing_trail(matter)


# --- supervision ----------------------------------------------------------------------------------


def supervised_region(user, code=None):
    """The region a supervision page looks at: the asked one within the user's posts, or their first."""
    posts = posts_with_capability(user, SUPERVISE)
    if not posts:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(_("您没有此项操作的权限。"))
    if code:
        if not any(code.startswith(post.region_id) for post in posts):
            raise Http404(_("未找到该区划。"))
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise Http404(_("未找到该区划。"))
        return region
    return posts[0].region


def bypassed_matters(region_code):
    """Implemented or closed matters that needed the procedure and lack part of the trail, each
    with `missing` (the first missing step)."""
    candidates = Matter.objects.within(region_code).filter(state__in=DONE).select_related("village", "item")
    flagged = []
    for matter in candidates.prefetch_related(Prefetch("notices"), Prefetch("steps")):
        if not requires_procedure(matter):
            continue
        steps = {row.step: row for row in matter.steps.all() if row.round == matter.round}
        missing = missing_trail(matter, steps, list(matter.notices.all()))
        if missing:
            matter.missing = missing
            flagged.append(matter)
    return flagged


def _filing_kinds(region_code):
    """The filing kinds the catalogue (of the region's county, or the region's defaults) covers."""
    code = region_code[:COUNTY_LENGTH] if len(region_code) >= COUNTY_LENGTH else catalogue.REGION_WIDE
    return set(
        catalogue.items_of(code).active().exclude(filing_kind="").values_list("filing_kind", flat=True)
    )


def bypassed_filings(region_code):
    """重大事项备案 of a catalogue kind with no matter behind them, or whose matter lacks the
    decision (④) or its notice (⑤)."""
    kinds = _filing_kinds(region_code)
    if not kinds:
        return []
    filings = (
        Filing.objects.within(region_code).filter(kind__in=kinds)
        .select_related("region").order_by("-created_at", "-id")
    )
    flagged = []
    for filing in filings.select_related("matter"):
        matter = getattr(filing, "matter", None)
        if matter is None:
            filing.missing = _("没有对应的四议两公开事项")
        else:
            missing = missing_trail(matter)
            if not missing:
                continue
            filing.missing = _("事项“%(title)s”尚缺“%(missing)s”") % {"title": matter.title, "missing": missing}
        flagged.append(filing)
    return flagged


def overview(region_code):
    """Per village: matters by state; plus matters with overdue milestones."""
    today = timezone.localdate()
    rows = (
        Matter.objects.within(region_code).values("village_id", "village__name", "state")
        .annotate(count=Count("id")).order_by("village_id", "state")
    )
    villages = {}
    for row in rows:
        entry = villages.setdefault(row["village_id"], {"code": row["village_id"], "name": row["village__name"],
                                                        "states": {}, "total": 0})
        entry["states"][row["state"]] = row["count"]
        entry["total"] += row["count"]
    overdue = list(
        Matter.objects.within(region_code).filter(
            Exists(Milestone.objects.filter(matter=OuterRef("pk"), progress__lt=100, due_on__lt=today))
        ).exclude(state__in=(MatterState.CLOSED, MatterState.ABANDONED)).select_related("village")
        .order_by("village_id", "id")[:200]
    )
    return {
        "villages": list(villages.values()),
        "overdue": overdue,
        "states": MatterState.choices,
    }


def open_filter(queryset, state=None, village=None):
    if state in MatterState.values:
        queryset = queryset.filter(state=state)
    if village:
        queryset = queryset.filter(Q(village_id=village))
    return queryset
