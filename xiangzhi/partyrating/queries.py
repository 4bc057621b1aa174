"""Scoped reads: village party organisations, evaluations, flags and rectifications."""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import posts_with_capability, require_capability
from xiangzhi.people.models import Organisation, OrganisationKind
from xiangzhi.regions.models import Level, Region

from .models import VIEW, Evaluation, Evidence, Rectification, RectificationTask, WeakFlag

# A village's party organisation is its 党委, 党总支 or 党支部 sitting at the village itself.
VILLAGE_PARTY_KINDS = (OrganisationKind.PARTY_COMMITTEE, OrganisationKind.PARTY_GENERAL_BRANCH,
                       OrganisationKind.PARTY_BRANCH)


def not_found():
    return Http404(_("未找到该记录。"))


def village_organisations(code):
    """The village party organisations (not dissolved) at or under `code`."""
    return Organisation.objects.filter(
        region_id__prefix=code, region__level=Level.VILLAGE, kind__in=VILLAGE_PARTY_KINDS, dissolved_on__isnull=True,
    ).select_related("region")


def scope_region(user, capability, code=None):
    """The region a page shows: `code` if one of the user's posts covers it, else their widest post's."""
    posts = posts_with_capability(user, capability)
    if code:
        region = Region.objects.filter(pk=code).first()
        if region is None or region.is_below_village or not any(code.startswith(p.region_id) for p in posts):
            raise not_found()
        return region
    return min((post.region for post in posts), key=lambda region: len(region.code))


def organisation_for_user(user, capability, pk):
    """A village party organisation under one of the user's posts holding `capability`: 403 without the
    capability anywhere, 404 outside its scope."""
    require_capability(user, capability)
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise not_found() from None
    organisation = village_organisations("").filter(pk=pk).first()
    if organisation is None or not any(
            organisation.region_id.startswith(p.region_id) for p in posts_with_capability(user, capability)):
        raise not_found()
    return organisation


def parse_year(value):
    try:
        year = int(value)
    except (TypeError, ValueError):
        year = None
    this_year = timezone.localdate().year
    return year if year is not None and 2000 <= year <= this_year + 1 else this_year


def visible_evaluations(user):
    return Evaluation.objects.visible_to(user).select_related("organisation", "region")


def get_evaluation_for_user(user, pk):
    evaluation = visible_evaluations(user).filter(pk=pk).first()
    if evaluation is None:
        raise not_found()
    return evaluation


def get_evidence_for_user(user, evaluation, pk):
    evidence = Evidence.objects.visible_to(user, VIEW).filter(evaluation=evaluation, pk=pk).first()
    if evidence is None:
        raise not_found()
    return evidence


def visible_rectifications(user):
    return Rectification.objects.visible_to(user).select_related("organisation", "region")


def get_rectification_for_user(user, pk):
    rectification = visible_rectifications(user).filter(pk=pk).first()
    if rectification is None:
        raise not_found()
    return rectification


def get_task_for_user(user, rectification, pk):
    task = RectificationTask.objects.visible_to(user, VIEW).filter(rectification=rectification, pk=pk).first()
    if task is None:
        raise not_found()
    return task


def flags_within(user, code, year):
    return (WeakFlag.objects.visible_to(user).within(code).filter(year=year)
            .select_related("organisation", "region").order_by("region_id", "organisation_id", "trigger"))


def last_place(county_code, year):
    """The county's rated evaluations of the year with the lowest score (several when tied); empty when none."""
    rated = Evaluation.objects.rated().within(county_code).filter(year=year)
    lowest = rated.order_by("score").values_list("score", flat=True).first()
    if lowest is None:
        return rated.none()
    return rated.filter(score=lowest).select_related("organisation", "region")


def star_counts(evaluations):
    """{stars: count} for 1..5 over rated evaluations (one query)."""
    from django.db.models import Count

    counts = dict(evaluations.rated().values_list("stars").annotate(n=Count("id")).values_list("stars", "n"))
    return [{"stars": stars, "count": counts.get(stars, 0)} for stars in range(5, 0, -1)]
