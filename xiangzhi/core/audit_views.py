"""The audit log: auditors read the events of their region, newest first.

The filter form is shared with the API (core/api.py) so that both refuse the same bad
input with the same Chinese messages.
"""

import datetime

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xiangzhi.accounts.models import Role
from xiangzhi.accounts.permissions import posts_with_capability, require_capability

from .models import AuditEvent

AUDIT_VIEW = "audit.view"
PER_PAGE = 50


class AuditFilterForm(forms.Form):
    person = forms.CharField(label=gettext_lazy("操作人"), required=False, max_length=150)
    action = forms.CharField(label=gettext_lazy("操作"), required=False, max_length=64)
    region = forms.CharField(label=gettext_lazy("区划代码"), required=False, max_length=15)
    date_from = forms.DateField(
        label=gettext_lazy("起始日期"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": gettext_lazy("日期格式应为 YYYY-MM-DD。")},
    )
    date_to = forms.DateField(
        label=gettext_lazy("截止日期"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": gettext_lazy("日期格式应为 YYYY-MM-DD。")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_region(self):
        code = self.cleaned_data["region"].strip().upper()
        if code and not any(code.startswith(post.region_id) for post in posts_with_capability(self.user, AUDIT_VIEW)):
            raise forms.ValidationError(_("该区划不在您的查看范围内。"))
        return code

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("截止日期不能早于起始日期。"))
        return cleaned


def filter_events(queryset, *, person="", action="", region="", date_from=None, date_to=None):
    """Apply the audit filters; dates are whole days in Asia/Shanghai."""
    person, action = (person or "").strip(), (action or "").strip()
    if person:
        queryset = queryset.filter(
            Q(actor__username=person) | Q(actor_name__contains=person) | Q(actor__full_name__contains=person)
        )
    if action:
        # "household_transfer" finds every step of the procedure; "household_transfer.accept" one.
        queryset = queryset.filter(Q(action=action) | Q(action__prefix=action + "."))
    if region:
        queryset = queryset.filter(region_code__prefix=region)
    if date_from:
        queryset = queryset.filter(occurred_at__gte=_day_start(date_from))
    if date_to:
        queryset = queryset.filter(occurred_at__lt=_day_start(date_to + datetime.timedelta(days=1)))
    return queryset


def _day_start(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def visible_events(user):
    """The audit events the user may read: those under their audit posts, less the special-population
    registry's own trail (only its keepers may learn that a record exists; see petitions/registry_audit.py)."""
    from xiangzhi.petitions.registry_audit import hide_registry_events

    events = AuditEvent.objects.visible_to(user, AUDIT_VIEW)
    return hide_registry_events(events, user).select_related("actor", "post__region")


def role_label(event):
    try:
        return str(Role(event.role).label)
    except ValueError:
        return event.role


def change_rows(event):
    """[(field, old, new)] for display; a value that is not [old, new] shows as new."""
    rows = []
    for name, value in (event.changes or {}).items():
        if isinstance(value, (list, tuple)) and len(value) == 2:
            rows.append((name, value[0], value[1]))
        else:
            rows.append((name, None, value))
    return rows


@login_required
def audit_list(request):
    require_capability(request.user, AUDIT_VIEW)
    form = AuditFilterForm(request.GET or None, user=request.user)
    events = visible_events(request.user)
    if form.is_bound and form.is_valid():
        events = filter_events(events, **form.cleaned_data)
    elif form.is_bound:
        events = events.none()
    page = Paginator(events, PER_PAGE).get_page(request.GET.get("page"))
    for event in page.object_list:
        event.role_label = role_label(event)
        event.change_rows = change_rows(event)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "core/audit_list.html", {"form": form, "page": page, "query": query.urlencode()}
    )


@login_required
def audit_detail(request, pk):
    require_capability(request.user, AUDIT_VIEW)
    event = visible_events(request.user).filter(pk=pk).first()
    if event is None:
        raise Http404(_("未找到该记录。"))
    event.role_label = role_label(event)
    event.change_rows = change_rows(event)
    return render(request, "core/audit_detail.html", {"event": event})
