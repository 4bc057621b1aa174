"""The yearly rating of households: cycle, self-report, appraisal, 两委 check, 公示 with objections,
award; sanctions that block it. Every state change is here."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xiangzhi.accounts.permissions import can, require
from xiangzhi.core.audit import record_event
from xiangzhi.core.workflow import Transition, Workflow
from xiangzhi.people.models import Household
from xiangzhi.regions.models import Region

from .criteria import criteria_for
from .models import (
    HouseholdRating, Objection, RatingCycle, RatingKind, RatingScore, RatingState, Sanction,
)

MANAGE = "rating.manage"
SELF_REPORT = "rating.self_report"
REVOKED_INELIGIBLE_YEARS = 2
CONSECUTIVE_YEARS_FOR_UPWARD = 3
TEXT_MAX = 2000


def village_of(code):
    return code[:12]


# --- eligibility -------------------------------------------------------------------------------


def ineligibility(household, year):
    """Why the household may not be rated in `year` (a Chinese message), or None."""
    sanctioned = Sanction.objects.filter(resident__household=household, date__year=year).exists()
    if sanctioned:
        return _("该户有家庭成员在 %(year)d 年受过处理,本年度不能参评。") % {"year": year}
    revoked = (
        HouseholdRating.objects.filter(household=household, state=RatingState.REVOKED,
                                       revoked_on__year__gte=year - REVOKED_INELIGIBLE_YEARS)
        .order_by("-revoked_on").first()
    )
    if revoked is not None:
        return _("该户称号于 %(date)s 被撤销,撤销后 %(years)d 年内不能参评。") % {
            "date": revoked.revoked_on.isoformat(), "years": REVOKED_INELIGIBLE_YEARS,
        }
    return None


def awarded_in_a_row(household, kind, year):
    """How many years in a row, ending with `year`, the household holds the title."""
    years = set(
        HouseholdRating.objects.filter(household=household, cycle__kind=kind, state=RatingState.AWARDED,
                                       cycle__year__lte=year).values_list("cycle__year", flat=True)
    )
    count = 0
    while year - count in years:
        count += 1
    return count


# --- the procedure -----------------------------------------------------------------------------


def _still_eligible(rating, actor, data):
    return ineligibility(rating.household, rating.cycle.year)


def _appraised(rating, actor, data):
    if not rating.scores.exists():
        return _("请先录入村民代表评议的星数。")
    return None


def _notice_over_and_objections_answered(rating, actor, data):
    if rating.notice_ends and timezone.now() < rating.notice_ends:
        local = timezone.localtime(rating.notice_ends)
        return _("公示期到 %(end)s 才结束,结束前不能确认结果。") % {"end": local.strftime("%Y-%m-%d %H:%M")}
    open_count = rating.objections.filter(answered_at__isnull=True).count()
    if open_count:
        return _("还有 %(count)d 条异议未答复,答复后才能确认结果。") % {"count": open_count}
    return _still_eligible(rating, actor, data)


def _save_scores(rating, actor, data):
    scores = data["scores"]
    before = rating.stars
    RatingScore.objects.filter(rating=rating).delete()
    RatingScore.objects.bulk_create(
        [RatingScore(rating=rating, criterion_id=pk, stars=stars) for pk, stars in scores.items()]
    )
    rating.stars = sum(scores.values())
    rating.save(update_fields=["stars"])
    return {"stars": [before, rating.stars]}


def _start_notice(rating, actor, data):
    now = timezone.now()
    rating.notice_starts = now
    rating.notice_ends = now + datetime.timedelta(days=rating.cycle.notice_days)
    rating.save(update_fields=["notice_starts", "notice_ends"])
    return {"notice_ends": [None, rating.notice_ends.isoformat()]}


def _award(rating, actor, data):
    # This year counts once the state is saved; the conditional UPDATE already made it AWARDED.
    in_a_row = awarded_in_a_row(rating.household, rating.cycle.kind, rating.cycle.year)
    rating.recommended_upward = in_a_row >= CONSECUTIVE_YEARS_FOR_UPWARD
    rating.save(update_fields=["recommended_upward"])
    return {"recommended_upward": [False, rating.recommended_upward]}


def _revoke(rating, actor, data):
    rating.revoked_on = timezone.localdate()
    rating.save(update_fields=["revoked_on"])
    return {"revoked_on": [None, rating.revoked_on.isoformat()]}


rating_workflow = Workflow(
    "rating", HouseholdRating, states=RatingState, initial=RatingState.REPORTED,
    final=(RatingState.AWARDED, RatingState.REJECTED, RatingState.REVOKED),
    start_name="self_report", start_label=gettext_lazy("自报"),
    transitions=[
        Transition("appraise", gettext_lazy("录入代表评议"), source=(RatingState.REPORTED, RatingState.APPRAISED),
                   target=RatingState.APPRAISED, capability=MANAGE, effect=_save_scores),
        Transition("check", gettext_lazy("两委审核通过"), source=(RatingState.APPRAISED,), target=RatingState.CHECKED,
                   capability=MANAGE, guards=(_appraised, _still_eligible)),
        Transition("publish", gettext_lazy("公示"), source=(RatingState.CHECKED,), target=RatingState.NOTICE,
                   capability=MANAGE, guards=(_still_eligible,), effect=_start_notice),
        Transition("award", gettext_lazy("确认授予"), source=(RatingState.NOTICE,), target=RatingState.AWARDED,
                   capability=MANAGE, guards=(_notice_over_and_objections_answered,), effect=_award),
        Transition("reject", gettext_lazy("不予通过"),
                   source=(RatingState.REPORTED, RatingState.APPRAISED, RatingState.CHECKED, RatingState.NOTICE),
                   target=RatingState.REJECTED, capability=MANAGE, requires_comment=True),
        Transition("revoke", gettext_lazy("撤销称号"), source=(RatingState.AWARDED,), target=RatingState.REVOKED,
                   capability=MANAGE, requires_comment=True, effect=_revoke),
    ],
)
STEP_NAMES = ("check", "publish", "award", "reject", "revoke")


# --- actions -----------------------------------------------------------------------------------


def open_cycle(actor, *, region, year, kind, notice_days=None):
    village = Region.objects.filter(code=region, level="village").first()
    if village is None:
        raise ValidationError({"region": _("村代码“%(code)s”不存在。") % {"code": region}})
    post = require(actor, MANAGE, village.code)
    errors = {}
    if kind not in RatingKind.values:
        errors["kind"] = _("评选类别不正确。")
    this_year = timezone.localdate().year
    if not isinstance(year, int) or not this_year - 1 <= year <= this_year + 1:
        errors["year"] = _("年度应在 %(low)d 到 %(high)d 之间。") % {"low": this_year - 1, "high": this_year + 1}
    if notice_days is not None and not 1 <= notice_days <= 30:
        errors["notice_days"] = _("公示天数应为 1 到 30 天。")
    if errors:
        raise ValidationError(errors)
    cycle = RatingCycle(region=village, year=year, kind=kind, created_by=actor,
                        notice_days=notice_days or RatingCycle._meta.get_field("notice_days").default)
    try:
        with transaction.atomic():
            cycle.save()
            record_event(actor, "rating.cycle_open", cycle, region_code=village.code, post=post,
                         changes={"year": [None, year], "kind": [None, kind], "notice_days": [None, cycle.notice_days]})
    except IntegrityError:
        raise ValidationError({"kind": _("本村 %(year)d 年的%(kind)s评选已经开始。") % {
            "year": year, "kind": RatingKind(kind).label}}) from None
    return cycle


def _post_for_report(actor, cycle, household):
    """A cadre reports for any household of the village; a villager only for their own."""
    if can(actor, MANAGE, cycle.region_id):
        return require(actor, MANAGE, cycle.region_id)
    post = require(actor, SELF_REPORT, cycle.region_id)
    resident = getattr(actor, "resident", None)
    if resident is None or resident.household_id != household.pk:
        raise PermissionDenied(_("村民只能为本户自报。"))
    return post


def self_report(actor, cycle, *, household, text):
    """Start the household's rating in the cycle with its self-report."""
    if household is None or village_of(household.region_id) != cycle.region_id:
        raise ValidationError({"household": _("请选择本村的户。")})
    post = _post_for_report(actor, cycle, household)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"self_report": _("请填写自评情况。")})
    if len(text) > TEXT_MAX:
        raise ValidationError({"self_report": _("自评情况不能超过 2000 个字。")})
    refusal = ineligibility(household, cycle.year)
    if refusal:
        raise ValidationError({"household": refusal})
    rating = HouseholdRating(cycle=cycle, region_id=cycle.region_id, household=household, self_report=text,
                             created_by=actor)
    try:
        with transaction.atomic():
            rating_workflow.start(actor, rating, post=post, changes={"household": [None, household.pk]})
    except IntegrityError:
        raise ValidationError({"household": _("该户本年度已经自报过。")}) from None
    return rating


def record_appraisal(actor, rating, scores):
    """The representatives' appraisal: {criterion id: stars} for every criterion of the county."""
    require(actor, MANAGE, rating.region_id)
    if rating.state not in (RatingState.REPORTED, RatingState.APPRAISED):
        raise ValidationError(_("当前状态下不能录入评议结果。"))
    criteria = {criterion.pk: criterion for criterion in criteria_for(rating.region_id[:6])}
    errors = []
    cleaned = {}
    for key, stars in (scores or {}).items():
        criterion = criteria.get(int(key)) if str(key).isdigit() else None
        if criterion is None:
            errors.append(_("评星项目 %(id)s 不是本县在用的项目。") % {"id": key})
            continue
        if not isinstance(stars, int) or not 0 <= stars <= criterion.max_stars:
            errors.append(_("“%(name)s”的星数应为 0 到 %(max)d。") % {"name": criterion.name, "max": criterion.max_stars})
            continue
        cleaned[criterion.pk] = stars
    missing = [criteria[pk].name for pk in criteria if pk not in cleaned]
    if missing and not errors:
        errors.append(_("请为以下项目评星:%(names)s。") % {"names": "、".join(missing)})
    if errors:
        raise ValidationError({"scores": errors})
    rating_workflow.advance(actor, rating, "appraise", data={"scores": cleaned})
    return rating


def advance(actor, rating, step, *, comment=""):
    if step not in STEP_NAMES:
        raise ValidationError({"step": _("没有“%(step)s”这一步。") % {"step": step}})
    rating_workflow.advance(actor, rating, step, comment=comment)
    return rating


def raise_objection(actor, rating, text):
    """A villager of the village (or a cadre recording one received on paper) objects during 公示."""
    if can(actor, MANAGE, rating.region_id):
        post = require(actor, MANAGE, rating.region_id)
    else:
        post = require(actor, SELF_REPORT, rating.region_id)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("请填写异议内容。")})
    if len(text) > TEXT_MAX:
        raise ValidationError({"text": _("异议内容不能超过 2000 个字。")})
    with transaction.atomic():
        locked = HouseholdRating.objects.select_for_update().get(pk=rating.pk)
        if locked.state != RatingState.NOTICE or timezone.now() >= locked.notice_ends:
            raise ValidationError({"text": _("只能在公示期内提出异议。")})
        objection = Objection.objects.create(rating=locked, region_id=locked.region_id, text=text, raised_by=actor)
        record_event(actor, "rating.objection", objection, region_code=locked.region_id, post=post,
                     changes={"text": [None, text]})
    return objection


def answer_objection(actor, objection, answer):
    post = require(actor, MANAGE, objection.region_id)
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": _("请填写答复。")})
    if len(answer) > TEXT_MAX:
        raise ValidationError({"answer": _("答复不能超过 2000 个字。")})
    with transaction.atomic():
        now = timezone.now()
        updated = Objection.objects.filter(pk=objection.pk, answered_at__isnull=True).update(
            answer=answer, answered_by=actor, answered_at=now
        )
        if not updated:
            raise ValidationError({"answer": _("该异议已经答复过。")})
        objection.answer, objection.answered_by, objection.answered_at = answer, actor, now
        record_event(actor, "rating.objection_answer", objection, region_code=objection.region_id, post=post,
                     changes={"answer": [None, answer]})
    return objection


def record_sanction(actor, *, resident, date, note):
    if resident is None:
        raise ValidationError({"resident": _("请选择村民。")})
    village = village_of(resident.region_id)
    post = require(actor, MANAGE, village)
    note = (note or "").strip()
    errors = {}
    if not note:
        errors["note"] = _("请填写处理情况。")
    elif len(note) > 500:
        errors["note"] = _("处理情况不能超过 500 个字。")
    if date is None:
        errors["date"] = _("请填写处理日期。")
    elif date > timezone.localdate():
        errors["date"] = _("处理日期不能晚于今天。")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        sanction = Sanction.objects.create(region_id=village, resident=resident, date=date, note=note,
                                           created_by=actor)
        record_event(actor, "rating.sanction", sanction, region_code=village, post=post,
                     changes={"resident": [None, resident.pk], "date": [None, date.isoformat()]})
    return sanction


def household_of_user(user):
    resident = getattr(user, "resident", None)
    return Household.objects.filter(pk=resident.household_id).first() if resident else None
