"""The audit trail of the special-population registry is itself restricted.

Even without names, a `special.*` audit row says that a registry record exists in a village and
when it was looked at: an auditor could learn that someone there is on the registry. So the
general audit log keeps these rows only for justice (司法) posts — the posts that keep the
registry (`special.manage`) — within their region, and justice posts read them on the registry's
own access page."""

from django.db.models import Q

from xiangzhi.accounts.permissions import posts_with_capability
from xiangzhi.core.models import AuditEvent
from xiangzhi.core.scope import prefix_q

REGISTRY_ACTION = "special"
REGISTRY_KEEPER = "special.manage"


def registry_q():
    return Q(action=REGISTRY_ACTION) | Q(action__prefix=REGISTRY_ACTION + ".")


def keeper_scope_q(user):
    """Region condition of the user's justice posts; None without any."""
    query = None
    for post in posts_with_capability(user, REGISTRY_KEEPER):
        query = prefix_q("region_code", post.region_id) if query is None else query | prefix_q("region_code", post.region_id)
    return query


def hide_registry_events(events, user):
    """Audit events without the registry's rows, except those a justice post of the user covers."""
    keeper = keeper_scope_q(user)
    return events.exclude(registry_q()) if keeper is None else events.filter(~registry_q() | keeper)


def registry_access_events(user):
    """Every registry audit row in the user's justice scope, newest first (empty without one)."""
    keeper = keeper_scope_q(user)
    if keeper is None:
        return AuditEvent.objects.none()
    return AuditEvent.objects.filter(registry_q(), keeper).select_related("actor", "post__region")
