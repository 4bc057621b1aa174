"""Every state change writes an audit event (core/audit.py); each one marks its unit dirty so the
rollup tables follow the write (a cache refresh, the one use of signals the style allows).

Connected when the targets app is ready (apps.py imports this module)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from xiangzhi.core.models import AuditEvent

from . import dirty

# Events that change no record an indicator counts: reads, downloads, sign-in security, and the
# work of the apps that only read the rollups (a county's assessment scheme must not send the
# worker recomputing every village of the county).
READ_ONLY_SUFFIXES = (".view", ".download", ".export", ".view_full_id")
READ_ONLY_PREFIXES = ("password.", "totp.", "login.", "session.", "assessment.", "ledger.", "targets.")


def changes_records(action):
    return not (action.endswith(READ_ONLY_SUFFIXES) or action.startswith(READ_ONLY_PREFIXES))


@receiver(post_save, sender=AuditEvent, dispatch_uid="targets.mark_dirty_on_audit_event")
def mark_dirty_on_audit_event(sender, instance, created, raw=False, **kwargs):
    if created and not raw and instance.region_code and changes_records(instance.action):
        dirty.mark(instance.region_code)
