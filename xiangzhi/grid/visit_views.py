"""Pages for patrol visits (走访): the list, and logging one (optionally reporting an event)."""

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Subquery
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from xiangzhi.accounts.permissions import posts_with_capability
from xiangzhi.people.models import Relation, Resident
from xiangzhi.people.queries import RegistryFilters, filter_households, page_of

from . import boards, visits
from .models import EventCategory, Urgency
from .visits import FINDINGS_MAX_LENGTH

# A visit form's fields for the action's `spawn_event.<field>` errors.
SPAWN_FIELDS = {"category": "event_category", "description": "event_description", "urgency": "event_urgency"}


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class VisitForm(forms.Form):
    visited_on = forms.DateField(
        label=gettext_lazy("走访日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": gettext_lazy("请填写走访日期。"),
                        "invalid": gettext_lazy("走访日期格式应为 年-月-日,如 2025-06-01。")},
    )
    findings = forms.CharField(
        label=gettext_lazy("走访情况"), max_length=FINDINGS_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": gettext_lazy("请填写走访情况。"),
                        "max_length": gettext_lazy("走访情况不能超过 2000 个字。")},
    )
    spawn = forms.BooleanField(label=gettext_lazy("同时上报一个事件"), required=False)
    event_category = forms.ChoiceField(label=gettext_lazy("事件类别"), required=False)
    event_urgency = forms.ChoiceField(
        label=gettext_lazy("紧急程度"), choices=Urgency.choices, required=False, initial=Urgency.NORMAL
    )
    event_description = forms.CharField(
        label=gettext_lazy("事件描述"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("不填则使用走访情况。"),
    )

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        groups = {}
        for category in categories:
            groups.setdefault(category.parent.name, []).append((category.code, category.name))
        self.fields["event_category"].choices = [("", _("请选择"))] + list(groups.items())

    def clean(self):
        data = super().clean()
        if data.get("spawn") and not data.get("event_category"):
            self.add_error("event_category", _("请选择事件类别。"))
        return data

    def spawn_event(self):
        data = self.cleaned_data
        if not data.get("spawn"):
            return None
        return {
            "category": data["event_category"],
            "urgency": data.get("event_urgency") or Urgency.NORMAL,
            "description": data.get("event_description", ""),
        }


def put_visit_errors(form, error):
    for key, messages_ in error.message_dict.items():
        field = key
        if key.startswith("spawn_event"):
            field = SPAWN_FIELDS.get(key.partition(".")[2], None)
        for message in messages_:
            form.add_error(field if field in form.fields else None, message)


def safe_next(request):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return None


def categories_for_household(household):
    """Active 小类 an event about this household may have: shared or of its county."""
    return (
        EventCategory.objects.active().leaves().for_county(household.region_id[:6])
        .filter(parent__active=True).select_related("parent").order_by("parent__order", "order", "code")
    )


def head_of_visited_household():
    return Subquery(
        Resident.objects.filter(household=OuterRef("household"), relation=Relation.HEAD).values("name")[:1]
    )


@login_required
@require_GET
def visit_list(request):
    queryset = visits.visible_visits(request.user)
    household = request.GET.get("household", "").strip()
    region = request.GET.get("region", "").strip().upper()[:15]
    if household.isdigit():
        queryset = queryset.filter(household_id=int(household))
    if region:
        queryset = queryset.filter(grid_id=region) if "W" in region else queryset.within(region)
    queryset = queryset.annotate(head_name=head_of_visited_household())
    page = page_of(queryset.order_by("-visited_on", "-id"), request.GET.get("page"))
    filters = {key: value for key, value in (("household", household), ("region", region)) if value}
    return render(request, "grid/visits/list.html", {
        "page": page, "query_string": urlencode(filters), "filters": filters,
        "can_log": bool(posts_with_capability(request.user, visits.LOG)),
    })


@login_required
@require_http_methods(["GET", "POST"])
def visit_create(request):
    household_id = request.POST.get("household") or request.GET.get("household")
    if not household_id:
        return pick_household(request)
    household = visits.get_household_to_visit(request.user, household_id)
    categories = categories_for_household(household)
    if request.method == "POST":
        form = VisitForm(request.POST, categories=categories)
        if form.is_valid():
            try:
                visit = visits.log_visit(
                    request.user, household, visited_on=form.cleaned_data["visited_on"],
                    findings=form.cleaned_data["findings"], spawn_event=form.spawn_event(),
                )
            except ValidationError as error:
                put_visit_errors(form, error)
            else:
                if visit.event_id:
                    messages.success(request, _("已记录走访,并上报了事件。"))
                else:
                    messages.success(request, _("已记录走访。"))
                return redirect(safe_next(request) or "grid:my_work")
    else:
        form = VisitForm(categories=categories, initial={"visited_on": timezone.localdate()})
    recent = household.visits.select_related("visitor").order_by("-visited_on", "-id")[:5]
    return render(request, "grid/visits/create.html", {
        "form": form, "household": household, "recent": recent,
        "head_name": household.residents.filter(relation=Relation.HEAD).values_list("name", flat=True).first(),
    })


def pick_household(request):
    """A visit starts from a household: search the ones in reach, the due ones first."""
    query = request.GET.get("q", "").strip()[:50]
    households = boards.households_due(request.user) if not query else filter_households(
        visits.households_to_visit(request.user), RegistryFilters(q=query)
    ).select_related("region", "grid").annotate(head_name=boards.head_name_subquery()).order_by("region_id", "id")
    page = page_of(households, request.GET.get("page"))
    return render(request, "grid/visits/pick_household.html", {
        "page": page, "q": query, "query_string": urlencode({"q": query}) if query else "",
    })
