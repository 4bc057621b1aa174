"""Which village a finance page is about: the cadre's own, or one chosen by a township/county user."""

from django.http import Http404
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import posts_with_capability, require, require_capability
from xiangzhi.regions.models import Level, Region

from .models import village_code_of


def scope_villages(user, capability):
    """The villages under the user's posts that grant `capability`, ordered by code."""
    codes = [post.region_id for post in posts_with_capability(user, capability)]
    villages = Region.objects.none()
    for code in codes:
        if len(code) >= 12:
            villages |= Region.objects.filter(code=village_code_of(code))
        else:
            villages |= Region.objects.within(code).villages()
    return villages.order_by("code")


def own_village(user, capability):
    """The village code when every post granting `capability` sits in one village; else None."""
    codes = {village_code_of(post.region_id) for post in posts_with_capability(user, capability)
             if len(post.region_id) >= 12}
    posts = posts_with_capability(user, capability)
    if len(codes) == 1 and all(len(post.region_id) >= 12 for post in posts):
        return codes.pop()
    return None


def village_for_request(request, capability, *, code=None):
    """The chosen village (?village= or the form's village) or the user's own; 403 without the
    capability, 404 outside scope or when no village can be told; returns the Region."""
    require_capability(request.user, capability)
    code = code or request.POST.get("village") or request.GET.get("village") or own_village(request.user, capability)
    if not code:
        return None
    require(request.user, capability, code)
    village = Region.objects.filter(code=code, level=Level.VILLAGE).select_related("parent").first()
    if village is None:
        raise Http404(_("未找到该村。"))
    return village
