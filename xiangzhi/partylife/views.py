"""三会一课 pages, phone-first. Thin: a scoped fetch, a form, one action, a response."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xiangzhi.accounts.permissions import can, posts_with_capability, require_capability
from xiangzhi.core.forms import add_action_errors
from xiangzhi.core.uploads import stored_file_response

from . import actions, queries
from .compliance import branch_compliance, schedule_for
from .forms import MeetingForm, ScheduleForm
from .models import PARTYLIFE_CONFIG, PARTYLIFE_RECORD, PARTYLIFE_VIEW, MeetingKind


def _years():
    return range(timezone.localdate().year, 2017, -1)


@login_required
@require_GET
def meeting_list(request):
    require_capability(request.user, PARTYLIFE_VIEW)
    meetings = queries.visible_meetings(request.user)
    organisation = None
    if request.GET.get("organisation"):
        organisation = queries.get_organisation_for_user(request.user, request.GET["organisation"])
        meetings = meetings.filter(organisation=organisation)
    kind = request.GET.get("kind")
    if kind in MeetingKind.values:
        meetings = meetings.filter(kind=kind)
    return render(request, "partylife/meeting_list.html", {
        "meetings": meetings[:200], "organisation": organisation, "kinds": MeetingKind.choices, "kind": kind,
        "may_record": bool(posts_with_capability(request.user, PARTYLIFE_RECORD)),
        "may_configure": bool(posts_with_capability(request.user, PARTYLIFE_CONFIG)),
    })


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request):
    require_capability(request.user, PARTYLIFE_RECORD)
    chosen = request.POST.get("organisation") or request.GET.get("organisation")
    if not chosen:
        return render(request, "partylife/choose_organisation.html", {
            "organisations": queries.party_organisations(request.user, PARTYLIFE_RECORD)[:300],
        })
    organisation = queries.get_organisation_for_user(request.user, chosen, PARTYLIFE_RECORD)
    day = actions.parse_day(request.POST.get("held_on")) or timezone.localdate()
    members = list(queries.members_on(organisation, min(day, timezone.localdate())))
    form = MeetingForm(request.POST or None, organisation=organisation, members=members,
                       initial={"held_on": timezone.localdate().isoformat()})
    if request.method == "POST":
        data = request.POST
        try:
            meeting = actions.record_meeting(
                request.user, organisation, kind=data.get("kind"), held_on=data.get("held_on"),
                topic=data.get("topic"), minutes=data.get("minutes"), present=data.getlist("present"),
                excused=data.getlist("excused"), photos=request.FILES.getlist("photos"),
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("已记录%(kind)s(%(day)s)。") % {
                "kind": meeting.get_kind_display(), "day": meeting.held_on})
            return redirect("partylife:meeting_detail", meeting.pk)
    return render(request, "partylife/meeting_form.html", {
        "form": form, "organisation": organisation, "members": members,
    }, status=422 if form.errors else 200)


@login_required
@require_GET
def meeting_detail(request, pk):
    meeting = queries.get_meeting_for_user(request.user, pk)
    attendances = list(meeting.attendances.select_related("member__resident").order_by("member__resident__name"))
    return render(request, "partylife/meeting_detail.html", {
        "meeting": meeting, "attendances": attendances, "photos": list(meeting.photos.all()),
        "present": sum(1 for row in attendances if row.present),
        "may_add_photos": can(request.user, PARTYLIFE_RECORD, meeting.region_id),
    })


@login_required
@require_POST
def meeting_add_photos(request, pk):
    meeting = queries.get_meeting_for_user(request.user, pk)
    try:
        stored = actions.add_photos(request.user, meeting, request.FILES.getlist("photos"))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已添加 %(count)d 张照片。") % {"count": len(stored)})
    return redirect(f"{reverse('partylife:meeting_detail', args=[meeting.pk])}#photos")


@login_required
@require_GET
def meeting_photo(request, pk, photo_id):
    meeting = queries.get_meeting_for_user(request.user, pk)
    photo = meeting.photos.filter(pk=photo_id).first()
    if photo is None:
        raise Http404(_("未找到该记录。"))
    return stored_file_response(photo.image, photo.content_type)


@login_required
@require_GET
def organisation_calendar(request, pk):
    organisation = queries.get_organisation_for_user(request.user, pk)
    year = queries.parse_year(request.GET.get("year"))
    return render(request, "partylife/calendar.html", {
        "organisation": organisation, "year": year, "years": _years(),
        "compliance": branch_compliance(organisation, year),
        "may_record": can(request.user, PARTYLIFE_RECORD, organisation.region_id),
    })


@login_required
@require_GET
def gaps(request):
    require_capability(request.user, PARTYLIFE_VIEW)
    region = queries.scope_region(request.user, PARTYLIFE_VIEW, request.GET.get("region"))
    year = queries.parse_year(request.GET.get("year"))
    rows = queries.gaps(request.user, region, year)
    only_gaps = request.GET.get("only") == "gaps"
    if only_gaps:
        rows = [row for row in rows if row.missing]
    return render(request, "partylife/gaps.html", {
        "region": region, "year": year, "years": _years(), "rows": rows, "only_gaps": only_gaps,
        "with_gaps": sum(1 for row in rows if row.missing),
    })


@login_required
@require_http_methods(["GET", "POST"])
def schedule(request):
    require_capability(request.user, PARTYLIFE_CONFIG)
    county = queries.county_for(request.user, PARTYLIFE_CONFIG, request.GET.get("region"))
    form = ScheduleForm(request.POST or None, schedule=schedule_for(county.code))
    if request.method == "POST":
        try:
            changes = actions.set_schedule(request.user, county, request.POST)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("已保存%(county)s的会议频次要求(%(n)d 项变更)。") % {
                "county": county.name, "n": len(changes)})
            return redirect(f"{request.path}?region={county.code}")
    return render(request, "partylife/schedule.html", {"form": form, "county": county},
                  status=422 if form.errors else 200)
