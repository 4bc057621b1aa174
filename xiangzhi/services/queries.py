"""便民服务 reads: applications a user may see (in the scope of service.view / service.handle, or
their own), an office's queue, per-office statistics."""

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import posts_with_capability

from .models import FINAL_STATES, OPEN_STATES, Application, ApplicationState, ResultDocument

HANDLE = "service.handle"


def not_found():
    return Http404(_("未找到该申请。"))


def own_q(user):
    query = Q(applied_by=user) | Q(proxy=user)
    if user.resident_id:
        query |= Q(applicant_id=user.resident_id)
    return query


def visible_applications(user):
    """In scope of service.view or service.handle, or the user's own (as applicant or 代办员)."""
    if not user.is_authenticated:
        return Application.objects.none()
    scoped = Application.objects.visible_to(user) | Application.objects.visible_to(user, HANDLE)
    return Application.objects.filter(Q(pk__in=scoped.values("pk")) | own_q(user))


def my_applications(user):
    return (Application.objects.filter(own_q(user)).select_related("item", "applicant", "office")
            .order_by("-submitted_at", "-id"))


def get_application_for_user(user, pk):
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise not_found() from None
    found = (visible_applications(user).filter(pk=pk)
             .select_related("item", "applicant__household", "applicant__region", "region", "office", "proxy",
                             "applied_by").first())
    if found is None:
        raise not_found()
    return found


def handling_offices(user):
    """The offices where the user handles steps: the regions of their service.handle posts."""
    return sorted({post.region_id for post in posts_with_capability(user, HANDLE)})


def queue(user, *, overdue=False, state=""):
    """Open applications waiting at the user's offices (overdue first)."""
    rows = Application.objects.filter(office_id__in=handling_offices(user), state__in=OPEN_STATES)
    if state in OPEN_STATES:
        rows = rows.filter(state=state)
    if overdue:
        rows = rows.overdue()
    return rows.select_related("item", "applicant", "region").order_by("deadline", "id")


def overview(user, now=None):
    """Per office in the user's scope: open, overdue, completed, average handling days of
    completed applications, average rating — one grouped query. A county sees every office of
    its townships."""
    now = now or timezone.now()
    completed = Q(state=ApplicationState.COMPLETED)
    handling = ExpressionWrapper(F("finished_at") - F("submitted_at"), output_field=DurationField())
    rows = (
        Application.objects.filter(pk__in=visible_applications(user).values("pk"))
        .values("office_id", "office__name").order_by("office_id").annotate(
            open=Count("id", filter=Q(state__in=OPEN_STATES)),
            overdue=Count("id", filter=Q(state__in=OPEN_STATES, deadline__lt=now)),
            completed=Count("id", filter=completed),
            average_handling=Avg(handling, filter=completed),
            average_score=Avg("rating", filter=completed),
        )
    )
    return [{
        "office": row["office_id"], "name": row["office__name"], "open": row["open"], "overdue": row["overdue"],
        "completed": row["completed"],
        "average_days": (round(row["average_handling"].total_seconds() / 86400, 1)
                         if row["average_handling"] is not None else None),
        "average_rating": round(row["average_score"], 1) if row["average_score"] is not None else None,
    } for row in rows]


def find_document(code):
    code = (code or "").strip().upper().replace(" ", "")
    if len(code) == 12 and "-" not in code:
        code = f"{code[:4]}-{code[4:8]}-{code[8:]}"
    if not code:
        return None
    return (ResultDocument.objects.filter(code=code)
            .select_related("application__item", "application__applicant", "application__region").first())


def is_final(app):
    return app.state in FINAL_STATES
