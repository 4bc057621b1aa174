"""Pages of the 人民调解委员会 register: the list with its gaps, forming a committee, members, 换届.
Thin: a scoped fetch, a form, one action, a response."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xiangzhi.accounts.permissions import can, posts_with_capability, require, require_capability
from xiangzhi.core.forms import add_action_errors
from xiangzhi.core.scope import prefix_q
from xiangzhi.regions.models import Region

from . import committee_actions as actions
from . import committee_forms as forms
from .committee_actions import MANAGE
from .committee_queries import VIEW, gaps, get_committee_for_user, sitting_members, with_member_counts

FORM_RENAMES = {"region": "region_code"}


def managed_regions(user):
    """The village, township and county places where the user may form a committee."""
    query = Q()
    for post in posts_with_capability(user, MANAGE):
        query |= prefix_q("code", post.region_id)
    if not query:
        return []
    return list(Region.objects.filter(query, level__in=("county", "township", "village")).order_by("code"))


@login_required
@require_GET
def committee_list(request):
    require_capability(request.user, VIEW)
    posts = posts_with_capability(request.user, VIEW)
    scope_code = (request.GET.get("region") or posts[0].region_id[:12]).strip()
    require(request.user, VIEW, scope_code)
    return render(request, "mediation/committee_list.html", {
        "scope": Region.objects.filter(code=scope_code).first(),
        "gaps": gaps(request.user, scope_code),
        "can_manage": bool(posts_with_capability(request.user, MANAGE)),
    })


@login_required
@require_http_methods(["GET", "POST"])
def committee_create(request):
    require_capability(request.user, MANAGE)
    form = forms.CommitteeForm(request.POST or None, regions=managed_regions(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            committee = actions.form_committee(request.user, **form.action_data())
        except ValidationError as error:
            add_action_errors(form, error, FORM_RENAMES)
        else:
            messages.success(request, _("已登记%(name)s。") % {"name": committee.name})
            return redirect("mediation:committee_detail", committee.pk)
    status = 422 if form.is_bound else 200
    return render(request, "mediation/committee_form.html", {"form": form, "open_rows": forms.OPEN_MEMBER_ROWS},
                  status=status)


def _detail_context(user, committee, bound=None):
    bound = bound or {}
    manage = can(user, MANAGE, committee.region_id)
    return {
        "committee": with_member_counts([committee])[0],
        "members": sitting_members(committee),
        "former": committee.members.filter(left_on__isnull=False).order_by("-left_on", "id"),
        "terms": committee.terms.all(),
        "can_manage": manage,
        "add_form": bound.get("add") or (forms.AddMemberForm(prefix="add") if manage else None),
        "renew_form": bound.get("renew") or (forms.RenewForm(prefix="renew") if manage else None),
        "remove_form": bound.get("remove"),
        "agreements": committee.agreements.select_related("dispute").order_by("-signed_on")[:20],
    }


@login_required
@require_GET
def committee_detail(request, pk):
    require_capability(request.user, VIEW)
    committee = get_committee_for_user(request.user, pk)
    return render(request, "mediation/committee_detail.html", _detail_context(request.user, committee))


def _post_step(request, pk, name, form_class, run):
    require_capability(request.user, MANAGE)
    committee = get_committee_for_user(request.user, pk)
    form = form_class(request.POST, prefix=name)
    if form.is_valid():
        try:
            run(committee, form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("已记录。"))
            return redirect("mediation:committee_detail", committee.pk)
    committee = get_committee_for_user(request.user, pk)
    return render(request, "mediation/committee_detail.html",
                  _detail_context(request.user, committee, {name: form}), status=422)


@login_required
@require_POST
def committee_add_member(request, pk):
    return _post_step(request, pk, "add", forms.AddMemberForm,
                      lambda committee, data: actions.add_member(request.user, committee, **data))


@login_required
@require_POST
def committee_remove_member(request, pk):
    return _post_step(request, pk, "remove", forms.RemoveMemberForm,
                      lambda committee, data: actions.remove_member(
                          request.user, committee, data["member_id"], left_on=data["left_on"]))


@login_required
@require_POST
def committee_renew(request, pk):
    return _post_step(request, pk, "renew", forms.RenewForm,
                      lambda committee, data: actions.renew_term(request.user, committee, **data))
