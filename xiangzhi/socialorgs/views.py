"""Pages of the social-organisation app, phone-first. Thin: a scoped fetch, one action, a response."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xiangzhi.accounts.permissions import can, posts_with_capability, require, require_capability
from xiangzhi.core.forms import add_action_errors
from xiangzhi.finance.money import format_fen
from xiangzhi.regions.models import Level

from . import actions, forms, purchases, queries
from .models import VIEW, OrganisationKind, SocialWorkStation

PER_PAGE = 20
ORGANISATION_KEYS = [
    "name", "kind", "credit_code", "registration_authority", "registered_on", "legal_representative",
    "contact_phone",
]


def _organisation_data(post):
    return {key: post.get(key) for key in ORGANISATION_KEYS}


# --- organisations ---------------------------------------------------------------------------


@login_required
@require_GET
def organisation_list(request):
    require_capability(request.user, VIEW)
    text, kind = request.GET.get("q", "").strip(), request.GET.get("kind", "")
    kind = kind if kind in OrganisationKind.values else ""
    rows = queries.organisations_for(request.user, text=text, kind=kind)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "socialorgs/organisation_list.html", {
        "page": page, "q": text, "kind": kind, "kinds": OrganisationKind.choices,
        "query": urlencode({key: value for key, value in (("q", text), ("kind", kind)) if value}),
        "may_register": bool(posts_with_capability(request.user, actions.MANAGE)),
    })


def _register_choices(user):
    regions = queries.regions_with(user, actions.MANAGE, (Level.COUNTY, Level.TOWNSHIP))
    return {"regions": regions, "villages": queries.villages_under([region.code for region in regions
                                                                    if region.level == Level.COUNTY]
                                                                   or [region.code for region in regions])}


@login_required
@require_http_methods(["GET", "POST"])
def organisation_create(request):
    require_capability(request.user, actions.MANAGE)
    form = forms.OrganisationForm(request.POST or None, **_register_choices(request.user))
    if request.method == "POST":
        try:
            organisation = actions.register_organisation(
                request.user, request.POST.get("region"), villages=request.POST.getlist("villages"),
                **_organisation_data(request.POST))
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("社会组织已登记。"))
            return redirect("socialorgs:detail", pk=organisation.pk)
    return render(request, "socialorgs/organisation_form.html", {"form": form, "organisation": None},
                  status=422 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request, pk):
    organisation = queries.get_organisation_for_user(request.user, pk)
    if request.method == "POST":
        form = forms.OrganisationForm(request.POST, editing=True,
                                      villages=queries.villages_under([organisation.region_id]))
        try:
            actions.update_organisation(request.user, organisation, villages=request.POST.getlist("villages"),
                                        **_organisation_data(request.POST))
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("已保存。"))
            return redirect("socialorgs:detail", pk=pk)
    else:
        require(request.user, actions.MANAGE, organisation.region_id)
        initial = {key: getattr(organisation, key) for key in ORGANISATION_KEYS}
        initial["registered_on"] = organisation.registered_on.isoformat()
        initial["villages"] = list(organisation.villages.values_list("code", flat=True))
        form = forms.OrganisationForm(initial=initial, editing=True,
                                      villages=queries.villages_under([organisation.region_id]))
    return render(request, "socialorgs/organisation_form.html", {"form": form, "organisation": organisation},
                  status=422 if form.errors else 200)


def _activity_villages(user, organisation):
    return [village for village in queries.regions_with(user, actions.ACTIVITY, (Level.VILLAGE,))
            if organisation.serves_area(village.code)]


def _detail(request, organisation, *, activity_form=None, deregister_form=None, status=200):
    user = request.user
    villages = _activity_villages(user, organisation) if organisation.is_active else []
    return render(request, "socialorgs/organisation_detail.html", {
        "organisation": organisation,
        "villages": organisation.villages.all(),
        "activities": queries.activities_for(user).filter(organisation=organisation)[:50],
        "projects": queries.projects_for(user).filter(provider=organisation),
        "stations": SocialWorkStation.objects.visible_to(user).filter(operator=organisation),
        "may_manage": organisation.is_active and can(user, actions.MANAGE, organisation.region_id),
        "activity_form": activity_form or forms.ActivityForm(villages=villages, auto_id="activity_%s"),
        "may_record": bool(villages),
        "deregister_form": deregister_form or forms.DeregisterForm(auto_id="deregister_%s"),
    }, status=status)


@login_required
@require_GET
def organisation_detail(request, pk):
    return _detail(request, queries.get_organisation_for_user(request.user, pk))


@login_required
@require_POST
def organisation_deregister(request, pk):
    organisation = queries.get_organisation_for_user(request.user, pk)
    form = forms.DeregisterForm(request.POST, auto_id="deregister_%s")
    try:
        actions.deregister_organisation(request.user, organisation,
                                        deregistered_on=request.POST.get("deregistered_on"))
    except ValidationError as error:
        add_action_errors(form, error)
        return _detail(request, organisation, deregister_form=form, status=422)
    messages.success(request, _("已注销。"))
    return redirect("socialorgs:detail", pk=pk)


# --- activities ------------------------------------------------------------------------------


@login_required
@require_POST
def activity_create(request, pk):
    organisation = queries.get_organisation_for_user(request.user, pk)
    form = forms.ActivityForm(request.POST, villages=_activity_villages(request.user, organisation),
                              auto_id="activity_%s")
    try:
        actions.record_activity(
            request.user, organisation, request.POST.get("village"), date=request.POST.get("date"),
            title=request.POST.get("title"), participants=request.POST.get("participants"),
            description=request.POST.get("description"))
    except ValidationError as error:
        add_action_errors(form, error)
        return _detail(request, organisation, activity_form=form, status=422)
    messages.success(request, _("活动已记录。"))
    return redirect("socialorgs:detail", pk=pk)


@login_required
@require_GET
def activity_list(request):
    require_capability(request.user, VIEW)
    page = Paginator(queries.activities_for(request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "socialorgs/activity_list.html", {"page": page})


# --- 政府购买服务 ------------------------------------------------------------------------------


@login_required
@require_GET
def project_list(request):
    require_capability(request.user, VIEW)
    page = Paginator(queries.projects_for(request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "socialorgs/project_list.html", {
        "page": page, "may_create": bool(posts_with_capability(request.user, purchases.PURCHASE)),
    })


def _project_choices(user):
    counties = queries.regions_with(user, purchases.PURCHASE, (Level.COUNTY,))
    codes = [county.code for county in counties]
    providers = [organisation for organisation in queries.organisations_for(user).active()
                 if any(organisation.region_id.startswith(code) for code in codes)]
    places = queries.regions_with(user, purchases.PURCHASE, (Level.TOWNSHIP, Level.VILLAGE))
    return {"counties": counties, "providers": providers, "places": places}


@login_required
@require_http_methods(["GET", "POST"])
def project_create(request):
    require_capability(request.user, purchases.PURCHASE)
    form = forms.ProjectForm(request.POST or None, **_project_choices(request.user))
    if request.method == "POST":
        data = request.POST
        try:
            project = purchases.create_project(
                request.user, data.get("county"), title=data.get("title"), department=data.get("department"),
                provider=queries.pick_organisation(request.user, data.get("provider"), "provider"),
                budget=data.get("budget"), starts_on=data.get("starts_on"), ends_on=data.get("ends_on"),
                served=data.getlist("served"), deliverables=data.get("deliverables", ""))
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("项目已登记。"))
            return redirect("socialorgs:project", pk=project.pk)
    return render(request, "socialorgs/project_form.html", {"form": form}, status=422 if form.errors else 200)


def _project_page(request, project, *, step_form=None, acceptance_form=None, status=200):
    user = request.user
    may_accept = project.state == "in_progress" and can(user, purchases.PURCHASE, project.region_id)
    return render(request, "socialorgs/project_detail.html", {
        "project": project, "budget": format_fen(project.budget_fen),
        "served": project.served.order_by("code"), "deliverables": project.deliverable_rows(),
        "history": purchases.history(project), "steps": purchases.allowed_steps(user, project),
        "step_form": step_form or forms.StepForm(auto_id="step_%s"),
        "may_accept": may_accept, "is_creator": project.created_by_id == user.pk,
        "acceptance_form": acceptance_form or forms.AcceptanceForm(
            deliverables=project.deliverables, auto_id="acceptance_%s"),
    }, status=status)


@login_required
@require_GET
def project_detail(request, pk):
    return _project_page(request, queries.get_project_for_user(request.user, pk))


@login_required
@require_POST
def project_step(request, pk):
    project = queries.get_project_for_user(request.user, pk)
    form = forms.StepForm(request.POST, auto_id="step_%s")
    try:
        purchases.advance_project(request.user, project, request.POST.get("step", ""),
                                  comment=request.POST.get("comment", ""))
    except ValidationError as error:
        add_action_errors(form, error)
        return _project_page(request, project, step_form=form, status=422)
    messages.success(request, _("已办理。"))
    return redirect("socialorgs:project", pk=pk)


@login_required
@require_POST
def project_accept(request, pk):
    project = queries.get_project_for_user(request.user, pk)
    form = forms.AcceptanceForm(request.POST, deliverables=project.deliverables, auto_id="acceptance_%s")
    try:
        purchases.accept_project(
            request.user, project, passed=request.POST.get("passed") != "0",
            accepted_on=request.POST.get("accepted_on"), result=request.POST.get("result"),
            deliverables_met=request.POST.getlist("deliverables_met"))
    except ValidationError as error:
        add_action_errors(form, error, {"comment": "result"})
        return _project_page(request, project, acceptance_form=form, status=422)
    messages.success(request, _("验收已记录。"))
    return redirect("socialorgs:project", pk=pk)


# --- 乡镇社会工作服务站 ---------------------------------------------------------------------------


@login_required
@require_GET
def stations(request):
    region = queries.scope_region(request.user, request.GET.get("region"))
    data = queries.coverage(region.code)
    return render(request, "socialorgs/stations.html", {
        "data": data, "may_open": bool(posts_with_capability(request.user, actions.SOCIALWORK)),
    })


def _operators(user, code):
    return [organisation for organisation in queries.organisations_for(user).active()
            if organisation.serves_area(code)]


@login_required
@require_http_methods(["GET", "POST"])
def station_create(request):
    require_capability(request.user, actions.SOCIALWORK)
    townships = queries.regions_with(request.user, actions.SOCIALWORK, (Level.TOWNSHIP,))
    operators = [organisation for organisation in queries.organisations_for(request.user).active()
                 if any(organisation.serves_area(township.code) for township in townships)]
    form = forms.StationForm(request.POST or None, townships=townships, operators=operators)
    if request.method == "POST":
        data = request.POST
        try:
            station = actions.open_station(
                request.user, data.get("township"), name=data.get("name"), opened_on=data.get("opened_on"),
                staff_count=data.get("staff_count"),
                operator=queries.pick_organisation(request.user, data.get("operator"), "operator"))
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("服务站已登记。"))
            return redirect("socialorgs:station", pk=station.pk)
    return render(request, "socialorgs/station_form.html", {"form": form}, status=422 if form.errors else 200)


def _station_page(request, station, *, edit_form=None, close_form=None, status=200):
    user = request.user
    initial = {"name": station.name, "operator": station.operator_id or "", "staff_count": station.staff_count}
    return render(request, "socialorgs/station_detail.html", {
        "station": station,
        "may_manage": station.closed_on is None and can(user, actions.SOCIALWORK, station.region_id),
        "edit_form": edit_form or forms.StationForm(initial=initial, editing=True, auto_id="edit_%s",
                                                    operators=_operators(user, station.region_id)),
        "close_form": close_form or forms.CloseStationForm(auto_id="close_%s"),
        "earlier": SocialWorkStation.objects.filter(region_id=station.region_id).exclude(pk=station.pk),
    }, status=status)


@login_required
@require_GET
def station_detail(request, pk):
    return _station_page(request, queries.get_station_for_user(request.user, pk))


@login_required
@require_POST
def station_edit(request, pk):
    station = queries.get_station_for_user(request.user, pk)
    form = forms.StationForm(request.POST, editing=True, auto_id="edit_%s",
                             operators=_operators(request.user, station.region_id))
    try:
        actions.update_station(
            request.user, station, name=request.POST.get("name"), staff_count=request.POST.get("staff_count"),
            operator=queries.pick_organisation(request.user, request.POST.get("operator"), "operator"))
    except ValidationError as error:
        add_action_errors(form, error)
        return _station_page(request, station, edit_form=form, status=422)
    messages.success(request, _("已保存。"))
    return redirect("socialorgs:station", pk=pk)


@login_required
@require_POST
def station_close(request, pk):
    station = queries.get_station_for_user(request.user, pk)
    form = forms.CloseStationForm(request.POST, auto_id="close_%s")
    try:
        actions.close_station(request.user, station, closed_on=request.POST.get("closed_on"))
    except ValidationError as error:
        add_action_errors(form, error)
        return _station_page(request, station, close_form=form, status=422)
    messages.success(request, _("服务站已撤销。"))
    return redirect("socialorgs:station", pk=pk)
