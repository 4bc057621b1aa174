"""Reads of the public portal: published disclosures only, in a few queries per page."""

from collections import defaultdict

from django.db.models import Count, Q

from xiangzhi.disclosure import disclosures
from xiangzhi.disclosure.compliance import calendars_for
from xiangzhi.disclosure.models import Disclosure
from xiangzhi.regions.models import Level, Region

LEVEL_BELOW = {Level.PROVINCE: Level.CITY, Level.CITY: Level.COUNTY}


def current_disclosures(village_code):
    """The latest published disclosure of each catalogue item, each with its published
    corrections next to it (both stay visible), grouped by category; badges attached."""
    from xiangzhi.translog.log import entries_for

    published = list(disclosures.public_disclosures(village_code).order_by("-published_at", "-id"))
    corrections = defaultdict(list)
    latest = {}
    for disclosure in published:
        if disclosure.corrects_id:
            corrections[disclosure.corrects_id].append(disclosure)
        elif disclosure.item_id not in latest:
            latest[disclosure.item_id] = disclosure
    shown = list(latest.values())
    for disclosure in shown:
        disclosure.published_corrections = sorted(corrections.get(disclosure.pk, []), key=lambda d: d.published_at)
    every = [*shown, *(c for d in shown for c in d.published_corrections)]
    entries = entries_for(every, disclosures.LOG_KIND)
    for disclosure in every:
        disclosure.log_entry = entries.get(disclosure.pk)
    groups = defaultdict(list)
    for disclosure in sorted(shown, key=lambda d: (d.item.order, d.item_id)):
        groups[disclosure.item.get_category_display()].append(disclosure)
    return list(groups.items())


def village_index(region):
    """Rows for a township's or county's index: each village, its published count and its
    overdue items. Above a county: the child regions, linked."""
    if region.level in LEVEL_BELOW:
        return [{"region": child, "published": None, "overdue": None}
                for child in Region.objects.filter(parent=region).order_by("code")]
    villages = list(Region.objects.villages().within(region.code).select_related("parent").order_by("code"))
    counts = dict(
        Disclosure.objects.published().filter(village_id__in=[v.code for v in villages])
        .values("village_id").order_by().annotate(count=Count("id", filter=Q())).values_list("village_id", "count")
    )
    calendars = calendars_for(villages)
    return [
        {"region": calendar.village, "published": counts.get(calendar.village.code, 0),
         "overdue": len(calendar.overdue)}
        for calendar in calendars
    ]
