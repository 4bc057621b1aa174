"""Pages for 吹哨报到: the board, blowing a whistle, a whistle with its calls (report, act, close)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xiangzhi.accounts.permissions import posts_with_capability
from xiangzhi.core.forms import add_action_errors
from xiangzhi.regions.models import Level, Region

from . import whistles
from .forms import ActionForm, CloseForm, WhistleForm
from .models import WHISTLE_VIEW, WhistleState
from .views import period_of


@login_required
@require_GET
def board(request):
    can_view = bool(posts_with_capability(request.user, WHISTLE_VIEW))
    mine = list(whistles.calls_to(request.user).filter(whistle__state=WhistleState.OPEN).order_by("whistle__report_deadline"))
    if not can_view and not posts_with_capability(request.user, whistles.REPORT):
        raise PermissionDenied(_("您没有此项操作的权限。"))
    since, until, warning = period_of(request.GET)
    data = whistles.board(request.user, since=since, until=until) if can_view else None
    return render(request, "contact/whistle_board.html", {
        "board": data, "mine": mine, "since": since, "until": until, "warning": warning, "now": timezone.now(),
        "can_blow": bool(posts_with_capability(request.user, whistles.BLOW)),
    })


def _whistle_regions(user):
    """Where the user may blow: their post's township or village, and the village's 屯."""
    codes = []
    for post in posts_with_capability(user, whistles.BLOW):
        if post.region.level in whistles.WHISTLE_LEVELS:
            codes.append(post.region_id)
        if post.region.level == Level.VILLAGE:
            codes += Region.objects.filter(parent_id=post.region_id, level=Level.NATURAL_VILLAGE).values_list("code", flat=True)
    return list(Region.objects.filter(code__in=codes).order_by("code"))


@login_required
@require_http_methods(["GET", "POST"])
def whistle_create(request):
    regions = _whistle_regions(request.user)
    if not regions:
        raise PermissionDenied(_("您没有此项操作的权限。"))
    departments, members = [], []
    for region in regions:
        if region.level == Level.TOWNSHIP:
            departments = departments or whistles.callable_departments(region)
        else:
            members = members or list(whistles.callable_members(region))
    form = WhistleForm(request.POST or None, regions=regions, departments=departments, members=members,
                       initial={"report_within": 24})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            whistle = whistles.blow_whistle(
                request.user, region_code=data["region"], problem=data["problem"],
                departments=data.get("departments") or (), members=data.get("members") or (),
                report_within=data["report_within"], unit=data["unit"],
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("已吹哨,等待报到。"))
            return redirect("contact:whistle_detail", pk=whistle.pk)
    return render(request, "contact/whistle_form.html", {"form": form})


def _detail(request, whistle, *, action_form=None, close_form=None, status=200):
    calls = list(whistle.calls.select_related("member", "reported_by"))
    now = timezone.now()
    for call in calls:
        call.whistle = whistle
        call.mine = whistles.is_called(request.user, call)
        call.late = call.is_late(now)
    return render(request, "contact/whistle_detail.html", {
        "whistle": whistle, "calls": calls, "action_form": action_form or ActionForm(),
        "close_form": close_form or CloseForm(),
        "is_caller": whistle.caller_id == request.user.pk and whistle.state == WhistleState.OPEN,
    }, status=status)


@login_required
@require_GET
def whistle_detail(request, pk):
    return _detail(request, whistles.get_whistle_for_user(request.user, pk))


@login_required
@require_POST
def call_report(request, pk, call_pk):
    whistle = whistles.get_whistle_for_user(request.user, pk)
    call = whistles.get_call(whistle, call_pk)
    try:
        whistles.report(request.user, call)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("已报到。"))
    return redirect("contact:whistle_detail", pk=whistle.pk)


@login_required
@require_POST
def call_act(request, pk, call_pk):
    whistle = whistles.get_whistle_for_user(request.user, pk)
    call = whistles.get_call(whistle, call_pk)
    form = ActionForm(request.POST)
    if form.is_valid():
        try:
            whistles.record_action(request.user, call, action=form.cleaned_data["action"])
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("已记录处置情况。"))
            return redirect("contact:whistle_detail", pk=whistle.pk)
    elif not whistles.is_called(request.user, call):
        whistles.record_action(request.user, call, action="")  # refuses with 403 for anyone not called
    return _detail(request, whistle, action_form=form, status=422)


@login_required
@require_POST
def whistle_close(request, pk):
    whistle = whistles.get_whistle_for_user(request.user, pk)
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            whistles.close_whistle(request.user, whistle, note=form.cleaned_data["note"])
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("已确认办结。"))
            return redirect("contact:whistle_detail", pk=whistle.pk)
    elif whistle.caller_id != request.user.pk:
        whistles.close_whistle(request.user, whistle, note="")  # refuses: only the caller closes
    return _detail(request, whistle, close_form=form, status=422)
