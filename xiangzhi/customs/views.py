"""移风易俗 pages, phone-first. Thin: a scoped fetch, a form, one action, a response."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xiangzhi.accounts.permissions import can, posts_with_capability, require_capability
from xiangzhi.core.forms import add_action_errors
from xiangzhi.people.models import Household, Resident
from xiangzhi.regions.models import Level

from . import actions, queries
from .forms import CadreDeclarationForm, DeclarationForm, StandardForm, VerifyForm, yuan_to_fen
from .models import (
    CULTURE_VIEW, CUSTOMS_VIEW, VOLUNTEER_VIEW, CulturalEventKind, CustomsStandard, HeritageItem, HeritageKind,
    HeritageLevel, VolunteerTeam,
)

PER_PAGE = 20
AMOUNT_FIELDS = {"gift_per_guest_fen": "gift_per_guest", "total_cost_fen": "total_cost",
                 "max_gift_fen": "max_gift", "max_cost_fen": "max_cost"}


@login_required
@require_GET
def coverage(request):
    require_capability(request.user, CUSTOMS_VIEW)
    scope = queries.scope_region(request.user, CUSTOMS_VIEW, request.GET.get("region"))
    data = queries.coverage(scope.code, with_villages=len(scope.code) >= 9)
    return render(request, "customs/coverage.html", {
        "data": data, "civilized": queries.civilized_shares(scope.code),
    })


@login_required
@require_GET
def statistics(request):
    require_capability(request.user, CUSTOMS_VIEW)
    scope = queries.scope_region(request.user, CUSTOMS_VIEW, request.GET.get("region"))
    return render(request, "customs/statistics.html", {
        "data": queries.statistics(scope.code, queries.parse_year(request.GET.get("year"))),
    })


# --- 红白事 ----------------------------------------------------------------------------------


def _may_declare(user):
    return bool(posts_with_capability(user, actions.DECLARE) or posts_with_capability(user, actions.MANAGE))


@login_required
@require_GET
def declaration_list(request):
    if not (_may_declare(request.user) or posts_with_capability(request.user, CUSTOMS_VIEW)):
        raise PermissionDenied(_("您没有此项操作的权限。"))
    queryset = queries.visible_declarations(request.user).select_related("region", "household")
    if request.GET.get("over") == "1":
        queryset = queryset.filter(over_standard=True)
    page = Paginator(queryset.order_by("-event_date", "-id"), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "customs/declaration_list.html", {
        "page": page, "over": request.GET.get("over") == "1", "may_declare": _may_declare(request.user),
        "is_cadre": bool(posts_with_capability(request.user, CUSTOMS_VIEW)),
    })


@login_required
@require_http_methods(["GET", "POST"])
def declaration_create(request):
    if not _may_declare(request.user):
        raise PermissionDenied(_("您没有此项操作的权限。"))
    records_for_others = bool(posts_with_capability(request.user, actions.MANAGE))
    form_class = CadreDeclarationForm if records_for_others else DeclarationForm
    form = form_class(request.POST or None)
    if request.method == "POST":
        form.is_valid()
        gift = yuan_to_fen(form, "gift_per_guest", _("每人礼金"))
        cost = yuan_to_fen(form, "total_cost", _("总花费"))
        household = None
        if records_for_others:
            number = (form.data.get("household") or "").strip()
            household = Household.objects.visible_to(request.user).select_related("region").filter(
                pk=int(number) if number.isdigit() else 0).first()
            if household is None:
                form.add_error("household", _("未找到该户,请填写本村的户编号。"))
        if not form.errors:
            data = form.cleaned_data
            try:
                declaration = actions.declare_event(
                    request.user, household=household, kind=data["kind"], event_date=data["event_date"],
                    tables=data["tables"], guests=data["guests"], gift_per_guest_fen=gift, total_cost_fen=cost,
                    note=data["note"],
                )
            except ValidationError as error:
                add_action_errors(form, error, AMOUNT_FIELDS)
            else:
                if declaration.over_standard:
                    messages.warning(request, _("已申报。超出本村标准:%(items)s。红白理事会将与您联系。") % {
                        "items": "、".join(declaration.exceeded_labels)})
                else:
                    messages.success(request, _("已申报,符合本村标准。"))
                return redirect("customs:declaration_detail", declaration.pk)
    return render(request, "customs/declaration_form.html", {"form": form}, status=422 if form.errors else 200)


@login_required
@require_GET
def declaration_detail(request, pk):
    declaration = queries.get_declaration_for_user(request.user, pk)
    return render(request, "customs/declaration_detail.html", {"declaration": declaration})


@login_required
@require_http_methods(["GET", "POST"])
def standards(request):
    require_capability(request.user, CUSTOMS_VIEW)
    posts = posts_with_capability(request.user, actions.MANAGE)
    village = next((post.region.village_code() for post in posts if post.region.village_code()), None)
    form = StandardForm(request.POST or None)
    if request.method == "POST":
        if village is None:
            raise PermissionDenied(_("您没有此项操作的权限。"))
        form.is_valid()
        gift = yuan_to_fen(form, "max_gift", _("每人礼金上限"))
        cost = yuan_to_fen(form, "max_cost", _("总花费上限"))
        if not form.errors:
            data = form.cleaned_data
            try:
                actions.set_standard(request.user, village, effective_from=data["effective_from"],
                                     max_tables=data["max_tables"], max_guests=data["max_guests"],
                                     max_gift_fen=gift, max_cost_fen=cost)
            except ValidationError as error:
                add_action_errors(form, error, AMOUNT_FIELDS)
            else:
                messages.success(request, _("标准已登记。"))
                return redirect("customs:standards")
    listed = CustomsStandard.objects.visible_to(request.user).select_related("region")[:100]
    return render(request, "customs/standards.html", {
        "standards": listed, "form": form if village else None,
    }, status=422 if form.errors else 200)


# --- volunteer service ----------------------------------------------------------------------


def _require_volunteer_reader(user):
    if not (posts_with_capability(user, VOLUNTEER_VIEW) or posts_with_capability(user, actions.VOLUNTEER_JOIN)):
        raise PermissionDenied(_("您没有此项操作的权限。"))


def _regions_for(user, capability, levels):
    """The regions of the user's posts that hold the capability, at the given levels (form choices)."""
    return [post.region for post in posts_with_capability(user, capability) if post.region.level in levels]


def _refused_into_messages(request, error):
    messages.error(request, " ".join(error.messages))


@login_required
def activity_list(request):
    """The activities in reach; organisers (volunteer.manage) also register teams and activities here."""
    _require_volunteer_reader(request.user)
    if request.method == "POST":
        try:
            if request.POST.get("form") == "team":
                actions.create_team(request.user, request.POST.get("region", ""), name=request.POST.get("name", ""))
                messages.success(request, _("服务队已登记。"))
            else:
                team = VolunteerTeam.objects.visible_to(request.user, actions.VOLUNTEER_MANAGE).filter(
                    pk=request.POST.get("team") if str(request.POST.get("team", "")).isdigit() else 0).first()
                if team is None:
                    raise ValidationError({"team": _("请选择服务队。")})
                activity = actions.create_activity(
                    request.user, team, title=request.POST.get("title", ""), starts_at=request.POST.get("starts_at", ""),
                    place=request.POST.get("place", ""), for_minors=request.POST.get("for_minors") == "1",
                )
                messages.success(request, _("活动已发布。"))
                return redirect("customs:activity_detail", activity.pk)
        except ValidationError as error:
            _refused_into_messages(request, error)
        return redirect("customs:activity_list")
    queryset = queries.visible_activities(request.user).select_related("team", "region")
    page = Paginator(queryset.order_by("-starts_at", "-id"), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "customs/activity_list.html", {
        "page": page,
        "team_regions": _regions_for(request.user, actions.VOLUNTEER_MANAGE, (Level.VILLAGE, Level.TOWNSHIP)),
        "teams": VolunteerTeam.objects.visible_to(request.user, actions.VOLUNTEER_MANAGE).select_related("region")
        .order_by("region_id", "name")[:200] if posts_with_capability(request.user, actions.VOLUNTEER_MANAGE) else [],
    })


def _activity_context(request, activity, verify_form=None, signup_error=None):
    user = request.user
    own = getattr(user, "resident", None)
    household_members = list(Resident.objects.present().filter(household_id=own.household_id)) if own else []
    return {
        "activity": activity,
        "signups": queries.signups_for(user, activity),
        "is_organiser": activity.organiser_id == user.pk,
        "household_members": household_members if can(user, actions.VOLUNTEER_JOIN, own.region_id if own else "")
        else [],
        "verify_form": verify_form or VerifyForm(),
        "signup_error": signup_error,
    }


@login_required
@require_GET
def activity_detail(request, pk):
    _require_volunteer_reader(request.user)
    activity = queries.get_activity_for_user(request.user, pk)
    return render(request, "customs/activity_detail.html", _activity_context(request, activity))


@login_required
@require_POST
def activity_sign_up(request, pk):
    activity = queries.get_activity_for_user(request.user, pk)
    try:
        actions.sign_up(request.user, activity, actions.resident_for_signup(request.user, request.POST.get("resident")))
    except ValidationError as error:
        message = " ".join(error.messages)
        return render(request, "customs/activity_detail.html",
                      _activity_context(request, activity, signup_error=message), status=422)
    messages.success(request, _("已报名。"))
    return redirect("customs:activity_detail", activity.pk)


@login_required
@require_POST
def signup_verify(request, pk):
    signup = queries.get_signup_for_user(request.user, pk)
    form = VerifyForm(request.POST)
    form.is_valid()
    attended = form.cleaned_data.get("attended") != "0"
    try:
        actions.verify_attendance(request.user, signup, attended=attended, hours=form.cleaned_data.get("hours") or "0")
    except ValidationError as error:
        add_action_errors(form, error)
        return render(request, "customs/activity_detail.html",
                      _activity_context(request, signup.activity, verify_form=form), status=422)
    messages.success(request, _("已核实。"))
    return redirect("customs:activity_detail", signup.activity_id)


# --- culture --------------------------------------------------------------------------------


@login_required
def culture(request):
    require_capability(request.user, CULTURE_VIEW)
    if request.method == "POST":
        fields = request.POST
        try:
            if fields.get("form") == "heritage":
                actions.add_heritage_item(
                    request.user, fields.get("region", ""), kind=fields.get("kind", ""), name=fields.get("name", ""),
                    level=fields.get("level", ""), year=fields.get("year", ""), description=fields.get("description", ""),
                )
                messages.success(request, _("已登记。"))
            else:
                actions.add_cultural_event(
                    request.user, fields.get("region", ""), kind=fields.get("kind", ""), title=fields.get("title", ""),
                    starts_at=fields.get("starts_at", ""), place=fields.get("place", ""),
                    description=fields.get("description", ""),
                )
                messages.success(request, _("活动已发布。"))
        except ValidationError as error:
            _refused_into_messages(request, error)
        return redirect("customs:culture")
    scope = queries.culture_scope(request.user, request.GET.get("region"))
    return render(request, "customs/culture.html", {
        "culture_regions": _regions_for(request.user, actions.CULTURE_MANAGE, actions.CULTURE_LEVELS),
        "event_kinds": CulturalEventKind.choices, "heritage_kinds": HeritageKind.choices,
        "heritage_levels": HeritageLevel.choices,
        "region": scope,
        "events": list(queries.events_for(scope.code)[:100]),
        "heritage": list(HeritageItem.objects.within(scope.code).select_related("region").order_by("kind", "name")[:200]),
    })
