"""Appeals: a household appeals one of its ledger entries; a cadre upholds it (the entry is
reversed) or rejects it, with a reason either way."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import require
from xiangzhi.core.audit import record_event

from .awards import post_reversal
from .models import Appeal, AppealState, EntryKind, PointsEntry

OWN = "points.own"
ANSWER = "points.propose"
REASON_MAX_LENGTH = 2000


def household_of(user):
    """The household of the villager signed in, or None (the account is not linked to a resident)."""
    resident = getattr(user, "resident", None) if user.is_authenticated else None
    return resident.household if resident is not None else None


def own_entries(user):
    household = household_of(user)
    if household is None:
        return PointsEntry.objects.none()
    return PointsEntry.objects.filter(household=household)


def get_own_entry(user, pk):
    entry = own_entries(user).filter(pk=pk).select_related("rule_item", "refers_to").first() \
        if str(pk).isdigit() else None
    if entry is None:
        raise Http404(_("未找到该积分记录。"))
    return entry


def get_appeal_for_user(user, pk):
    appeal = Appeal.objects.visible_to(user).filter(pk=pk).select_related(
        "entry__household", "entry__village", "filed_by", "answered_by",
    ).first() if str(pk).isdigit() else None
    if appeal is None:
        raise Http404(_("未找到该申诉。"))
    return appeal


def file_appeal(actor, entry, *, reason):
    post = require(actor, OWN, entry.village_id)
    household = household_of(actor)
    if household is None or household.pk != entry.household_id:
        raise Http404(_("未找到该积分记录。"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写申诉理由。")})
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError({"reason": _("申诉理由不能超过 2000 个字。")})
    if entry.kind == EntryKind.REVERSAL or entry.answers.filter(kind=EntryKind.REVERSAL).exists():
        raise ValidationError({"entry": _("该记录已冲正,不能申诉。")})
    try:
        with transaction.atomic():
            appeal = Appeal.objects.create(entry=entry, reason=reason, filed_by=actor)
            record_event(actor, "points.appeal", appeal, region_code=entry.village_id, changes={
                "entry": [None, entry.pk], "reason": [None, reason],
            }, post=post)
    except IntegrityError:
        raise ValidationError({"entry": _("该记录已有一件待答复的申诉。")}) from None
    return appeal


def answer_appeal(actor, appeal, *, uphold, answer):
    post = require(actor, ANSWER, appeal.entry.village_id)
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": _("请填写答复理由。")})
    with transaction.atomic():
        locked = Appeal.objects.select_for_update().select_related("entry__household").get(pk=appeal.pk)
        if locked.state != AppealState.OPEN:
            raise ValidationError({"state": _("该申诉已答复。")})
        reversal = None
        if uphold:
            reversal = post_reversal(actor, locked.entry, reason=_("申诉成立:%(answer)s") % {"answer": answer}, post=post)
        new_state = AppealState.UPHELD if uphold else AppealState.REJECTED
        locked.state = new_state
        locked.answer = answer
        locked.answered_by = actor
        locked.answered_at = timezone.now()
        locked.reversal = reversal
        locked.save(update_fields=["state", "answer", "answered_by", "answered_at", "reversal"])
        record_event(actor, "points.appeal_answer", locked, region_code=locked.entry.village_id, changes={
            "state": [AppealState.OPEN, new_state], "answer": ["", answer],
            "reversal": [None, reversal.pk if reversal else None],
        }, post=post)
    return locked
