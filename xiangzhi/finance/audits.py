"""专项审计: audits of a village, their findings, and each finding's rectification task.

The township or county (special_audit.manage) records an audit and its findings; the village
(special_audit.rectify) reports the rectification with a note; the township accepts it
(验收) or sends it back. A finding still being rectified after its deadline is overdue.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xiangzhi.accounts.permissions import require
from xiangzhi.core.audit import record_event
from xiangzhi.core.workflow import Transition, Workflow

from . import inputs
from .filings import _village
from .models import AuditFinding, FindingState, SpecialAudit

MANAGE = "special_audit.manage"
RECTIFY = "special_audit.rectify"


def _deadline(finding, state, now):
    if state != FindingState.RECTIFYING:
        return None
    end_of_day = datetime.datetime.combine(finding.due_on + datetime.timedelta(days=1), datetime.time.min)
    return timezone.make_aware(end_of_day)


def _keep_note(finding, actor, data):
    finding.rectification_note = data["note"]
    finding.save(update_fields=["rectification_note"])
    return {"rectification_note": [None, data["note"]]}


finding_workflow = Workflow(
    "audit_rectification",
    AuditFinding,
    states=FindingState,
    initial=FindingState.RECTIFYING,
    final=(FindingState.ACCEPTED,),
    start_name="find",
    start_label=gettext_lazy("下达整改"),
    deadline_of=_deadline,
    transitions=[
        Transition(
            "rectify", gettext_lazy("报告整改"), source=(FindingState.RECTIFYING,), target=FindingState.RECTIFIED,
            capability=RECTIFY, requires_comment=True, effect=_keep_note,
        ),
        Transition(
            "accept", gettext_lazy("验收"), source=(FindingState.RECTIFIED,), target=FindingState.ACCEPTED,
            capability=MANAGE,
        ),
        Transition(
            "reopen", gettext_lazy("退回重新整改"), source=(FindingState.RECTIFIED,), target=FindingState.RECTIFYING,
            capability=MANAGE, requires_comment=True,
        ),
    ],
)


def create_audit(actor, village_code, *, title, auditing_body, audited_on, scope):
    post = require(actor, MANAGE, village_code)
    village = _village(village_code)
    errors = {}
    data = {"title": title, "auditing_body": auditing_body, "audited_on": audited_on, "scope": scope}
    title = inputs.text(errors, data, "title", _("审计项目"), max_length=200)
    auditing_body = inputs.text(errors, data, "auditing_body", _("审计机构"), max_length=100)
    audited_on = inputs.date(errors, data, "audited_on", _("审计日期"))
    scope = inputs.text(errors, data, "scope", _("审计范围"), max_length=5000)
    inputs.raise_if(errors)
    with transaction.atomic():
        audit = SpecialAudit.objects.create(
            region=village, title=title, auditing_body=auditing_body, audited_on=audited_on, scope=scope,
            created_by=actor,
        )
        record_event(actor, "special_audit.create", audit, region_code=village.code, post=post, changes={
            "title": [None, title], "auditing_body": [None, auditing_body], "audited_on": [None, audited_on.isoformat()],
        })
    return audit


def add_finding(actor, audit, *, description, owner, due_on):
    post = require(actor, MANAGE, audit.region_id)
    errors = {}
    data = {"description": description, "owner": owner, "due_on": due_on}
    description = inputs.text(errors, data, "description", _("审计发现"), max_length=5000)
    owner = inputs.text(errors, data, "owner", _("整改责任人"), max_length=100)
    due_on = inputs.date(errors, data, "due_on", _("整改期限"))
    if due_on and due_on < audit.audited_on:
        errors["due_on"] = _("整改期限不能早于审计日期。")
    inputs.raise_if(errors)
    finding = AuditFinding(audit=audit, region_id=audit.region_id, description=description, owner=owner, due_on=due_on)
    finding_workflow.start(actor, finding, post=post, changes={
        "audit": [None, audit.pk], "description": [None, description], "owner": [None, owner],
        "due_on": [None, due_on.isoformat()],
    })
    return finding


def rectify_finding(actor, finding, *, note):
    note = (note or "").strip()
    if not note:
        require(actor, RECTIFY, finding.region_id)
        raise ValidationError({"note": _("请填写整改情况。")})
    try:
        return finding_workflow.advance(actor, finding, "rectify", comment=note, data={"note": note})
    except Exception as error:
        _rename_comment(error, "note")
        raise


def accept_finding(actor, finding, *, comment=""):
    return finding_workflow.advance(actor, finding, "accept", comment=comment)


def reopen_finding(actor, finding, *, reason):
    try:
        return finding_workflow.advance(actor, finding, "reopen", comment=reason)
    except Exception as error:
        _rename_comment(error, "reason")
        raise


def _rename_comment(error, field):
    """The procedure calls the text a comment; callers know it by its own name."""
    error_dict = getattr(error, "error_dict", None)
    if error_dict and "comment" in error_dict:
        error_dict[field] = error_dict.pop("comment")


# --- queries --------------------------------------------------------------------------


def visible_audits(user):
    return SpecialAudit.objects.visible_to(user).select_related("region")


def get_audit_for_user(user, pk):
    audit = visible_audits(user).filter(pk=pk).first()
    if audit is None:
        raise Http404(_("未找到该记录。"))
    return audit


def visible_findings(user):
    return AuditFinding.objects.visible_to(user).select_related("audit", "region")


def get_finding_for_user(user, pk):
    finding = visible_findings(user).filter(pk=pk).first()
    if finding is None:
        raise Http404(_("未找到该记录。"))
    return finding
