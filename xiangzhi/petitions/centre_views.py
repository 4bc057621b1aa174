"""县乡村三级综治中心 and 矛调中心: the registry with each county's standardisation share, the entry
form and the standardisation status update."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from xiangzhi.accounts.permissions import can, posts_with_capability, require, require_capability
from xiangzhi.core.forms import add_action_errors
from xiangzhi.regions.models import Region

from . import actions, queries
from .forms import CentreForm, StandardisationForm

MANAGE = "centre.manage"
PER_PAGE = 30


@login_required
@require_GET
def centres(request):
    require_capability(request.user, "petition.view")
    counties = {post.region_id[:6] for post in request.user.posts.active() if len(post.region_id) >= 6}
    page = Paginator(queries.visible_centres(request.user), PER_PAGE).get_page(request.GET.get("page"))
    for centre in page.object_list:
        centre.may_update = can(request.user, MANAGE, centre.region_id)
    return render(request, "petitions/centres.html", {
        "page": page, "centres": page.object_list, "query": "",
        "shares": [(code, queries.standardisation_share(request.user, code)) for code in sorted(counties)],
        "may_register": bool(posts_with_capability(request.user, MANAGE)),
    })


@login_required
@require_http_methods(["GET", "POST"])
def centre_register(request):
    require_capability(request.user, MANAGE)
    form = CentreForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.register_centre(
                request.user, region=Region.objects.filter(code=data["region"]).first() if data["region"] else None,
                kind=data["kind"], name=data["name"], standardised=data["standardised"],
                standardised_on=data["standardised_on"])
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("中心已登记。"))
            return redirect("petitions:centres")
    return render(request, "petitions/centre_form.html", {"form": form, "centre": None},
                  status=422 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def centre_standardisation(request, pk):
    centre = queries.visible_centres(request.user).filter(pk=pk).first()
    if centre is None:
        raise Http404(_("未找到该记录。"))
    initial = {"standardised": centre.standardised,
               "standardised_on": centre.standardised_on.isoformat() if centre.standardised_on else ""}
    form = StandardisationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.set_centre_standardisation(request.user, centre, standardised=form.cleaned_data["standardised"],
                                               standardised_on=form.cleaned_data["standardised_on"])
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("规范化建设状态已更新。"))
            return redirect("petitions:centres")
    elif request.method == "GET":
        require(request.user, MANAGE, centre.region_id)
    return render(request, "petitions/centre_form.html", {"form": form, "centre": centre},
                  status=422 if form.errors else 200)
