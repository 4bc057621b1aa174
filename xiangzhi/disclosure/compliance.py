"""Who has disclosed what on time: a village's calendar and a township's (or county's)
compliance table, each in a handful of queries whatever the number of villages."""

from collections import defaultdict

from django.db.models import Count, Min
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import require
from xiangzhi.regions.models import CODE_LENGTHS, Level, Region

from .calendar import build_calendar
from .catalogue import COUNTY_LENGTH
from .models import CatalogueItem, Disclosure, Question

COMPLIANCE = "disclosure.compliance"
VILLAGE_LENGTH = CODE_LENGTHS[Level.VILLAGE]


def items_by_county(county_codes):
    """{county code: [active items that hold there]} in one query."""
    county_codes = sorted(set(county_codes))
    if not county_codes:
        return {}
    rows = list(
        CatalogueItem.objects.filter(region_code__in=[*county_codes, *{code[:2] for code in county_codes}])
        .order_by("category", "order", "id")
    )
    result = {}
    for county in county_codes:
        own = [item for item in rows if item.region_code == county]
        replaced = {item.replaces_id for item in own if item.replaces_id}
        shared = [item for item in rows if item.region_code == county[:2] and item.pk not in replaced]
        result[county] = [item for item in [*shared, *own] if item.active]
    return result


def first_publications(village_codes):
    """{village code: {(item id, period label): first publication time}} in one query."""
    result = defaultdict(dict)
    rows = (
        Disclosure.objects.published().filter(village_id__in=village_codes).exclude(period="")
        .values("village_id", "item_id", "period").order_by().annotate(first=Min("published_at"))
    )
    for row in rows:
        result[row["village_id"]][(row["item_id"], row["period"])] = row["first"]
    return result


def calendars_for(villages, now=None):
    now = now or timezone.now()
    codes = [village.code for village in villages]
    items = items_by_county(code[:COUNTY_LENGTH] for code in codes)
    published = first_publications(codes)
    return [
        build_calendar(village, items.get(village.code[:COUNTY_LENGTH], []), published.get(village.code, {}), now)
        for village in villages
    ]


def village_calendar(village, now=None):
    return calendars_for([village], now)[0]


def overdue_questions_by_village(village_codes, now=None):
    rows = (
        Question.objects.filter(village_id__in=village_codes).overdue(now)
        .values("village_id").order_by().annotate(count=Count("id"))
    )
    return {row["village_id"]: row["count"] for row in rows}


def compliance_of(region, now=None):
    """One row per village under a township (or county): its calendar and overdue answers."""
    now = now or timezone.now()
    villages = list(Region.objects.villages().within(region.code).order_by("code"))
    calendars = calendars_for(villages, now)
    late_answers = overdue_questions_by_village([village.code for village in villages], now)
    overdue_question_list = (
        Question.objects.filter(village_id__in=[village.code for village in villages]).overdue(now)
        .select_related("disclosure", "village").order_by("deadline")[:200]
    )
    return {
        "rows": [
            {"village": calendar.village, "calendar": calendar,
             "overdue_questions": late_answers.get(calendar.village.code, 0)}
            for calendar in calendars
        ],
        "overdue_questions": list(overdue_question_list),
    }


def compliance_region_for(user, code=None):
    """The township or county whose compliance the user looks at: the asked one (404 outside
    the user's posts), else the region of the user's first post holding the capability."""
    from xiangzhi.accounts.permissions import posts_with_capability, require_capability

    require_capability(user, COMPLIANCE)
    if not code:
        code = posts_with_capability(user, COMPLIANCE)[0].region_id
    region = Region.objects.filter(code=code).first()
    if region is None or len(region.code) >= VILLAGE_LENGTH:
        raise Http404(_("未找到该乡镇。"))
    require(user, COMPLIANCE, region.code)
    return region


def village_for_calendar(user, code=None, capability="disclosure.view"):
    """The village whose calendar the user looks at (404 outside scope)."""
    from xiangzhi.accounts.permissions import posts_with_capability, require_capability

    require_capability(user, capability)
    if not code:
        village_posts = [post for post in posts_with_capability(user, capability)
                         if len(post.region_id) >= VILLAGE_LENGTH]
        if not village_posts:
            raise Http404(_("请选择村。"))
        code = village_posts[0].region_id[:VILLAGE_LENGTH]
    village = Region.objects.filter(code=code, level=Level.VILLAGE).first()
    if village is None:
        raise Http404(_("未找到该村。"))
    require(user, capability, village.code)
    return village
