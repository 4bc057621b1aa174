"""Reads: the lists a place works from, admissions, tasks and the burden on each village.

Officials and village cadres ("duty.view") see admissions and tasks in their scope; an
approved admission filed above a place (by the county for a township, by the township for
a village) is also shown there, so a village sees why a task reached it.
"""

from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import posts_with_capability, require, require_capability
from xiangzhi.core.scope import scope_q_for_post
from xiangzhi.regions.models import Region

from .models import VIEW, AdmissionRequest, AdmissionState, DemandKind, DutyItem, DutyTask, TaskState


def _raise_404():
    raise Http404(_("未找到该记录。"))


def _pk(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        _raise_404()


def counties_of(user, capability=VIEW):
    """County codes of the user's posts with the capability (a post above a county: none)."""
    return sorted({post.region_id[:6] for post in posts_with_capability(user, capability) if len(post.region_id) >= 6})


def items_for(county_code):
    return DutyItem.objects.in_force().for_county(county_code).select_related("county")


def visible_items(user):
    require_capability(user, VIEW)
    counties = counties_of(user)
    return DutyItem.objects.filter(Q(county__isnull=True) | Q(county_id__in=counties)).select_related("county")


def get_item_for_user(user, pk):
    item = visible_items(user).filter(pk=_pk(pk)).first()
    return item or _raise_404()


def visible_admissions(user):
    query = Q()
    for post in posts_with_capability(user, VIEW):
        query |= scope_q_for_post(AdmissionRequest, post)
        above = [post.region_id[:length] for length in (6, 9) if len(post.region_id) > length]
        if above:
            query |= Q(region_id__in=above, state=AdmissionState.APPROVED)
    if not query:
        return AdmissionRequest.objects.none()
    return AdmissionRequest.objects.filter(query).select_related("region", "requested_by", "requested_post__region")


def get_admission_for_user(user, pk):
    require_capability(user, VIEW)
    admission = visible_admissions(user).filter(pk=_pk(pk)).first()
    return admission or _raise_404()


def visible_tasks(user):
    return DutyTask.objects.visible_to(user).select_related(
        "region", "item", "admission", "assigned_by", "assigned_post__region"
    )


def get_task_for_user(user, pk):
    require_capability(user, VIEW)
    task = visible_tasks(user).filter(pk=_pk(pk)).first()
    return task or _raise_404()


def assignable_admissions(user):
    """Approved admissions the user may assign from: filed at or above one of their assigning posts."""
    query = Q()
    for post in posts_with_capability(user, "duty.task.assign"):
        codes = [post.region_id[:length] for length in (6, 9) if len(post.region_id) >= length]
        query |= Q(region_id__in=codes) | Q(region_id__prefix=post.region_id)
    if not query:
        return AdmissionRequest.objects.none()
    return AdmissionRequest.objects.filter(query, state=AdmissionState.APPROVED).order_by("-reviewed_at", "-id")


def assignable_villages(user):
    query = Q()
    for post in posts_with_capability(user, "duty.task.assign"):
        query |= Q(code__prefix=post.region_id)
    if not query:
        return Region.objects.none()
    return Region.objects.villages().filter(query).order_by("code")


def burden(user, region_code, now=None):
    """Per village under `region_code`: tasks, activities and signs assigned, open and overdue
    ones — one query over the villages, whatever their number."""
    require(user, "duty.burden", region_code)
    now = now or timezone.now()
    open_ = Q(duty_tasks__state=TaskState.ASSIGNED)
    return (
        Region.objects.villages().within(region_code)
        .annotate(
            total=Count("duty_tasks"),
            tasks=Count("duty_tasks", filter=Q(duty_tasks__kind=DemandKind.TASK)),
            activities=Count("duty_tasks", filter=Q(duty_tasks__kind=DemandKind.ACTIVITY)),
            signs=Count("duty_tasks", filter=Q(duty_tasks__kind=DemandKind.SIGN)),
            open_tasks=Count("duty_tasks", filter=open_),
            overdue=Count("duty_tasks", filter=open_ & Q(duty_tasks__deadline__lt=now)),
            vetoes=Count("duty_tasks", filter=Q(duty_tasks__veto=True)),
        )
        .order_by("-total", "code")
    )


def default_burden_region(user):
    posts = posts_with_capability(user, "duty.burden")
    return posts[0].region_id if posts else None


