from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xiangzhi.accounts.permissions import can, posts_with_capability, require, require_capability
from xiangzhi.core.forms import add_action_errors

from . import actions, queries
from .forms import (
    DesignationFilterForm,
    GrantForm,
    RenameForm,
    RevokeForm,
    SearchForm,
    SubunitForm,
)
from .models import Level
from .search import search_regions

CHILDREN_PER_PAGE = 100
DESIGNATIONS_PER_PAGE = 50
ADDERS = {Level.NATURAL_VILLAGE: actions.add_natural_village, Level.GRID: actions.add_grid}


@login_required
@require_GET
def index(request):
    require_capability(request.user, queries.VIEW)
    post = request.user.current_post
    return redirect("regions:detail", code=post.region_id)


@login_required
@require_GET
def detail(request, code):
    region = queries.get_region_for_user(request.user, code)
    return _render_detail(request, region)


def _render_detail(request, region, *, subunit_forms=None, rename_form=None, status=200):
    user = request.user
    context = {
        "region": region,
        "breadcrumb": queries.breadcrumb(user, region),
        "designations": region.designations.in_force().order_by("-year", "title"),
        "can_manage": can(user, actions.MANAGE_SUBUNITS, region.code),
    }
    if region.level == Level.VILLAGE:
        context["natural_villages"], context["grids"] = queries.subunits_of(region)
        forms = subunit_forms or {}
        for kind in ADDERS:
            context[f"{kind}_form"] = forms.get(kind) or _subunit_form(kind)
    elif region.is_below_village:
        context["rename_form"] = rename_form or RenameForm(initial={"name": region.name})
    else:
        page = Paginator(queries.children_of(region), CHILDREN_PER_PAGE).get_page(request.GET.get("page"))
        context["children_page"] = page
    return render(request, "regions/detail.html", context, status=status)


def _subunit_form(kind, data=None):
    # Two of these forms share the village page: their element ids must differ.
    return SubunitForm(data, initial={"kind": kind}, auto_id=f"id_{kind}_%s")


@login_required
@require_POST
def add_subunit(request, code):
    village = queries.get_region_for_user(request.user, code)
    if village.level != Level.VILLAGE:
        raise Http404(_("只能在村(社区)下添加自然村/屯或网格。"))
    kind = request.POST.get("kind")
    if kind not in ADDERS:
        kind = Level.NATURAL_VILLAGE
    form = _subunit_form(kind, request.POST)
    if form.is_valid():
        try:
            unit = ADDERS[kind](request.user, village, form.cleaned_data["name"])
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(
                request, _("已添加%(kind)s“%(name)s”(%(code)s)。") % {
                    "kind": unit.get_level_display(), "name": unit.name, "code": unit.code,
                }
            )
            return redirect("regions:detail", code=village.code)
    else:
        # Permission comes before form errors: a user who may not add learns that first.
        require(request.user, actions.MANAGE_SUBUNITS, village.code)
    return _render_detail(request, village, subunit_forms={kind: form}, status=400)


@login_required
@require_POST
def rename(request, code):
    region = queries.get_region_for_user(request.user, code)
    if not region.is_below_village:
        raise Http404(_("只有自然村/屯和网格可以在此改名。"))
    form = RenameForm(request.POST)
    if form.is_valid():
        try:
            actions.rename_subunit(request.user, region, form.cleaned_data["name"])
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("名称已更新。"))
            return redirect("regions:detail", code=region.code)
    else:
        require(request.user, actions.MANAGE_SUBUNITS, region.code)
    return _render_detail(request, region, rename_form=form, status=400)


@login_required
@require_GET
def search(request):
    within = queries.scope_codes(request.user)
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    results = search_regions(query, within) if query else []
    names = queries.ancestor_names(results)
    rows = [{"region": region, "path": queries.path_of(region, names)[:-1]} for region in results]
    context = {"form": form, "query": query, "rows": rows}
    partial = request.headers.get("HX-Request") and not request.headers.get("HX-History-Restore-Request")
    template = "regions/_search_results.html" if partial else "regions/search.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_http_methods(["GET", "POST"])
def designations(request):
    user = request.user
    filters = DesignationFilterForm(request.GET)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    listed = queries.designations_visible_to(
        user, title=criteria.get("title", ""), level=criteria.get("level", ""), year=criteria.get("year")
    )
    may_grant = bool(posts_with_capability(user, actions.GRANT))
    grant_form = GrantForm()
    status = 200
    if request.method == "POST":
        grant_form = GrantForm(request.POST)
        if _grant(request, grant_form):
            return redirect("regions:designations")
        status = 400
    page = Paginator(listed, DESIGNATIONS_PER_PAGE).get_page(request.GET.get("page"))
    for designation in page:
        designation.may_revoke = designation.in_force and can(user, actions.GRANT, designation.region_id)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filters": filters,
        "page": page,
        "query": query.urlencode(),
        "grant_form": grant_form if may_grant else None,
        "revoke_form": RevokeForm(),
    }
    return render(request, "regions/designations.html", context, status=status)


def _grant(request, form):
    """Grant from the page's form; False (with the errors on the form) when it cannot."""
    require_capability(request.user, actions.GRANT)
    if not form.is_valid():
        return False
    data = form.cleaned_data
    try:
        region = queries.get_region_for_user(request.user, data["region"], actions.GRANT)
    except Http404:
        form.add_error("region", _("区划代码不存在或不在您的辖区内。"))
        return False
    try:
        designation = actions.grant_designation(
            request.user, region, title=data["title"], level=data["level"], year=data["year"],
            granted_on=data["granted_on"], document_number=data["document_number"],
        )
    except ValidationError as error:
        add_action_errors(form, error)
        return False
    messages.success(
        request, _("已登记:%(region)s %(designation)s。") % {"region": region.name, "designation": designation}
    )
    return True


@login_required
@require_POST
def revoke(request, pk):
    designation = queries.get_designation_for_user(request.user, pk)
    form = RevokeForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        actions.revoke_designation(request.user, designation, reason)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已撤销:%(region)s %(designation)s。") % {
            "region": designation.region.name, "designation": designation,
        })
    return redirect("regions:designations")
