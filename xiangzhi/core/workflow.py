"""The workflow core: one small mechanism for staged procedures.

(The mechanism itself is filled in below this model.)
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class WorkflowSubject(models.Model):
    """Fields every record that moves through a procedure has."""

    state = models.CharField(_("状态"), max_length=32, db_index=True)
    state_changed_at = models.DateTimeField(_("状态变更时间"), default=timezone.now)
    deadline = models.DateTimeField(_("办理期限"), null=True, blank=True, db_index=True)

    class Meta:
        abstract = True
