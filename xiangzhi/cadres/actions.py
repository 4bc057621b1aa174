"""Writes of the cadres app. Each takes the acting user first, checks the capability in the region
concerned (403 without it anywhere, 404 outside scope), runs in one transaction and writes an audit
event. Bad input: a ValidationError naming the field in Chinese; nothing changed."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import require
from xiangzhi.assessment.models import Grade, grade_for
from xiangzhi.core import inputs
from xiangzhi.core.audit import diff, record_event, snapshot
from xiangzhi.finance.money import parse_yuan
from xiangzhi.people.masking import contains_citizen_id
from xiangzhi.regions.models import Level, Region

from . import queries
from .models import (
    CADRE_ROLE_CHOICES, PAY_CONFIG, PAY_MANAGE, TRAINING_MANAGE, Attendance, AttendanceStatus, CalculationStatus,
    PayCalculation, PayStandard, PerformanceRule, PerformanceSource, TrainingPlan,
)

TRAINING_LEVELS = (Level.PROVINCE, Level.CITY, Level.COUNTY, Level.TOWNSHIP, Level.VILLAGE)
MAX_HOURS = 500
CADRE_ROLE_VALUES = [value for value, _label in CADRE_ROLE_CHOICES]
STANDARD_FIELDS = ["monthly_basic_fen", "performance_fen", "rule", "excellent_percent", "good_percent",
                   "pass_percent", "fail_percent"]
PERCENT_FIELDS = ["excellent_percent", "good_percent", "pass_percent", "fail_percent"]


def _text(errors, field, label, value, *, max_length, required=True):
    value = inputs.text(errors, field, label, value, max_length=max_length, required=required)
    if field not in errors and contains_citizen_id(value):
        errors[field] = _("%(label)s不能包含身份证号码。") % {"label": label}
    return value


def _date(errors, field, label, value):
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value or "").strip())
    except ValueError:
        errors[field] = _("请填写有效的%(label)s(如 2025-05-01)。") % {"label": label}
        return None


def _year(errors, value):
    this_year = timezone.localdate().year
    return inputs.number(errors, "year", _("年度"), value, minimum=2000, maximum=this_year + 1)


def _yuan(errors, field, label, value, *, positive):
    try:
        return parse_yuan(value, field, positive=positive, label=label)
    except ValidationError as error:
        errors[field] = error.message_dict[field][0]
        return None


# --- 分层次培训 --------------------------------------------------------------------------------


def create_training(actor, *, region_code, title, year, starts_on, ends_on, venue, hours, content, target_roles):
    """A training plan for the holders of `target_roles` under `region_code`; its level is the level
    of the post that organises it."""
    region = Region.objects.filter(pk=(region_code or "").strip()).first()
    if region is None or region.level not in TRAINING_LEVELS:
        raise ValidationError({"region": _("请选择有效的培训对象区划(村及以上)。")})
    post = require(actor, TRAINING_MANAGE, region.code)
    errors = {}
    title = _text(errors, "title", _("培训名称"), title, max_length=100)
    year = _year(errors, year)
    starts_on = _date(errors, "starts_on", _("开始日期"), starts_on)
    ends_on = _date(errors, "ends_on", _("结束日期"), ends_on)
    if starts_on and ends_on:
        if ends_on < starts_on:
            errors["ends_on"] = _("结束日期不能早于开始日期。")
        elif year is not None and starts_on.year != year:
            errors["starts_on"] = _("开始日期须在 %(year)d 年内。") % {"year": year}
    venue = _text(errors, "venue", _("培训地点"), venue, max_length=100)
    hours = inputs.number(errors, "hours", _("学时"), hours, minimum=Decimal("0.5"), maximum=MAX_HOURS,
                          decimal=True)
    if hours is not None and hours != hours.quantize(Decimal("0.1")):
        errors["hours"] = _("学时最多保留一位小数。")
    content = _text(errors, "content", _("培训内容"), content, max_length=2000)
    roles = list(dict.fromkeys(target_roles or []))
    if not roles:
        errors["target_roles"] = _("请至少选择一类培训对象。")
    elif any(role not in CADRE_ROLE_VALUES for role in roles):
        errors["target_roles"] = _("请选择有效的培训对象。")
    inputs.raise_if(errors)
    with transaction.atomic():
        plan = TrainingPlan.objects.create(
            region=region, level=post.region.level, title=title, year=year, starts_on=starts_on, ends_on=ends_on,
            venue=venue, hours=hours, content=content, target_roles=roles, created_by=actor)
        record_event(actor, "training.create", plan, region_code=region.code, post=post, changes={
            name: [None, value] for name, value in snapshot(plan, [
                "region", "level", "title", "year", "starts_on", "ends_on", "venue", "hours", "target_roles",
            ]).items()})
    return plan


def record_attendance(actor, plan, entries):
    """The organiser's attendance list after the training: [{"user": id, "status": present|absent,
    "reason": …}]. Only trainees; an absence needs its reason. All or nothing; recording again
    corrects the rows (the audit keeps each version)."""
    post = require(actor, TRAINING_MANAGE, plan.region_id)
    if plan.ends_on > timezone.localdate():
        raise ValidationError({"attendance": _("培训结束(%(date)s)后才能登记出勤。") % {"date": plan.ends_on}})
    trainees = {trainee.user_id: trainee for trainee in queries.trainee_posts(plan)}
    errors, cleaned = {}, []
    if not entries:
        errors["attendance"] = _("请登记至少一名学员的出勤。")
    for number, entry in enumerate(entries or [], 1):
        user_id = entry.get("user")
        trainee = trainees.get(user_id) if isinstance(user_id, int) else None
        if trainee is None:
            errors[f"attendance.{number}"] = _("第 %(n)d 行:该人员不是本次培训的培训对象。") % {"n": number}
            continue
        status = entry.get("status")
        if status not in AttendanceStatus.values:
            errors[f"status_{user_id}"] = _("请选择%(name)s的出勤情况。") % {"name": trainee.user}
            continue
        reason = (entry.get("reason") or "").strip()
        if status == AttendanceStatus.ABSENT and not reason:
            errors[f"reason_{user_id}"] = _("请填写%(name)s的缺席原因。") % {"name": trainee.user}
        elif len(reason) > 200:
            errors[f"reason_{user_id}"] = _("缺席原因不能超过 200 个字。")
        cleaned.append((trainee, status, reason if status == AttendanceStatus.ABSENT else ""))
    if len({trainee.user_id for trainee, _s, _r in cleaned}) != len(cleaned):
        errors["attendance"] = _("同一学员只能登记一次。")
    inputs.raise_if(errors)
    changes = {}
    with transaction.atomic():
        existing = {row.user_id: row for row in Attendance.objects.select_for_update().filter(plan=plan)}
        for trainee, status, reason in cleaned:
            row = existing.get(trainee.user_id)
            before = [row.status, row.absence_reason] if row else None
            if row is None:
                Attendance.objects.create(plan=plan, user_id=trainee.user_id, post=trainee, region_id=trainee.region_id,
                                          status=status, absence_reason=reason, recorded_by=actor)
            elif before != [status, reason]:
                row.status, row.absence_reason, row.recorded_by = status, reason, actor
                row.save(update_fields=["status", "absence_reason", "recorded_by", "recorded_at"])
            if before != [status, reason]:
                changes[str(trainee.user_id)] = [before, [status, reason]]
        record_event(actor, "training.attendance", plan, region_code=plan.region_id, post=post, changes=changes)
    return plan


# --- 村干部报酬标准 ----------------------------------------------------------------------------


def set_pay_standard(actor, county_code, *, year, role, monthly_basic, performance, rule, excellent_percent=100,
                     good_percent=85, pass_percent=70, fail_percent=0):
    """The county's standard for a role and year. An unused standard is corrected in place; one a
    calculation used is frozen, so the change becomes a new version that replaces it."""
    county = Region.objects.filter(pk=(county_code or "").strip()).first()
    if county is None or county.level != Level.COUNTY:
        raise ValidationError({"region": _("报酬标准由县(市、区)设定,请选择县。")})
    post = require(actor, PAY_CONFIG, county.code)
    errors = {}
    year = _year(errors, year)
    if role not in CADRE_ROLE_VALUES:
        errors["role"] = _("请选择有效的职务。")
    values = {
        "monthly_basic_fen": _yuan(errors, "monthly_basic", _("每月基本报酬"), monthly_basic, positive=True),
        "performance_fen": _yuan(errors, "performance", _("年度绩效报酬"), performance, positive=False),
        "rule": inputs.choice(errors, "rule", _("绩效计算方式"), rule, PerformanceRule),
    }
    for name, value in zip(PERCENT_FIELDS, (excellent_percent, good_percent, pass_percent, fail_percent)):
        label = str(PayStandard._meta.get_field(name).verbose_name)
        values[name] = inputs.number(errors, name, label, value, minimum=0, maximum=100)
    if not any(name in errors for name in PERCENT_FIELDS) and not (
            values["excellent_percent"] >= values["good_percent"] >= values["pass_percent"]
            >= values["fail_percent"]):
        errors["excellent_percent"] = _("各等次比例须满足:优秀 ≥ 良好 ≥ 合格 ≥ 不合格。")
    inputs.raise_if(errors)
    with transaction.atomic():
        current = (PayStandard.objects.select_for_update()
                   .filter(region=county, year=year, role=role).order_by("-version").first())
        if current is not None and not current.calculations.exists():
            before = snapshot(current, STANDARD_FIELDS)
            for name, value in values.items():
                setattr(current, name, value)
            current.created_by = actor
            current.save(update_fields=[*STANDARD_FIELDS, "created_by", "updated_at"])
            record_event(actor, "pay_standard.update", current, region_code=county.code, post=post,
                         changes=diff(before, snapshot(current, STANDARD_FIELDS)))
            return current
        standard = PayStandard.objects.create(
            region=county, year=year, role=role, version=current.version + 1 if current else 1, supersedes=current,
            created_by=actor, **values)
        record_event(actor, "pay_standard.create", standard, region_code=county.code, post=post, changes={
            "year": [None, year], "role": [None, role], "version": [None, standard.version],
            **{name: [snapshot(current, [name])[name] if current else None, value] for name, value in values.items()},
        })
    return standard


# --- 报酬计算 ----------------------------------------------------------------------------------


def calculate_pay(actor, village_code, *, year, score=None, grade="", reason="", correction_reason=""):
    """The village's cadres' pay for the year. Performance comes from the village's published
    assessment result; where none is published, from the score or grade the manager enters with a
    reason. A recalculation keeps the rows it replaces (superseded) and needs the correction's reason."""
    village = Region.objects.filter(pk=(village_code or "").strip(), level=Level.VILLAGE).first()
    if village is None:
        raise ValidationError({"village": _("请选择有效的村。")})
    post = require(actor, PAY_MANAGE, village.code)
    errors = {}
    year = _year(errors, year)
    if year is not None and year > timezone.localdate().year:
        errors["year"] = _("%(year)d 年尚未开始,不能计算报酬。") % {"year": year}
    inputs.raise_if(errors)
    result = queries.published_result(village.code, year)
    score_given = str(score).strip() if score is not None else ""
    grade = (grade or "").strip()
    reason = (reason or "").strip()
    entered = {}
    if result is not None:
        if score_given or grade:
            errors["score"] = _("该村 %(year)d 年的考核结果已发布,按发布结果计算,不能手工填写。") % {"year": year}
    elif not score_given and not grade:
        errors["score"] = _("该村 %(year)d 年没有已发布的考核结果,请手工填写考核得分或等次,并说明理由。") % {
            "year": year}
    else:
        if score_given:
            entered["score"] = inputs.number(errors, "score", _("考核得分"), score_given, minimum=0, maximum=100,
                                             decimal=True)
        if grade:
            inputs.choice(errors, "grade", _("考核等次"), grade, Grade)
            entered["grade"] = grade
        reason = _text(errors, "reason", _("手工填写理由"), reason, max_length=200)
    inputs.raise_if(errors)
    posts = queries.paid_posts(village.code, year)
    standards = {role: queries.current_standard(village.code[:6], year, role) for role in {p.role for p in posts}}
    rows = [(p, standards[p.role], queries.months_in_post(p, year)) for p in posts if standards[p.role]]
    rows = [row for row in rows if row[2] > 0]
    if not rows:
        raise ValidationError({"village": _("该村 %(year)d 年没有县里已设定报酬标准的在岗村干部,无法计算。") % {
            "year": year}})
    for _post, standard, _months in rows:
        if standard.rule == PerformanceRule.SCORE and result is None and entered.get("score") is None:
            raise ValidationError({"score": _("%(role)s的报酬标准按考核得分计算绩效,请填写考核得分。") % {
                "role": standard.get_role_display()}})
    with transaction.atomic():
        previous = {row.post_id: row for row in PayCalculation.objects.select_for_update().current().filter(
            region=village, year=year)}
        if previous:
            correction_reason = _text(errors, "correction_reason", _("更正理由"), correction_reason, max_length=200)
            inputs.raise_if(errors)
            PayCalculation.objects.filter(pk__in=[row.pk for row in previous.values()]).update(
                status=CalculationStatus.SUPERSEDED)
        else:
            correction_reason = ""
        created = []
        for cadre_post, standard, months in rows:
            created.append(PayCalculation.objects.create(
                **_calculation(standard, months, result, entered, reason),
                region=village, user_id=cadre_post.user_id, post=cadre_post, role=cadre_post.role, year=year,
                standard=standard, supersedes=previous.get(cadre_post.pk), correction_reason=correction_reason,
                calculated_by=actor))
        record_event(actor, "pay.calculate", village, region_code=village.code, post=post, changes={
            "year": [None, year], "source": [None, created[0].source],
            "entered": [None, {"score": str(entered["score"]) if entered.get("score") is not None else None,
                               "grade": entered.get("grade", ""), "reason": reason} if entered else None],
            "totals": [{str(row.user_id): row.total_fen for row in previous.values()} or None,
                       {str(row.user_id): row.total_fen for row in created}],
            "correction_reason": [None, correction_reason or None],
        })
    return created


def _calculation(standard, months, result, entered, reason):
    """Every input of one row and the amounts they give."""
    values = {"months": months, "monthly_basic_fen": standard.monthly_basic_fen,
              "basic_fen": standard.monthly_basic_fen * months, "performance_amount_fen": standard.performance_fen,
              "rule": standard.rule}
    if result is not None:
        values.update(source=PerformanceSource.ASSESSMENT, assessment_result=result, scheme_title=result.scheme.title,
                      rank=result.rank, score=result.score, grade=result.grade)
    else:
        score = entered.get("score")
        grade = entered.get("grade") or (grade_for(float(score), False) if score is not None else "")
        values.update(source=PerformanceSource.ENTERED, score=float(score) if score is not None else None,
                      grade=grade, entered_reason=reason)
    if standard.rule == PerformanceRule.SCORE:
        share = Decimal(str(values["score"])).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    else:
        share = Decimal(standard.band_percent(values["grade"]))
    share = min(max(share, Decimal(0)), Decimal(100))
    performance = int((standard.performance_fen * share / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    values.update(share_percent=share, performance_fen=performance, total_fen=values["basic_fen"] + performance)
    return values
