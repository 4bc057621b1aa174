"""Pages of 村级事项准入, phone-first. Thin: a scoped fetch, a form, one action, a response."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xiangzhi.accounts.permissions import can, posts_with_capability, require_capability
from xiangzhi.core.forms import add_action_errors

from . import actions, queries
from .actions import ASSIGN, CATALOGUE, REQUEST, REVIEW, UPDATE, admission_workflow, task_workflow
from .forms import AdmissionForm, AssignForm, CompleteForm, ItemForm, ReviewForm
from .models import VIEW, AdmissionState, DutyList, TaskState

PER_PAGE = 30
TASK_STATES = dict(TaskState.choices)


@login_required
@require_GET
def task_list(request):
    require_capability(request.user, VIEW)
    queryset = queries.visible_tasks(request.user).order_by("state", "due_on", "id")
    state = request.GET.get("state")
    if state in TASK_STATES:
        queryset = queryset.filter(state=state)
    page = Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
    now = timezone.now()
    for task in page.object_list:
        task.overdue = task_workflow.is_overdue(task, now)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "duties/task_list.html", {
        "page": page, "states": TASK_STATES, "state": state, "query": query.urlencode(),
        "can_assign": bool(posts_with_capability(request.user, ASSIGN)),
        "can_request": bool(posts_with_capability(request.user, REQUEST)),
        "can_see_burden": bool(posts_with_capability(request.user, "duty.burden")),
    })


def _task_context(request, task, form=None):
    may_complete = task.state == TaskState.ASSIGNED and can(request.user, UPDATE, task.region_id)
    return {
        "task": task, "overdue": task_workflow.is_overdue(task),
        "form": (form or CompleteForm()) if may_complete else None,
    }


@login_required
@require_GET
def task_detail(request, pk):
    task = queries.get_task_for_user(request.user, pk)
    return render(request, "duties/task_detail.html", _task_context(request, task))


@login_required
@require_POST
def task_complete(request, pk):
    task = queries.get_task_for_user(request.user, pk)
    form = CompleteForm(request.POST)
    form.is_valid()
    try:
        actions.complete_task(request.user, task, note=form.cleaned_data["note"])
    except ValidationError as error:
        add_action_errors(form, error)
        context = _task_context(request, queries.get_task_for_user(request.user, pk), form)
        context["page_errors"] = form.non_field_errors()
        return render(request, "duties/task_detail.html", context, status=422)
    messages.success(request, _("已标记完成。"))
    return redirect("duties:task_detail", task.pk)


def _sources(user):
    """[(value, label)] of what the user may assign from: list items and approved admissions."""
    counties = queries.counties_of(user, ASSIGN)
    options = []
    for county in counties:
        for item in queries.items_for(county).order_by("list_kind", "order", "id"):
            value = f"item:{item.pk}"
            if all(value != known for known, _label in options):
                options.append((value, f"{item.get_list_kind_display()} · {item.name}"))
    for admission in queries.assignable_admissions(user)[:100]:
        options.append((f"admission:{admission.pk}", _("准入事项 · %(title)s") % {"title": admission.title}))
    return options


def _resolve_source(user, value):
    kind, _sep, pk = (value or "").partition(":")
    if kind == "item":
        return {"item": queries.get_item_for_user(user, pk)}
    if kind == "admission":
        admission = queries.assignable_admissions(user).filter(pk=queries._pk(pk)).first()
        if admission is None:
            raise Http404(_("未找到该记录。"))
        return {"admission": admission}
    return {}


@login_required
@require_http_methods(["GET", "POST"])
def assign(request):
    require_capability(request.user, ASSIGN)
    sources = _sources(request.user)
    villages = list(queries.assignable_villages(request.user)[:500])
    form = AssignForm(request.POST or None)
    form.fields["source"].widget.choices = [("", "—"), *sources]
    chosen = request.POST.getlist("villages") if request.method == "POST" else []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            tasks = actions.assign_task(
                request.user, villages=chosen, due_on=data["due_on"], title=data["title"],
                description=data["description"], **_resolve_source(request.user, data["source"]),
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("已派发给 %(count)d 个村。") % {"count": len(tasks)})
            return redirect("duties:index")
    return render(request, "duties/assign.html", {
        "form": form, "villages": villages, "chosen": chosen,
        "villages_error": form.errors.get("villages"),
    }, status=422 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def catalogue(request):
    items = queries.visible_items(request.user).filter(active=True)
    counties = queries.counties_of(request.user, CATALOGUE)
    form = ItemForm(request.POST or None) if counties else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(_("您没有此项操作的权限。"))
        form.is_valid()
        try:
            actions.add_item(request.user, county=counties[0], **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("已加入清单。"))
            return redirect("duties:catalogue")
    lists = [(label, [item for item in items if item.list_kind == key]) for key, label in DutyList.choices]
    return render(request, "duties/catalogue.html", {"lists": lists, "form": form},
                  status=422 if form is not None and form.errors else 200)


@login_required
@require_GET
def admission_list(request):
    require_capability(request.user, VIEW)
    queryset = queries.visible_admissions(request.user).order_by("-created_at", "-id")
    page = Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "duties/admission_list.html", {
        "page": page, "can_request": bool(posts_with_capability(request.user, REQUEST)),
    })


@login_required
@require_http_methods(["GET", "POST"])
def admission_new(request):
    require_capability(request.user, REQUEST)
    form = AdmissionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            admission = actions.request_admission(request.user, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("准入申请已提交,等待县里审批。"))
            return redirect("duties:admission_detail", admission.pk)
    return render(request, "duties/admission_form.html", {"form": form}, status=422 if form.errors else 200)


def _admission_context(request, admission, form=None):
    may_review = admission.state == AdmissionState.PENDING and can(request.user, REVIEW, admission.county_code)
    return {
        "admission": admission,
        "form": (form or ReviewForm()) if may_review else None,
        "history": [
            (step, admission_workflow.step_label(step.transition)) for step in admission_workflow.history(admission)
        ],
        "tasks": admission.tasks.count(),
    }


@login_required
@require_GET
def admission_detail(request, pk):
    admission = queries.get_admission_for_user(request.user, pk)
    return render(request, "duties/admission_detail.html", _admission_context(request, admission))


@login_required
@require_POST
def admission_review(request, pk, decision):
    if decision not in ("approve", "reject"):
        raise Http404(_("未找到该记录。"))
    admission = queries.get_admission_for_user(request.user, pk)
    form = ReviewForm(request.POST)
    form.is_valid()
    try:
        actions.review_admission(request.user, admission, decision, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        add_action_errors(form, error)
        admission = queries.get_admission_for_user(request.user, pk)
        context = _admission_context(request, admission, form)
        context["page_errors"] = form.non_field_errors()
        return render(request, "duties/admission_detail.html", context, status=422)
    messages.success(request, _("已审批。"))
    return redirect("duties:admission_detail", admission.pk)


@login_required
@require_GET
def burden(request):
    require_capability(request.user, "duty.burden")
    region_code = request.GET.get("region") or queries.default_burden_region(request.user)
    rows = queries.burden(request.user, region_code)
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    return render(request, "duties/burden.html", {"page": page, "region_code": region_code,
                                                  "query": f"region={region_code}"})
