"""党员联系农户台账: every household link in force at some time in the period, in the unit."""

from django.db.models import Prefetch, Q

from xiangzhi.ledgers.registry import DATE_FORMAT, Column, Ledger, register
from xiangzhi.people.models import Relation, Resident

from .models import HouseholdLink


def link_rows(region_code, period):
    heads = Prefetch(
        "household__residents", queryset=Resident.objects.filter(relation=Relation.HEAD).order_by("id"),
        to_attr="heads",
    )
    links = (
        HouseholdLink.objects.within(region_code)
        .filter(Q(linked_on__lte=period.last), Q(ended_on__isnull=True) | Q(ended_on__gte=period.first))
        .select_related("region", "household", "member__resident", "member__organisation")
        .prefetch_related(heads)
        .order_by("region_id", "household_id", "linked_on", "id")
    )
    for link in links:
        household = link.household
        yield (
            link.region.name,
            str(household),
            "、".join(resident.name for resident in household.heads),
            household.address,
            link.member.resident.name,
            link.member.organisation.name,
            link.linked_on,
            link.ended_on,
        )


register(Ledger(
    key="party.household_links",
    title="党员联系农户台账",
    module="party",
    period_kind="quarter",
    capability="party.view",
    columns=(
        Column("屯/村", 12), Column("户编号", 10), Column("户主", 8), Column("住址", 18),
        Column("联系党员", 8), Column("所在党组织", 18), Column("联系开始", 11, DATE_FORMAT),
        Column("联系结束", 11, DATE_FORMAT),
    ),
    rows=link_rows,
    order=95,
))
