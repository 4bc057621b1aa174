"""移风易俗 reads: 一约四会 coverage, 红白事 statistics, civilized-village shares, volunteer
sign-ups with minors masked, and the portal section. Aggregates are a few grouped queries over a
scope, never one query per village."""

import datetime

from django.db.models import Avg, Count, Exists, OuterRef, Q
from django.db.models.functions import Substr
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import posts_with_capability
from xiangzhi.core.scope import prefix_q, scope_q_for_post
from xiangzhi.elections.models import Charter, CharterKind, CharterState
from xiangzhi.people.models import Membership, Organisation, OrganisationKind
from xiangzhi.people.masking import mask_name
from xiangzhi.regions.models import CODE_LENGTHS, Designation, DesignationLevel, DesignationTitle, Level, Region

from .models import CULTURE_VIEW, CUSTOMS_VIEW, VOLUNTEER_VIEW, CulturalEvent, Declaration, HeritageItem
from .models import VolunteerActivity, VolunteerSignup

VILLAGE_LENGTH = CODE_LENGTHS[Level.VILLAGE]
FOUR_BODIES = (
    OrganisationKind.WEDDINGS_FUNERALS, OrganisationKind.MORAL_REVIEW,
    OrganisationKind.VILLAGER_COUNCIL, OrganisationKind.ANTI_DRUG_GAMBLING,
)
# 文明村镇 "at county level or above" (the plan's ≥ 75 % target).
CIVILIZED_LEVELS = (DesignationLevel.NATIONAL, DesignationLevel.REGION, DesignationLevel.CITY, DesignationLevel.COUNTY)
PORTAL_EVENTS = 10


def not_found():
    return Http404(_("未找到该记录。"))


def _get_visible(queryset, user, pk, capability=None):
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise not_found() from None
    found = queryset.visible_to(user, capability).filter(pk=pk).first()
    if found is None:
        raise not_found()
    return found


def scope_region(user, capability, code=None):
    """The region a scoped page shows: `code` if the user's posts cover it, else their top post's."""
    posts = posts_with_capability(user, capability)
    if not posts:
        return None
    if code:
        region = Region.objects.filter(pk=code).first()
        if region is None or not any(code.startswith(post.region_id) for post in posts):
            raise not_found()
        return region
    return min((post.region for post in posts), key=lambda region: len(region.code))


# --- 一约四会 coverage ----------------------------------------------------------------------


def bodies_with_members(code, today=None):
    """{village code: {kind, …}} for the four bodies existing under `code` with a current member."""
    today = today or timezone.localdate()
    current_member = Membership.objects.filter(organisation=OuterRef("pk"), starts_on__lte=today).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today))
    rows = (
        Organisation.objects.within(code)
        .filter(kind__in=FOUR_BODIES, dissolved_on__isnull=True)
        .filter(Exists(current_member))
        .annotate(village=Substr("region_id", 1, VILLAGE_LENGTH))
        .values_list("village", "kind").distinct()
    )
    found = {}
    for village, kind in rows:
        found.setdefault(village, set()).add(kind)
    return found


def villages_with_charter(code):
    return set(
        Charter.objects.within(code)
        .filter(kind=CharterKind.VILLAGE_RULES, state=CharterState.APPROVED)
        .values_list("region_id", flat=True)
    )


def coverage(code, *, with_villages=True):
    """Per village under `code`: which bodies exist with members, and whether an approved 村规民约
    is in force; plus the shares for the whole scope and per child region."""
    villages = list(Region.objects.villages().within(code).order_by("code").values_list("code", "name"))
    bodies = bodies_with_members(code)
    charters = villages_with_charter(code)
    total = len(villages)
    rows = [
        {"code": village, "name": name, "bodies": bodies.get(village, set()), "charter": village in charters}
        for village, name in villages
    ]
    for row in rows:
        row["complete"] = row["charter"] and len(row["bodies"]) == len(FOUR_BODIES)
        row["body_flags"] = [kind in row["bodies"] for kind in FOUR_BODIES]

    def shares(selected):
        count = len(selected)
        result = []
        for kind in FOUR_BODIES:
            have = sum(1 for row in selected if kind in row["bodies"])
            result.append({"kind": kind, "label": str(OrganisationKind(kind).label), "count": have,
                           "percent": _percent(have, count)})
        charter = sum(1 for row in selected if row["charter"])
        complete = sum(1 for row in selected if row["complete"])
        return {"villages": count, "bodies": result, "charter": charter, "charter_percent": _percent(charter, count),
                "complete": complete, "complete_percent": _percent(complete, count)}

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
    return {
        "region": region, "total": total, "summary": shares(rows), "children": children,
        "villages": rows if with_villages else [],
        "kinds": [str(OrganisationKind(kind).label) for kind in FOUR_BODIES],
    }


def _percent(part, whole):
    return round(100 * part / whole, 1) if whole else 0.0


# --- 文明村镇 share per county ---------------------------------------------------------------


def civilized_shares(code):
    """Per county under (or containing) `code`: villages, villages holding an in-force 文明村镇 of
    county level or above, and the share."""
    county_length = CODE_LENGTHS[Level.COUNTY]
    scope = code if len(code) <= county_length else code[:county_length]
    villages = dict(
        Region.objects.villages().within(scope).annotate(county=Substr("code", 1, county_length))
        .values("county").annotate(n=Count("code")).values_list("county", "n")
    )
    designated = dict(
        Designation.objects.in_force().within(scope)
        .filter(title=DesignationTitle.CIVILIZED_VILLAGE, level__in=CIVILIZED_LEVELS, region__level=Level.VILLAGE)
        .annotate(county=Substr("region_id", 1, county_length))
        .values("county").annotate(n=Count("region_id", distinct=True)).values_list("county", "n")
    )
    names = dict(Region.objects.filter(code__in=list(villages)).values_list("code", "name"))
    return [
        {"code": county, "name": names.get(county, county), "villages": count,
         "civilized": designated.get(county, 0), "percent": _percent(designated.get(county, 0), count)}
        for county, count in sorted(villages.items())
    ]


# --- 红白事 ----------------------------------------------------------------------------------


def visible_declarations(user):
    """Cadres and officials: every declaration in scope; a villager: their own household's."""
    if user is None or not user.is_authenticated:
        return Declaration.objects.none()
    query = Q(pk__in=[])
    for post in posts_with_capability(user, CUSTOMS_VIEW):
        query |= scope_q_for_post(Declaration, post)
    resident = getattr(user, "resident", None)
    if resident is not None:
        query |= Q(household_id=resident.household_id)
    return Declaration.objects.filter(query)


def get_declaration_for_user(user, pk):
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise not_found() from None
    declaration = visible_declarations(user).select_related("region", "household", "standard").filter(pk=pk).first()
    if declaration is None:
        raise not_found()
    return declaration


def statistics(code, year):
    """移风易俗 statistics for one year: per child unit (village under a township or village; townships
    above) the declarations, the over-standard ones and average tables and cost, in one query."""
    region = Region.objects.get(pk=code)
    length = VILLAGE_LENGTH if region.level in (Level.TOWNSHIP, Level.VILLAGE) else CODE_LENGTHS[Level.TOWNSHIP]
    rows = (
        Declaration.objects.within(code).in_year(year)
        .annotate(unit=Substr("region_id", 1, length)).values("unit")
        .annotate(count=Count("id"), over=Count("id", filter=Q(over_standard=True)),
                  avg_tables=Avg("tables"), avg_cost=Avg("total_cost_fen"))
        .order_by("unit")
    )
    rows = list(rows)
    names = dict(Region.objects.filter(code__in=[row["unit"] for row in rows]).values_list("code", "name"))
    total = Declaration.objects.within(code).in_year(year).aggregate(
        count=Count("id"), over=Count("id", filter=Q(over_standard=True)),
        avg_tables=Avg("tables"), avg_cost=Avg("total_cost_fen"))
    for row in [*rows, total]:
        row["name"] = names.get(row.get("unit"), "")
        row["avg_tables"] = round(float(row["avg_tables"]), 1) if row["avg_tables"] is not None else None
        row["avg_cost_yuan"] = round(float(row["avg_cost"]) / 100, 2) if row["avg_cost"] is not None else None
        row.pop("avg_cost")
        row["over_percent"] = _percent(row["over"], row["count"])
    return {"region": region, "year": year, "units": rows, "total": total}


# --- volunteer service ----------------------------------------------------------------------


def visible_activities(user):
    """Cadres and officials in scope; villagers: the activities of their village and its township."""
    if user is None or not user.is_authenticated:
        return VolunteerActivity.objects.none()
    query = Q(pk__in=[])
    for post in posts_with_capability(user, VOLUNTEER_VIEW):
        query |= scope_q_for_post(VolunteerActivity, post)
    from .actions import VOLUNTEER_JOIN

    for post in posts_with_capability(user, VOLUNTEER_JOIN):
        village = post.region.village_code() or post.region_id
        query |= prefix_q("region", village) | Q(region_id=village[:CODE_LENGTHS[Level.TOWNSHIP]])
    query |= Q(organiser_id=user.pk)
    return VolunteerActivity.objects.filter(query)


def get_activity_for_user(user, pk):
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise not_found() from None
    activity = visible_activities(user).select_related("team", "region", "organiser").filter(pk=pk).first()
    if activity is None:
        raise not_found()
    return activity


def age_on(birth_date, day):
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def may_see_minor(user, activity, resident):
    """A minor's personal data: the activity's organiser and the minor's own household only."""
    if user is None or not user.is_authenticated:
        return False
    if activity.organiser_id == user.pk:
        return True
    own = getattr(user, "resident", None)
    return own is not None and own.household_id == resident.household_id


def signups_for(user, activity):
    """Sign-ups the user may see, each with `display_name`, `age` (None when hidden) and `is_minor`.

    Officials, cadres and the organiser see all; a villager sees their own household's."""
    signups = activity.signups.select_related("resident").order_by("id")
    sees_all = activity.organiser_id == user.pk or any(
        activity.region_id.startswith(post.region_id) for post in posts_with_capability(user, VOLUNTEER_VIEW))
    if not sees_all:
        own = getattr(user, "resident", None)
        signups = signups.filter(resident__household_id=own.household_id) if own else signups.none()
    day = timezone.localtime(activity.starts_at).date()
    result = []
    for signup in signups:
        resident = signup.resident
        signup.is_minor = age_on(resident.birth_date, day) < 18
        if signup.is_minor and not may_see_minor(user, activity, resident):
            signup.display_name = mask_name(resident.name)
            signup.age = None
        else:
            signup.display_name = resident.name
            signup.age = age_on(resident.birth_date, day)
        result.append(signup)
    return result


def get_signup_for_user(user, pk):
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise not_found() from None
    signup = VolunteerSignup.objects.select_related("activity", "resident").filter(pk=pk).first()
    if signup is None or not visible_activities(user).filter(pk=signup.activity_id).exists():
        raise not_found()
    return signup


def hours_of_household(household_id):
    return VolunteerSignup.objects.filter(resident__household_id=household_id, attended=True)


# --- culture --------------------------------------------------------------------------------


def _for_place(code):
    """Rows held at the place, anywhere below it, or at any unit above it (a township's 村晚 is
    also the village's)."""
    region = Region.objects.get(pk=code)
    return prefix_q("region", code) | Q(region_id__in=region.ancestor_codes())


def events_for(code, now=None):
    return CulturalEvent.objects.filter(_for_place(code)).upcoming(now or timezone.now()).select_related("region")


def heritage_for(code):
    return HeritageItem.objects.filter(_for_place(code)).select_related("region").order_by("kind", "name")


def culture_scope(user, code=None):
    return scope_region(user, CULTURE_VIEW, code)


def designations_of(village):
    return list(Designation.objects.in_force().filter(region=village).order_by("-year"))


def portal_context(village):
    events = list(events_for(village.code)[:PORTAL_EVENTS])
    heritage = list(heritage_for(village.code).filter(prefix_q("region", village.code)))
    designations = designations_of(village)
    if not (events or heritage or designations):
        return None
    return {"events": events, "heritage": heritage, "designations": designations}


def this_year():
    return timezone.localdate().year


def parse_year(value):
    try:
        year = int(value)
    except (TypeError, ValueError):
        return this_year()
    return year if 1949 <= year <= datetime.date.max.year else this_year()
