"""Event pages: report, list, detail with the steps one may take, photos. Thin: a scoped
fetch, a form, one action from events.py, a response."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import OuterRef, Q, Subquery
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xiangzhi.accounts.permissions import can, posts_with_capability, require_capability
from xiangzhi.core.forms import add_action_errors
from xiangzhi.core.uploads import stored_file_response
from xiangzhi.people.models import Household, Relation, Resident
from xiangzhi.regions.models import GRID_MARK

from . import events
from .duplicates import suggest_duplicates
from .events import DISPATCH, REPORT, VIEW, event_workflow
from .forms import CommentForm, EventFilterForm, EventReportForm, default_county, step_form
from .models import EventState

PER_PAGE = 50
HOUSEHOLD_OPTIONS = 20


# --- reporting -------------------------------------------------------------------------------


def household_options(user, query="", chosen=None):
    """[(household, label)] the user may pick as the household an event is about."""
    if not posts_with_capability(user, Household.view_capability):
        return []
    head = Resident.objects.filter(household=OuterRef("pk"), relation=Relation.HEAD).order_by("id").values("name")[:1]
    households = (
        Household.objects.visible_to(user).select_related("region").annotate(head_name=Subquery(head))
        .order_by("region_id", "id")
    )
    query = (query or "").strip()[:50]
    if query:
        households = households.filter(
            Q(number__contains=query)
            | Q(pk__in=Resident.objects.filter(name__contains=query, relation=Relation.HEAD).values("household_id"))
        )
    found = list(households[:HOUSEHOLD_OPTIONS])
    if chosen and all(str(household.pk) != str(chosen) for household in found):
        try:
            found = list(households.filter(pk=int(chosen))) + found
        except (TypeError, ValueError):
            pass
    return [
        (household, f"{household.number or household.pk} · {household.head_name or '—'} · {household.region.name}")
        for household in found
    ]


@login_required
@require_http_methods(["GET", "POST"])
def event_report(request):
    require_capability(request.user, REPORT)
    can_pick_household = bool(posts_with_capability(request.user, Household.view_capability))
    chosen_household = request.POST.get("household") if request.method == "POST" else None
    households = household_options(request.user, chosen=chosen_household) if can_pick_household else []
    if request.method == "POST":
        form = EventReportForm(request.POST, user=request.user, households=households)
        if form.is_valid():
            data = form.cleaned_data
            try:
                event = events.report_event(
                    request.user, category=data["category"], description=data["description"],
                    urgency=data["urgency"], region=data["region"] or None,
                    household=data["household"] if can_pick_household else None,
                    latitude=data["latitude"], longitude=data["longitude"], address=data["address"],
                    photos=request.FILES.getlist("photos"),
                )
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(request, _("事件已上报,编号 %(number)d。") % {"number": event.pk})
                return redirect(f"{event_detail_url(event.pk)}?reported=1")
    else:
        form = EventReportForm(user=request.user, households=households)
    return render(request, "grid/events/report.html", {"form": form, "can_pick_household": can_pick_household})


def event_detail_url(pk):
    return reverse("grid:event_detail", args=[pk])


@login_required
@require_GET
def event_household_options(request):
    """htmx: the <option>s of the household select for a search by number or head's name."""
    require_capability(request.user, Household.view_capability)
    options = household_options(request.user, request.GET.get("q", ""))
    return render(request, "grid/events/household_options.html", {"options": options})


# --- the list ----------------------------------------------------------------------------------


@login_required
@require_GET
def event_list(request):
    user = request.user
    if not (posts_with_capability(user, VIEW) or posts_with_capability(user, REPORT)):
        raise PermissionDenied(_("您没有此项操作的权限。"))
    filters = EventFilterForm(request.GET or None, county_code=default_county(user))
    # Only the relations the list shows: each extra join costs PostgreSQL planning time.
    queryset = events.visible_events(user).select_related("category", "region", "handler_region")
    queryset = queryset.order_by("-created_at", "-id")
    # Each filter that is valid applies, so that one stale value (a retired category in an
    # old link) does not drop the others; the form shows what was wrong.
    filters.is_valid()
    data = getattr(filters, "cleaned_data", {})
    if data.get("state"):
        queryset = queryset.filter(state=data["state"])
    if data.get("category"):
        queryset = queryset.filter(Q(category_id=data["category"]) | Q(category__parent_id=data["category"]))
    if data.get("overdue"):
        # The most overdue first: that is the order in which they need chasing.
        queryset = event_workflow.overdue(queryset).order_by("deadline", "id")
    region_code = request.GET.get("region", "").strip()
    if region_code:
        # Drill-downs from the boards: a unit's events (a grid's are those it serves).
        queryset = queryset.filter(grid_id=region_code) if GRID_MARK in region_code else queryset.within(region_code)
    page = Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
    now = timezone.now()
    for event in page.object_list:
        event.state_label = event_workflow.state_label(event.state)
        event.overdue = event_workflow.is_overdue(event, now)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "grid/events/list.html", {
        "page": page, "filters": filters, "query": query.urlencode(),
        "can_report": bool(posts_with_capability(user, REPORT)),
        "only_own": not posts_with_capability(user, VIEW),
    })


# --- the detail and its steps ----------------------------------------------------------------


def _labelled(steps):
    steps = list(steps)
    for step in steps:
        step.label = event_workflow.step_label(step.transition)
        step.to_label = event_workflow.state_label(step.to_state)
    return steps


def _duplicates(request, event, steps):
    """Possible duplicates: for the reporter just after reporting, and for a dispatcher who may merge."""
    may_merge = any(transition.name == "merge" for transition, _form in steps)
    if event.state not in events.OPEN_STATES or not (may_merge or request.GET.get("reported")):
        return []
    candidates = suggest_duplicates(event)
    visible = set(
        events.visible_events(request.user).filter(pk__in=[c.pk for c in candidates]).values_list("pk", flat=True)
    )
    for candidate in candidates:
        candidate.visible = candidate.pk in visible
        candidate.state_label = event_workflow.state_label(candidate.state)
    return candidates


def _detail_context(request, event, bound=None):
    user = request.user
    allowed = events.allowed_steps(user, event)
    bound = bound or {}
    steps = [(transition, bound.get(transition.name) or step_form(transition.name, event)) for transition in allowed]
    is_reporter = events.is_reporter_party(user, event)
    return {
        "event": event,
        "state_label": event_workflow.state_label(event.state),
        "overdue": event_workflow.is_overdue(event),
        "photos": list(event.photos.all()),
        "history": _labelled(event_workflow.history(event)),
        "comments": list(event.comments.select_related("author")),
        "escalations": list(event.escalations.all()),
        "steps": steps,
        "is_reporter": is_reporter,
        "can_comment": is_reporter or can(user, VIEW, event.region_id, event.grid_id),
        "comment_form": bound.get("comment") or CommentForm(),
        "duplicates": _duplicates(request, event, steps),
        "may_dispatch": can(user, DISPATCH, event.handler_region_id),
        "final": event.state in events.FINAL_STATES,
    }


@login_required
@require_GET
def event_detail(request, pk):
    event = events.get_event_for_user(request.user, pk)
    return render(request, "grid/events/detail.html", _detail_context(request, event))


@login_required
@require_POST
def event_step(request, pk, step):
    event = events.get_event_for_user(request.user, pk)
    if step not in events.PERSON_STEPS:
        raise Http404(_("未找到该记录。"))
    form = step_form(step, event, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            events.take_step(
                request.user, event, step, comment=data.get("comment", ""), assignee=data.get("assignee") or None,
                rating=data.get("rating") or None, merge_into=data.get("merge_into") or None,
                expected_state=data.get("seen_state") or None, attachments=request.FILES.getlist("attachments"),
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            event = events.get_event_for_user(request.user, pk)
            messages.success(request, _("已办理:%(step)s。当前状态:%(state)s。") % {
                "step": event_workflow.step_label(_taken_step(event, step)),
                "state": event_workflow.state_label(event.state),
            })
            return redirect("grid:event_detail", event.pk)
    event = events.get_event_for_user(request.user, pk)
    context = _detail_context(request, event, {step: form})
    if not any(transition.name == step for transition, _form in context["steps"]):
        # No longer possible (taken by someone else, or not this user's): say why on top.
        context["page_errors"] = form.non_field_errors() or [_("当前状态下不能执行此操作。")]
    return render(request, "grid/events/detail.html", context)


def _taken_step(event, asked):
    """A low rating turns `confirm` into `reopen`: name the step that was taken."""
    if asked == "confirm" and event.state == EventState.IN_PROGRESS:
        return "reopen"
    return asked


@login_required
@require_POST
def event_comment(request, pk):
    event = events.get_event_for_user(request.user, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            events.add_comment(request.user, event, form.cleaned_data["body"])
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("留言已发布。"))
            return redirect(f"{event_detail_url(event.pk)}#comments")
    return render(request, "grid/events/detail.html", _detail_context(request, event, {"comment": form}))


@login_required
@require_POST
def event_add_photos(request, pk):
    event = events.get_event_for_user(request.user, pk)
    try:
        stored = events.add_photos(request.user, event, request.FILES.getlist("photos"))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已添加 %(count)d 张照片。") % {"count": len(stored)})
    return redirect(f"{event_detail_url(event.pk)}#photos")


@login_required
@require_GET
def event_photo(request, pk, photo_id):
    """A photo of an event, to those who may see the event."""
    event = events.get_event_for_user(request.user, pk)
    photo = event.photos.filter(pk=photo_id).first()
    if photo is None:
        raise Http404(_("未找到该记录。"))
    return stored_file_response(photo.image, photo.content_type)
