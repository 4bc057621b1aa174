"""GET /api/v1/audit: the audit log for posts that may read it, with the page's filters."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.pagination import paginate

from xiangzhi.accounts.permissions import require_capability

from .audit_views import AUDIT_VIEW, AuditFilterForm, filter_events, role_label, visible_events

router = Router(tags=[_("审计")])


class AuditEventOut(Schema):
    id: int
    occurred_at: datetime
    actor: str | None
    actor_name: str
    post: str | None
    role: str
    role_label: str
    action: str
    target_type: str
    target_id: str
    target_repr: str
    region_code: str
    ip: str | None
    changes: dict

    @staticmethod
    def resolve_actor(event):
        return event.actor.username if event.actor_id else None

    @staticmethod
    def resolve_post(event):
        return str(event.post) if event.post_id else None

    @staticmethod
    def resolve_role_label(event):
        return role_label(event)


@router.get("", response=list[AuditEventOut], summary=_("审计日志(按区划范围)"))
@paginate
def list_events(
    request,
    person: str = "",
    action: str = "",
    region: str = "",
    date_from: str = "",
    date_to: str = "",
):
    require_capability(request.user, AUDIT_VIEW)
    form = AuditFilterForm(
        {"person": person, "action": action, "region": region, "date_from": date_from, "date_to": date_to},
        user=request.user,
    )
    if not form.is_valid():
        raise ValidationError({field: list(errors) for field, errors in form.errors.items()})
    return filter_events(visible_events(request.user), **form.cleaned_data)
