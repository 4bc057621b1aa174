"""Scoped reads for the assessment pages and API: schemes for the county that set them, results
for the unit assessed (published only) and for the county."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import posts_with_capability, require_capability
from xiangzhi.regions.models import Level, Region
from xiangzhi.targets.plans import PlanError, load_plan

from .models import ASSESSMENT_MANAGE, Result, Scheme


def not_found():
    return Http404(_("未找到该记录。"))


def county_for(user):
    """The county whose schemes the user sets: the county of their post holding assessment.manage."""
    for post in posts_with_capability(user, ASSESSMENT_MANAGE):
        if post.region.level == Level.COUNTY:
            return post.region
    raise PermissionDenied(_("考核方案由县(市、区)制定,请在县级岗位下操作。"))


def schemes_for(user):
    return Scheme.objects.visible_to(user).select_related("region").order_by("-year", "level", "-version")


def get_scheme_for_user(user, pk):
    """A scheme of the user's county: 403 without assessment.manage anywhere, 404 for another county's."""
    require_capability(user, ASSESSMENT_MANAGE)
    scheme = schemes_for(user).filter(pk=pk).first()
    if scheme is None:
        raise not_found()
    return scheme


def own_results(user):
    """Published results of the units under the user's posts: a unit sees its own, never a peer's."""
    return (Result.objects.published().visible_to(user).select_related("scheme", "region")
            .order_by("-scheme__year", "scheme__level", "region_id"))


def get_result_for_user(user, pk):
    """A published result in the user's scope, or any result of a scheme the user manages."""
    managed = Scheme.objects.visible_to(user).values("pk")
    result = (Result.objects.filter(pk=pk)
              .filter(Q(pk__in=own_results(user).values("pk")) | Q(scheme__in=managed))
              .select_related("scheme", "region").first())
    if result is None:
        raise not_found()
    return result


def ranking(scheme):
    return list(scheme.results.select_related("region").order_by("rank", "region_id"))


def assessed_units(scheme):
    return list(Region.objects.within(scheme.region_id).at_level(scheme.level).order_by("code"))


def target_choices(plan_key=None):
    """(action title, [(target key, label), …]) for every target that can be scored: the pending
    (待接入) ones are left out; they are refused if sent anyway."""
    try:
        plan = load_plan(plan_key)
    except PlanError:
        return []
    groups = []
    for action in plan.actions:
        options = [(target.key, target.title) for target in action.targets if target.definition is not None]
        if options:
            groups.append((action.title, options))
    return groups
