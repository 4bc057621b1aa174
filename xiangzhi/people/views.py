"""Registry pages: households, residents, import and export. Each view is a scoped fetch,
a form, one action and a response."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xiangzhi.accounts.permissions import can, posts_with_capability, require, require_capability

from . import actions, exports, imports, queries
from .forms import (
    MEMBER_PREFIX,
    HouseholdEditForm,
    HouseholdForm,
    ImportForm,
    MemberForm,
    MemberFormSet,
    ResidentEditForm,
    member_row_form,
    put_errors,
)
from .models import FLAG_FIELDS, ImportJob, ImportStatus

MAX_ERRORS_SHOWN = 1000


def acting_post(user, capability):
    """The post a page acts in: the current one (browser), which must grant the capability."""
    posts = posts_with_capability(user, capability)
    if not posts:
        raise PermissionDenied(_("您没有此项操作的权限。"))
    return posts[0]


def list_context(request, filters):
    user = request.user
    post = getattr(user, "current_post", None)
    return {
        "filters": filters,
        "filter_regions": queries.filter_regions(post),
        "flag_choices": queries.FLAG_CHOICES,
        "status_choices": queries.ResidentStatus.choices,
        "can_edit": bool(posts_with_capability(user, "people.edit")),
        "can_export": bool(posts_with_capability(user, "people.export")),
        "can_import": bool(posts_with_capability(user, "people.import")),
        "query_string": filters_query(filters),
    }


def filters_query(filters):
    return urlencode(filters.as_dict())


# --- Lists ------------------------------------------------------------------------------


@login_required
@require_GET
def households(request):
    require_capability(request.user, "people.view")
    filters = queries.RegistryFilters.from_params(request.GET)
    page = queries.page_of(queries.with_members(queries.households_for(request.user, filters)), request.GET.get("page"))
    rows = [(h, queries.head_of(h), queries.present_count(h)) for h in page.items]
    return render(request, "people/household_list.html", {"page": page, "rows": rows, **list_context(request, filters)})


@login_required
@require_GET
def residents(request):
    require_capability(request.user, "people.view")
    filters = queries.RegistryFilters.from_params(request.GET)
    residents_page = queries.page_of(
        queries.residents_for(request.user, filters).select_related("region"), request.GET.get("page")
    )
    post = getattr(request.user, "current_post", None)
    population = queries.population_under(post.region) if post and not filters.as_dict() else None
    return render(request, "people/resident_list.html", {
        "page": residents_page, "population": population, **list_context(request, filters),
    })


# --- Households -------------------------------------------------------------------------


def household_form_for(post, data=None, initial=None):
    return HouseholdForm(
        data, initial=initial, regions=queries.household_regions(post), grids=queries.grids_for(post),
        grid_required=post.region.is_grid,
    )


@login_required
@require_http_methods(["GET", "POST"])
def household_create(request):
    post = acting_post(request.user, "people.edit")
    if request.method == "POST" and "add_member" in request.POST:
        # Without JavaScript, "添加家庭成员" submits the form: show it again with one more row.
        data = request.POST.copy()
        total = int(data.get(f"{MEMBER_PREFIX}-TOTAL_FORMS") or 0)
        data[f"{MEMBER_PREFIX}-TOTAL_FORMS"] = str(min(total + 1, MemberFormSet.max_num))
        form, formset = household_form_for(post, data), MemberFormSet(data, prefix=MEMBER_PREFIX)
        return render(request, "people/household_form.html", {"form": form, "formset": formset, "show_errors": False})
    if request.method == "POST":
        form, formset = household_form_for(post, request.POST), MemberFormSet(request.POST, prefix=MEMBER_PREFIX)
        if form.is_valid() and formset.is_valid():
            filled = formset.members()
            try:
                household = actions.register_household(
                    request.user,
                    region=form.cleaned_data["region"],
                    grid=form.cleaned_data["grid"],
                    number=form.cleaned_data["number"],
                    address=form.cleaned_data["address"],
                    poverty_status=form.cleaned_data["poverty_status"],
                    members=[data for _form, data in filled],
                )
            except ValidationError as error:
                put_errors(error, form, formset, [row for row, _data in filled])
            else:
                messages.success(request, _("已登记户 %(household)s,共 %(n)d 人。") % {
                    "household": household.number or household.pk, "n": len(filled)})
                return redirect("people:household_detail", household.pk)
    else:
        initial = {"region": request.GET.get("region")} if request.GET.get("region") else None
        if post.region.is_grid:
            initial = {**(initial or {}), "grid": post.region_id}
        form, formset = household_form_for(post, initial=initial), MemberFormSet(prefix=MEMBER_PREFIX)
    return render(request, "people/household_form.html", {"form": form, "formset": formset, "show_errors": True})


@login_required
@require_GET
def member_row(request):
    """One more member row for the create form (htmx), with the formset's new row count."""
    acting_post(request.user, "people.edit")
    try:
        index = int(request.GET.get(f"{MEMBER_PREFIX}-TOTAL_FORMS", ""))
    except ValueError:
        index = -1
    if not 0 <= index < MemberFormSet.max_num:
        return render(request, "people/_member_limit.html", status=200)
    return render(request, "people/_member_row.html", {
        "member": member_row_form(index), "index": index, "total": index + 1, "oob": True,
    })


@login_required
@require_GET
def household_detail(request, pk):
    household = queries.get_household_for_user(request.user, pk)
    user = request.user
    return render(request, "people/household_detail.html", {
        "household": household,
        "members": queries.members_of(household),
        "can_edit": can(user, "people.edit", household.region_id, household.grid_id),
        "can_transfer": can(user, "household.transfer.request", household.region_id, household.grid_id),
    })


@login_required
@require_http_methods(["GET", "POST"])
def household_edit(request, pk):
    household = queries.get_household_for_user(request.user, pk)
    require(request.user, "people.edit", household.region_id, household.grid_id)
    grids = queries.grids_of_village(household.region.village_code(), request.user.current_post)
    if request.method == "POST":
        form = HouseholdEditForm(request.POST, grids=grids)
        if form.is_valid():
            try:
                actions.update_household(request.user, household, **form.cleaned_data)
            except ValidationError as error:
                put_errors(error, form)
            else:
                messages.success(request, _("已保存。"))
                return redirect("people:household_detail", household.pk)
    else:
        form = HouseholdEditForm(grids=grids, initial={
            "number": household.number, "address": household.address,
            "grid": household.grid_id, "poverty_status": household.poverty_status,
        })
    return render(request, "people/household_edit.html", {"form": form, "household": household})


# --- Residents --------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def resident_add(request, pk):
    household = queries.get_household_for_user(request.user, pk)
    require(request.user, "people.edit", household.region_id, household.grid_id)
    if request.method == "POST":
        form = MemberForm(request.POST)
        if form.is_valid():
            try:
                resident = actions.add_resident(request.user, household, **form.cleaned_data)
            except ValidationError as error:
                put_errors(error, form)
            else:
                messages.success(request, _("已添加家庭成员 %(name)s。") % {"name": resident.name})
                return redirect("people:household_detail", household.pk)
    else:
        form = MemberForm()
    return render(request, "people/resident_add.html", {"form": form, "household": household})


@login_required
@require_GET
def resident_detail(request, pk):
    resident = queries.get_resident_for_user(request.user, pk)
    return render(request, "people/resident_detail.html", resident_context(request, resident))


def resident_context(request, resident, full_id_number=None):
    user, grid = request.user, resident.household.grid_id
    return {
        "resident": resident,
        "flags": [(resident._meta.get_field(name).verbose_name, getattr(resident, name)) for name in FLAG_FIELDS],
        "full_id_number": full_id_number,
        "can_edit": can(user, "people.edit", resident.region_id, grid),
        "can_reveal": can(user, "people.view_full_id", resident.region_id, grid),
    }


@never_cache
@login_required
@require_POST
def resident_reveal(request, pk):
    resident = queries.get_resident_for_user(request.user, pk)
    full = actions.reveal_id_number(request.user, resident)
    return render(request, "people/resident_detail.html", resident_context(request, resident, full))


@login_required
@require_http_methods(["GET", "POST"])
def resident_edit(request, pk):
    resident = queries.get_resident_for_user(request.user, pk)
    require(request.user, "people.edit", resident.region_id, resident.household.grid_id)
    if request.method == "POST":
        form = ResidentEditForm(request.POST)
        if form.is_valid():
            try:
                actions.update_resident(request.user, resident, **form.changes())
            except ValidationError as error:
                put_errors(error, form)
            else:
                messages.success(request, _("已保存。"))
                return redirect("people:resident_detail", resident.pk)
    else:
        form = ResidentEditForm(initial={
            "name": resident.name, "relation": resident.relation, "ethnicity": resident.ethnicity,
            "status": resident.status, **{name: getattr(resident, name) for name in FLAG_FIELDS},
        })
    return render(request, "people/resident_edit.html", {"form": form, "resident": resident})


# --- Import and export ------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request):
    acting_post(request.user, "people.import")
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            job = actions.start_import(request.user, form.cleaned_data["file"])
            return redirect("people:import_detail", job.pk)
    else:
        form = ImportForm()
    jobs = ImportJob.objects.visible_to(request.user).select_related("created_by")[:10]
    return render(request, "people/import.html", {"form": form, "jobs": jobs, "headers": imports.HEADERS})


@login_required
@require_GET
def import_detail(request, pk):
    require_capability(request.user, "people.import")
    job = ImportJob.objects.visible_to(request.user).select_related("created_by").filter(pk=pk).first()
    if job is None:
        raise Http404(_("未找到该导入任务。"))
    context = {
        "job": job,
        "done": job.status in (ImportStatus.SUCCEEDED, ImportStatus.FAILED),
        "errors_shown": job.errors[:MAX_ERRORS_SHOWN],
        "errors_hidden": max(0, len(job.errors) - MAX_ERRORS_SHOWN),
    }
    if request.headers.get("HX-Request"):
        return render(request, "people/_import_progress.html", context)
    return render(request, "people/import_detail.html", context)


@login_required
@require_GET
def import_template(request):
    require_capability(request.user, "people.import")
    response = FileResponse(imports.template_workbook(), as_attachment=True, filename="户籍村民导入模板.xlsx",
                            content_type=exports.XLSX_TYPE)
    return response


@login_required
@require_GET
def export(request):
    filters = queries.RegistryFilters.from_params(request.GET)
    file, _count = exports.export_registry(request.user, filters)
    return FileResponse(file, as_attachment=True, filename="户籍村民.xlsx", content_type=exports.XLSX_TYPE)
