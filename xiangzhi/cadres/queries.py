"""Reads of the cadres app, scoped. Training plans are seen by the posts under their target region
and by the posts whose area they cover (a county's training shows to its townships); pay standards
likewise. Trainees and the cadres paid are read from accounts.Post, never typed."""

import datetime
from collections import defaultdict

from django.db.models import Q, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xiangzhi.accounts.models import Post
from xiangzhi.accounts.permissions import posts_with_capability
from xiangzhi.regions.models import Level, Region

from .models import (
    CADRE_OWN, CADRE_ROLES, CADRE_VIEW, PAY_CONFIG, PAY_MANAGE, TRAINING_MANAGE, Attendance, AttendanceStatus,
    PayCalculation, PayStandard, TrainingPlan,
)


def _covering_q(user, capabilities):
    """Rows whose region is under one of the user's posts, or an ancestor of it (covers it)."""
    query = Q()
    for capability in capabilities:
        for post in posts_with_capability(user, capability):
            query |= Q(region__prefix=post.region_id) | Q(region_id__in=post.region.ancestor_codes())
    return query


def visible_plans(user):
    query = _covering_q(user, (CADRE_VIEW, TRAINING_MANAGE))
    return TrainingPlan.objects.filter(query) if query else TrainingPlan.objects.none()


def get_plan_for_user(user, pk):
    plan = visible_plans(user).filter(pk=pk).select_related("created_by").first()
    if plan is None:
        raise Http404(_("未找到该培训。"))
    return plan


def visible_standards(user):
    query = _covering_q(user, (CADRE_VIEW, PAY_CONFIG, PAY_MANAGE))
    return PayStandard.objects.filter(query) if query else PayStandard.objects.none()


def current_standard(county_code, year, role):
    """The standard in force: the highest version for the county, year and role."""
    return PayStandard.objects.filter(region_id=county_code, year=year, role=role).order_by("-version").first()


def trainee_posts(plan):
    """Posts of the target roles under the target region held at some time during the training,
    one per person (their first matching post)."""
    posts = (Post.objects.filter(role__in=plan.target_roles, region__prefix=plan.region_id,
                                 starts_on__lte=plan.ends_on)
             .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=plan.starts_on))
             .select_related("user", "region").order_by("region_id", "role", "user_id", "id"))
    seen, result = set(), []
    for post in posts:
        if post.user_id not in seen:
            seen.add(post.user_id)
            result.append(post)
    return result


def roster(plan):
    """[(post, attendance or None)] for every trainee."""
    recorded = {row.user_id: row for row in plan.attendances.all()}
    return [(post, recorded.get(post.user_id)) for post in trainee_posts(plan)]


def own_trainings(user, year):
    """The trainings aimed at one of the user's posts in the year, with their attendance, and the
    hours of those attended."""
    posts = [post for post in Post.objects.filter(user=user, role__in=CADRE_ROLES).select_related("region")]
    if not posts:
        return [], 0
    codes = set()
    for post in posts:
        codes.update([*post.region.ancestor_codes(), post.region_id])
    plans = []
    for plan in TrainingPlan.objects.filter(year=year, region_id__in=codes).order_by("starts_on", "id"):
        if any(_aimed_at(plan, post) for post in posts):
            plans.append(plan)
    recorded = {row.plan_id: row for row in Attendance.objects.filter(user=user, plan__in=plans)}
    rows = [(plan, recorded.get(plan.pk)) for plan in plans]
    hours = sum((plan.hours for plan, row in rows if row and row.status == AttendanceStatus.PRESENT), 0)
    return rows, hours


def _aimed_at(plan, post):
    held = post.starts_on <= plan.ends_on and (post.ends_on is None or post.ends_on >= plan.starts_on)
    return held and post.role in plan.target_roles and post.region_id.startswith(plan.region_id)


def own_hours_by_year(user):
    rows = (Attendance.objects.filter(user=user, status=AttendanceStatus.PRESENT)
            .values("plan__year").annotate(hours=Sum("plan__hours")).order_by("-plan__year"))
    return [(row["plan__year"], row["hours"]) for row in rows]


def coverage(user, year):
    """Per unit one level below each of the user's posts: the current village cadres and how many of
    them attended a training this year. Units, not people: no names are listed."""
    today = timezone.localdate()
    on = min(today, datetime.date(year, 12, 31))
    rows = []
    for post in posts_with_capability(user, CADRE_VIEW):
        parent = post.region
        if parent.level in (Level.VILLAGE, Level.NATURAL_VILLAGE, Level.GRID):
            units = [parent]
        else:
            units = list(Region.objects.filter(parent=parent).exclude(
                level__in=(Level.NATURAL_VILLAGE, Level.GRID)).order_by("code"))
        cadres = defaultdict(set)
        for user_id, code in (Post.objects.active(on).filter(role__in=CADRE_ROLES, region__prefix=parent.code)
                              .values_list("user_id", "region_id")):
            for unit in units:
                if code.startswith(unit.code):
                    cadres[unit.code].add(user_id)
        trained = set(Attendance.objects.filter(
            plan__year=year, status=AttendanceStatus.PRESENT, region__prefix=parent.code,
        ).values_list("user_id", flat=True))
        for unit in units:
            total = len(cadres[unit.code])
            done = len(cadres[unit.code] & trained)
            rows.append({"region": unit, "cadres": total, "trained": done,
                         "share": round(done / total * 100, 1) if total else None})
    return rows


def visible_calculations(user):
    return PayCalculation.objects.visible_to(user).select_related("user", "region", "standard")


def get_calculation_for_user(user, pk):
    """A calculation in scope, or the cadre's own."""
    row = visible_calculations(user).filter(pk=pk).first()
    if row is None and posts_with_capability(user, CADRE_OWN):
        row = PayCalculation.objects.select_related("user", "region", "standard").filter(pk=pk, user=user).first()
    if row is None:
        raise Http404(_("未找到该报酬计算。"))
    return row


def own_calculations(user):
    return PayCalculation.objects.filter(user=user).select_related("region", "standard").order_by(
        "-year", "status", "-id")


def paid_posts(village_code, year):
    """The village's cadre posts held at some time in the year."""
    return list(Post.objects.filter(
        region_id=village_code, role__in=CADRE_ROLES, starts_on__lte=datetime.date(year, 12, 31),
    ).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=datetime.date(year, 1, 1)))
        .select_related("user").order_by("role", "user_id", "id"))


def months_in_post(post, year):
    """Months of the year in which the post was held on the 15th (a month held at least half counts)."""
    months = 0
    for month in range(1, 13):
        day = datetime.date(year, month, 15)
        if post.starts_on <= day and (post.ends_on is None or post.ends_on >= day):
            months += 1
    return months


def published_result(village_code, year):
    from xiangzhi.assessment.models import Result

    return (Result.objects.published().filter(region_id=village_code, scheme__year=year)
            .select_related("scheme").order_by("-scheme__version").first())


def managed_villages(user):
    """Villages where the user may run the pay calculation."""
    codes = [post.region_id for post in posts_with_capability(user, PAY_MANAGE)]
    if not codes:
        return Region.objects.none()
    query = Q()
    for code in codes:
        query |= Q(code__prefix=code)
    return Region.objects.filter(query, level=Level.VILLAGE).order_by("code")
