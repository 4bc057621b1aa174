"""Pages: the party-organisation tree, members, and 党员联系农户 coverage per village."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xiangzhi.accounts.permissions import can, posts_with_capability, require, require_capability
from xiangzhi.core.forms import add_action_errors
from xiangzhi.people import organisations as registry_organisations
from xiangzhi.people.models import Household, Resident
from xiangzhi.people.queries import page_of

from . import actions, queries
from .forms import (
    DissolveForm, EndLinkForm, LeaveForm, LinkForm, MemberEditForm, MemberForm, OrganisationForm, TransferForm,
)
from .models import MemberStatus


def _may_manage(user, region_code):
    return can(user, queries.MANAGE, region_code)


# --- organisations ------------------------------------------------------------------


@login_required
@require_GET
def organisation_tree(request):
    region = queries.region_for_user(request.user, request.GET.get("region"))
    tree = queries.as_tree(queries.party_organisations(request.user, region.code))
    return render(request, "party/organisation_tree.html", {
        "region": region, "tree": tree, "warning_count": sum(1 for o, _depth in tree if o.warnings),
        "can_create": bool(posts_with_capability(request.user, registry_organisations.MANAGE)),
    })


@login_required
@require_http_methods(["GET", "POST"])
def organisation_create(request):
    require_capability(request.user, registry_organisations.MANAGE)
    form = OrganisationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            organisation = registry_organisations.create_organisation(
                request.user, region=data["region"], name=data["name"], kind=data["kind"],
                parent=data["parent"], established_on=data["established_on"],
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("已建立党组织“%(name)s”。") % {"name": organisation.name})
            return redirect("party:organisation_detail", organisation.pk)
    return render(request, "party/organisation_form.html", {"form": form})


@login_required
@require_GET
def organisation_detail(request, pk):
    organisation = queries.get_party_organisation_for_user(request.user, pk)
    organisation.warnings = queries.organisation_warnings(organisation)
    members = queries.current_members(organisation).select_related("resident").order_by("status", "joined_on", "id")
    committee = registry_organisations.memberships_of(organisation).filter(ends_on__isnull=True)
    return render(request, "party/organisation_detail.html", {
        "organisation": organisation, "members": members, "committee": committee,
        "children": queries.party_organisations(request.user).filter(parent=organisation),
        "can_manage": _may_manage(request.user, organisation.region_id),
        "can_dissolve": can(request.user, registry_organisations.MANAGE, organisation.region_id),
        "dissolve_form": DissolveForm(initial={"dissolved_on": timezone.localdate()}),
    })


@login_required
@require_POST
def organisation_dissolve(request, pk):
    organisation = queries.get_party_organisation_for_user(request.user, pk)
    require(request.user, registry_organisations.MANAGE, organisation.region_id)
    form = DissolveForm(request.POST)
    if form.is_valid():
        try:
            registry_organisations.dissolve_organisation(request.user, organisation, form.cleaned_data["dissolved_on"])
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("已撤销“%(name)s”。") % {"name": organisation.name})
            return redirect("party:organisation_detail", organisation.pk)
    for message in form.errors.get("dissolved_on", []) + form.non_field_errors():
        messages.error(request, message)
    return redirect("party:organisation_detail", organisation.pk)


# --- members ------------------------------------------------------------------------


@login_required
@require_GET
def member_list(request):
    filters = queries.MemberFilters.from_params(request.GET)
    members = queries.filter_members(queries.visible_members(request.user), filters).order_by(
        "region_id", "organisation_id", "resident__name", "id"
    )
    return render(request, "party/member_list.html", {
        "page": page_of(members, request.GET.get("page")), "filters": filters,
        "query_string": urlencode(filters.as_dict()), "statuses": MemberStatus.choices,
        "organisations": queries.party_organisations(request.user).only("id", "name", "region"),
        "can_manage": bool(posts_with_capability(request.user, queries.MANAGE)),
    })


@login_required
@require_http_methods(["GET", "POST"])
def member_create(request):
    require_capability(request.user, queries.MANAGE)
    q = request.GET.get("q", "").strip()[:50]
    residents = queries.member_candidates(request.user, q)
    chosen = request.POST.get("resident", "")
    if chosen.isdigit() and int(chosen) not in {r.pk for r in residents}:
        # The one picked from an earlier search stays a choice while its form is re-shown.
        residents += list(
            Resident.objects.visible_to(request.user, queries.MANAGE).filter(pk=int(chosen)).select_related("region")
        )
    organisations = list(queries.party_organisation_choices(request.user))
    initial = {"joined_on": None, "status": MemberStatus.FULL}
    if request.GET.get("organisation", "").isdigit():
        initial["organisation"] = int(request.GET["organisation"])
    form = MemberForm(request.POST or None, residents=residents, organisations=organisations, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        resident = next(r for r in residents if r.pk == data["resident"])
        organisation = next(o for o in organisations if o.pk == data["organisation"])
        try:
            member = actions.register_member(
                request.user, organisation, resident, status=data["status"], joined_on=data["joined_on"],
                full_on=data["full_on"], mobile=data["mobile"], whereabouts=data["whereabouts"],
                identity_shown=data["identity_shown"], household_plaque=data["household_plaque"],
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("已登记党员 %(name)s。") % {"name": resident.name})
            return redirect("party:member_detail", member.pk)
    return render(request, "party/member_form.html", {"form": form, "q": q, "found": len(residents)})


def _member_page(request, member, **forms):
    organisations = [o for o in queries.party_organisation_choices(request.user) if o.pk != member.organisation_id]
    context = {
        "member": member,
        "links": member.household_links.select_related("household", "region").order_by("ended_on", "-linked_on"),
        "can_manage": member.left_on is None and _may_manage(request.user, member.region_id),
        "edit_form": MemberEditForm(initial={
            "status": member.status, "full_on": member.full_on, "mobile": member.mobile,
            "whereabouts": member.whereabouts, "identity_shown": member.identity_shown,
            "household_plaque": member.household_plaque,
        }),
        "transfer_form": TransferForm(organisations=organisations, initial={"transferred_on": timezone.localdate()}),
        "leave_form": LeaveForm(initial={"left_on": timezone.localdate()}),
    }
    context.update(forms)
    return render(request, "party/member_detail.html", context, status=400 if forms else 200)


@login_required
@require_GET
def member_detail(request, pk):
    return _member_page(request, queries.get_member_for_user(request.user, pk))


@login_required
@require_POST
def member_edit(request, pk):
    member = queries.get_member_for_user(request.user, pk)
    require(request.user, queries.MANAGE, member.region_id)
    form = MemberEditForm(request.POST)
    if form.is_valid():
        try:
            actions.update_member(request.user, member, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("已保存。"))
            return redirect("party:member_detail", member.pk)
    return _member_page(request, member, edit_form=form)


@login_required
@require_POST
def member_transfer(request, pk):
    member = queries.get_member_for_user(request.user, pk)
    require(request.user, queries.MANAGE, member.region_id)
    organisations = list(queries.party_organisation_choices(request.user))
    form = TransferForm(request.POST, organisations=organisations)
    if form.is_valid():
        organisation = next(o for o in organisations if o.pk == form.cleaned_data["organisation"])
        try:
            actions.transfer_member(request.user, member, organisation,
                                    transferred_on=form.cleaned_data["transferred_on"])
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("已转入“%(name)s”。") % {"name": organisation.name})
            return redirect("party:member_detail", member.pk)
    return _member_page(request, member, transfer_form=form)


@login_required
@require_POST
def member_leave(request, pk):
    member = queries.get_member_for_user(request.user, pk)
    require(request.user, queries.MANAGE, member.region_id)
    form = LeaveForm(request.POST)
    if form.is_valid():
        try:
            actions.member_leaves(request.user, member, form.cleaned_data["left_on"])
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("已办理离开。"))
            return redirect("party:member_detail", member.pk)
    return _member_page(request, member, leave_form=form)


# --- 党员联系农户 -------------------------------------------------------------------


@login_required
@require_GET
def coverage(request):
    region = queries.region_for_user(request.user, request.GET.get("region"))
    rows = queries.coverage(region.code)
    households = sum(row.households for row in rows)
    linked = sum(row.linked for row in rows)
    return render(request, "party/coverage.html", {
        "region": region, "rows": rows, "households": households, "linked": linked,
        "percent": round(100 * linked / households) if households else None,
    })


def _village_page(request, village, form=None, status=200):
    rows = queries.coverage(village.code)
    row = rows[0] if rows else None
    page = page_of(queries.unlinked_households(village.code), request.GET.get("page"))
    can_manage = _may_manage(request.user, village.code)
    members = list(queries.village_members(village.code)) if can_manage else []
    if can_manage and form is None:
        form = LinkForm(households=page.items, members=members, initial={"linked_on": timezone.localdate()})
    return render(request, "party/coverage_village.html", {
        "village": village, "row": row, "page": page, "links": queries.current_links(village.code),
        "form": form, "can_manage": can_manage, "end_form": EndLinkForm(initial={"ended_on": timezone.localdate()}),
    }, status=status)


@login_required
@require_GET
def coverage_village(request, code):
    return _village_page(request, queries.get_village_for_user(request.user, code))


@login_required
@require_POST
def link_create(request, code):
    village = queries.get_village_for_user(request.user, code)
    require(request.user, queries.MANAGE, village.code)
    chosen = request.POST.get("household") or ""
    households = list(
        Household.objects.within(village.code).filter(pk=int(chosen)).select_related("region")
        .annotate(head_name=queries.head_name())
    ) if chosen.isdigit() else []
    members = list(queries.village_members(village.code))
    form = LinkForm(request.POST, households=households, members=members)
    if form.is_valid():
        household = households[0]
        member = next(m for m in members if m.pk == form.cleaned_data["member"])
        try:
            actions.link_household(request.user, household, member, linked_on=form.cleaned_data["linked_on"])
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("已安排党员 %(name)s 联系该户。") % {"name": member.resident.name})
            return redirect("party:coverage_village", village.code)
    form.fields["household"].choices = LinkForm(
        households=page_of(queries.unlinked_households(village.code), 1).items, members=[]
    ).fields["household"].choices
    return _village_page(request, village, form=form, status=400)


@login_required
@require_POST
def link_end(request, pk):
    link = queries.get_link_for_user(request.user, pk)
    require(request.user, queries.MANAGE, link.region_id)
    form = EndLinkForm(request.POST)
    if form.is_valid():
        try:
            actions.end_link(request.user, link, form.cleaned_data["ended_on"])
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("已结束该联系。"))
            return redirect("party:coverage_village", link.region_id[:queries.VILLAGE_LENGTH])
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, message)
    return redirect("party:coverage_village", link.region_id[:queries.VILLAGE_LENGTH])
