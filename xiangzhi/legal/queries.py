"""公共法律服务 reads: coverage and gaps over a scope in a few grouped queries, a village's
advisor and roster, requests for help (overdue first)."""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import posts_with_capability
from xiangzhi.regions.models import Level, Region

from .models import (
    LEGAL_VIEW, HelpRequest, HotlineTicket, LegalActivity, LegalAdvisor, LegalLiterate, PublicitySite, RosterMember,
    RosterRole,
)

# Plan targets: an advisor and a 法律明白人 in every village; a publicity site in 80 %.
TARGETS = {"advisor": 100, "literate": 100, "site": 80}
TARGET_LABELS = {"advisor": _("有法律顾问"), "literate": _("有法律明白人"), "site": _("有法治宣传阵地")}


def not_found():
    return Http404(_("未找到该记录。"))


def scope_region(user, capability, code=None):
    """The region a scoped page shows: `code` if the user's posts cover it, else their widest post's."""
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
    if region is None or not any(code.startswith(post.region_id) for post in posts_with_capability(user, LEGAL_VIEW)):
        raise not_found()
    return region


def _get_visible(queryset, user, pk, capability=None):
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise not_found() from None
    found = queryset.visible_to(user, capability).filter(pk=pk).first()
    if found is None:
        raise not_found()
    return found


def get_literate_for_user(user, pk):
    return _get_visible(LegalLiterate.objects.select_related("resident"), user, pk)


def get_site_for_user(user, pk):
    return _get_visible(PublicitySite.objects.all(), user, pk)


def visible_activities(user):
    return LegalActivity.objects.visible_to(user).select_related("region").order_by("-date", "-id")


def visible_requests(user):
    """Requests a user may read: in scope of legal.view or legal.answer, plus the ones they asked."""
    from django.db.models import Q

    scoped = HelpRequest.objects.visible_to(user, LEGAL_VIEW) | HelpRequest.objects.visible_to(user, "legal.answer")
    own = HelpRequest.objects.filter(asked_by=user) if user.is_authenticated else HelpRequest.objects.none()
    return HelpRequest.objects.filter(Q(pk__in=scoped.values("pk")) | Q(pk__in=own.values("pk")))


def get_request_for_user(user, pk):
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise not_found() from None
    found = visible_requests(user).select_related("region").filter(pk=pk).first()
    if found is None:
        raise not_found()
    return found


def _percent(part, whole):
    return round(100 * part / whole, 1) if whole else 0.0


def coverage(code):
    """Per village under `code`: advisor, roster roles, 法律明白人 count, sites count; the three
    shares against their targets for the scope and per child region; the gaps. Five queries."""
    villages = list(Region.objects.villages().within(code).order_by("code").values_list("code", "name"))
    advisors = set(LegalAdvisor.objects.within(code).values_list("region_id", flat=True))
    roles = {}
    for village, role in RosterMember.objects.within(code).values_list("region_id", "role"):
        roles.setdefault(village, set()).add(role)
    literates = set(LegalLiterate.objects.within(code).values_list("region_id", flat=True).distinct())
    sites = set(PublicitySite.objects.within(code).values_list("region_id", flat=True).distinct())
    all_roles = set(RosterRole.values)
    rows = []
    for village, name in villages:
        have = roles.get(village, set())
        rows.append({
            "code": village, "name": name, "advisor": village in advisors,
            "roster_complete": have == all_roles,
            "roster_missing": [str(RosterRole(role).label) for role in RosterRole.values if role not in have],
            "literate": village in literates, "site": village in sites,
        })

    def shares(selected):
        count = len(selected)
        result = {"villages": count, "shares": []}
        for key, target in TARGETS.items():
            have = sum(1 for row in selected if row[key])
            percent = _percent(have, count)
            result["shares"].append({"key": key, "label": str(TARGET_LABELS[key]), "count": have, "percent": percent,
                                     "target": target, "met": count > 0 and percent >= target})
        complete = sum(1 for row in selected if row["roster_complete"])
        result["roster_complete"] = complete
        result["roster_percent"] = _percent(complete, count)
        return result

    region = Region.objects.get(pk=code)
    children = []
    if region.level in (Level.PROVINCE, Level.CITY, Level.COUNTY):
        child_length = len(code) + (3 if region.level == Level.COUNTY else 2)
        names = dict(Region.objects.filter(parent_id=code).values_list("code", "name"))
        groups = {}
        for row in rows:
            groups.setdefault(row["code"][:child_length], []).append(row)
        children = [{"code": child, "name": names.get(child, child), **shares(selected)}
                    for child, selected in sorted(groups.items())]
    gaps = [row for row in rows if not (row["advisor"] and row["roster_complete"])]
    return {"region": region, "summary": shares(rows), "children": children, "villages": rows, "gaps": gaps}


def village_detail(village):
    code = village.code
    return {
        "village": village,
        "advisor": LegalAdvisor.objects.filter(region=village).select_related("user").first(),
        "roster": {member.role: member for member in RosterMember.objects.filter(region=village)},
        "roles": RosterRole.choices,
        "literates": list(LegalLiterate.objects.filter(region=village).select_related("resident")
                          .prefetch_related("trainings")),
        "sites": list(PublicitySite.objects.filter(region=village)),
        "activities": list(LegalActivity.objects.within(code)[:20]),
        "tickets": list(HotlineTicket.objects.filter(region=village)[:20]),
        "overdue": HelpRequest.objects.filter(region=village).overdue().count(),
    }


def overdue_requests(user, now=None):
    return visible_requests(user).overdue(now or timezone.now())
