"""清理: a disqualifying finding against someone who already holds a 两委 post opens a removal case;
the county organisation department decides — removed (the post ends) or retained, with a reason."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xiangzhi.accounts import actions as account_actions
from xiangzhi.accounts.models import Post
from xiangzhi.accounts.permissions import require
from xiangzhi.core.audit import record_event

from .models import COUNTY_REVIEW, VETTED_ROLES, VETTING_MANAGE, Outcome, RemovalCase, RemovalState

VILLAGE_LENGTH = 12


def serving_posts(resident, on=None):
    """The active 两委 posts of the account linked to `resident`."""
    return Post.objects.active(on).filter(user__resident=resident, role__in=VETTED_ROLES).select_related("region")


def _open_case(actor, acting_post, cadre_post, resident, *, department, categories, found_on, note, result=None):
    case = RemovalCase.objects.create(
        post=cadre_post, resident=resident, region_id=cadre_post.region_id[:VILLAGE_LENGTH], department=department,
        categories=categories, found_on=found_on, note=note, result=result,
    )
    record_event(actor, "removal_case.open", case, region_code=case.region_id, post=acting_post,
                 target_repr=_("清理案件 #%(pk)d") % {"pk": case.pk},
                 changes={"post": [None, cadre_post.pk], "department": [None, department],
                          "found_on": [None, found_on.isoformat()]})
    return case


def open_for_serving_cadre(actor, acting_post, result):
    """Called inside the transaction that records a disqualifying conclusion."""
    resident = result.candidate.resident
    categories = [category.value for category in result.disqualifications]
    return [
        _open_case(actor, acting_post, cadre_post, resident, department=result.department, categories=categories,
                   found_on=result.reviewed_on, note=result.note, result=result)
        for cadre_post in serving_posts(resident)
    ]


def report_finding(actor, cadre_post, *, outcomes, found_on, note=""):
    """A reviewing department's later finding against a serving 两委 member, outside any round."""
    from .actions import clean_date, clean_outcomes, clean_text

    acting_post = require(actor, COUNTY_REVIEW, cadre_post.region_id)
    if not acting_post.department or len(acting_post.region_id) != 6:
        raise ValidationError({"department": [_("清理线索须由县级部门录入。")]})
    if cadre_post.role not in VETTED_ROLES or not cadre_post.is_active():
        raise ValidationError({"post": [_("该职务不是现任村“两委”职务。")]})
    resident = cadre_post.user.resident
    if resident is None:
        raise ValidationError({"post": [_("该任职人员未关联村民登记信息,请先关联后再录入。")]})
    outcomes = clean_outcomes(outcomes)
    categories = [code for code, outcome in outcomes.items() if outcome == Outcome.DISQUALIFIED]
    if not categories:
        raise ValidationError({"outcomes": [_("未认定任何“十不选”情形,无需清理。")]})
    found_on = clean_date(found_on, "found_on", _("发现日期"), not_after_today=True)
    note = clean_text(note, "note", _("说明"), 2000, required=False)
    with transaction.atomic():
        return _open_case(actor, acting_post, cadre_post, resident, department=acting_post.department,
                          categories=categories, found_on=found_on, note=note)


def decide_removal(actor, case, *, decision, reason="", decided_on=None):
    acting_post = require(actor, VETTING_MANAGE, case.region_id)
    if decision not in (RemovalState.REMOVED, RemovalState.RETAINED):
        raise ValidationError({"decision": [_("请选择决定:清理(免职)或保留。")]})
    reason = (reason or "").strip()
    if decision == RemovalState.RETAINED and not reason:
        raise ValidationError({"reason": [_("保留须说明理由。")]})
    if len(reason) > 2000:
        raise ValidationError({"reason": [_("决定理由最多 2000 个字。")]})
    decided_on = decided_on or timezone.localdate()
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": [_("决定日期不能晚于今天。")]})
    if decided_on < case.found_on:
        raise ValidationError({"decided_on": [_("决定日期不能早于发现日期。")]})
    with transaction.atomic():
        case = RemovalCase.objects.select_for_update().get(pk=case.pk)
        if case.state != RemovalState.OPEN:
            raise ValidationError({"decision": [_("该案件已作出决定。")]})
        case.state, case.decision_reason = decision, reason
        case.decided_on, case.decided_by = decided_on, actor
        case.save(update_fields=["state", "decision_reason", "decided_on", "decided_by"])
        record_event(actor, "removal_case.decide", case, region_code=case.region_id, post=acting_post,
                     target_repr=_("清理案件 #%(pk)d") % {"pk": case.pk},
                     changes={"state": [RemovalState.OPEN, decision], "decided_on": [None, decided_on.isoformat()]})
        if decision == RemovalState.REMOVED:
            account_actions.end_post(actor, case.post, ends_on=decided_on, acting_post=acting_post)
    return case
