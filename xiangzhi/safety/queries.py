"""Scoped reads for the safety pages and API."""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import posts_with_capability
from xiangzhi.regions.models import Level, Region

from .models import SAFETY_VIEW, CaseStatistics, DemocracyApplication


def not_found():
    return Http404(_("未找到该记录。"))


def scope_region(user, capability, code=None):
    """The region a page shows: `code` if one of the user's posts covers it, else their widest post's."""
    posts = posts_with_capability(user, capability)
    if code:
        region = Region.objects.filter(pk=code).first()
        if region is None or region.is_below_village or not any(code.startswith(p.region_id) for p in posts):
            raise not_found()
        return region
    return min((post.region for post in posts), key=lambda region: len(region.code))


def village_for_user(user, capability, code):
    """A village under one of the user's posts holding `capability` (404 otherwise)."""
    region = Region.objects.filter(pk=(code or "").strip().upper(), level=Level.VILLAGE).first()
    if region is None or not any(region.code.startswith(p.region_id) for p in posts_with_capability(user, capability)):
        raise not_found()
    return region


def parse_year(value, default_previous=True):
    """The year asked for, or last year (statistics are reported after a year ends)."""
    try:
        year = int(value)
    except (TypeError, ValueError):
        year = None
    this_year = timezone.localdate().year
    if year is None or not 2000 <= year <= this_year:
        year = this_year - 1 if default_previous else this_year
    return year


def statistics_history(user, village_code, year):
    """Every version of one village-year, newest first; 404 when out of scope."""
    village = village_for_user(user, SAFETY_VIEW, village_code)
    return village, list(
        CaseStatistics.objects.visible_to(user).filter(region=village, year=year)
        .select_related("entered_by").order_by("-version")
    )


def visible_applications(user):
    return DemocracyApplication.objects.visible_to(user).select_related("region", "designation")


def get_application_for_user(user, pk):
    application = visible_applications(user).filter(pk=pk).first()
    if application is None:
        raise not_found()
    return application
