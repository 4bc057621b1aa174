"""Talent reads: pool sizes against the county's target, villages below it per township,
villages without a current 第一书记, a village's pool, returnees and assignments. Scoped; a
record out of reach is a 404."""

from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import posts_with_capability, require_capability
from xiangzhi.regions.models import CODE_LENGTHS, Level, Region

from .models import (
    DEFAULT_POOL_TARGET, TALENT_VIEW, Assignment, AssignmentRole, PoolTarget, Reserve, ReserveStatus, Returnee,
    ReturneeStatus,
)

COUNTY_LENGTH = CODE_LENGTHS[Level.COUNTY]
TOWNSHIP_LENGTH = CODE_LENGTHS[Level.TOWNSHIP]


def not_found():
    return Http404(_("未找到该记录。"))


def scope_region(user, code=None, capability=TALENT_VIEW):
    """The region a page shows: `code` if the user's posts cover it (else 404), or their widest post's."""
    posts = posts_with_capability(user, capability)
    if not posts:
        return None
    if code:
        region = Region.objects.filter(pk=code).first()
        if region is None or not any(code.startswith(post.region_id) for post in posts):
            raise not_found()
        return region
    return min((post.region for post in posts), key=lambda region: len(region.code))


def get_village_for_user(user, code):
    region = Region.objects.filter(pk=code, level=Level.VILLAGE).first()
    if region is None or not any(code.startswith(post.region_id) for post in posts_with_capability(user, TALENT_VIEW)):
        raise not_found()
    return region


def _get_visible(queryset, pk):
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise not_found() from None
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise not_found()
    return found


def get_reserve_for_user(user, pk):
    require_capability(user, TALENT_VIEW)
    return _get_visible(Reserve.objects.visible_to(user).select_related("resident", "region"), pk)


def get_returnee_for_user(user, pk):
    require_capability(user, TALENT_VIEW)
    return _get_visible(Returnee.objects.visible_to(user).select_related("region", "reserve__resident"), pk)


def visible_assignments(user):
    """Assignments in scope of talent.view, and the user's own (an assignee may hold no post there)."""
    if not user.is_authenticated:
        return Assignment.objects.none()
    scoped = Assignment.objects.visible_to(user).values("pk")
    return Assignment.objects.filter(Q(pk__in=scoped) | Q(user=user))


def get_assignment_for_user(user, pk):
    return _get_visible(visible_assignments(user).select_related("region", "user"), pk)


def pool_target(county_code):
    target = PoolTarget.objects.filter(region_id=county_code).values_list("per_village", flat=True).first()
    return target or DEFAULT_POOL_TARGET


def _targets(code):
    """{county code: per-village target} for every county the scope touches."""
    if len(code) >= COUNTY_LENGTH:
        return {code[:COUNTY_LENGTH]: pool_target(code[:COUNTY_LENGTH])}
    return dict(PoolTarget.objects.within(code).values_list("region_id", "per_village"))


def overview(code, day=None):
    """Per village under `code`: pool size and target, current 第一书记, team size, returnees in
    progress; totals per township; the villages below target grouped by township; the villages
    without a 第一书记 today. Five queries whatever the scope."""
    day = day or timezone.localdate()
    villages = list(Region.objects.villages().within(code).order_by("code").values_list("code", "name"))
    pools = dict(Reserve.objects.within(code).active().values("region_id").annotate(n=Count("id"))
                 .values_list("region_id", "n"))
    secretaries, teams = {}, {}
    for village, role, name in Assignment.objects.within(code).current(day).values_list("region_id", "role", "name"):
        if role == AssignmentRole.FIRST_SECRETARY:
            secretaries[village] = name
        else:
            teams[village] = teams.get(village, 0) + 1
    returnees = dict(Returnee.objects.within(code).exclude(status=ReturneeStatus.LEFT).values("region_id")
                     .annotate(n=Count("id")).values_list("region_id", "n"))
    targets = _targets(code)
    townships = dict(Region.objects.filter(level=Level.TOWNSHIP).filter(
        Q(code__prefix=code) | Q(code=code[:TOWNSHIP_LENGTH])).values_list("code", "name"))
    rows = []
    for village, name in villages:
        target = targets.get(village[:COUNTY_LENGTH], DEFAULT_POOL_TARGET)
        pool = pools.get(village, 0)
        rows.append({
            "code": village, "name": name, "township": village[:TOWNSHIP_LENGTH],
            "township_name": townships.get(village[:TOWNSHIP_LENGTH], ""),
            "pool": pool, "target": target, "below_target": pool < target,
            "first_secretary": secretaries.get(village, ""), "team": teams.get(village, 0),
            "returnees": returnees.get(village, 0),
        })
    by_township = {}
    for row in rows:
        group = by_township.setdefault(row["township"], {
            "code": row["township"], "name": row["township_name"], "villages": 0, "pool": 0,
            "below_target": [], "without_first_secretary": 0,
        })
        group["villages"] += 1
        group["pool"] += row["pool"]
        if row["below_target"]:
            group["below_target"].append(row)
        if not row["first_secretary"]:
            group["without_first_secretary"] += 1
    return {
        "region": Region.objects.get(pk=code), "day": day, "villages": rows,
        "townships": [by_township[key] for key in sorted(by_township)],
        "below_target": [row for row in rows if row["below_target"]],
        "without_first_secretary": [row for row in rows if not row["first_secretary"]],
    }


def village_detail(village, day=None):
    day = day or timezone.localdate()
    return {
        "village": village,
        "target": pool_target(village.code[:COUNTY_LENGTH]),
        "reserves": list(Reserve.objects.filter(region=village).select_related("resident")
                         .prefetch_related("trainings")),
        "returnees": list(Returnee.objects.filter(region=village).select_related("reserve__resident")
                          .prefetch_related("steps")),
        "assignments": list(Assignment.objects.filter(region=village).select_related("user")),
        "current": {assignment.pk for assignment in Assignment.objects.filter(region=village).current(day)},
        "active_pool": Reserve.objects.filter(region=village, status=ReserveStatus.ACTIVE).count(),
    }
