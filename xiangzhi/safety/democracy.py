"""民主法治示范村: a village applies with a self-assessment, the township then the county review,
a city or the region names it through the foundation's designations, and may revoke it."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import post_covers, posts_with_capability, require
from xiangzhi.core.audit import record_event
from xiangzhi.regions.actions import grant_designation, revoke_designation
from xiangzhi.regions.models import CODE_LENGTHS, Designation, DesignationLevel, DesignationTitle, Level

from .definitions import COUNTY_LENGTH, definition_of
from .models import (
    DEMOCRACY_APPLY, DEMOCRACY_REVIEW, DESIGNATION_GRANT, ApplicationStatus, DemocracyApplication,
)
from .statistics import clean_year

TITLE = DesignationTitle.DEMOCRACY_LAW_VILLAGE
# Plan targets for Guangxi by 2025.
TARGETS = {DesignationLevel.REGION: 300, DesignationLevel.CITY: 1000}
# Who may name at each level: a post at that level or above.
GRANTING_LENGTH = {DesignationLevel.CITY: CODE_LENGTHS[Level.CITY], DesignationLevel.REGION: CODE_LENGTHS[Level.PROVINCE]}
# Which review each status waits for, and the level of the post that gives it.
REVIEW_STAGES = {
    ApplicationStatus.SUBMITTED: (Level.TOWNSHIP, ApplicationStatus.TOWNSHIP_PASSED, "township"),
    ApplicationStatus.TOWNSHIP_PASSED: (Level.COUNTY, ApplicationStatus.COUNTY_PASSED, "county"),
}
OPINION_MAX = 2000


def _changed_elsewhere():
    return ValidationError({"status": _("该申报已被他人处理,请刷新后查看。")})


def apply(actor, village, *, year, scores, summary=""):
    """A village applies: one score per criterion of its county (or the national defaults)."""
    post = require(actor, DEMOCRACY_APPLY, village.code)
    errors = {}
    if village.level != Level.VILLAGE:
        errors["village"] = [_("只有村(社区)可以申报民主法治示范村。")]
    year, message = clean_year(year)
    if message:
        errors["year"] = [message]
    summary = (summary or "").strip()
    if len(summary) > OPINION_MAX:
        errors["summary"] = [_("创建情况不能超过 %(n)d 个字。") % {"n": OPINION_MAX}]
    assessment = []
    for criterion in definition_of(village.code[:COUNTY_LENGTH]).criteria:
        raw = scores.get(criterion["key"])
        raw = "" if raw is None else str(raw).strip()
        try:
            score = int(raw)
        except ValueError:
            score = None
        if score is None or not 0 <= score <= criterion["max_score"]:
            errors[f"score_{criterion['key']}"] = [
                _("“%(label)s”的自评分应为 0 至 %(max)d 之间的整数。") % {
                    "label": criterion["label"], "max": criterion["max_score"]}
            ]
        assessment.append({**criterion, "score": score})
    if errors:
        raise ValidationError(errors)
    duplicate = ValidationError({"year": _("%(village)s %(year)s 年度已有在办或已命名的申报。") % {
        "village": village.name, "year": year}})
    with transaction.atomic():
        if DemocracyApplication.objects.filter(region=village, year=year).exclude(
                status__in=[ApplicationStatus.REJECTED, ApplicationStatus.REVOKED]).exists():
            raise duplicate
        try:
            with transaction.atomic():
                application = DemocracyApplication.objects.create(
                    region=village, year=year, self_assessment=assessment,
                    self_score=sum(item["score"] for item in assessment), summary=summary, applied_by=actor,
                )
        except IntegrityError:
            raise duplicate from None
        record_event(actor, "democracy_village.apply", application, region_code=village.code, post=post,
                     changes={"year": [None, year], "self_score": [None, application.self_score],
                              "status": [None, application.status]})
    return application


def reviewing_stage(user, application):
    """(level, next status, role name) of the review the application waits for, if this user may give it."""
    stage = REVIEW_STAGES.get(application.status)
    if stage is None:
        return None
    level = stage[0]
    for post in posts_with_capability(user, DEMOCRACY_REVIEW):
        if post.region.level == level and post_covers(post, application.region_id):
            return stage
    return None


def review(actor, application, *, approve, opinion):
    """The township (then the county) passes or rejects; a rejection ends the application."""
    post = require(actor, DEMOCRACY_REVIEW, application.region_id)
    stage = REVIEW_STAGES.get(application.status)
    if stage is None:
        raise ValidationError({"status": _("该申报当前为“%(status)s”,不在审核阶段。") % {
            "status": application.get_status_display()}})
    level, passed, who = stage
    post = next((p for p in posts_with_capability(actor, DEMOCRACY_REVIEW)
                 if p.region.level == level and post_covers(p, application.region_id)), None)
    if post is None:
        raise PermissionDenied(_("该申报正等待%(level)s审核。") % {"level": Level(level).label})
    opinion = (opinion or "").strip()
    if not opinion:
        raise ValidationError({"opinion": _("请填写审核意见。")})
    if len(opinion) > OPINION_MAX:
        raise ValidationError({"opinion": _("审核意见不能超过 %(n)d 个字。") % {"n": OPINION_MAX}})
    new_status = passed if approve else ApplicationStatus.REJECTED
    with transaction.atomic():
        updated = DemocracyApplication.objects.filter(pk=application.pk, status=application.status).update(
            status=new_status, **{f"{who}_opinion": opinion, f"{who}_reviewer": actor})
        if not updated:
            raise _changed_elsewhere()
        record_event(actor, f"democracy_village.review_{who}", application, region_code=application.region_id,
                     post=post, changes={"status": [application.status, new_status], f"{who}_opinion": ["", opinion]})
    application.refresh_from_db()
    return application


def _granting_post(actor, region_code, level):
    require(actor, DESIGNATION_GRANT, region_code)
    longest = GRANTING_LENGTH.get(level)
    for post in posts_with_capability(actor, DESIGNATION_GRANT):
        if longest and len(post.region_id) <= longest and post_covers(post, region_code):
            return post
    raise PermissionDenied(_("%(level)s称号须由该级或以上的部门授予。") % {"level": DesignationLevel(level).label})


def grant(actor, application, *, level, granted_on, document_number=""):
    """Name the village through the foundation's designations (city or region level)."""
    if level not in GRANTING_LENGTH:
        raise ValidationError({"level": _("民主法治示范村由市级或自治区级命名,请选择级别。")})
    post = _granting_post(actor, application.region_id, level)
    if application.status != ApplicationStatus.COUNTY_PASSED:
        raise ValidationError({"status": _("只有县级审核通过的申报可以命名。")})
    with transaction.atomic():
        updated = DemocracyApplication.objects.filter(
            pk=application.pk, status=ApplicationStatus.COUNTY_PASSED).update(status=ApplicationStatus.GRANTED)
        if not updated:
            raise _changed_elsewhere()
        designation = grant_designation(
            actor, application.region, title=TITLE, level=level, year=application.year,
            granted_on=granted_on, document_number=document_number,
        )
        DemocracyApplication.objects.filter(pk=application.pk).update(designation=designation)
        record_event(actor, "democracy_village.grant", application, region_code=application.region_id, post=post,
                     changes={"status": [ApplicationStatus.COUNTY_PASSED, ApplicationStatus.GRANTED],
                              "designation": [None, designation.pk]})
    application.refresh_from_db()
    return application


def revoke(actor, application, *, reason):
    """Withdraw the title (the designation keeps when, why and by whom)."""
    if application.status != ApplicationStatus.GRANTED or application.designation_id is None:
        raise ValidationError({"status": _("只有已命名的示范村可以撤销。")})
    post = _granting_post(actor, application.region_id, application.designation.level)
    with transaction.atomic():
        updated = DemocracyApplication.objects.filter(
            pk=application.pk, status=ApplicationStatus.GRANTED).update(status=ApplicationStatus.REVOKED)
        if not updated:
            raise _changed_elsewhere()
        revoke_designation(actor, application.designation, reason)
        record_event(actor, "democracy_village.revoke", application, region_code=application.region_id, post=post,
                     changes={"status": [ApplicationStatus.GRANTED, ApplicationStatus.REVOKED],
                              "revoke_reason": ["", reason.strip()]})
    application.refresh_from_db()
    return application


def designation_counts(code):
    """In-force 民主法治示范村 titles at region and city level under `code`, against the plan targets."""
    counts = Designation.objects.in_force().filter(region_id__prefix=code, title=TITLE).aggregate(
        region=Count("id", filter=Q(level=DesignationLevel.REGION)),
        city=Count("id", filter=Q(level=DesignationLevel.CITY)),
    )
    return [
        {"level": level.value, "label": str(level.label), "count": counts[key], "target": TARGETS[level],
         "percent": round(100 * counts[key] / TARGETS[level], 1)}
        for key, level in (("region", DesignationLevel.REGION), ("city", DesignationLevel.CITY))
    ]
