"""Special-population registry pages. Records come only through `visible_special`; every list
and detail view is audited; the registry's own audit rows are shown to justice posts here."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from xiangzhi.accounts.permissions import posts_with_capability, require_capability
from xiangzhi.core.forms import add_action_errors

from . import actions, queries
from .forms import SpecialPersonForm, VisitForm, find_resident, find_user
from .registry_audit import REGISTRY_KEEPER, registry_access_events

PER_PAGE = 30


@login_required
@require_GET
def special_list(request):
    # Open to every signed-in user: someone outside the registry sees an empty list, not a refusal
    # that would differ from a designated user's empty list.
    page = Paginator(queries.visible_special(request.user), PER_PAGE).get_page(request.GET.get("page"))
    actions.audit_special_view(request.user, page.object_list, what="list")
    return render(request, "petitions/special_list.html", {
        "page": page, "persons": page.object_list, "query": "",
        "may_register": bool(posts_with_capability(request.user, REGISTRY_KEEPER)),
    })


@login_required
@require_http_methods(["GET", "POST"])
def special_register(request):
    require_capability(request.user, "special.manage")
    form = SpecialPersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            helper = find_user(data["helper"])
            if data["helper"].strip() and helper is None:
                raise ValidationError({"helper": _("没有找到帐号为“%(name)s”的帮扶责任人。") % {"name": data["helper"].strip()}})
            resident = find_resident(request.user, "special.manage", data["resident"])
            if data["resident"].strip() and resident is None:
                raise ValidationError({"resident": _("在您的辖区名册中没有找到该村民(请填写村民编号或公民身份号码)。")})
            person = actions.register_special_person(
                request.user, resident=resident, category=data["category"], risk_level=data["risk_level"],
                helper=helper)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("已登记。"))
            return redirect("petitions:special_detail", person.pk)
    return render(request, "petitions/special_register.html", {"form": form}, status=422 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def special_detail(request, pk):
    person = queries.get_special_for_user(request.user, pk)
    form = VisitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.record_special_visit(request.user, person, kind=data["kind"], visited_on=data["visited_on"],
                                         note=data["note"])
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("走访已记录。"))
            return redirect("petitions:special_detail", person.pk)
    actions.audit_special_view(request.user, [person], what="view")
    return render(request, "petitions/special_detail.html", {
        "person": person, "visits": person.visits.select_related("recorded_by"), "form": form,
    }, status=422 if form.errors else 200)


@login_required
@require_GET
def registry_access(request):
    """Who looked at or changed registry records: for the justice posts that keep the registry."""
    require_capability(request.user, REGISTRY_KEEPER)
    page = Paginator(registry_access_events(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "petitions/registry_access.html", {"page": page, "query": ""})
