"""A village party organisation's yearly evaluation: self-assessment with evidence, then the
township's and the county's review; the county's review fixes the stars by the scheme's bands."""

import decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import post_covers, posts_with_capability, require
from xiangzhi.core.audit import record_event
from xiangzhi.finance.uploads import checked_document
from xiangzhi.regions.models import Level

from .models import REVIEW, SELF_ASSESS, Evaluation, EvaluationState, Evidence
from .schemes import scheme_for

TEXT_MAX = 2000
EVIDENCE_MAX = 30
# Which review each state waits for: (level of the reviewing post, state after passing, who).
REVIEW_STAGES = {
    EvaluationState.SUBMITTED: (Level.TOWNSHIP, EvaluationState.TOWNSHIP_REVIEWED, "township"),
    EvaluationState.TOWNSHIP_REVIEWED: (Level.COUNTY, EvaluationState.RATED, "county"),
}


def _changed_elsewhere():
    return ValidationError({"state": _("该评定已被他人处理,请刷新后查看。")})


def _clean_scores(criteria, scores, prefix="score"):
    errors, cleaned = {}, {}
    for criterion in criteria:
        raw = scores.get(criterion["key"])
        raw = "" if raw is None else str(raw).strip()
        try:
            value = int(raw)
        except ValueError:
            value = None
        if value is None or not 0 <= value <= criterion["max_score"]:
            errors[f"{prefix}_{criterion['key']}"] = [_("“%(label)s”的得分应为 0 至 %(max)d 之间的整数。") % {
                "label": criterion["label"], "max": criterion["max_score"]}]
        cleaned[criterion["key"]] = value
    return cleaned, errors


def _clean_satisfaction(value, errors):
    if value is None or str(value).strip() == "":
        return None
    try:
        number = decimal.Decimal(str(value).strip().rstrip("%"))
    except decimal.InvalidOperation:
        number = None
    if number is None or not number.is_finite() or not 0 <= number <= 100:
        errors["satisfaction"] = [_("群众满意度应为 0 至 100 之间的数(百分比),可留空。")]
        return None
    return number.quantize(decimal.Decimal("0.1"))


def self_assess(actor, organisation, year, *, scores, satisfaction=None, mass_incident=False, summary=""):
    """The village's self-assessment: begins the year's evaluation or updates it while it is a draft."""
    post = require(actor, SELF_ASSESS, organisation.region_id)
    errors = {}
    try:
        year = int(year)
    except (TypeError, ValueError):
        year = 0
    if not 2000 <= year <= timezone.localdate().year:
        errors["year"] = [_("年度应为 2000 年至今年之间。")]
        raise ValidationError(errors)
    existing = Evaluation.objects.filter(organisation=organisation, year=year).first()
    criteria = existing.criteria if existing else scheme_for(organisation.region_id, year).criteria
    cleaned, errors = _clean_scores(criteria, scores)
    satisfaction = _clean_satisfaction(satisfaction, errors)
    summary = (summary or "").strip()
    if len(summary) > TEXT_MAX:
        errors["summary"] = [_("自评说明不能超过 %(n)d 个字。") % {"n": TEXT_MAX}]
    if errors:
        raise ValidationError(errors)
    values = {"self_scores": cleaned, "self_total": sum(cleaned.values()), "satisfaction": satisfaction,
              "mass_incident": bool(mass_incident), "summary": summary}
    with transaction.atomic():
        if existing is None:
            try:
                with transaction.atomic():
                    evaluation = Evaluation.objects.create(
                        organisation=organisation, region_id=organisation.region_id, year=year, criteria=criteria,
                        created_by=actor, **values)
            except IntegrityError:
                raise ValidationError({"year": _("%(org)s %(year)s 年度的评定已存在。") % {
                    "org": organisation.name, "year": year}}) from None
            changes = {"year": [None, year], "self_total": [None, evaluation.self_total]}
        else:
            before = {name: getattr(existing, name) for name in values}
            updated = Evaluation.objects.filter(pk=existing.pk, state=EvaluationState.DRAFT).update(**values)
            if not updated:
                raise ValidationError({"state": _("该评定已提交审核,不能再修改自评。")})
            evaluation = Evaluation.objects.get(pk=existing.pk)
            changes = {name: [str(before[name]) if isinstance(before[name], decimal.Decimal) else before[name],
                              str(value) if isinstance(value, decimal.Decimal) else value]
                       for name, value in values.items() if before[name] != value}
        record_event(actor, "partyrating.self_assess", evaluation, region_code=organisation.region_id, post=post,
                     changes=changes)
    return evaluation


def add_evidence(actor, evaluation, upload, *, criterion=""):
    post = require(actor, SELF_ASSESS, evaluation.region_id)
    if evaluation.state != EvaluationState.DRAFT:
        raise ValidationError({"file": _("该评定已提交审核,不能再上传佐证材料。")})
    keys = {item["key"] for item in evaluation.criteria}
    if criterion and criterion not in keys:
        raise ValidationError({"criterion": _("请选择本评定的评分标准。")})
    digest = checked_document(upload, "file", _("佐证材料"))
    with transaction.atomic():
        if Evidence.objects.filter(evaluation=evaluation).count() >= EVIDENCE_MAX:
            raise ValidationError({"file": _("每次评定最多上传 %(n)d 份佐证材料。") % {"n": EVIDENCE_MAX}})
        evidence = Evidence(evaluation=evaluation, criterion=criterion, name=upload.name[:200], size=upload.size,
                            sha256=digest, uploaded_by=actor)
        evidence.file.save(upload.name, upload, save=False)
        evidence.save()
        record_event(actor, "partyrating.evidence", evaluation, region_code=evaluation.region_id, post=post,
                     changes={"evidence": [None, evidence.name], "sha256": [None, digest]})
    return evidence


def submit(actor, evaluation):
    post = require(actor, SELF_ASSESS, evaluation.region_id)
    with transaction.atomic():
        updated = Evaluation.objects.filter(pk=evaluation.pk, state=EvaluationState.DRAFT).update(
            state=EvaluationState.SUBMITTED, submitted_at=timezone.now())
        if not updated:
            raise ValidationError({"state": _("该评定已提交,不能重复提交。")})
        record_event(actor, "partyrating.submit", evaluation, region_code=evaluation.region_id, post=post,
                     changes={"state": [EvaluationState.DRAFT, EvaluationState.SUBMITTED]})
    evaluation.refresh_from_db()
    return evaluation


def reviewing_stage(user, evaluation):
    """(level, next state, who) of the review the evaluation waits for, if this user may give it."""
    stage = REVIEW_STAGES.get(evaluation.state)
    if stage is None:
        return None
    for post in posts_with_capability(user, REVIEW):
        if post.region.level == stage[0] and post_covers(post, evaluation.region_id):
            return stage
    return None


def review(actor, evaluation, *, approve, scores, opinion):
    """The township (then the county) scores and passes, or returns it to the village for rework.
    One reviewer wins: the state changes with a conditional UPDATE."""
    require(actor, REVIEW, evaluation.region_id)
    stage = REVIEW_STAGES.get(evaluation.state)
    if stage is None:
        raise ValidationError({"state": _("该评定当前为“%(state)s”,不在审核阶段。") % {
            "state": evaluation.get_state_display()}})
    level, passed, who = stage
    post = next((p for p in posts_with_capability(actor, REVIEW)
                 if p.region.level == level and post_covers(p, evaluation.region_id)), None)
    if post is None:
        raise PermissionDenied(_("该评定正等待%(level)s审核。") % {"level": Level(level).label})
    errors = {}
    opinion = (opinion or "").strip()
    if not opinion:
        errors["opinion"] = [_("请填写审核意见。")]
    elif len(opinion) > TEXT_MAX:
        errors["opinion"] = [_("审核意见不能超过 %(n)d 个字。") % {"n": TEXT_MAX}]
    values = {f"{who}_opinion": opinion, f"{who}_reviewer": actor}
    if approve:
        cleaned, score_errors = _clean_scores(evaluation.criteria, scores)
        errors.update(score_errors)
        if not errors:
            total = sum(cleaned.values())
            values.update(state=passed, reviewed_scores=cleaned, score=total)
            if passed == EvaluationState.RATED:
                values["stars"] = scheme_for(evaluation.region_id, evaluation.year).stars_for(total)
    else:
        values.update(state=EvaluationState.DRAFT, submitted_at=None)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        updated = Evaluation.objects.filter(pk=evaluation.pk, state=evaluation.state).update(**values)
        if not updated:
            raise _changed_elsewhere()
        changes = {"state": [evaluation.state, values["state"]], f"{who}_opinion": ["", opinion]}
        if approve:
            changes["score"] = [evaluation.score, values["score"]]
            if "stars" in values:
                changes["stars"] = [evaluation.stars, values["stars"]]
        record_event(actor, f"partyrating.review_{who}", evaluation, region_code=evaluation.region_id, post=post,
                     changes=changes)
    evaluation.refresh_from_db()
    return evaluation
