"""Selections of people (道德模范, 最美人物, 身边好人): rounds, nominations, review, one vote per
verified villager, and results published when the round closes."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import can, require
from xiangzhi.core.audit import record_event
from xiangzhi.core.context import current_request_info
from xiangzhi.people.models import ResidentStatus
from xiangzhi.regions.models import Region

from .models import Nomination, NominationStatus, RoundState, SelectionKind, SelectionRound, Vote

MANAGE = "selection.manage"
VOTE = "selection.vote"
TEXT_MAX = 2000


def _text(value, field, label, limit=TEXT_MAX):
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: _("请填写%(label)s。") % {"label": label}})
    if len(value) > limit:
        raise ValidationError({field: _("%(label)s不能超过 %(limit)d 个字。") % {"label": label, "limit": limit}})
    return value


def _move(selection_round, source, target, **fields):
    """The round's state changes with a conditional UPDATE: two people acting at once cannot both."""
    moved = SelectionRound.objects.filter(pk=selection_round.pk, state=source).update(state=target, **fields)
    if not moved:
        raise ValidationError(_("当前状态下不能执行此操作,请刷新后重试。"))
    selection_round.state = target
    for name, value in fields.items():
        setattr(selection_round, name, value)


def create_round(actor, *, region, kind, title, votes_per_address=None):
    village = Region.objects.filter(code=region, level="village").first()
    if village is None:
        raise ValidationError({"region": _("村代码“%(code)s”不存在。") % {"code": region}})
    post = require(actor, MANAGE, village.code)
    if kind not in SelectionKind.values:
        raise ValidationError({"kind": _("评选类别不正确。")})
    title = _text(title, "title", _("标题"), 100)
    if votes_per_address is not None and not 1 <= votes_per_address <= 10000:
        raise ValidationError({"votes_per_address": _("每个网络地址最多票数应为 1 到 10000。")})
    with transaction.atomic():
        selection_round = SelectionRound(region=village, kind=kind, title=title, created_by=actor)
        if votes_per_address is not None:
            selection_round.votes_per_address = votes_per_address
        selection_round.save()
        record_event(actor, "selection.round_create", selection_round, region_code=village.code, post=post,
                     changes={"title": [None, title], "kind": [None, kind],
                              "votes_per_address": [None, selection_round.votes_per_address]})
    return selection_round


def nominate(actor, selection_round, *, nominee, story, evidence):
    """Cadres record nominations; a villager may nominate someone of their own village."""
    if can(actor, MANAGE, selection_round.region_id):
        post = require(actor, MANAGE, selection_round.region_id)
    else:
        post = require(actor, VOTE, selection_round.region_id)
    if nominee is None or not nominee.region_id.startswith(selection_round.region_id):
        raise ValidationError({"nominee": _("被推荐人须是本村村民。")})
    story = _text(story, "story", _("事迹"))
    evidence = _text(evidence, "evidence", _("证明材料"))
    if selection_round.state != RoundState.NOMINATING:
        raise ValidationError({"nominee": _("推荐已经截止。")})
    try:
        with transaction.atomic():
            nomination = Nomination.objects.create(
                round=selection_round, region_id=selection_round.region_id, nominee=nominee, story=story,
                evidence=evidence, nominated_by=actor,
            )
            record_event(actor, "selection.nominate", nomination, region_code=selection_round.region_id, post=post,
                         changes={"nominee": [None, nominee.pk]})
    except IntegrityError:
        raise ValidationError({"nominee": _("%(name)s已被推荐过。") % {"name": nominee.name}}) from None
    return nomination


def review_nomination(actor, nomination, *, accept, note=""):
    post = require(actor, MANAGE, nomination.region_id)
    note = (note or "").strip()
    if not accept and not note:
        raise ValidationError({"review_note": _("不予入围请填写理由。")})
    if len(note) > 500:
        raise ValidationError({"review_note": _("审核意见不能超过 500 个字。")})
    if nomination.round.state != RoundState.NOMINATING:
        raise ValidationError({"review_note": _("投票已开始,不能再审核。")})
    status = NominationStatus.ACCEPTED if accept else NominationStatus.REJECTED
    with transaction.atomic():
        before = nomination.status
        Nomination.objects.filter(pk=nomination.pk).update(status=status, review_note=note)
        nomination.status, nomination.review_note = status, note
        record_event(actor, "selection.review", nomination, region_code=nomination.region_id, post=post,
                     changes={"status": [before, status]})
    return nomination


def open_voting(actor, selection_round):
    post = require(actor, MANAGE, selection_round.region_id)
    with transaction.atomic():
        if not selection_round.nominations.filter(status=NominationStatus.ACCEPTED).exists():
            raise ValidationError(_("还没有入围的人选,不能开始投票。"))
        _move(selection_round, RoundState.NOMINATING, RoundState.VOTING, voting_opened_at=timezone.now())
        record_event(actor, "selection.open_voting", selection_round, region_code=selection_round.region_id,
                     post=post, changes={"state": [RoundState.NOMINATING, RoundState.VOTING]})
    return selection_round


def close_round(actor, selection_round):
    post = require(actor, MANAGE, selection_round.region_id)
    with transaction.atomic():
        _move(selection_round, RoundState.VOTING, RoundState.CLOSED, closed_at=timezone.now())
        record_event(actor, "selection.close", selection_round, region_code=selection_round.region_id,
                     post=post, changes={"state": [RoundState.VOTING, RoundState.CLOSED]})
    return selection_round


def cast_vote(actor, selection_round, nomination):
    """One vote per verified villager (a user whose registry entry lives in the village) per round;
    at most `votes_per_address` votes per network address. The unique constraint is the last word."""
    post = require(actor, VOTE, selection_round.region_id)
    resident = getattr(actor, "resident", None)
    if (resident is None or resident.status != ResidentStatus.PRESENT
            or not resident.region_id.startswith(selection_round.region_id)):
        raise PermissionDenied(_("只有本村登记在册的村民才能投票。"))
    if nomination is None or nomination.round_id != selection_round.pk or nomination.status != NominationStatus.ACCEPTED:
        raise ValidationError({"nomination": _("请选择入围的人选。")})
    ip = current_request_info().ip
    try:
        with transaction.atomic():
            # Votes of a round queue on its row, so the per-address count cannot be overrun at once.
            locked = SelectionRound.objects.select_for_update().get(pk=selection_round.pk)
            if locked.state != RoundState.VOTING:
                raise ValidationError({"nomination": _("现在不在投票期内。")})
            if Vote.objects.filter(round=locked, voter=actor).exists():
                raise ValidationError({"nomination": _("您在本次评选中已经投过票。")})
            if ip and Vote.objects.filter(round=locked, ip=ip).count() >= locked.votes_per_address:
                raise ValidationError({"nomination": _("该网络地址的投票已达上限(%(cap)d 票),请换用自己的手机网络投票。")
                                       % {"cap": locked.votes_per_address}})
            with transaction.atomic():
                vote = Vote.objects.create(round=locked, nomination=nomination, voter=actor, ip=ip)
            # The audit event names the round, not the choice: a ballot is secret.
            record_event(actor, "selection.vote", locked, region_code=locked.region_id, post=post,
                         changes={"votes": [None, 1]})
    except IntegrityError:
        raise ValidationError({"nomination": _("您在本次评选中已经投过票。")}) from None
    return vote


def results(selection_round):
    """[(nomination, votes)] by votes, for a closed round (None while it is open)."""
    if selection_round.state != RoundState.CLOSED:
        return None
    rows = (
        selection_round.nominations.filter(status=NominationStatus.ACCEPTED)
        .select_related("nominee").annotate(vote_count=Count("votes")).order_by("-vote_count", "id")
    )
    return list(rows)
