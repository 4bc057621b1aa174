"""罢免: a request to recall a 村民委员会 member collects signatures on the platform (voters, or
村民代表), is initiated once they reach 1/5 of the voters or 1/3 of the representatives, and is
put to a vote that passes when more than half of the registered voters vote and more than half
of the votes cast approve. A passed recall ends the member's term."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import require, require_capability
from xiangzhi.assembly.models import Representative
from xiangzhi.core.audit import record_event
from xiangzhi.people.models import Resident

from . import committee, thresholds
from .elections import MANAGE, _count, _date, eligible_voters
from .models import Recall, RecallBasis, RecallSignature, RecallState

PETITION = "assembly.petition"
REASON_MAX_LENGTH = 1000


# --- reads ------------------------------------------------------------------------------


def visible_recalls(user):
    return (
        Recall.objects.visible_to(user)
        .select_related("region", "membership__resident", "membership__organisation")
        .annotate(signature_count=Count("signatures"))
        .order_by("-created_at", "-id")
    )


def get_recall_for_user(user, pk):
    require_capability(user, Recall.view_capability)
    recall = visible_recalls(user).filter(pk=pk).first()
    if recall is None:
        raise Http404(_("未找到该记录。"))
    return recall


def petitionable_recalls(user):
    """Recalls collecting signatures where the user may sign a petition (their village)."""
    return (
        Recall.objects.visible_to(user, PETITION).filter(state=RecallState.COLLECTING)
        .select_related("region", "membership__resident").order_by("-created_at", "-id")
    )


def get_petitionable_recall(user, pk):
    require_capability(user, PETITION)
    recall = petitionable_recalls(user).filter(pk=pk).first()
    if recall is None:
        raise Http404(_("未找到该记录。"))
    return recall


def signed_by(user):
    resident_id = getattr(getattr(user, "resident", None), "pk", None)
    if resident_id is None:
        return set()
    return set(RecallSignature.objects.filter(resident_id=resident_id).values_list("recall_id", flat=True))


def current_representatives(village_code, on=None):
    on = on or timezone.localdate()
    return Representative.objects.filter(village_id=village_code, starts_on__lte=on).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=on)
    )


def signers_pool(recall):
    """The residents whose signatures count: today's voters, or today's representatives."""
    if recall.basis == RecallBasis.REPRESENTATIVES:
        return Resident.objects.filter(pk__in=current_representatives(recall.region_id).values("resident_id"))
    return eligible_voters(recall.region_id, timezone.localdate())


def tally(recall):
    """(valid signatures, size of the body, signatures needed): the count a cadre sees."""
    pool = signers_pool(recall)
    eligible = pool.count()
    valid = RecallSignature.objects.filter(recall=recall, resident__in=pool).count()
    needed = thresholds.recall_initiation_needed(eligible, representatives=recall.basis == RecallBasis.REPRESENTATIVES)
    return valid, eligible, needed


# --- actions ----------------------------------------------------------------------------


def open_recall(actor, *, region, membership, basis, reason):
    region_code = getattr(region, "code", None) or str(region or "").strip()
    post = require(actor, MANAGE, region_code)
    errors = {}
    member = committee.current_members(region_code).filter(pk=membership).first() if str(membership or "").isdigit() else None
    if member is None or len(region_code) != 12:
        errors["membership"] = _("请选择本村现任村民委员会成员。")
    if basis not in RecallBasis.values:
        errors["basis"] = _("请选择提议方式。")
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = _("请填写罢免理由。")
    elif len(reason) > REASON_MAX_LENGTH:
        errors["reason"] = _("罢免理由不能超过 %(max)d 个字。") % {"max": REASON_MAX_LENGTH}
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            recall = Recall.objects.create(
                region_id=region_code, membership=member, basis=basis, reason=reason, created_by=actor
            )
            record_event(
                actor, "recall.open", recall, region_code=region_code, post=post,
                changes={"membership": [None, member.pk], "basis": [None, basis], "reason": [None, reason]},
            )
    except IntegrityError:
        raise ValidationError({"membership": _("对%(name)s已有一项未结束的罢免。") % {"name": member.resident.name}}) from None
    return recall


def sign_recall(actor, recall, *, resident=None):
    """A villager signs for themself (resident None); a cadre records a signature given on paper."""
    if resident is None:
        post = require(actor, PETITION, recall.region_id)
        resident = getattr(actor, "resident", None)
        if resident is None:
            raise ValidationError(_("您的账号没有对应本村村民,不能联名。"))
    else:
        post = require(actor, MANAGE, recall.region_id)
        resident_id = resident.pk if isinstance(resident, Resident) else resident
        resident = Resident.objects.within(recall.region_id).filter(pk=resident_id).first() if str(resident_id or "").isdigit() else None
        if resident is None:
            raise ValidationError({"resident": _("请选择本村的村民。")})
    try:
        with transaction.atomic():
            locked = Recall.objects.select_for_update().get(pk=recall.pk)
            if locked.state != RecallState.COLLECTING:
                raise ValidationError(_("该罢免要求已%(state)s,不再征集联名。") % {"state": locked.get_state_display()})
            if not signers_pool(locked).filter(pk=resident.pk).exists():
                if locked.basis == RecallBasis.REPRESENTATIVES:
                    message = _("%(name)s不是本村现任村民代表,不能联名。")
                else:
                    message = _("%(name)s不是本村有选举权的村民(年满十八周岁、户籍在本村),不能联名。")
                raise ValidationError({"resident": message % {"name": resident.name}})
            signature = RecallSignature.objects.create(recall=locked, resident=resident, recorded_by=actor)
            record_event(
                actor, "recall.sign", locked, region_code=locked.region_id, post=post,
                changes={"signature": [None, resident.pk]},
            )
    except IntegrityError:
        raise ValidationError({"resident": _("%(name)s已经联名。") % {"name": resident.name}}) from None
    return signature


def initiate_recall(actor, recall):
    """The signatures reached the threshold: the recall request stands and goes to a vote."""
    post = require(actor, MANAGE, recall.region_id)
    with transaction.atomic():
        locked = Recall.objects.select_for_update().get(pk=recall.pk)
        if locked.state != RecallState.COLLECTING:
            raise ValidationError(_("该罢免要求已%(state)s。") % {"state": locked.get_state_display()})
        valid, eligible, needed = tally(locked)
        representatives = locked.basis == RecallBasis.REPRESENTATIVES
        if not thresholds.recall_initiation_met(valid, eligible, representatives=representatives):
            body = _("村民代表") if representatives else _("有选举权的村民")
            share = _("三分之一") if representatives else _("五分之一")
            raise ValidationError(_(
                "联名人数不足:%(body)s共 %(eligible)d 人,须%(share)s以上即至少 %(needed)d 人联名,"
                "现有 %(valid)d 人,还差 %(short)d 人。%(rule)s"
            ) % {"body": body, "eligible": eligible, "share": share, "needed": needed, "valid": valid,
                 "short": needed - valid, "rule": thresholds.RECALL_INITIATION_RULE})
        now = timezone.now()
        Recall.objects.filter(pk=locked.pk).update(
            state=RecallState.INITIATED, eligible=eligible, signatures_at_initiation=valid, initiated_at=now
        )
        record_event(
            actor, "recall.initiate", locked, region_code=locked.region_id, post=post,
            changes={"state": [RecallState.COLLECTING, RecallState.INITIATED], "signatures": [None, valid],
                     "eligible": [None, eligible]},
        )
    recall.refresh_from_db()
    return recall


def record_recall_vote(actor, recall, *, registered, ballots_cast, approve, voted_on=None):
    post = require(actor, MANAGE, recall.region_id)
    errors = {}
    registered = _count(registered, _("登记选民数"), errors, "registered")
    ballots_cast = _count(ballots_cast, _("参加投票人数"), errors, "ballots_cast")
    approve = _count(approve, _("赞成票"), errors, "approve")
    today = timezone.localdate()
    voted_on = _date(voted_on or today, _("表决日"), "voted_on", errors)
    if voted_on and voted_on > today:
        errors["voted_on"] = _("表决日不能晚于今天。")
    if not errors and not registered:
        errors["registered"] = _("登记选民数须大于 0。")
    if not errors and ballots_cast > registered:
        errors["ballots_cast"] = _("参加投票人数 %(ballots)d 超过登记选民数 %(registered)d。") % {
            "ballots": ballots_cast, "registered": registered}
    if not errors and approve > ballots_cast:
        errors["approve"] = _("赞成票 %(approve)d 超过参加投票人数 %(ballots)d。") % {
            "approve": approve, "ballots": ballots_cast}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Recall.objects.select_for_update().select_related("membership__resident", "membership__organisation").get(pk=recall.pk)
        if locked.state != RecallState.INITIATED:
            raise ValidationError(_("该罢免要求%(state)s,不能录入表决结果。") % {"state": locked.get_state_display()})
        if not thresholds.more_than_half(ballots_cast, registered):
            outcome = _("未通过:参加投票 %(ballots)d 人,未超过登记选民 %(registered)d 人的半数(至少须 %(needed)d 人)。") % {
                "ballots": ballots_cast, "registered": registered, "needed": thresholds.more_than_half_needed(registered)}
        elif not thresholds.more_than_half(approve, ballots_cast):
            outcome = _("未通过:赞成 %(approve)d 票,未超过参加投票 %(ballots)d 人的半数(至少须 %(needed)d 票)。") % {
                "approve": approve, "ballots": ballots_cast, "needed": thresholds.more_than_half_needed(ballots_cast)}
        else:
            outcome = _("通过:参加投票 %(ballots)d 人超过登记选民 %(registered)d 人的半数,赞成 %(approve)d 票超过半数。") % {
                "ballots": ballots_cast, "registered": registered, "approve": approve}
        passed = thresholds.recall_passes(registered, ballots_cast, approve)
        state = RecallState.PASSED if passed else RecallState.FAILED
        rule = f"{outcome}\n{thresholds.RECALL_PASSING_RULE}"
        Recall.objects.filter(pk=locked.pk).update(
            state=state, registered=registered, ballots_cast=ballots_cast, approve=approve, voted_on=voted_on, rule=rule
        )
        if passed:
            membership = locked.membership
            if membership.ends_on is None or membership.ends_on > voted_on:
                committee.end_term(actor, post, membership, voted_on, because="recall")
        record_event(
            actor, "recall.vote", locked, region_code=locked.region_id, post=post,
            changes={"state": [RecallState.INITIATED, state], "registered": [None, registered],
                     "ballots_cast": [None, ballots_cast], "approve": [None, approve],
                     "voted_on": [None, voted_on.isoformat()]},
        )
    recall.refresh_from_db()
    return recall
