"""Reads for the vetting pages and API: every lookup scoped, 404 outside it.

A candidate is seen by the organisation department (vetting.view) and by the reviewers in scope
(the township, the county departments); the outcomes only by the organisation department, and by
each reviewer for their own conclusion."""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import can, post_covers, posts_with_capability
from xiangzhi.core.scope import prefix_q
from xiangzhi.regions.models import Region

from .models import (
    CANDIDATE_CAPABILITIES, COUNTY_REVIEW, SECRETARY_FILE, SECRETARY_VIEW, TOWNSHIP_REVIEW, VETTING_VIEW, Candidate,
    RemovalCase, ReviewLevel, ReviewResult, SecretaryFiling, VettingRound,
)

COUNTY_LENGTH = 6
VILLAGE_LENGTH = 12


def require_any(user, capabilities, region_code):
    """The first post holding one of `capabilities` that covers the region: 403 with none anywhere,
    404 when none covers it (as permissions.require for one capability)."""
    held = [post for capability in capabilities for post in posts_with_capability(user, capability)]
    if not held:
        raise PermissionDenied(_("您没有此项操作的权限。"))
    for post in held:
        if post_covers(post, region_code):
            return post
    raise Http404(_("未找到该记录。"))


def has_any(user, capabilities):
    return any(posts_with_capability(user, capability) for capability in capabilities)


# --- Rounds and candidates ------------------------------------------------------------


def rounds_visible_to(user):
    """Rounds of the counties the user's vetting posts sit in (a township sees its county's rounds)."""
    query = Q()
    for capability in CANDIDATE_CAPABILITIES:
        for post in posts_with_capability(user, capability):
            query |= Q(region_id=post.region_id[:COUNTY_LENGTH]) | prefix_q("region", post.region_id)
    if not query:
        return VettingRound.objects.none()
    return VettingRound.objects.filter(query).select_related("region")


def get_round_for_user(user, pk):
    found = rounds_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise Http404(_("未找到该联审批次。"))
    return found


def candidates_visible_to(user):
    query = Q()
    for capability in CANDIDATE_CAPABILITIES:
        for post in posts_with_capability(user, capability):
            query |= prefix_q("region", post.region_id)
    if not query:
        return Candidate.objects.none()
    return (Candidate.objects.filter(query).select_related("round", "resident", "region")
            .prefetch_related("results"))


def get_candidate_for_user(user, pk):
    found = candidates_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise Http404(_("未找到该人选。"))
    return found


def own_review_keys(user, candidate):
    """The (level, department) conclusions this user records for the candidate."""
    keys = set()
    if can(user, TOWNSHIP_REVIEW, candidate.region_id):
        keys.add((ReviewLevel.TOWNSHIP, ""))
    for post in posts_with_capability(user, COUNTY_REVIEW):
        if post.department and post_covers(post, candidate.region_id):
            keys.add((ReviewLevel.COUNTY, post.department))
    return keys


def visible_results(user, candidate):
    """The conclusions this user may read: all of them for the organisation department in scope,
    otherwise only the user's own."""
    results = list(candidate.results.all())
    if can(user, VETTING_VIEW, candidate.region_id):
        return results
    keys = own_review_keys(user, candidate)
    return [result for result in results if (result.level, result.department) in keys]


def get_result_for_user(user, pk):
    result = ReviewResult.objects.select_related("candidate", "candidate__round").filter(pk=pk).first()
    if result is None or result not in visible_results(user, get_candidate_for_user(user, result.candidate_id)):
        raise Http404(_("未找到该联审结论。"))
    return result


# --- Secretary filings ------------------------------------------------------------------


def filings_visible_to(user):
    """Filings seen by the organisation department (secretary.view) and the townships that file."""
    query = Q()
    for capability in (SECRETARY_VIEW, SECRETARY_FILE):
        for post in posts_with_capability(user, capability):
            query |= prefix_q("region", post.region_id)
    if not query:
        return SecretaryFiling.objects.none()
    return SecretaryFiling.objects.filter(query).select_related("region", "resident")


def get_filing_for_user(user, pk):
    found = filings_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise Http404(_("未找到该备案。"))
    return found


def unfiled_villages(user):
    """Villages in the user's filing scope whose secretary is not (currently) filed."""
    query = Q()
    for capability in (SECRETARY_VIEW, SECRETARY_FILE):
        for post in posts_with_capability(user, capability):
            query |= prefix_q("code", post.region_id)
    if not query:
        return Region.objects.none()
    filed = SecretaryFiling.objects.current().filter(region_id=OuterRef("code"))
    return Region.objects.villages().filter(query).exclude(Exists(filed)).order_by("code")


# --- 清理 -------------------------------------------------------------------------------


def removals_visible_to(user):
    return RemovalCase.objects.visible_to(user, VETTING_VIEW).select_related("resident", "region", "post")


def get_removal_for_user(user, pk):
    found = removals_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise Http404(_("未找到该清理案件。"))
    return found


# --- Picking a resident -----------------------------------------------------------------


def resolve_resident(user, *, pk=None, id_number="", field="resident"):
    """A registry resident the user may see, by primary key or citizen ID; a ValidationError naming
    `field` otherwise (nothing in the registry outside scope is confirmed to exist)."""
    from django.core.exceptions import ValidationError

    from xiangzhi.people import citizen_id
    from xiangzhi.people.models import Resident

    residents = Resident.objects.visible_to(user, "people.view").select_related("region")
    if pk:
        found = residents.filter(pk=pk).first()
    elif (id_number or "").strip():
        try:
            number = citizen_id.parse(id_number).number
        except ValidationError as error:
            raise ValidationError({field: error.messages}) from None
        found = residents.filter(id_number_index=citizen_id.index(number)).first()
    else:
        raise ValidationError({field: [_("请填写人员的公民身份号码。")]})
    if found is None:
        raise ValidationError({field: [_("在您可查看的村民登记中没有找到此人。")]})
    return found


def villages_for(user, capabilities):
    query = Q()
    for capability in capabilities:
        for post in posts_with_capability(user, capability):
            query |= prefix_q("code", post.region_id)
    if not query:
        return Region.objects.none()
    return Region.objects.villages().filter(query).order_by("code")
