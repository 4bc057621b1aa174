"""Pages of the power lists: versions, items and their steps (drafts are edited, versions in force are read)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from xiangzhi.accounts.permissions import can, posts_with_capability, require, require_capability
from xiangzhi.core.forms import add_action_errors

from . import lists
from .cases import HANDLE
from .forms import ActivateForm, ItemForm, NoteForm, StepForm
from .lists import MANAGE
from .models import ListState, PowerList

PER_PAGE = 30


def _adoptable_regions(user):
    """Townships and villages the user manages that have no list yet."""
    regions = {
        post.region_id: post.region for post in posts_with_capability(user, MANAGE)
        if post.region.level in lists.LIST_LEVELS
    }
    taken = set(PowerList.objects.filter(region_id__in=list(regions)).values_list("region_id", flat=True))
    return [region for code, region in sorted(regions.items()) if code not in taken]


def _township_lists(user):
    """The lists in force of the townships above the user's villages: read on their public pages."""
    codes = {post.region_id[:9] for post in posts_with_capability(user, PowerList.view_capability) if len(post.region_id) > 9}
    return list(PowerList.objects.active().filter(region_id__in=codes).select_related("region"))


@login_required
@require_GET
def index(request):
    require_capability(request.user, PowerList.view_capability)
    queryset = lists.visible_lists(request.user).filter(state__in=(ListState.ACTIVE, ListState.DRAFT)).order_by(
        "region_id", "-version"
    )
    page = Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "powers/index.html", {
        "page": page, "adoptable": _adoptable_regions(request.user),
        "township_lists": _township_lists(request.user),
    })


@login_required
@require_POST
def adopt(request):
    try:
        power_list = lists.adopt_default_list(request.user, request.POST.get("region"), note=request.POST.get("note"))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("powers:index")
    messages.success(request, _("已采用默认清单,第 1 版已生效。"))
    return redirect("powers:list_detail", power_list.pk)


def _list_context(request, power_list, **extra):
    may_manage = can(request.user, MANAGE, power_list.region_id)
    versions = lists.versions_of(power_list.region_id)
    return {
        "power_list": power_list,
        "items": lists.items_with_steps(power_list),
        "versions": versions,
        "may_manage": may_manage,
        "has_draft": any(version.state == ListState.DRAFT for version in versions),
        "may_handle": power_list.state == ListState.ACTIVE and can(request.user, HANDLE, power_list.region_id),
        "activate_form": extra.pop("activate_form", None) or ActivateForm(),
        "version_form": NoteForm(),
        **extra,
    }


@login_required
@require_GET
def list_detail(request, pk):
    power_list = lists.get_list_for_user(request.user, pk)
    return render(request, "powers/list_detail.html", _list_context(request, power_list))


@login_required
@require_POST
def list_new_version(request, pk):
    power_list = lists.get_list_for_user(request.user, pk)
    try:
        draft = lists.start_new_version(request.user, power_list, note=request.POST.get("note"))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("powers:list_detail", power_list.pk)
    messages.success(request, _("已创建第 %(version)d 版草稿,修改后请生效。") % {"version": draft.version})
    return redirect("powers:list_detail", draft.pk)


@login_required
@require_POST
def list_activate(request, pk):
    power_list = lists.get_list_for_user(request.user, pk)
    form = ActivateForm(request.POST)
    form.is_valid()
    try:
        lists.activate_list(request.user, power_list, note=form.cleaned_data.get("note", ""))
    except ValidationError as error:
        add_action_errors(form, error)
        context = _list_context(request, power_list, activate_form=form)
        return render(request, "powers/list_detail.html", context, status=422)
    messages.success(request, _("第 %(version)d 版已生效,原版本已废止。") % {"version": power_list.version})
    return redirect("powers:list_detail", power_list.pk)


@login_required
@require_POST
def list_discard(request, pk):
    power_list = lists.get_list_for_user(request.user, pk)
    try:
        lists.discard_draft(request.user, power_list)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("powers:list_detail", power_list.pk)
    messages.success(request, _("草稿已删除。"))
    active = lists.active_list(power_list.region_id)
    return redirect("powers:list_detail", active.pk) if active else redirect("powers:index")


# --- items ----------------------------------------------------------------------------


def _require_draft_manager(request, power_list):
    require(request.user, MANAGE, power_list.region_id)
    if power_list.state != ListState.DRAFT:
        messages.error(request, lists.read_only_message(power_list))
        return False
    return True


@login_required
def item_create(request, pk):
    power_list = lists.get_list_for_user(request.user, pk)
    if not _require_draft_manager(request, power_list):
        return redirect("powers:list_detail", power_list.pk)
    form = ItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = lists.add_item(request.user, power_list, form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("已添加事项“%(name)s”,请为它添加办理步骤。") % {"name": item.name})
            return redirect("powers:item_detail", item.pk)
    return render(request, "powers/item_form.html", {"form": form, "power_list": power_list, "item": None})


@login_required
def item_edit(request, pk):
    item = lists.get_item_for_user(request.user, pk)
    if not _require_draft_manager(request, item.power_list):
        return redirect("powers:item_detail", item.pk)
    if request.method == "POST":
        form = ItemForm(request.POST)
        if form.is_valid():
            try:
                lists.update_item(request.user, item, form.cleaned_data)
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(request, _("事项已保存。"))
                return redirect("powers:item_detail", item.pk)
    else:
        form = ItemForm(initial={name: getattr(item, name) for name in ItemForm.base_fields})
    return render(request, "powers/item_form.html", {"form": form, "power_list": item.power_list, "item": item})


@login_required
@require_POST
def item_delete(request, pk):
    item = lists.get_item_for_user(request.user, pk)
    try:
        lists.remove_item(request.user, item)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("powers:item_detail", item.pk)
    messages.success(request, _("已删除事项“%(name)s”。") % {"name": item.name})
    return redirect("powers:list_detail", item.power_list_id)


@login_required
@require_GET
def item_detail(request, pk):
    item = lists.get_item_for_user(request.user, pk)
    power_list = item.power_list
    return render(request, "powers/item_detail.html", {
        "item": item, "steps": list(item.steps.all()), "power_list": power_list,
        "editable": power_list.state == ListState.DRAFT and can(request.user, MANAGE, power_list.region_id),
        "may_handle": power_list.state == ListState.ACTIVE and can(request.user, HANDLE, power_list.region_id),
        "step_form": StepForm(),
    })


# --- steps ----------------------------------------------------------------------------


@login_required
def step_create(request, pk):
    item = lists.get_item_for_user(request.user, pk)
    if not _require_draft_manager(request, item.power_list):
        return redirect("powers:item_detail", item.pk)
    form = StepForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            lists.add_step(request.user, item, form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("已添加步骤。"))
            return redirect("powers:item_detail", item.pk)
    return render(request, "powers/step_form.html", {"form": form, "item": item, "step": None})


@login_required
def step_edit(request, pk):
    step = lists.get_step_for_user(request.user, pk)
    item = step.item
    if not _require_draft_manager(request, item.power_list):
        return redirect("powers:item_detail", item.pk)
    if request.method == "POST":
        form = StepForm(request.POST)
        if form.is_valid():
            try:
                lists.update_step(request.user, step, form.cleaned_data)
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(request, _("步骤已保存。"))
                return redirect("powers:item_detail", item.pk)
    else:
        form = StepForm(initial={name: getattr(step, name) for name in StepForm.base_fields})
    return render(request, "powers/step_form.html", {"form": form, "item": item, "step": step})


@login_required
@require_POST
def step_delete(request, pk):
    step = lists.get_step_for_user(request.user, pk)
    try:
        lists.remove_step(request.user, step)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已删除步骤“%(name)s”。") % {"name": step.name})
    return redirect("powers:item_detail", step.item_id)

