"""Every change to a dispute: intake, taking the case, hand-offs, extension, refusal, agreement,
司法确认 and failure. Each checks capability and scope, runs in one transaction and is audited."""

import calendar
from datetime import datetime, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xiangzhi.accounts.permissions import require
from xiangzhi.core.audit import record_event
from xiangzhi.core.workflow import Transition, Workflow
from xiangzhi.people import citizen_id, phones
from xiangzhi.people.models import Resident
from xiangzhi.regions.models import Region

from .models import (
    FINAL_STATES, Agreement, Channel, Committee, Dispute, DisputeParty, DisputeState, FailureRoute, HandOff, PartyRole,
    PartySignature, Source, VenueVisit, level_of,
)

INTAKE = "dispute.intake"
HANDLE = "dispute.handle"
VIEW = "dispute.view"
MIN_PARTIES = 2
MAX_PARTIES = 20
MAX_AMOUNT_FEN = 10**14


def add_month(moment):
    """The same day next month (the last day when the month is shorter)."""
    year, month = (moment.year + 1, 1) if moment.month == 12 else (moment.year, moment.month + 1)
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def people_mediation_deadline(dispute, state, now):
    # 人民调解 is normally concluded within one month of acceptance; other channels follow
    # their own bodies' rules and carry no deadline here.
    if state == DisputeState.MEDIATING and dispute.channel == Channel.PEOPLE:
        return add_month(now)
    return None


def handler_region(dispute):
    return dispute.handler_region_id


# --- guards and effects -------------------------------------------------------------------------


def _take(dispute, actor, data):
    dispute.mediator, dispute.accepted_at = actor, dispute.state_changed_at
    dispute.save(update_fields=["mediator", "accepted_at"])
    return {"mediator": [None, actor.pk]}


def _check_hand_off(dispute, actor, data):
    target = data.get("to_region")
    if target is None:
        return {"to_region": _("请选择接收机构所在的村、乡镇或县。")}
    if not target.code.startswith(dispute.county_code):
        return {"to_region": _("不能移交到本县以外的机构;跨县纠纷请由县矛调中心协调。")}
    if level_of(target.code) is None:
        return {"to_region": _("接收机构须在村、乡镇或县一级。")}
    if (target.code == dispute.handler_region_id and data["to_channel"] == dispute.channel
            and data.get("to_committee") == dispute.committee):
        return {"to_region": _("接收机构与现承办机构相同。")}
    return None


def _hand_off(dispute, actor, data):
    target, to_channel, committee = data["to_region"], data["to_channel"], data.get("to_committee")
    before = (dispute.handler_region_id, dispute.channel, dispute.mediator_id, dispute.committee_id)
    HandOff.objects.create(
        dispute=dispute, from_region_id=before[0], to_region=target, to_committee=committee, from_channel=before[1],
        to_channel=to_channel, reason=data["comment"], parties_visit=data["parties_visit"], actor=actor,
    )
    if data["parties_visit"]:
        VenueVisit.objects.create(dispute=dispute, venue=target)
    dispute.handler_region, dispute.channel, dispute.mediator, dispute.accepted_at = target, to_channel, None, None
    dispute.committee = committee
    dispute.save(update_fields=["handler_region", "channel", "mediator", "accepted_at", "committee"])
    return {
        "handler_region": [before[0], target.code], "channel": [before[1], to_channel],
        "mediator": [before[2], None], "committee": [before[3], committee.pk if committee else None],
    }


def _check_refusal(dispute, actor, data):
    party = data.get("party")
    if party is None or party.dispute_id != dispute.pk:
        return {"party": _("请选择明确拒绝调解的当事人。")}
    refused_on = data.get("refused_on")
    if refused_on is None:
        return {"refused_on": _("请填写拒绝日期。")}
    if refused_on > timezone.localdate():
        return {"refused_on": _("拒绝日期不能晚于今天。")}
    if refused_on < timezone.localtime(dispute.created_at).date():
        return {"refused_on": _("拒绝日期不能早于纠纷受理日期。")}
    return None


def _refuse(dispute, actor, data):
    dispute.refused_by, dispute.refused_on = data["party"], data["refused_on"]
    dispute.closed_at = dispute.state_changed_at
    dispute.save(update_fields=["refused_by", "refused_on", "closed_at"])
    return {"refused_by": [None, data["party"].name], "refused_on": [None, data["refused_on"].isoformat()]}


def _check_agreement(dispute, actor, data):
    errors = {}
    if not (data.get("terms") or "").strip():
        errors["terms"] = _("请填写协议内容。")
    signed_on = data.get("signed_on")
    if signed_on is None:
        errors["signed_on"] = _("请填写签订日期。")
    elif signed_on > timezone.localdate():
        errors["signed_on"] = _("签订日期不能晚于今天。")
    elif dispute.accepted_at and signed_on < timezone.localtime(dispute.accepted_at).date():
        errors["signed_on"] = _("签订日期不能早于受理调解的日期。")
    signed = set(data.get("signed_party_ids") or ())
    parties = list(dispute.parties.all())
    unknown = signed - {party.pk for party in parties}
    missing = [party.name for party in parties if party.pk not in signed]
    if unknown:
        errors["signed_party_ids"] = _("签名的当事人不属于本纠纷。")
    elif missing:
        errors["signed_party_ids"] = _("当事人未签名(或按手印):%(names)s。各方当事人均签名后协议方可成立。") % {
            "names": "、".join(missing)
        }
    if not data.get("mediator_signed"):
        errors["mediator_signed"] = _("调解员未签名。")
    committee = data.get("committee")
    if committee is None:
        errors["committee"] = _("请选择加盖印章的人民调解委员会(须为本案承办机构辖区内已登记的委员会)。")
    elif signed_on is not None and "signed_on" not in errors and committee.term_on(signed_on) is None:
        errors["committee"] = _("%(name)s在签订日期(%(date)s)不在任期内(届满需换届),不能以其名义盖章。") % {
            "name": committee.name, "date": signed_on.isoformat()}
    if not data.get("committee_sealed"):
        errors["committee_sealed"] = _("调解委员会未盖章。")
    return errors or None


def _agree(dispute, actor, data):
    agreement = Agreement.objects.create(
        dispute=dispute, terms=data["terms"].strip(), signed_on=data["signed_on"],
        mediator_signed=True, committee=data["committee"], committee_name=data["committee"].name,
        committee_sealed=True,
        created_by=actor,
    )
    fingerprints = set(data.get("fingerprint_party_ids") or ())
    for party_id in sorted(set(data["signed_party_ids"])):
        PartySignature.objects.create(agreement=agreement, party_id=party_id, by_fingerprint=party_id in fingerprints)
    dispute.closed_at = dispute.state_changed_at
    dispute.save(update_fields=["closed_at"])
    return {"agreement": [None, agreement.pk], "signed_on": [None, data["signed_on"].isoformat()],
            "committee": [None, agreement.committee_id]}


def _check_failure(dispute, actor, data):
    if data.get("route") not in FailureRoute.values:
        return {"route": _("请选择调解不成后的途径(仲裁、行政途径或诉讼)。")}
    return None


def _fail(dispute, actor, data):
    dispute.failure_route, dispute.outcome_note = data["route"], data.get("comment", "")
    dispute.closed_at = dispute.state_changed_at
    dispute.save(update_fields=["failure_route", "outcome_note", "closed_at"])
    return {"failure_route": ["", data["route"]]}


OPEN = (DisputeState.PENDING, DisputeState.MEDIATING)
dispute_workflow = Workflow(
    "dispute", Dispute, states=DisputeState, initial=DisputeState.PENDING, final=FINAL_STATES,
    region=handler_region, start_name="intake", start_label=gettext_lazy("受理登记"),
    deadline_of=people_mediation_deadline,
    transitions=[
        Transition("take", gettext_lazy("接案调解"), source=(DisputeState.PENDING,), target=DisputeState.MEDIATING,
                   capability=HANDLE, effect=_take),
        Transition("hand_off", gettext_lazy("移交"), source=OPEN, target=DisputeState.PENDING,
                   capability=HANDLE, requires_comment=True, guards=(_check_hand_off,), effect=_hand_off),
        Transition("refuse", gettext_lazy("当事人拒绝调解"), source=OPEN, target=DisputeState.REFUSED,
                   capability=HANDLE, guards=(_check_refusal,), effect=_refuse),
        Transition("agree", gettext_lazy("达成调解协议"), source=(DisputeState.MEDIATING,), target=DisputeState.AGREED,
                   capability=HANDLE, guards=(_check_agreement,), effect=_agree),
        Transition("fail", gettext_lazy("调解不成"), source=(DisputeState.MEDIATING,), target=DisputeState.FAILED,
                   capability=HANDLE, guards=(_check_failure,), effect=_fail),
    ],
)


# --- intake ---------------------------------------------------------------------------------


def _venue(code, field="venue"):
    region = Region.objects.filter(code=(code or "").strip()).first()
    if region is None or level_of(region.code) is None:
        raise ValidationError({field: _("请选择受理的村、乡镇或县矛调中心。")})
    return region


def _parties(actor, rows, county_code):
    """[(DisputeParty unsaved)] from the submitted rows, or a ValidationError naming the row and field."""
    if len(rows) < MIN_PARTIES:
        raise ValidationError({"parties": _("至少需要两方当事人。")})
    if len(rows) > MAX_PARTIES:
        raise ValidationError({"parties": _("当事人最多 %(count)d 人。") % {"count": MAX_PARTIES}})
    visible = Resident.objects.visible_to(actor)
    parties = []
    for number, row in enumerate(rows, start=1):
        role = row.get("role") or PartyRole.APPLICANT
        if role not in PartyRole.values:
            raise ValidationError({"parties": _("第 %(n)d 位当事人:身份应为申请人或被申请人。") % {"n": number}})
        resident_id = row.get("resident_id")
        if resident_id:
            resident = visible.filter(pk=resident_id, region__prefix=county_code).first()
            if resident is None:
                raise ValidationError({"parties": _("第 %(n)d 位当事人:在您可查看的本县村民中找不到该人。") % {"n": number}})
            parties.append(DisputeParty(role=role, resident=resident, name=resident.name))
            continue
        name = (row.get("name") or "").strip()
        if not name:
            raise ValidationError({"parties": _("第 %(n)d 位当事人:请填写姓名或从村民名册中选择。") % {"n": number}})
        if len(name) > 50:
            raise ValidationError({"parties": _("第 %(n)d 位当事人:姓名过长。") % {"n": number}})
        try:
            phone = phones.parse(row.get("phone") or "")
        except ValidationError as error:
            raise ValidationError({"parties": _("第 %(n)d 位当事人:%(msg)s") % {"n": number, "msg": error.messages[0]}}) from None
        number_text = (row.get("id_number") or "").strip()
        id_number = ""
        if number_text:
            try:
                id_number = citizen_id.parse(number_text).number
            except ValidationError as error:
                raise ValidationError(
                    {"parties": _("第 %(n)d 位当事人:%(msg)s") % {"n": number, "msg": error.messages[0]}}
                ) from None
        parties.append(DisputeParty(role=role, name=name, phone=phone or None, id_number=id_number or None))
    return parties


def intake_dispute(actor, *, venue_code, dispute_type, summary, parties, amount_fen=0, region_code="",
                   channel=Channel.PEOPLE, grid_event_id=None):
    """Take a dispute in once, at a platform or from a grid event of the same county."""
    from xiangzhi.grid.events import visible_events

    venue = _venue(venue_code)
    event = None
    if grid_event_id:
        event = visible_events(actor).filter(pk=grid_event_id, region__prefix=venue.code[:6]).first()
        if event is None:
            raise ValidationError({"grid_event": _("找不到该网格事件(须为本县、您可查看的事件)。")})
    post = require(actor, INTAKE, venue.code, event.grid_id if event else None)
    errors = {}
    from .models import DisputeType

    if dispute_type not in DisputeType.values:
        errors["dispute_type"] = _("请选择纠纷类型。")
    summary = (summary or "").strip()
    if not summary:
        errors["summary"] = _("请填写纠纷简要情况。")
    if channel not in Channel.values:
        errors["channel"] = _("请选择调解方式。")
    if not isinstance(amount_fen, int) or amount_fen < 0 or amount_fen > MAX_AMOUNT_FEN:
        errors["amount_fen"] = _("涉及金额应为不小于 0 的金额。")
    if errors:
        raise ValidationError(errors)
    if event is not None:
        origin = event.region
    elif region_code:
        origin = Region.objects.filter(code=region_code.strip()).first()
        if origin is None or not origin.code.startswith(venue.code):
            raise ValidationError({"region": _("纠纷发生地须在受理机构的辖区内。")})
    else:
        origin = venue
    built = _parties(actor, parties, venue.code[:6])
    dispute = Dispute(
        region=origin, venue=venue, handler_region=venue, channel=channel, dispute_type=dispute_type,
        amount_fen=amount_fen, summary=summary, source=Source.GRID_EVENT if event else Source.PLATFORM,
        grid_event=event, created_by=actor,
    )
    with transaction.atomic():
        dispute_workflow.start(actor, dispute, post=post, changes={"venue": [None, venue.code]})
        for party in built:
            party.dispute = dispute
        DisputeParty.objects.bulk_create(built)
        VenueVisit.objects.create(dispute=dispute, venue=venue)
    return dispute


# --- steps ------------------------------------------------------------------------------------


def take_case(actor, dispute):
    return dispute_workflow.advance(actor, dispute, "take")


def hand_off(actor, dispute, *, reason, to_region_code="", to_committee_id=None, to_channel=None,
             parties_visit=False):
    """Hand the whole file to a body of the county: a region's platform or centre, or a registered
    人民调解委员会 (then by people's mediation, at the committee's place)."""
    committee = None
    if to_committee_id:
        committee = Committee.objects.select_related("region").filter(pk=to_committee_id).first()
        if committee is None:
            raise ValidationError({"to_region": _("请选择接收机构。")})
        target, to_channel = committee.region, Channel.PEOPLE
    else:
        target = Region.objects.filter(code=(to_region_code or "").strip()).first()
    to_channel = to_channel or dispute.channel
    if to_channel not in Channel.values:
        raise ValidationError({"to_channel": _("请选择调解方式。")})
    return dispute_workflow.advance(
        actor, dispute, "hand_off", comment=reason,
        data={"to_region": target, "to_committee": committee, "to_channel": to_channel,
              "parties_visit": bool(parties_visit), "comment": (reason or "").strip()},
    )


def record_refusal(actor, dispute, *, party_id, refused_on, note=""):
    party = dispute.parties.filter(pk=party_id).first() if party_id else None
    return dispute_workflow.advance(
        actor, dispute, "refuse", comment=note, data={"party": party, "refused_on": refused_on},
    )


def record_agreement(actor, dispute, *, terms, signed_on, signed_party_ids, mediator_signed, committee_id,
                     committee_sealed, fingerprint_party_ids=()):
    """The seal is a registered committee under the handling body, in its term on the signing day."""
    committee = None
    if committee_id:
        committee = Committee.objects.filter(pk=committee_id, region__prefix=dispute.handler_region_id).first()
    return dispute_workflow.advance(
        actor, dispute, "agree",
        data={"terms": terms, "signed_on": signed_on, "signed_party_ids": list(signed_party_ids or ()),
              "mediator_signed": mediator_signed, "committee": committee,
              "committee_sealed": committee_sealed, "fingerprint_party_ids": list(fingerprint_party_ids or ())},
    )


def record_failure(actor, dispute, *, route, note=""):
    return dispute_workflow.advance(actor, dispute, "fail", comment=note, data={"route": route, "comment": note})


def extend_deadline(actor, dispute, *, until, reason):
    """Extend people's mediation once, with a reason, to a day within a month of the deadline."""
    post = require(actor, HANDLE, dispute.handler_region_id)
    reason = (reason or "").strip()
    errors = {}
    if dispute.state != DisputeState.MEDIATING or dispute.deadline is None:
        raise ValidationError(_("只有正在进行的人民调解可以延期。"))
    if dispute.extended_at is not None:
        raise ValidationError(_("调解期限已延期过一次,不能再次延期。"))
    if not reason:
        errors["reason"] = _("请填写延期理由。")
    current = timezone.localtime(dispute.deadline)
    if until is None:
        errors["until"] = _("请填写延期后的期限。")
    elif until < timezone.localdate():
        errors["until"] = _("延期后的期限不能早于今天。")
    elif until <= current.date():
        errors["until"] = _("延期后的期限须晚于原期限(%(date)s)。") % {"date": f"{current:%Y-%m-%d}"}
    elif until > add_month(current).date():
        errors["until"] = _("延期最长一个月,不能晚于 %(date)s。") % {"date": f"{add_month(current):%Y-%m-%d}"}
    if errors:
        raise ValidationError(errors)
    new_deadline = timezone.make_aware(datetime.combine(until, time(23, 59, 59)))
    now = timezone.now()
    with transaction.atomic():
        moved = Dispute.objects.filter(
            pk=dispute.pk, state=DisputeState.MEDIATING, extended_at__isnull=True
        ).update(deadline=new_deadline, extended_at=now, extension_reason=reason)
        if not moved:
            raise ValidationError(_("该事项已被他人处理,请刷新后重试。"))
        record_event(
            actor, "dispute.extend", dispute, region_code=dispute.handler_region_id, post=post,
            changes={"deadline": [dispute.deadline.isoformat(), new_deadline.isoformat()], "reason": [None, reason]},
        )
    dispute.deadline, dispute.extended_at, dispute.extension_reason = new_deadline, now, reason
    return dispute


def apply_judicial_confirmation(actor, dispute, *, applied_on, joint, court=""):
    """The parties' joint application for 司法确认, within 30 days of the agreement."""
    post = require(actor, HANDLE, dispute.handler_region_id)
    agreement = Agreement.objects.filter(dispute=dispute).first()
    if dispute.state != DisputeState.AGREED or agreement is None:
        raise ValidationError(_("只有达成调解协议的纠纷可以申请司法确认。"))
    if agreement.confirmation_applied_on is not None:
        raise ValidationError(_("已登记过司法确认申请。"))
    errors = {}
    if not joint:
        errors["joint"] = _("司法确认须由双方当事人共同申请。")
    if applied_on is None:
        errors["applied_on"] = _("请填写申请日期。")
    elif applied_on > timezone.localdate():
        errors["applied_on"] = _("申请日期不能晚于今天。")
    elif applied_on < agreement.signed_on:
        errors["applied_on"] = _("申请日期不能早于协议签订日期。")
    elif applied_on > agreement.confirmation_deadline:
        errors["applied_on"] = _("已超过协议生效之日起 30 日(%(date)s),不能再申请司法确认。") % {
            "date": agreement.confirmation_deadline.isoformat()
        }
    if errors:
        raise ValidationError(errors)
    court = (court or "").strip()[:100]
    with transaction.atomic():
        moved = Agreement.objects.filter(pk=agreement.pk, confirmation_applied_on__isnull=True).update(
            confirmation_applied_on=applied_on, confirmation_court=court
        )
        if not moved:
            raise ValidationError(_("已登记过司法确认申请。"))
        record_event(
            actor, "dispute.judicial_confirmation", dispute, region_code=dispute.handler_region_id, post=post,
            changes={"confirmation_applied_on": [None, applied_on.isoformat()], "court": [None, court]},
        )
    agreement.confirmation_applied_on, agreement.confirmation_court = applied_on, court
    return agreement
