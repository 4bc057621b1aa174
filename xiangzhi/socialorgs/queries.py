"""Reads of the social-organisation app, scoped by the user's posts; a record out of reach is a
404. Station coverage per township is derived from the station rows."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import posts_with_capability, require_capability
from xiangzhi.regions.models import CODE_LENGTHS, Level, Region

from .models import VIEW, Activity, PurchaseProject, SocialOrganisation, SocialWorkStation

TOWNSHIP_LENGTH = CODE_LENGTHS[Level.TOWNSHIP]


def not_found():
    return Http404(_("未找到该记录。"))


def _get_visible(queryset, pk):
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise not_found() from None
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise not_found()
    return found


def organisations_for(user, *, text="", kind=""):
    rows = SocialOrganisation.objects.visible_to(user).search(text).select_related("region")
    return rows.filter(kind=kind) if kind else rows


def get_organisation_for_user(user, pk):
    require_capability(user, VIEW)
    return _get_visible(SocialOrganisation.objects.visible_to(user).select_related("region", "created_by"), pk)


def pick_organisation(user, pk, field):
    """The organisation a form or payload names, among those the user sees; bad input otherwise."""
    if pk in (None, ""):
        return None
    found = SocialOrganisation.objects.visible_to(user).filter(
        pk=int(pk) if str(pk).strip().isdigit() else 0).select_related("region").first()
    if found is None:
        raise ValidationError({field: _("请选择有效的社会组织。")})
    return found


def activities_for(user):
    return Activity.objects.visible_to(user).select_related("organisation", "region")


def projects_for(user):
    return PurchaseProject.objects.visible_to(user).select_related("provider", "region")


def get_project_for_user(user, pk):
    require_capability(user, VIEW)
    return _get_visible(projects_for(user).select_related("created_by", "accepted_by"), pk)


def get_station_for_user(user, pk):
    require_capability(user, VIEW)
    return _get_visible(SocialWorkStation.objects.visible_to(user).select_related("region", "operator"), pk)


def regions_with(user, capability, levels):
    """Regions of the given levels under the user's posts that grant `capability`, in code order."""
    regions = {}
    for post in posts_with_capability(user, capability):
        for region in Region.objects.within(post.region_id).filter(level__in=levels):
            regions[region.code] = region
    return [regions[code] for code in sorted(regions)]


def villages_under(codes):
    villages = Region.objects.none()
    for code in codes:
        villages = villages | Region.objects.villages().within(code)
    return villages.order_by("code")


def scope_region(user, code=None, capability=VIEW):
    """The region a page shows: `code` if the user's posts cover it (else 404), or their widest post's."""
    require_capability(user, capability)
    posts = posts_with_capability(user, capability)
    if code:
        region = Region.objects.filter(pk=code).first()
        if region is None or not any(code.startswith(post.region_id) for post in posts):
            raise not_found()
        return region
    return min((post.region for post in posts), key=lambda region: len(region.code))


def coverage(code, day=None):
    """Per township under `code` (a village's or township's own township): the station open on
    `day`, if any. Two queries whatever the scope."""
    day = day or timezone.localdate()
    if len(code) > TOWNSHIP_LENGTH:
        code = code[:TOWNSHIP_LENGTH]
    townships = list(Region.objects.filter(level=Level.TOWNSHIP).within(code).order_by("code"))
    stations = {station.region_id: station for station in
                SocialWorkStation.objects.within(code).open_on(day).select_related("operator")}
    rows = [{"township": township, "station": stations.get(township.code)} for township in townships]
    covered = [row for row in rows if row["station"]]
    return {
        "region": Region.objects.get(pk=code), "day": day, "rows": rows, "covered": covered,
        "uncovered": [row for row in rows if not row["station"]],
        "share": len(covered) / len(rows) if rows else None,
    }
