"""Writes of the joint vetting (联审): rounds, candidates, the township's review and each county
department's conclusion. Audit events name who reviewed and when, never the outcome or the note:
those are seen only by the organisation department and the reviewer."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xiangzhi.accounts.models import Department
from xiangzhi.accounts.permissions import require
from xiangzhi.core.audit import record_event
from xiangzhi.regions.models import Level

from . import removals
from .models import (
    COUNTY_REVIEW, DEFAULT_DEPARTMENTS, TOWNSHIP_REVIEW, VETTED_ROLES, VETTING_MANAGE, Candidate, Disqualification,
    Outcome, ReviewLevel, ReviewResult, VettingRound,
)
from .queries import COUNTY_LENGTH, require_any


def clean_text(value, field, label, max_length=None, *, required=True):
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: [_("请填写%(label)s。") % {"label": label}]})
    if max_length and len(value) > max_length:
        raise ValidationError({field: [_("%(label)s最多 %(n)d 个字。") % {"label": label, "n": max_length}]})
    return value


def clean_date(value, field, label, *, not_after_today=False):
    if value is None:
        raise ValidationError({field: [_("请填写%(label)s。") % {"label": label}]})
    if not_after_today and value > timezone.localdate():
        raise ValidationError({field: [_("%(label)s不能晚于今天。") % {"label": label}]})
    return value


def clean_departments(departments):
    departments = list(dict.fromkeys(departments or []))
    if not departments:
        raise ValidationError({"departments": [_("请至少选择一个联审部门。")]})
    unknown = [code for code in departments if code not in Department.values]
    if unknown:
        raise ValidationError({"departments": [_("联审部门“%(codes)s”不存在。") % {"codes": "、".join(map(str, unknown))}]})
    return departments


# --- Rounds -----------------------------------------------------------------------------


def open_round(actor, county, *, title, opens_on, closes_on=None, departments=None):
    """The county organisation department opens a round; by default all eight departments review."""
    post = require(actor, VETTING_MANAGE, county.code)
    if county.level != Level.COUNTY:
        raise ValidationError({"county": [_("联审按县组织,请选择县(市、区)。")]})
    title = clean_text(title, "title", _("名称"), 100)
    opens_on = clean_date(opens_on, "opens_on", _("开始日期"))
    if closes_on is not None and closes_on < opens_on:
        raise ValidationError({"closes_on": [_("结束日期不能早于开始日期。")]})
    departments = clean_departments(DEFAULT_DEPARTMENTS if departments is None else departments)
    with transaction.atomic():
        vetting_round = VettingRound.objects.create(
            region=county, title=title, opens_on=opens_on, closes_on=closes_on, departments=departments,
            created_by=actor,
        )
        record_event(actor, "vetting_round.open", vetting_round, region_code=county.code, post=post, changes={
            "title": [None, title], "opens_on": [None, opens_on.isoformat()],
            "closes_on": [None, closes_on.isoformat() if closes_on else None], "departments": [None, departments],
        })
    return vetting_round


def register_candidate(actor, vetting_round, resident, village, post_sought):
    """The township (or the organisation department) puts a registry resident forward for a post."""
    if village is None or village.level != Level.VILLAGE:
        raise ValidationError({"village": [_("请选择村(社区)。")]})
    post = require_any(actor, (TOWNSHIP_REVIEW, VETTING_MANAGE), village.code)
    if village.code[:COUNTY_LENGTH] != vetting_round.region_id:
        raise ValidationError({"village": [_("%(village)s不属于本轮联审的县。") % {"village": village.name}]})
    if post_sought not in VETTED_ROLES:
        raise ValidationError({"post_sought": [_("拟任职务须为村“两委”职务:%(roles)s。") % {
            "roles": "、".join(str(role.label) for role in VETTED_ROLES)}]})
    if resident is None:
        raise ValidationError({"resident": [_("请选择人选(村民登记中的人员)。")]})
    if resident.region_id[:COUNTY_LENGTH] != vetting_round.region_id:
        raise ValidationError({"resident": [_("%(name)s不是本县登记的村民。") % {"name": resident.name}]})
    if vetting_round.candidates.filter(resident=resident).exists():
        raise ValidationError({"resident": [_("%(name)s已是本轮联审的人选。") % {"name": resident.name}]})
    try:
        with transaction.atomic():
            candidate = Candidate.objects.create(
                round=vetting_round, resident=resident, region=village, post_sought=post_sought,
                registered_by=actor,
            )
            record_event(actor, "vetting_candidate.register", candidate, region_code=village.code, post=post,
                         changes={"round": [None, vetting_round.pk], "resident": [None, resident.pk],
                                  "post_sought": [None, post_sought]})
    except IntegrityError:
        raise ValidationError({"resident": [_("%(name)s已是本轮联审的人选。") % {"name": resident.name}]}) from None
    return candidate


# --- Conclusions ------------------------------------------------------------------------


def clean_outcomes(outcomes):
    """Every "十不选" category answered clear or disqualified; nothing else accepted."""
    outcomes = dict(outcomes or {})
    unknown = [code for code in outcomes if code not in Disqualification.values]
    if unknown:
        raise ValidationError({"outcomes": [_("不存在的“十不选”情形:%(codes)s。") % {"codes": "、".join(map(str, unknown))}]})
    missing = [str(category.label) for category in Disqualification if not outcomes.get(category.value)]
    if missing:
        raise ValidationError({"outcomes": [_("请逐项填写“十不选”结论,尚缺:%(labels)s。") % {"labels": "、".join(missing)}]})
    wrong = [str(Disqualification(code).label) for code, value in outcomes.items() if value not in Outcome.values]
    if wrong:
        raise ValidationError({"outcomes": [_("结论只能是“无此情形”或“存在此情形”:%(labels)s。") % {
            "labels": "、".join(wrong)}]})
    return {category.value: outcomes[category.value] for category in Disqualification}


def _check_review_date(candidate, reviewed_on):
    reviewed_on = clean_date(reviewed_on, "reviewed_on", _("审查日期"), not_after_today=True)
    vetting_round = candidate.round
    if reviewed_on < vetting_round.opens_on:
        raise ValidationError({"reviewed_on": [_("审查日期不能早于联审开始日期(%(date)s)。") % {
            "date": vetting_round.opens_on.isoformat()}]})
    if vetting_round.closes_on and reviewed_on > vetting_round.closes_on:
        raise ValidationError({"reviewed_on": [_("本轮联审已于 %(date)s 结束。") % {
            "date": vetting_round.closes_on.isoformat()}]})
    return reviewed_on


def _save_result(actor, post, candidate, *, level, department, outcomes, reviewed_on, note):
    try:
        with transaction.atomic():
            result = ReviewResult.objects.create(
                candidate=candidate, level=level, department=department, outcomes=outcomes,
                reviewed_on=reviewed_on, note=note, reviewer=actor,
            )
            record_event(actor, "vetting_result.record", result, region_code=candidate.region_id, post=post,
                         target_repr=f"{candidate.round} #{candidate.pk} {result.label}",
                         changes={"level": [None, level], "department": [None, department],
                                  "reviewed_on": [None, reviewed_on.isoformat()]})
            if not result.cleared:
                removals.open_for_serving_cadre(actor, post, result)
    except IntegrityError:
        raise ValidationError({"candidate": [_("%(label)s已录入对该人选的结论。") % {
            "label": ReviewResult.label_for(level, department)}]}) from None
    candidate._prefetched_objects_cache = {}
    return result


def record_township_review(actor, candidate, *, outcomes, reviewed_on, note=""):
    post = require(actor, TOWNSHIP_REVIEW, candidate.region_id)
    outcomes = clean_outcomes(outcomes)
    reviewed_on = _check_review_date(candidate, reviewed_on)
    note = clean_text(note, "note", _("审查意见"), 2000, required=False)
    if candidate.results.filter(level=ReviewLevel.TOWNSHIP).exists():
        raise ValidationError({"candidate": [_("乡镇已录入对该人选的审查结论。")]})
    return _save_result(actor, post, candidate, level=ReviewLevel.TOWNSHIP, department="", outcomes=outcomes,
                        reviewed_on=reviewed_on, note=note)


def record_county_result(actor, candidate, *, outcomes, reviewed_on, note=""):
    """A county department's conclusion; the department is the one of the reviewer's post."""
    post = require(actor, COUNTY_REVIEW, candidate.region_id)
    department = post.department
    if len(post.region_id) != COUNTY_LENGTH or not department:
        raise ValidationError({"department": [_("联审结论须由县级部门录入,%(post)s不是县级部门岗位。") % {
            "post": post}]})
    vetting_round = candidate.round
    if department not in vetting_round.departments:
        raise ValidationError({"department": [_("%(dept)s不在本轮联审部门名单(%(listed)s)内,不能录入结论。") % {
            "dept": post.get_department_display(), "listed": "、".join(map(str, vetting_round.department_labels()))}]})
    outcomes = clean_outcomes(outcomes)
    reviewed_on = _check_review_date(candidate, reviewed_on)
    note = clean_text(note, "note", _("审查意见"), 2000, required=False)
    if not candidate.results.filter(level=ReviewLevel.TOWNSHIP).exists():
        raise ValidationError({"candidate": [_("乡镇尚未完成审查,县级部门联审须在乡镇审查之后进行。")]})
    if candidate.results.filter(level=ReviewLevel.COUNTY, department=department).exists():
        raise ValidationError({"candidate": [_("%(dept)s已录入对该人选的结论。") % {
            "dept": post.get_department_display()}]})
    return _save_result(actor, post, candidate, level=ReviewLevel.COUNTY, department=department,
                        outcomes=outcomes, reviewed_on=reviewed_on, note=note)
