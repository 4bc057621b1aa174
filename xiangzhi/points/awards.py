"""Awards and deductions: a cadre proposes one to a household with evidence; the 道德评议会's
decision, recorded by the secretary or director (points.approve), posts it to the ledger.
A posted entry is never changed: a mistake is reversed by a new REVERSAL entry."""

import os

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import require
from xiangzhi.core.audit import record_event
from xiangzhi.grid.models import Event
from xiangzhi.grid.photos import check_photo

from . import ledger
from .models import EntryKind, PointsEntry, Proposal, ProposalState, RuleItem, RuleSetState

PROPOSE = "points.propose"
APPROVE = "points.approve"
NOTE_MAX_LENGTH = 2000
# Shop redemptions and refunds are answered in the shop (a cancelled redemption is refunded).
NOT_REVERSIBLE = (EntryKind.REVERSAL, EntryKind.REDEMPTION, EntryKind.REFUND)


def village_of(household):
    return household.region.village_code()


def get_proposal_for_user(user, pk):
    proposal = Proposal.objects.visible_to(user).filter(pk=pk).select_related(
        "household", "rule_item__rule_set", "village", "proposed_by", "decided_by", "entry",
    ).first() if str(pk).isdigit() else None
    if proposal is None:
        raise Http404(_("未找到该积分提议。"))
    return proposal


def get_entry_for_user(user, pk, capability=None):
    entry = PointsEntry.objects.visible_to(user, capability).filter(pk=pk).select_related(
        "household", "rule_item__rule_set", "village", "refers_to", "created_by",
    ).first() if str(pk).isdigit() else None
    if entry is None:
        raise Http404(_("未找到该积分记录。"))
    return entry


def _rule_item_in_force(village_code, rule_item_id):
    item = RuleItem.objects.filter(
        pk=rule_item_id, rule_set__village_id=village_code, rule_set__state=RuleSetState.ADOPTED,
    ).select_related("rule_set").first() if str(rule_item_id).isdigit() else None
    if item is None:
        raise ValidationError({"rule_item": _("请选择本村现行积分细则中的项目。")})
    return item


def _grid_event(village_code, event_id):
    if event_id in (None, ""):
        return None
    event = Event.objects.filter(pk=event_id, region__prefix=village_code).first() \
        if str(event_id).isdigit() else None
    if event is None:
        raise ValidationError({"grid_event": _("本村没有编号为 %(id)s 的网格事件。") % {"id": event_id}})
    return event


def propose(actor, household, *, rule_item_id, note="", photo=None, grid_event_id=None):
    """A proposed award or deduction for `household` under an item of the rules in force."""
    village_code = village_of(household)
    post = require(actor, PROPOSE, household.region_id)
    item = _rule_item_in_force(village_code, rule_item_id)
    note = (note or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError({"note": _("情况说明不能超过 2000 个字。")})
    event = _grid_event(village_code, grid_event_id)
    photo_facts = check_photo(photo) if photo else None
    if item.evidence_required and not (photo_facts or event):
        raise ValidationError({"photo": _("“%(item)s”须附证据:请上传照片或关联网格事件。") % {"item": item.name}})
    if not (note or photo_facts or event):
        raise ValidationError({"note": _("请填写情况说明,或附上照片、关联网格事件。")})
    with transaction.atomic():
        proposal = Proposal(
            village_id=village_code, household=household, rule_item=item, points=item.points, note=note,
            grid_event=event, proposed_by=actor,
        )
        if photo_facts:
            _content_type, extension, digest = photo_facts
            photo.name = f"{digest[:16]}.{extension}"
            proposal.photo = photo
            proposal.photo_sha256 = digest
        proposal.save()
        record_event(actor, "points.propose", proposal, region_code=village_code, changes={
            "household": [None, household.pk], "rule_item": [None, item.pk], "points": [None, item.points],
            "grid_event": [None, event.pk if event else None], "photo": [None, proposal.photo.name or None],
        }, post=post)
    return proposal


def _lock_open(proposal):
    locked = Proposal.objects.select_for_update().select_related("rule_item__rule_set").get(pk=proposal.pk)
    if locked.state != ProposalState.PROPOSED:
        raise ValidationError({"state": _("该提议的状态是“%(state)s”,不能再评议。") % {"state": locked.get_state_display()}})
    return locked


def approve(actor, proposal, *, note=""):
    """The 道德评议会 approved: post the entry, citing the rule item (still in force)."""
    post = require(actor, APPROVE, proposal.village_id)
    note = (note or "").strip()
    with transaction.atomic():
        locked = _lock_open(proposal)
        if locked.rule_item.rule_set.state != RuleSetState.ADOPTED:
            raise ValidationError({"rule_item": _("该项目所在的细则(第 %(version)s 版)已废止,请按现行细则重新提议。") % {
                "version": locked.rule_item.rule_set.version}})
        entry = ledger.post_entry(
            actor, locked.household, locked.points,
            kind=EntryKind.AWARD if locked.points > 0 else EntryKind.DEDUCTION,
            reason=locked.rule_item.name + (f":{locked.note}" if locked.note else ""),
            rule_item=locked.rule_item, source=("points.proposal", locked.pk), post=post,
        )
        locked.state = ProposalState.APPROVED
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.decision_note = note
        locked.entry = entry
        locked.save(update_fields=["state", "decided_by", "decided_at", "decision_note", "entry"])
        record_event(actor, "points.approve", locked, region_code=locked.village_id, changes={
            "state": [ProposalState.PROPOSED, ProposalState.APPROVED], "entry": [None, entry.pk],
        }, post=post)
    return locked


def reject(actor, proposal, *, note):
    post = require(actor, APPROVE, proposal.village_id)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("请填写不予通过的理由。")})
    with transaction.atomic():
        locked = _lock_open(proposal)
        locked.state = ProposalState.REJECTED
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.decision_note = note
        locked.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
        record_event(actor, "points.reject", locked, region_code=locked.village_id, changes={
            "state": [ProposalState.PROPOSED, ProposalState.REJECTED], "decision_note": ["", note],
        }, post=post)
    return locked


def post_reversal(actor, entry, *, reason, post):
    """The REVERSAL entry for `entry`; inside the caller's transaction, capability checked by it."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写冲正理由。")})
    if entry.kind in NOT_REVERSIBLE:
        raise ValidationError({"entry": _("%(kind)s记录不能冲正。") % {"kind": entry.get_kind_display()}})
    if PointsEntry.objects.filter(refers_to=entry, kind=EntryKind.REVERSAL).exists():
        raise ValidationError({"entry": _("该记录已冲正,不能重复冲正。")})
    try:
        with transaction.atomic():
            return ledger.post_entry(
                actor, entry.household, -entry.points, kind=EntryKind.REVERSAL,
                reason=_("冲正第 %(id)s 号记录:%(reason)s") % {"id": entry.pk, "reason": reason},
                refers_to=entry, rule_item=entry.rule_item, source=("points.entry", entry.pk), post=post,
            )
    except IntegrityError:
        # Another reversal of the same entry committed first (points_entry_answered_once).
        raise ValidationError({"entry": _("该记录已冲正,不能重复冲正。")}) from None


def reverse_entry(actor, entry, *, reason):
    post = require(actor, APPROVE, entry.village_id)
    with transaction.atomic():
        return post_reversal(actor, entry, reason=reason, post=post)


def photo_filename(proposal):
    return os.path.basename(proposal.photo.name) if proposal.photo else ""
