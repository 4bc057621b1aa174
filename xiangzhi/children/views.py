"""Children pages, phone-first. Thin: a scoped fetch, one action, a response. Pages naming a child
are reached only through access.py's rule; the coverage pages show directors and counts."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xiangzhi.accounts.permissions import can
from xiangzhi.core.forms import add_action_errors
from xiangzhi.people.models import Resident
from xiangzhi.people.queries import page_of

from . import actions, forms, queries
from .access import APPOINT, may_care, may_read_cases
from .models import CaseState, ChildCategory, flag_categories


@login_required
@require_GET
def coverage(request):
    scope = queries.scope_region(request.user, request.GET.get("region"))
    data = queries.coverage(scope.code)
    for row in data["villages"]:
        row["may_care"] = may_care(request.user, row["code"])
    return render(request, "children/coverage.html", {
        **data, "may_read_cases": may_read_cases(request.user),
    })


def _directors_page(request, village, appoint_form=None, end_form=None, status=200):
    history = queries.directors_of(village)
    current = next((director for director in history if director.ended_on is None), None)
    return render(request, "children/directors.html", {
        "village": village, "history": history, "current": current,
        "may_appoint": can(request.user, APPOINT, village.code),
        "appoint_form": appoint_form or forms.AppointForm(auto_id="appoint_%s"),
        "end_form": end_form or forms.EndDirectorForm(auto_id="end_%s"),
    }, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def directors(request, code):
    village = queries.get_village_for_user(request.user, code)
    if request.method == "GET":
        return _directors_page(request, village)
    form = forms.AppointForm(request.POST, auto_id="appoint_%s")
    form.is_valid()
    try:
        director = actions.appoint_director(request.user, village.code, **form.cleaned_data)
    except ValidationError as error:
        add_action_errors(form, error)
        return _directors_page(request, village, appoint_form=form, status=422)
    messages.success(request, _("已任命 %(name)s 为本村儿童主任。") % {"name": director.name})
    return redirect("children:directors", code=village.code)


@login_required
@require_POST
def director_end(request, pk):
    director = queries.get_director_for_user(request.user, pk)
    form = forms.EndDirectorForm(request.POST, auto_id="end_%s")
    form.is_valid()
    try:
        actions.end_director(request.user, director, **form.cleaned_data)
    except ValidationError as error:
        add_action_errors(form, error)
        return _directors_page(request, director.village, end_form=form, status=422)
    messages.success(request, _("已办理离任。"))
    return redirect("children:directors", code=director.village_id)


# --- Children: carers only ---------------------------------------------------------------


def _village_page(request, village, manual_form=None, failure=None, status=200):
    minors = queries.flagged_minors(village.code)
    for minor in minors:
        minor.categories = [(value, ChildCategory(value).label)
                            for value in flag_categories(minor, minor.household_low_income)]
    return render(request, "children/village.html", {
        "village": village, "minors": minors, "failure": failure,
        "cases": list(queries.cases_for(request.user, village=village.code, state=CaseState.ACTIVE)),
        "manual_form": manual_form or forms.ManualCaseForm(auto_id="manual_%s"),
    }, status=status)


@login_required
@require_GET
def village(request, code):
    return _village_page(request, queries.get_carer_village(request.user, code))


@login_required
@require_POST
def open_case(request, code):
    village = queries.get_carer_village(request.user, code)
    kind = request.POST.get("form")
    if kind not in ("flagged", "manual"):
        return HttpResponseBadRequest(_("未知的表单。"))
    manual_form = forms.ManualCaseForm(request.POST, auto_id="manual_%s") if kind == "manual" else None
    try:
        if kind == "flagged":
            child = Resident.objects.within(village.code).filter(pk=_int(request.POST.get("child"))).first()
            if child is None:
                raise ValidationError({"child": _("请从本村名单中选择儿童。")})
            case = actions.open_case(request.user, child, category=request.POST.get("category", ""))
        else:
            manual_form.is_valid()
            data = manual_form.cleaned_data
            child = actions.village_resident(village.code, data["id_number"])
            case = actions.open_case(request.user, child, category=data["category"], needs=data["needs"])
    except ValidationError as error:
        if manual_form is not None:
            add_action_errors(manual_form, error, {"child": "id_number"})
        return _village_page(request, village, manual_form=manual_form,
                             failure=None if manual_form is not None else error, status=422)
    messages.success(request, _("已建立关爱档案,请补充监护人和关爱需求。"))
    return redirect("children:case", pk=case.pk)


def _int(value):
    return int(value) if str(value or "").isdigit() else 0


@login_required
@require_GET
def cases(request):
    if not may_read_cases(request.user):
        raise PermissionDenied(_("只有儿童主任、乡镇民政工作人员和监护人可以查看儿童关爱档案。"))
    state = request.GET.get("state") or ""
    page = page_of(queries.cases_for(request.user, state=state), request.GET.get("page"))
    return render(request, "children/cases.html", {
        "page": page, "state": state, "states": CaseState.choices,
        "query": urlencode({"state": state}) if state else "",
    })


def _case_page(request, case, *, case_form=None, close_form=None, visit_form=None, status=200):
    carer = may_care(request.user, case.village_id)
    adults = queries.household_adults(case.child) if carer else []
    return render(request, "children/case.html", {
        "case": case, "visits": queries.visits_of(case), "carer": carer,
        "guardians": list(case.guardians.all()),
        "case_form": case_form or forms.CaseForm(
            initial={"guardians": [person.pk for person in case.guardians.all()], "needs": case.needs},
            adults=adults, auto_id="case_%s"),
        "close_form": close_form or forms.CloseCaseForm(auto_id="close_%s"),
        "visit_form": visit_form or forms.VisitForm(auto_id="visit_%s"),
    }, status=status)


@login_required
@require_GET
def case_detail(request, pk):
    case = queries.get_case_for_user(request.user, pk)
    actions.record_case_view(request.user, case)
    return _case_page(request, case)


@login_required
@require_POST
def case_update(request, pk):
    case = queries.get_case_for_user(request.user, pk)
    form = forms.CaseForm(request.POST, adults=queries.household_adults(case.child), auto_id="case_%s")
    form.is_valid()
    try:
        actions.update_case(request.user, case, guardians=request.POST.getlist("guardians"),
                            needs=request.POST.get("needs", ""))
    except ValidationError as error:
        add_action_errors(form, error)
        return _case_page(request, case, case_form=form, status=422)
    messages.success(request, _("已保存。"))
    return redirect("children:case", pk=case.pk)


@login_required
@require_POST
def case_close(request, pk):
    case = queries.get_case_for_user(request.user, pk)
    form = forms.CloseCaseForm(request.POST, auto_id="close_%s")
    form.is_valid()
    try:
        actions.close_case(request.user, case, **form.cleaned_data)
    except ValidationError as error:
        add_action_errors(form, error)
        return _case_page(request, case, close_form=form, status=422)
    messages.success(request, _("已结案。"))
    return redirect("children:case", pk=case.pk)


@login_required
@require_POST
def visit_add(request, pk):
    case = queries.get_case_for_user(request.user, pk)
    form = forms.VisitForm(request.POST, auto_id="visit_%s")
    form.is_valid()
    try:
        actions.record_visit(request.user, case, **form.cleaned_data)
    except ValidationError as error:
        add_action_errors(form, error)
        return _case_page(request, case, visit_form=form, status=422)
    messages.success(request, _("已记录走访。"))
    return redirect("children:case", pk=case.pk)
