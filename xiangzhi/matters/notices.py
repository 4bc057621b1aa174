"""The public side of 四议两公开: what ⑤ and ⑥ put in the publication log, the public pages
(no login) and the portal section of the village page.

The canonical content is read from rows that never change after publication (the steps, their
resolutions and meetings, the notice, the milestones of a closed matter), so the verifier can
recompute it. Nothing personal is published: meetings are named by body and date, votes by counts.
"""

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from xiangzhi.translog import log

from .models import Matter, MatterStep, Milestone, Notice, NoticeKind
from .procedure import RESOLUTION_KIND, RESULT_KIND

LOG_KINDS = {NoticeKind.RESOLUTION: RESOLUTION_KIND, NoticeKind.RESULT: RESULT_KIND}
PORTAL_NOTICES = 20


def _local_iso(moment):
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


def _local_date(moment):
    return timezone.localtime(moment).date().isoformat() if moment else None


def trail_of(matter):
    """The passed steps of the matter's deciding round, each with its meeting and vote."""
    rows = MatterStep.objects.filter(matter_id=matter.pk, round=matter.round, passed=True).select_related(
        "resolution__meeting"
    ).order_by("step", "id")
    return [
        {
            "step": row.step,
            "name": str(row.step_label),
            "combined": row.combined,
            "body": str(row.resolution.meeting.get_body_display()),
            "meeting_date": _local_date(row.resolution.meeting.held_at),
            "eligible": row.resolution.eligible,
            "present": row.resolution.present,
            "in_favour": row.resolution.in_favour,
            "against": row.resolution.against,
            "abstain": row.resolution.abstain,
            "passed": row.resolution.passed,
        }
        for row in rows
    ]


def _matter_facts(matter):
    return {
        "village": matter.village_id,
        "village_name": matter.village.name,
        "matter": matter.pk,
        "title": matter.title,
        "description": matter.description,
        "catalogue_item": matter.item.name if matter.item_id else None,
        "amount_fen": matter.amount_fen,
    }


def canonical_resolution(notice):
    matter = notice.matter
    decision = MatterStep.objects.filter(matter_id=matter.pk, round=matter.round, step=4, passed=True).select_related(
        "resolution").first()
    return {
        **_matter_facts(matter),
        "steps": trail_of(matter),
        "resolution": decision.resolution.motion if decision else None,
        "text": notice.text,
        "published_at": _local_iso(notice.published_at),
    }


def milestones_of(matter):
    return [
        {"title": row.title, "due_on": row.due_on.isoformat(), "progress": row.progress,
         "done_on": row.done_on.isoformat() if row.done_on else None}
        for row in Milestone.objects.filter(matter_id=matter.pk).order_by("due_on", "id")
    ]


def canonical_result(notice):
    matter = notice.matter
    return {
        **_matter_facts(matter),
        "milestones": milestones_of(matter),
        "outcome": notice.text,
        "published_at": _local_iso(notice.published_at),
    }


def public_url(notice):
    return reverse("matters:public", args=[notice.matter_id]) + f"#notice-{notice.pk}"


# --- public reads -------------------------------------------------------------------------------


def public_matter(pk):
    """A matter with at least one published notice; 404 otherwise."""
    matter = (
        Matter.objects.filter(pk=pk, notices__isnull=False).select_related("village", "item").distinct().first()
        if str(pk).isdigit() else None
    )
    if matter is None:
        raise Http404(_("未找到该记录。"))
    return matter


def with_log_entries(notices):
    notices = list(notices)
    for kind, log_kind in LOG_KINDS.items():
        entries = log.entries_for([notice for notice in notices if notice.kind == kind], log_kind)
        for notice in notices:
            if notice.kind == kind:
                notice.log_entry = entries.get(notice.pk)
    return notices


def public_notices_of(matter):
    return with_log_entries(Notice.objects.filter(matter=matter).order_by("published_at", "id"))


def portal_context(village):
    """The village's latest published notices, each with its log badge."""
    notices = with_log_entries(
        Notice.objects.filter(matter__village_id=village.code).select_related("matter")
        .order_by("-published_at", "-id")[:PORTAL_NOTICES]
    )
    if not notices:
        return None
    return {"matter_notices": notices}


def public_context(matter):
    return {
        "matter": matter,
        "notices": public_notices_of(matter),
        "trail": trail_of(matter),
        "milestones": list(Milestone.objects.filter(matter=matter).order_by("due_on", "id")),
    }
