"""Writes of members at work. Each takes the acting user first, checks the capability in the
member's region (or that the member is the actor, for partywork.own), runs in one transaction and
writes an audit event. Bad input: a ValidationError naming the field, in Chinese; nothing changed."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import posts_with_capability, require
from xiangzhi.core.audit import diff, record_event, snapshot
from xiangzhi.people.masking import contains_citizen_id
from xiangzhi.regions.models import Level, Region

from .models import (
    PARTYWORK_CONFIG, PARTYWORK_MANAGE, PARTYWORK_OWN, Appeal, AppealState, Commitment, Fulfilment, MemberDuty,
    PioneerEvaluation, PointsRules, QuarterReview, Violation,
)
from .scoring import RULE_FIELDS, quarter_end, rules_for, score_for

MAX_ADJUSTMENT = 50
MAX_RULE_POINTS = 1000


# --- input checks -----------------------------------------------------------------------------


def _text(errors, field, label, value, *, max_length, required=True):
    value = (value or "").strip()
    if required and not value:
        errors[field] = _("请填写%(label)s。") % {"label": label}
    elif len(value) > max_length:
        errors[field] = _("%(label)s不能超过 %(max)d 个字。") % {"label": label, "max": max_length}
    elif contains_citizen_id(value):
        errors[field] = _("%(label)s不能包含身份证号码。") % {"label": label}
    return value


def _int(errors, field, label, value, *, minimum, maximum):
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        errors[field] = _("%(label)s须为整数。") % {"label": label}
        return None
    if not minimum <= number <= maximum:
        errors[field] = _("%(label)s须在 %(min)d 到 %(max)d 之间。") % {"label": label, "min": minimum, "max": maximum}
        return None
    return number


def _year(errors, value, member=None):
    this_year = timezone.localdate().year
    year = _int(errors, "year", _("年度"), value, minimum=2000, maximum=this_year + 1)
    if year is not None and member is not None and year < member.joined_on.year:
        errors["year"] = _("年度不能早于该党员入党的年份(%(year)d)。") % {"year": member.joined_on.year}
    return year


def _date(errors, field, label, value):
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value or "").strip())
    except ValueError:
        errors[field] = _("请填写有效的%(label)s(如 2025-05-01)。") % {"label": label}
        return None


def _raise(errors):
    if errors:
        raise ValidationError(errors)


def _require_current(member):
    if member.left_on is not None:
        raise ValidationError({"member": _("该党员已转出,不能再登记。")})


def _require_own_or_manage(actor, member):
    """The branch (partywork.manage) or the member themselves (partywork.own)."""
    if posts_with_capability(actor, PARTYWORK_MANAGE):
        try:
            return require(actor, PARTYWORK_MANAGE, member.region_id)
        except Http404:
            pass
    return _require_own(actor, member)


def _require_own(actor, member):
    posts = posts_with_capability(actor, PARTYWORK_OWN)
    if not posts and not posts_with_capability(actor, PARTYWORK_MANAGE):
        raise PermissionDenied(_("您没有此项操作的权限。"))
    if not posts or actor.resident_id is None or actor.resident_id != member.resident_id:
        raise Http404(_("未找到该党员。"))
    return posts[0]


# --- 设岗定责 ----------------------------------------------------------------------------------


def assign_duty(actor, member, *, year, name, duties):
    post = require(actor, PARTYWORK_MANAGE, member.region_id)
    _require_current(member)
    errors = {}
    year = _year(errors, year, member)
    name = _text(errors, "name", _("岗位名称"), name, max_length=50)
    duties = _text(errors, "duties", _("岗位职责"), duties, max_length=1000)
    _raise(errors)
    with transaction.atomic():
        if MemberDuty.objects.filter(member=member, year=year, name=name).exists():
            raise ValidationError({"name": _("该党员本年度已有“%(name)s”岗位。") % {"name": name}})
        duty = MemberDuty.objects.create(member=member, region_id=member.region_id, year=year, name=name,
                                         duties=duties, created_by=actor)
        record_event(actor, "member_duty.assign", duty, region_code=member.region_id, post=post, changes={
            "member": [None, member.pk], "year": [None, year], "name": [None, name], "duties": [None, duties]})
    return duty


def remove_duty(actor, duty):
    post = require(actor, PARTYWORK_MANAGE, duty.region_id)
    with transaction.atomic():
        record_event(actor, "member_duty.remove", duty, region_code=duty.region_id, post=post, changes={
            "member": [duty.member_id, None], "year": [duty.year, None], "name": [duty.name, None]})
        duty.delete()


# --- 承诺践诺 ----------------------------------------------------------------------------------


def add_commitment(actor, member, *, year, content):
    post = _require_own_or_manage(actor, member)
    _require_current(member)
    errors = {}
    year = _year(errors, year, member)
    content = _text(errors, "content", _("承诺事项"), content, max_length=200)
    _raise(errors)
    with transaction.atomic():
        commitment = Commitment.objects.create(member=member, region_id=member.region_id, year=year,
                                               content=content, created_by=actor)
        record_event(actor, "commitment.add", commitment, region_code=member.region_id, post=post, changes={
            "member": [None, member.pk], "year": [None, year], "content": [None, content]})
    return commitment


def review_commitment(actor, commitment, *, outcome, note="", reviewed_on=None):
    """The branch's fulfilment review. It may be corrected later; the audit keeps each version."""
    post = require(actor, PARTYWORK_MANAGE, commitment.region_id)
    errors = {}
    if outcome not in Fulfilment.values:
        errors["outcome"] = _("请选择践诺情况。")
    note = _text(errors, "review_note", _("评议意见"), note, max_length=200, required=outcome != Fulfilment.FULFILLED)
    today = timezone.localdate()
    reviewed_on = today if reviewed_on in (None, "") else _date(errors, "reviewed_on", _("评议日期"), reviewed_on)
    if reviewed_on is not None and "reviewed_on" not in errors:
        if reviewed_on > today:
            errors["reviewed_on"] = _("评议日期不能晚于今天。")
        elif reviewed_on.year < commitment.year:
            errors["reviewed_on"] = _("评议日期不能早于承诺年度(%(year)d 年)。") % {"year": commitment.year}
    _raise(errors)
    fields = ["outcome", "review_note", "reviewed_by", "reviewed_on"]
    with transaction.atomic():
        commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
        before = snapshot(commitment, fields)
        commitment.outcome, commitment.review_note = outcome, note
        commitment.reviewed_by, commitment.reviewed_on = actor, reviewed_on
        commitment.save(update_fields=fields)
        record_event(actor, "commitment.review", commitment, region_code=commitment.region_id, post=post,
                     changes=diff(before, snapshot(commitment, fields)))
    return commitment


# --- violations -------------------------------------------------------------------------------


def record_violation(actor, member, *, occurred_on, reason):
    post = require(actor, PARTYWORK_MANAGE, member.region_id)
    _require_current(member)
    errors = {}
    occurred_on = _date(errors, "occurred_on", _("发生日期"), occurred_on)
    if occurred_on is not None:
        if occurred_on > timezone.localdate():
            errors["occurred_on"] = _("发生日期不能晚于今天。")
        elif occurred_on < member.joined_on:
            errors["occurred_on"] = _("发生日期不能早于入党日期(%(date)s)。") % {"date": member.joined_on}
    reason = _text(errors, "reason", _("事由"), reason, max_length=200)
    _raise(errors)
    with transaction.atomic():
        violation = Violation.objects.create(member=member, region_id=member.region_id, occurred_on=occurred_on,
                                             reason=reason, recorded_by=actor)
        record_event(actor, "violation.record", violation, region_code=member.region_id, post=post, changes={
            "member": [None, member.pk], "occurred_on": [None, occurred_on.isoformat()], "reason": [None, reason]})
    return violation


# --- rules ------------------------------------------------------------------------------------


def set_rules(actor, region_code, **values):
    """The points rules of a county, or of a township (which then override the county's)."""
    region = Region.objects.filter(pk=(region_code or "").strip()).first()
    if region is None or region.level not in (Level.COUNTY, Level.TOWNSHIP):
        raise ValidationError({"region": _("积分规则只能按县或乡镇设置,请选择县或乡镇。")})
    post = require(actor, PARTYWORK_CONFIG, region.code)
    errors = {}
    current = rules_for(region.code)
    cleaned = {}
    for name in RULE_FIELDS:
        label = str(PointsRules._meta.get_field(name).verbose_name)
        value = values.get(name, current[name])
        cleaned[name] = _int(errors, name, label, value, minimum=0, maximum=MAX_RULE_POINTS)
    if not errors and not cleaned["excellent_from"] > cleaned["qualified_from"] > cleaned["basic_from"]:
        errors["excellent_from"] = _("分类分数线须满足:优秀 > 合格 > 基本合格。")
    _raise(errors)
    with transaction.atomic():
        rules, created = PointsRules.objects.select_for_update().get_or_create(
            region=region, defaults={**cleaned, "updated_by": actor})
        before = {name: None for name in RULE_FIELDS} if created else snapshot(rules, RULE_FIELDS)
        if not created:
            for name, value in cleaned.items():
                setattr(rules, name, value)
            rules.updated_by = actor
            rules.save(update_fields=[*RULE_FIELDS, "updated_by", "updated_at"])
        record_event(actor, "points_rules.set", rules, region_code=region.code, post=post,
                     changes=diff(before, snapshot(rules, RULE_FIELDS)))
    return rules


# --- quarterly review -------------------------------------------------------------------------


def review_quarter(actor, organisation, *, year, quarter):
    """The branch's quarterly review: every current member's score to the quarter's end, kept as it
    stood (reviewing the quarter again replaces it)."""
    from xiangzhi.party.models import PartyMember

    post = require(actor, PARTYWORK_MANAGE, organisation.region_id)
    errors = {}
    year = _year(errors, year)
    quarter = _int(errors, "quarter", _("季度"), quarter, minimum=1, maximum=4)
    if year is not None and quarter is not None and quarter_end(year, quarter) >= timezone.localdate():
        errors["quarter"] = _("%(year)d 年第 %(quarter)d 季度尚未结束,不能评审。") % {"year": year, "quarter": quarter}
    _raise(errors)
    members = list(PartyMember.objects.filter(organisation=organisation, left_on__isnull=True))
    if not members:
        raise ValidationError({"organisation": _("该党组织没有在册党员。")})
    until = quarter_end(year, quarter)
    with transaction.atomic():
        reviews = []
        for member in members:
            score = score_for(member, year, until=until)
            review, _created = QuarterReview.objects.update_or_create(
                member=member, year=year, quarter=quarter,
                defaults={"region_id": member.region_id, "score": score.total, "member_class": score.member_class,
                          "lines": score.as_json(), "reviewed_by": actor},
            )
            reviews.append(review)
        record_event(actor, "points.quarter_review", organisation, region_code=organisation.region_id, post=post,
                     changes={"year": [None, year], "quarter": [None, quarter],
                              "scores": [None, {r.member_id: r.score for r in reviews}]})
    return reviews


# --- appeals ----------------------------------------------------------------------------------


def file_appeal(actor, member, *, year, reason):
    post = _require_own(actor, member)
    errors = {}
    year = _year(errors, year, member)
    reason = _text(errors, "reason", _("申诉理由"), reason, max_length=500)
    _raise(errors)
    with transaction.atomic():
        if Appeal.objects.select_for_update().filter(member=member, year=year, state=AppealState.PENDING).exists():
            raise ValidationError({"reason": _("您对 %(year)d 年积分的申诉还在处理中,请等待支部答复。") % {"year": year}})
        appeal = Appeal.objects.create(member=member, region_id=member.region_id, year=year, reason=reason,
                                       filed_by=actor)
        record_event(actor, "points_appeal.file", appeal, region_code=member.region_id, post=post, changes={
            "year": [None, year], "reason": [None, reason]})
    return appeal


def decide_appeal(actor, appeal, *, upheld, adjustment=0, note):
    post = require(actor, PARTYWORK_MANAGE, appeal.region_id)
    errors = {}
    if upheld not in (True, False):
        errors["upheld"] = _("请选择处理结果。")
    adjustment = _int(errors, "adjustment", _("更正分值"), adjustment or 0, minimum=-MAX_ADJUSTMENT,
                      maximum=MAX_ADJUSTMENT)
    if upheld is False and adjustment:
        errors["adjustment"] = _("申诉不成立时不能更正分值。")
    note = _text(errors, "decision_note", _("处理意见"), note, max_length=500)
    _raise(errors)
    fields = ["state", "adjustment", "decision_note", "decided_by", "decided_at"]
    with transaction.atomic():
        appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
        if appeal.state != AppealState.PENDING:
            raise ValidationError({"upheld": _("该申诉已经处理过了。")})
        before = snapshot(appeal, fields)
        appeal.state = AppealState.UPHELD if upheld else AppealState.REJECTED
        appeal.adjustment, appeal.decision_note = adjustment, note
        appeal.decided_by, appeal.decided_at = actor, timezone.now()
        appeal.save(update_fields=fields)
        record_event(actor, "points_appeal.decide", appeal, region_code=appeal.region_id, post=post,
                     changes=diff(before, snapshot(appeal, fields)))
    return appeal


# --- 先锋指数 ----------------------------------------------------------------------------------


def evaluate_pioneer(actor, member, *, year, note):
    """The yearly evaluation: the year's score and class as they stand, with the branch's note."""
    post = require(actor, PARTYWORK_MANAGE, member.region_id)
    errors = {}
    year = _year(errors, year, member)
    if year is not None and year > timezone.localdate().year:
        errors["year"] = _("%(year)d 年尚未开始,不能评价。") % {"year": year}
    note = _text(errors, "note", _("评议意见"), note, max_length=500)
    _raise(errors)
    fields = ["score", "member_class", "note"]
    with transaction.atomic():
        score = score_for(member, year)
        existing = PioneerEvaluation.objects.select_for_update().filter(member=member, year=year).first()
        before = snapshot(existing, fields) if existing else {}
        evaluation, _created = PioneerEvaluation.objects.update_or_create(
            member=member, year=year,
            defaults={"region_id": member.region_id, "score": score.total, "member_class": score.member_class,
                      "note": note, "evaluated_by": actor},
        )
        record_event(actor, "pioneer.evaluate", evaluation, region_code=member.region_id, post=post,
                     changes=diff(before, snapshot(evaluation, fields)))
    return evaluation
