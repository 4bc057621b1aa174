"""Pilot case reads. Published cases are public (the showcase); drafts, submitted and withdrawn
cases are read only in scope of pilot.view. A case out of reach is a 404."""

from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import posts_with_capability, require_capability
from xiangzhi.regions.models import CODE_LENGTHS, Level, Region

from .models import PILOT_VIEW, CaseFile, CaseKind, CaseTag, PilotCase

COUNTY_LENGTH = CODE_LENGTHS[Level.COUNTY]


def not_found():
    return Http404(_("未找到该记录。"))


def _pk(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        raise not_found() from None


def with_details(queryset):
    return queryset.select_related("region", "designation").prefetch_related(
        Prefetch("tags", queryset=CaseTag.objects.order_by("id")),
        Prefetch("files", queryset=CaseFile.objects.order_by("kind", "id")),
    )


def get_case_for_user(user, pk):
    """A case in the user's pilot.view scope, whatever its state."""
    require_capability(user, PILOT_VIEW)
    case = with_details(PilotCase.objects.visible_to(user)).filter(pk=_pk(pk)).first()
    if case is None:
        raise not_found()
    return case


def readable_cases(user):
    """Published cases for everyone, and every case in the user's scope."""
    published = Q(state="published")
    if not posts_with_capability(user, PILOT_VIEW):
        return PilotCase.objects.filter(published)
    scoped = PilotCase.objects.visible_to(user).values("pk")
    return PilotCase.objects.filter(published | Q(pk__in=scoped))


def get_readable_case(user, pk):
    case = with_details(readable_cases(user)).filter(pk=_pk(pk)).first()
    if case is None:
        raise not_found()
    return case


def get_readable_file(user, pk):
    item = CaseFile.objects.filter(pk=_pk(pk), case__in=readable_cases(user)).select_related("case").first()
    if item is None:
        raise not_found()
    return item


def managed_cases(user, *, state="", kind="", tag=""):
    queryset = PilotCase.objects.visible_to(user)
    if state:
        queryset = queryset.filter(state=state)
    if kind:
        queryset = queryset.filter(kind=kind)
    if tag:
        queryset = queryset.tagged(tag)
    return with_details(queryset).order_by("-updated_at", "-id")


def showcase(*, kind="", region="", tag=""):
    """Published cases, newest first, filtered by kind, a city or county code, and a tag."""
    queryset = PilotCase.objects.published()
    if kind in CaseKind.values:
        queryset = queryset.filter(kind=kind)
    if region:
        queryset = queryset.within(region)
    if tag:
        queryset = queryset.tagged(tag)
    return with_details(queryset).order_by("-published_at", "-id")


def showcase_filters():
    """The choices the showcase offers: cities and counties that have published cases, and tags."""
    codes = set(PilotCase.objects.published().values_list("region_id", flat=True))
    counties = {code[:COUNTY_LENGTH] for code in codes}
    cities = {code[:CODE_LENGTHS[Level.CITY]] for code in codes}
    places = Region.objects.filter(pk__in=counties | cities).order_by("code")
    tags = (CaseTag.objects.filter(case__state="published").values("name").annotate(n=Count("case", distinct=True))
            .order_by("-n", "name")[:30])
    return {
        "cities": [place for place in places if place.level == Level.CITY],
        "counties": [place for place in places if place.level == Level.COUNTY],
        "tags": [row["name"] for row in tags],
    }


def scope_region(user, capability=PILOT_VIEW):
    posts = posts_with_capability(user, capability)
    if not posts:
        return None
    return min((post.region for post in posts), key=lambda region: len(region.code))


def brand_coverage(code):
    """Per county under (or around) `code`: its published 特色亮点/品牌 cases; a county with none
    is not covered (每个县都有特色亮点和品牌). Two queries whatever the scope."""
    if len(code) >= COUNTY_LENGTH:
        counties = Region.objects.filter(pk=code[:COUNTY_LENGTH])
    else:
        counties = Region.objects.within(code).at_level(Level.COUNTY)
    counties = list(counties.order_by("code").values_list("code", "name"))
    counts = {}
    scope = code[:COUNTY_LENGTH] if len(code) >= COUNTY_LENGTH else code
    for region_code in PilotCase.objects.published().within(scope).filter(kind=CaseKind.BRAND).values_list(
            "region_id", flat=True):
        county = region_code[:COUNTY_LENGTH]
        counts[county] = counts.get(county, 0) + 1
    rows = [{"code": county, "name": name, "brand_cases": counts.get(county, 0),
             "covered": counts.get(county, 0) > 0} for county, name in counties]
    return {
        "rows": rows, "counties": len(rows), "covered": sum(1 for row in rows if row["covered"]),
        "uncovered": [row for row in rows if not row["covered"]],
    }
