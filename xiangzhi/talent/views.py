"""Talent pages, phone-first. Thin: a scoped fetch, one action, a response."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xiangzhi.accounts.permissions import can, require_capability
from xiangzhi.core.catalogues import catalogue_region_for
from xiangzhi.core.forms import add_action_errors
from xiangzhi.people import citizen_id
from xiangzhi.people.models import Resident

from . import actions, forms, queries
from .models import TALENT_VIEW, Reserve, ReserveStatus, Returnee


@login_required
@require_GET
def overview(request):
    require_capability(request.user, TALENT_VIEW)
    scope = queries.scope_region(request.user, request.GET.get("region"))
    return render(request, "talent/overview.html", {
        "data": queries.overview(scope.code),
        "may_config": can(request.user, actions.CONFIG, scope.code[:actions.COUNTY_LENGTH])
        if len(scope.code) >= actions.COUNTY_LENGTH else False,
    })


# The village page's forms: key posted as `form` → (form class, action fields the form names otherwise).
VILLAGE_FORMS = {
    "reserve": (forms.ReserveForm, {"resident": "id_number"}),
    "reserve_status": (forms.ReserveStatusForm, {}),
    "training": (forms.TrainingForm, {}),
    "returnee": (forms.ReturneeForm, {}),
    "returnee_status": (forms.ReturneeStatusForm, {}),
    "assignment": (forms.AssignmentForm, {}),
}


def _int(value):
    return int(value) if str(value or "").isdigit() else 0


def _village_resident(village_code, number):
    """The present resident of this village with that citizen ID, found by its blind index."""
    try:
        parsed = citizen_id.parse(number)
    except ValidationError as error:
        raise ValidationError({"id_number": error.messages}) from None
    resident = Resident.objects.within(village_code).present().filter(
        id_number_index=citizen_id.index(parsed.number)).first()
    if resident is None:
        raise ValidationError({"id_number": _("本村在册村民中没有这个公民身份号码。")})
    return resident


def _reserve_of(region, pk, field="reserve"):
    reserve = Reserve.objects.filter(region=region, pk=_int(pk)).first()
    if reserve is None:
        raise ValidationError({field: _("请选择本村的后备人才。")})
    return reserve


def _save_village_form(user, region, key, data):
    code = region.code
    if key == "reserve":
        actions.add_reserve(user, _village_resident(code, data.get("id_number")), category=data.get("category"),
                            added_on=data.get("added_on"))
    elif key == "reserve_status":
        actions.change_reserve_status(user, _reserve_of(region, data.get("reserve")), status=data.get("status"),
                                      note=data.get("note"))
    elif key == "training":
        actions.add_training(user, _reserve_of(region, data.get("reserve")), date=data.get("date"),
                             topic=data.get("topic"), hours=data.get("hours"))
    elif key == "returnee":
        actions.add_returnee(user, code, name=data.get("name"), kind=data.get("kind"),
                             whereabouts=data.get("whereabouts"), note=data.get("note"))
    elif key == "returnee_status":
        returnee = Returnee.objects.filter(region=region, pk=_int(data.get("returnee"))).first()
        if returnee is None:
            raise ValidationError({"returnee": _("请选择本村的回引人员。")})
        reserve = Reserve.objects.filter(region=region, pk=_int(data.get("reserve"))).first()
        actions.change_returnee_status(user, returnee, status=data.get("status"), note=data.get("note"),
                                       reserve=reserve)
    else:
        actions.assign(user, code, role=data.get("role"), name=data.get("name"),
                       sending_unit=data.get("sending_unit"), starts_on=data.get("starts_on"),
                       ends_on=data.get("ends_on"), username=data.get("username"))


@login_required
@require_http_methods(["GET", "POST"])
def village(request, code):
    require_capability(request.user, TALENT_VIEW)
    region = queries.get_village_for_user(request.user, code)
    posted = request.POST.get("form") if request.method == "POST" else None
    if request.method == "POST" and posted not in VILLAGE_FORMS:
        return HttpResponseBadRequest(_("未知的表单。"))
    if posted:
        try:
            _save_village_form(request.user, region, posted, request.POST)
        except ValidationError as error:
            failure = error
        else:
            messages.success(request, _("已保存。"))
            return redirect("talent:village", code=code)
    detail = queries.village_detail(region)
    active = [reserve for reserve in detail["reserves"] if reserve.status == ReserveStatus.ACTIVE]
    extras = {"reserve_status": {"reserves": active}, "training": {"reserves": active},
              "returnee_status": {"reserves": active, "returnees": detail["returnees"]}}
    page_forms = {}
    for key, (form_class, _renames) in VILLAGE_FORMS.items():
        bound = (request.POST,) if key == posted else ()
        page_forms[key] = form_class(*bound, auto_id=f"{key}_%s", **extras.get(key, {}))
    if posted:
        add_action_errors(page_forms[posted], failure, VILLAGE_FORMS[posted][1])
    return render(request, "talent/village.html", {
        **detail, "forms": page_forms, "active": active,
        "may_manage": can(request.user, actions.MANAGE, code), "may_assign": can(request.user, actions.ASSIGN, code),
    }, status=422 if posted else 200)


def _assignment_page(request, assignment, log_form=None, end_form=None, status=200):
    return render(request, "talent/assignment.html", {
        "assignment": assignment, "logs": assignment.logs.select_related("written_by"),
        "may_log": actions.may_write_log(request.user, assignment),
        "may_end": can(request.user, actions.ASSIGN, assignment.region_id),
        "log_form": log_form or forms.WorkLogForm(auto_id="log_%s"),
        "end_form": end_form or forms.EndAssignmentForm(auto_id="end_%s"),
    }, status=status)


@login_required
@require_GET
def assignment_detail(request, pk):
    return _assignment_page(request, queries.get_assignment_for_user(request.user, pk))


@login_required
@require_POST
def assignment_log(request, pk):
    assignment = queries.get_assignment_for_user(request.user, pk)
    if not actions.may_write_log(request.user, assignment):
        raise PermissionDenied(_("只有本人或乡镇可以填写驻村工作日志。"))
    form = forms.WorkLogForm(request.POST, auto_id="log_%s")
    try:
        actions.write_log(request.user, assignment, date=request.POST.get("date"), work=request.POST.get("work"))
    except ValidationError as error:
        add_action_errors(form, error)
        return _assignment_page(request, assignment, log_form=form, status=422)
    messages.success(request, _("工作日志已保存。"))
    return redirect("talent:assignment", pk=pk)


@login_required
@require_POST
def assignment_end(request, pk):
    assignment = queries.get_assignment_for_user(request.user, pk)
    form = forms.EndAssignmentForm(request.POST, auto_id="end_%s")
    try:
        actions.end_assignment(request.user, assignment, ends_on=request.POST.get("ends_on"))
    except ValidationError as error:
        add_action_errors(form, error)
        return _assignment_page(request, assignment, end_form=form, status=422)
    messages.success(request, _("任期已更新。"))
    return redirect("talent:assignment", pk=pk)


@login_required
@require_GET
def mine(request):
    """The signed-in user's own 驻村 assignments, where they write their work log."""
    assignments = request.user.village_assignments.select_related("region").order_by("-starts_on")
    return render(request, "talent/mine.html", {"assignments": assignments})


@login_required
@require_http_methods(["GET", "POST"])
def pool_target(request):
    county = catalogue_region_for(request.user, actions.CONFIG, code=request.POST.get("county")
                                  or request.GET.get("county"))
    form = forms.PoolTargetForm(request.POST or None,
                                initial={"per_village": queries.pool_target(county.code)})
    if request.method == "POST":
        try:
            actions.set_pool_target(request.user, county.code, per_village=request.POST.get("per_village"))
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("后备人才目标已保存。"))
            return redirect("talent:overview")
    return render(request, "talent/target.html", {"county": county, "form": form},
                  status=422 if form.errors else 200)
