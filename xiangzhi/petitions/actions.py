"""Every change in the petitions app, as an action taking the acting user first.

Each checks the capability and the region with `require`, runs in one transaction, writes an
audit event, and refuses bad input with a Chinese message naming the field, changing nothing.
Petition steps are conditional UPDATEs on the expected state, so two clicks take one step.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import require
from xiangzhi.core.audit import record_event
from xiangzhi.regions.models import Level

from .models import (
    ANSWER_DAYS, EXTENSION_MAX_DAYS, HANDLING_DAYS, REQUEST_WINDOW_DAYS, ROUTING_DAYS,
    Certificate, Centre, CentreKind, EnforcementOfficer, EnforcementTask, Petition, PetitionState,
    RiskLevel, SpecialCategory, SpecialPerson, SpecialVisit, VisitKind,
)

S = PetitionState


def _text(errors, field, label, value, *, max_length, required=True):
    value = (value or "").strip()
    if required and not value:
        errors[field] = _("请填写%(label)s。") % {"label": label}
    elif len(value) > max_length:
        errors[field] = _("%(label)s不能超过 %(max)d 个字。") % {"label": label, "max": max_length}
    return value


def _date(errors, field, label, value, *, not_after_today=True):
    if value in (None, ""):
        return timezone.localdate()
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value.strip())
        except ValueError:
            errors[field] = _("%(label)s格式不对,请按 2025-03-01 填写。") % {"label": label}
            return None
    if not_after_today and value > timezone.localdate():
        errors[field] = _("%(label)s不能晚于今天。") % {"label": label}
        return None
    return value


def _choice(errors, field, label, value, choices):
    if value not in choices.values:
        errors[field] = _("请选择%(label)s。") % {"label": label}
    return value


def _raise(errors):
    if errors:
        raise ValidationError(errors)


# --- special populations ----------------------------------------------------------------------


def register_special_person(actor, *, resident, category, risk_level, helper=None):
    """司法所 (special.manage) puts a resident of its scope on the registry."""
    if resident is None:
        raise ValidationError({"resident": _("请选择登记在册的村民。")})
    village_code = resident.region_id[:12]
    post = require(actor, "special.manage", village_code)
    errors = {}
    _choice(errors, "category", _("类别"), category, SpecialCategory)
    _choice(errors, "risk_level", _("风险等级"), risk_level, RiskLevel)
    if helper is not None and not _serves_village(helper, village_code):
        errors["helper"] = _("帮扶责任人须在该村或其所属乡镇、县任职。")
    _raise(errors)
    with transaction.atomic():
        try:
            with transaction.atomic():
                person = SpecialPerson.objects.create(
                    region_id=village_code, resident=resident, category=category, risk_level=risk_level,
                    helper=helper, created_by=actor,
                )
        except IntegrityError:
            raise ValidationError({"resident": _("该村民已在此类别中登记。")}) from None
        record_event(actor, "special.register", person, region_code=village_code, post=post, changes={
            "category": [None, category], "risk_level": [None, risk_level],
            "helper": [None, helper.pk if helper else None],
        })
    return person


def _serves_village(user, village_code):
    """The helper holds a post today in the village (or a grid of it), or above it."""
    return any(
        village_code.startswith(post.region_id) or post.region_id.startswith(village_code)
        for post in user.posts.active()
    )


def set_risk_level(actor, person, *, risk_level):
    post = require(actor, "special.manage", person.region_id)
    errors = {}
    _choice(errors, "risk_level", _("风险等级"), risk_level, RiskLevel)
    _raise(errors)
    with transaction.atomic():
        old = person.risk_level
        SpecialPerson.objects.filter(pk=person.pk).update(risk_level=risk_level)
        person.risk_level = risk_level
        record_event(actor, "special.risk", person, region_code=person.region_id, post=post,
                     changes={"risk_level": [old, risk_level]})
    return person


def record_special_visit(actor, person, *, kind, visited_on=None, note=""):
    """The 司法所 or the assigned helper logs a supervision or assistance visit."""
    post = None
    if person.helper_id != actor.pk:
        post = require(actor, "special.manage", person.region_id)
    errors = {}
    _choice(errors, "kind", _("走访类型"), kind, VisitKind)
    visited_on = _date(errors, "visited_on", _("走访日期"), visited_on)
    note = _text(errors, "note", _("情况记录"), note, max_length=1000)
    _raise(errors)
    with transaction.atomic():
        visit = SpecialVisit.objects.create(
            person=person, kind=kind, visited_on=visited_on, note=note, recorded_by=actor
        )
        record_event(actor, "special.visit", person, region_code=person.region_id, post=post,
                     changes={"visit": [None, visit.pk], "kind": [None, kind]})
    return visit


def audit_special_view(actor, persons, *, what):
    """Every look at the registry leaves a row: which records this user was shown."""
    persons = list(persons)
    if not persons:
        return
    with transaction.atomic():
        if len(persons) == 1:
            person = persons[0]
            record_event(actor, f"special.{what}", person, region_code=person.region_id)
        else:
            region_code = _common_prefix([person.region_id for person in persons])
            record_event(actor, f"special.{what}", None, region_code=region_code,
                         changes={"records": [None, [person.pk for person in persons]]},
                         target_repr=_("特殊人群记录 %(count)d 条") % {"count": len(persons)})


def _common_prefix(codes):
    first, last = min(codes), max(codes)
    length = 0
    while length < min(len(first), len(last)) and first[length] == last[length]:
        length += 1
    return first[:length]


# --- 信访代办 -----------------------------------------------------------------------------------


def _chain_is_final(petition):
    seen = set()
    while petition is not None and petition.pk not in seen:
        if petition.state == S.FINAL:
            return True
        seen.add(petition.pk)
        petition = petition.same_matter_as
    return False


def register_petition(actor, *, village, petitioner, subject, facts, received_on=None,
                      respondent_name="", respondent_user=None, same_matter_as=None):
    """A 代办员 registers a villager's petition; the 15-day routing clock starts."""
    errors = {}
    if village is None:
        raise ValidationError({"village": _("请选择村。")})
    post = require(actor, "petition.handle", village.code)
    if village.level != Level.VILLAGE:
        errors["village"] = _("信访代办按村登记,请选择村。")
    if petitioner is None:
        errors["petitioner"] = _("请选择信访人(登记在册的村民)。")
    elif not petitioner.region_id.startswith(village.code):
        errors["petitioner"] = _("信访人不是本村村民。")
    subject = _text(errors, "subject", _("事项"), subject, max_length=100)
    facts = _text(errors, "facts", _("事实和理由"), facts, max_length=2000)
    respondent_name = _text(errors, "respondent_name", _("被反映人"), respondent_name, max_length=50, required=False)
    received_on = _date(errors, "received_on", _("登记日期"), received_on)
    if same_matter_as is not None and _chain_is_final(same_matter_as):
        errors["same_matter_as"] = _("该事项已经复核终结,同一事实和理由的信访不再受理。")
    _raise(errors)
    with transaction.atomic():
        petition = Petition.objects.create(
            region=village, petitioner=petitioner, subject=subject, facts=facts,
            respondent_name=respondent_name, respondent_user=respondent_user, same_matter_as=same_matter_as,
            received_on=received_on, due_on=received_on + datetime.timedelta(days=ROUTING_DAYS), handler=actor,
        )
        record_event(actor, "petition.register", petition, region_code=village.code, post=post, changes={
            "state": [None, S.RECEIVED], "received_on": [None, received_on.isoformat()],
            "same_matter_as": [None, same_matter_as.pk if same_matter_as else None],
        })
    return petition


def _move(actor, petition, source, fields, action):
    """Conditional UPDATE from `source`: the one winner of two clicks; the loser sees why."""
    post = require(actor, "petition.handle", petition.region_id)
    with transaction.atomic():
        changed = Petition.objects.filter(pk=petition.pk, state__in=source).update(**fields)
        if not changed:
            raise ValidationError({"state": _("该信访事项当前状态为“%(state)s”,不能进行此操作。") % {
                "state": Petition.objects.get(pk=petition.pk).get_state_display()}})
        changes = {}
        for name, value in fields.items():
            old = getattr(petition, name)
            setattr(petition, name, value)
            changes[name] = [_iso(old), _iso(value)]
        record_event(actor, f"petition.{action}", petition, region_code=petition.region_id, post=post,
                     changes=changes)
    return petition


def _iso(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


def _not_before(errors, field, label, value, earlier, earlier_label):
    if value is not None and earlier is not None and value < earlier:
        errors[field] = _("%(label)s不能早于%(earlier)s(%(date)s)。") % {
            "label": label, "earlier": earlier_label, "date": earlier.isoformat()}


def accept_petition(actor, petition, *, on=None):
    errors = {}
    on = _date(errors, "on", _("受理日期"), on)
    _not_before(errors, "on", _("受理日期"), on, petition.received_on, _("登记日期"))
    _raise(errors)
    return _move(actor, petition, [S.RECEIVED], {
        "state": S.ACCEPTED, "accepted_on": on, "due_on": on + datetime.timedelta(days=HANDLING_DAYS),
    }, "accept")


def route_petition(actor, petition, *, routed_to, on=None):
    """Not ours to handle: sent on to the organ with authority (a written notice within 15 days)."""
    errors = {}
    routed_to = _text(errors, "routed_to", _("转送机关"), routed_to, max_length=100)
    on = _date(errors, "on", _("转送日期"), on)
    _not_before(errors, "on", _("转送日期"), on, petition.received_on, _("登记日期"))
    _raise(errors)
    return _move(actor, petition, [S.RECEIVED], {"state": S.ROUTED, "routed_to": routed_to, "due_on": None}, "route")


def extend_petition(actor, petition, *, days, reason):
    """One extension of at most 30 days, before the 60 days run out, the reason told to the petitioner."""
    errors = {}
    reason = _text(errors, "reason", _("延期理由"), reason, max_length=500)
    try:
        days = int(days)
    except (TypeError, ValueError):
        errors["days"] = _("请填写延长天数(1–30)。")
    else:
        if not 1 <= days <= EXTENSION_MAX_DAYS:
            errors["days"] = _("延长天数须在 1 到 %(max)d 天之间。") % {"max": EXTENSION_MAX_DAYS}
    if petition.extension_days:
        errors["days"] = _("办理期限只能延长一次。")
    if petition.handling_due is not None and timezone.localdate() > petition.handling_due:
        errors["days"] = _("办理期限已过,不能再延长。")
    _raise(errors)
    post = require(actor, "petition.handle", petition.region_id)
    with transaction.atomic():
        due = petition.accepted_on + datetime.timedelta(days=HANDLING_DAYS + days)
        changed = Petition.objects.filter(pk=petition.pk, state=S.ACCEPTED, extension_days=0).update(
            extension_days=days, extension_reason=reason, due_on=due)
        if not changed:
            raise ValidationError({"days": _("办理期限只能延长一次。")})
        record_event(actor, "petition.extend", petition, region_code=petition.region_id, post=post, changes={
            "extension_days": [0, days], "extension_reason": ["", reason],
            "due_on": [_iso(petition.due_on), due.isoformat()]})
        petition.extension_days, petition.extension_reason, petition.due_on = days, reason, due
    return petition


def reply_petition(actor, petition, *, on=None):
    """The written 处理意见 is given: handling concluded; the 30-day window for 复查 opens."""
    errors = {}
    on = _date(errors, "on", _("书面答复日期"), on)
    _not_before(errors, "on", _("书面答复日期"), on, petition.accepted_on, _("受理日期"))
    _raise(errors)
    return _move(actor, petition, [S.ACCEPTED], {"state": S.REPLIED, "replied_on": on, "due_on": None}, "reply")


def _request(actor, petition, *, on, source, opened_on, label, state, field):
    errors = {}
    on = _date(errors, "on", label, on)
    _not_before(errors, "on", label, on, opened_on, _("上一环节意见日期"))
    if on is not None and opened_on is not None and on > opened_on + datetime.timedelta(days=REQUEST_WINDOW_DAYS):
        errors["on"] = _("%(label)s已超过 %(days)d 日期限(应在 %(until)s 前提出),不予受理。") % {
            "label": label, "days": REQUEST_WINDOW_DAYS,
            "until": (opened_on + datetime.timedelta(days=REQUEST_WINDOW_DAYS)).isoformat()}
    _raise(errors)
    return _move(actor, petition, source, {
        "state": state, field: on, "due_on": on + datetime.timedelta(days=ANSWER_DAYS)}, state)


def request_review(actor, petition, *, on=None):
    """复查: requested within 30 days of the written reply, answered within 30 days."""
    return _request(actor, petition, on=on, source=[S.REPLIED], opened_on=petition.replied_on,
                    label=_("请求复查日期"), state=S.REVIEW_REQUESTED, field="review_requested_on")


def answer_review(actor, petition, *, on=None):
    errors = {}
    on = _date(errors, "on", _("复查意见日期"), on)
    _not_before(errors, "on", _("复查意见日期"), on, petition.review_requested_on, _("请求复查日期"))
    _raise(errors)
    return _move(actor, petition, [S.REVIEW_REQUESTED], {"state": S.REVIEWED, "reviewed_on": on, "due_on": None},
                 "review")


def request_recheck(actor, petition, *, on=None):
    """复核: requested within 30 days of the 复查意见, answered within 30 days; then it is final."""
    return _request(actor, petition, on=on, source=[S.REVIEWED], opened_on=petition.reviewed_on,
                    label=_("请求复核日期"), state=S.RECHECK_REQUESTED, field="recheck_requested_on")


def answer_recheck(actor, petition, *, on=None):
    errors = {}
    on = _date(errors, "on", _("复核意见日期"), on)
    _not_before(errors, "on", _("复核意见日期"), on, petition.recheck_requested_on, _("请求复核日期"))
    _raise(errors)
    return _move(actor, petition, [S.RECHECK_REQUESTED], {"state": S.FINAL, "rechecked_on": on, "due_on": None},
                 "recheck")


PETITION_STEPS = {
    "accept": accept_petition, "reply": reply_petition, "request_review": request_review,
    "answer_review": answer_review, "request_recheck": request_recheck, "answer_recheck": answer_recheck,
}


# --- enforcement certificates -------------------------------------------------------------------


def add_officer(actor, *, region, name, user=None):
    if region is None:
        raise ValidationError({"region": _("请选择所属县或乡镇。")})
    post = require(actor, "enforcement.manage", region.code)
    errors = {}
    if region.level not in (Level.COUNTY, Level.TOWNSHIP):
        errors["region"] = _("执法人员属于县或乡镇,请选择县或乡镇。")
    name = _text(errors, "name", _("姓名"), name or (user.full_name if user else ""), max_length=50)
    _raise(errors)
    with transaction.atomic():
        officer = EnforcementOfficer.objects.create(region=region, name=name, user=user)
        record_event(actor, "enforcement.officer.add", officer, region_code=region.code, post=post,
                     changes={"name": [None, name]})
    return officer


def add_certificate(actor, officer, *, number, expires_on):
    post = require(actor, "enforcement.manage", officer.region_id)
    errors = {}
    number = _text(errors, "number", _("执法证号"), number, max_length=40)
    if expires_on in (None, ""):
        errors["expires_on"] = _("请填写有效期至。")
    else:
        expires_on = _date(errors, "expires_on", _("有效期至"), expires_on, not_after_today=False)
    _raise(errors)
    try:
        with transaction.atomic():
            certificate = Certificate.objects.create(officer=officer, number=number, expires_on=expires_on)
            record_event(actor, "enforcement.certificate.add", officer, region_code=officer.region_id, post=post,
                         changes={"certificate": [None, number], "expires_on": [None, expires_on.isoformat()]})
    except IntegrityError:
        raise ValidationError({"number": _("执法证号 %(number)s 已登记。") % {"number": number}}) from None
    return certificate


def renew_certificate(actor, certificate, *, expires_on):
    """换证/延续: the same certificate gets a later expiry date, never an earlier one."""
    officer = certificate.officer
    post = require(actor, "enforcement.manage", officer.region_id)
    errors = {}
    if expires_on in (None, ""):
        errors["expires_on"] = _("请填写新的有效期至。")
    else:
        expires_on = _date(errors, "expires_on", _("有效期至"), expires_on, not_after_today=False)
    if expires_on and "expires_on" not in errors:
        if expires_on <= certificate.expires_on:
            errors["expires_on"] = _("新的有效期至须晚于原有效期(%(date)s)。") % {
                "date": certificate.expires_on.isoformat()}
        elif expires_on < timezone.localdate():
            errors["expires_on"] = _("新的有效期至不能早于今天。")
    _raise(errors)
    with transaction.atomic():
        old = certificate.expires_on
        Certificate.objects.filter(pk=certificate.pk).update(expires_on=expires_on)
        certificate.expires_on = expires_on
        record_event(actor, "enforcement.certificate.renew", officer, region_code=officer.region_id, post=post,
                     changes={"certificate": [certificate.number, certificate.number],
                              "expires_on": [old.isoformat(), expires_on.isoformat()]})
    return certificate


def assign_enforcement_task(actor, officer, *, region, title):
    """Only an officer holding a certificate valid today may be sent (持证上岗)."""
    if region is None:
        raise ValidationError({"region": _("请选择执法地点。")})
    post = require(actor, "enforcement.manage", region.code)
    errors = {}
    title = _text(errors, "title", _("执法任务"), title, max_length=100)
    if not region.code.startswith(officer.region_id[:6]):
        errors["region"] = _("执法地点不在该执法人员所属县内。")
    with transaction.atomic():
        # Locked so a certificate is not changed between the check and the assignment.
        list(Certificate.objects.select_for_update().filter(officer=officer))
        if not officer.certificates.valid().exists():
            errors["officer"] = _("%(name)s的执法证已过期或未登记,不能分派执法任务。") % {"name": officer.name}
        _raise(errors)
        task = EnforcementTask.objects.create(officer=officer, region=region, title=title, assigned_by=actor)
        record_event(actor, "enforcement.task.assign", task, region_code=region.code, post=post,
                     changes={"officer": [None, officer.pk], "title": [None, title]},
                     target_repr=title)
    return task


# --- centres --------------------------------------------------------------------------------------

CENTRE_LEVELS = (Level.COUNTY, Level.TOWNSHIP, Level.VILLAGE)


def register_centre(actor, *, region, kind, name, standardised=False, standardised_on=None):
    if region is None:
        raise ValidationError({"region": _("请选择所在县、乡镇或村。")})
    post = require(actor, "centre.manage", region.code)
    errors = {}
    if region.level not in CENTRE_LEVELS:
        errors["region"] = _("综治中心设在县、乡镇或村。")
    _choice(errors, "kind", _("类型"), kind, CentreKind)
    name = _text(errors, "name", _("名称"), name, max_length=100)
    standardised_on = _standardised_date(errors, standardised, standardised_on)
    _raise(errors)
    try:
        with transaction.atomic():
            centre = Centre.objects.create(region=region, kind=kind, name=name, standardised=bool(standardised),
                                           standardised_on=standardised_on)
            record_event(actor, "centre.register", centre, region_code=region.code, post=post,
                         changes={"standardised": [None, bool(standardised)]})
    except IntegrityError:
        raise ValidationError({"kind": _("该地已登记此类中心。")}) from None
    return centre


def _standardised_date(errors, standardised, value):
    if not standardised:
        return None
    if value in (None, ""):
        errors["standardised_on"] = _("已完成规范化建设,请填写完成日期。")
        return None
    return _date(errors, "standardised_on", _("规范化建设完成日期"), value)


def set_centre_standardisation(actor, centre, *, standardised, standardised_on=None):
    post = require(actor, "centre.manage", centre.region_id)
    errors = {}
    standardised_on = _standardised_date(errors, standardised, standardised_on)
    _raise(errors)
    with transaction.atomic():
        old = [centre.standardised, _iso(centre.standardised_on)]
        Centre.objects.filter(pk=centre.pk).update(standardised=bool(standardised), standardised_on=standardised_on)
        centre.standardised, centre.standardised_on = bool(standardised), standardised_on
        record_event(actor, "centre.standardisation", centre, region_code=centre.region_id, post=post, changes={
            "standardised": [old[0], centre.standardised], "standardised_on": [old[1], _iso(standardised_on)]})
    return centre


