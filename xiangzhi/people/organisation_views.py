"""Pages for organisations and their members."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from xiangzhi.accounts.permissions import can, posts_with_capability, require, require_capability
from xiangzhi.core.forms import add_action_errors
from xiangzhi.regions.models import Level, Region

from . import organisations
from .models import Organisation, OrganisationKind, Resident
PER_PAGE = 20
DATE_ERRORS = {"invalid": gettext_lazy("日期格式应为 YYYY-MM-DD。")}


def date_field(label, required=True, required_message=None):
    errors = dict(DATE_ERRORS)
    if required_message:
        errors["required"] = required_message
    return forms.DateField(
        label=label, required=required, widget=forms.DateInput(attrs={"type": "date"}), error_messages=errors
    )


class OrganisationForm(forms.Form):
    region = forms.CharField(label=gettext_lazy("所在区划"), max_length=15, widget=forms.Select)
    kind = forms.CharField(
        label=gettext_lazy("类型"), widget=forms.Select(choices=[("", "—"), *OrganisationKind.choices]),
        error_messages={"required": gettext_lazy("请选择组织类型。")},
    )
    name = forms.CharField(
        label=gettext_lazy("名称"), max_length=organisations.NAME_MAX_LENGTH,
        error_messages={"required": gettext_lazy("请填写组织名称。")},
    )
    parent = forms.IntegerField(
        label=gettext_lazy("上级组织"), required=False, widget=forms.Select,
        error_messages={"invalid": gettext_lazy("请选择上级组织。")},
    )
    established_on = date_field(gettext_lazy("成立日期"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        regions = region_choices(user)
        self.fields["region"].widget.choices = [(r.code, f"{r.name}({r.code})") for r in regions]
        parents = {}
        for region in regions:
            for organisation in organisations.parent_choices(region.code):
                parents[organisation.pk] = organisation
        self.fields["parent"].widget.choices = [("", "—")] + [
            (pk, f"{o.name}({o.region.name})") for pk, o in parents.items()
        ]


class MemberForm(forms.Form):
    resident = forms.IntegerField(
        label=gettext_lazy("村民"), widget=forms.Select,
        error_messages={"required": gettext_lazy("请先查找并选择村民。"), "invalid": gettext_lazy("请先查找并选择村民。")},
    )
    position = forms.CharField(label=gettext_lazy("职务"), max_length=organisations.POSITION_MAX_LENGTH, required=False)
    starts_on = date_field(gettext_lazy("任期开始"), required_message=gettext_lazy("请填写任期开始日期。"))
    ends_on = date_field(gettext_lazy("任期结束"), required=False)


class EndMembershipForm(forms.Form):
    ends_on = date_field(gettext_lazy("任期结束"), required_message=gettext_lazy("请填写任期结束日期。"))


class DissolveForm(forms.Form):
    dissolved_on = date_field(gettext_lazy("撤销日期"), required_message=gettext_lazy("请填写撤销日期。"))


def region_choices(user):
    """Where the user may set up an organisation: each post's region and the units right below it."""
    regions = []
    for post in posts_with_capability(user, organisations.MANAGE):
        regions.append(post.region)
        below = Region.objects.filter(parent_id=post.region_id)
        if post.region.level == Level.VILLAGE:
            below = below.filter(level=Level.NATURAL_VILLAGE)
        regions.extend(below.order_by("code"))
    return regions


def may_manage(user, organisation):
    return can(user, organisations.MANAGE, organisation.region_id)


@login_required
@require_GET
def organisation_list(request):
    require_capability(request.user, Organisation.view_capability)
    kind = request.GET.get("kind", "")
    if kind not in OrganisationKind.values:
        kind = ""
    include_dissolved = request.GET.get("dissolved") == "1"
    queryset = organisations.visible_organisations(request.user, kind=kind or None, include_dissolved=include_dissolved)
    page = Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "people/organisations/list.html", {
        "page": page, "kind": kind, "kinds": OrganisationKind.choices, "include_dissolved": include_dissolved,
        "query": query.urlencode(),
        "may_create": bool(posts_with_capability(request.user, organisations.MANAGE)),
    })


@login_required
def organisation_create(request):
    require_capability(request.user, organisations.MANAGE)
    form = OrganisationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            organisation = organisations.create_organisation(
                request.user, region=data["region"], name=data["name"], kind=data["kind"],
                parent=data["parent"], established_on=data["established_on"],
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("已建立组织“%(name)s”。") % {"name": organisation.name})
            return redirect("people:organisation_detail", organisation.pk)
    return render(request, "people/organisations/create.html", {"form": form})


def _detail(request, organisation, **forms_):
    manage = may_manage(request.user, organisation)
    query = request.GET.get("q", "").strip()
    memberships = list(organisations.memberships_of(organisation))
    today = timezone.localdate()
    for membership in memberships:
        membership.current = membership.ends_on is None or membership.ends_on >= today
    context = {
        "organisation": organisation,
        "memberships": memberships,
        "manage": manage and organisation.dissolved_on is None,
        "query": query,
        "candidates": organisations.candidate_residents(organisation, query) if manage else [],
        "member_form": forms_.get("member_form") or MemberForm(initial={"starts_on": today}),
        "end_form": forms_.get("end_form"),
        "end_membership_id": forms_.get("end_membership_id"),
        "dissolve_form": forms_.get("dissolve_form") or DissolveForm(initial={"dissolved_on": today}),
    }
    return render(request, "people/organisations/detail.html", context)


@login_required
@require_GET
def organisation_detail(request, pk):
    organisation = organisations.get_organisation_for_user(request.user, pk)
    return _detail(request, organisation)


@login_required
@require_GET
def resident_options(request, pk):
    """htmx: <option>s of residents living within the organisation's region."""
    organisation = organisations.get_organisation_for_user(request.user, pk)
    require_capability(request.user, organisations.MANAGE)
    query = request.GET.get("q", "").strip()
    candidates = organisations.candidate_residents(organisation, query) if may_manage(request.user, organisation) else []
    return render(request, "people/organisations/resident_options.html", {"candidates": candidates, "query": query})


@login_required
@require_POST
def add_member(request, pk):
    organisation = organisations.get_organisation_for_user(request.user, pk)
    # Refuse (403/404) before looking at the input, as the action would.
    require(request.user, organisations.MANAGE, organisation.region_id)
    form = MemberForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        resident = Resident.objects.within(organisation.region_id).filter(pk=data["resident"]).first()
        try:
            if resident is None:
                raise ValidationError({"resident": _("请先查找并选择本组织所在区划内的村民。")})
            organisations.add_member(
                request.user, organisation, resident, position=data["position"],
                starts_on=data["starts_on"], ends_on=data["ends_on"],
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("已添加成员 %(name)s。") % {"name": resident.name})
            return redirect("people:organisation_detail", organisation.pk)
    return _detail(request, organisation, member_form=form)


@login_required
@require_POST
def end_membership(request, pk, membership_id):
    organisation = organisations.get_organisation_for_user(request.user, pk)
    # Refuse (403/404) before looking at the input, as the action would.
    require(request.user, organisations.MANAGE, organisation.region_id)
    membership = organisations.get_membership_for_user(request.user, organisation, membership_id)
    form = EndMembershipForm(request.POST)
    if form.is_valid():
        try:
            organisations.end_membership(request.user, membership, form.cleaned_data["ends_on"])
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("已结束 %(name)s 的任期。") % {"name": membership.resident.name})
            return redirect("people:organisation_detail", organisation.pk)
    return _detail(request, organisation, end_form=form, end_membership_id=membership.pk)


@login_required
@require_POST
def dissolve(request, pk):
    organisation = organisations.get_organisation_for_user(request.user, pk)
    # Refuse (403/404) before looking at the input, as the action would.
    require(request.user, organisations.MANAGE, organisation.region_id)
    form = DissolveForm(request.POST)
    if form.is_valid():
        try:
            organisations.dissolve_organisation(request.user, organisation, form.cleaned_data["dissolved_on"])
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("已撤销组织“%(name)s”。") % {"name": organisation.name})
            return redirect("people:organisation_detail", organisation.pk)
    return _detail(request, organisation, dissolve_form=form)
