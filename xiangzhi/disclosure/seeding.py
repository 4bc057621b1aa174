"""Demo data: a village's last few months of finance disclosures and one general item,
each taken through the real procedure (drafted, counter-signed, published into the log).

seed_disclosures(village_code, actor, *, months=3, supervisor=None, publisher=None) -> list[Disclosure]

`actor` drafts (disclosure.draft); `supervisor` counter-signs (disclosure.review) and
`publisher` publishes (disclosure.publish) — both default to `actor`, so a demo account
holding all three (or three accounts) can be passed. Periods already published are skipped,
so seeding twice adds nothing.
"""


from django.utils import timezone

from . import disclosures
from .calendar import Period, period_containing
from .catalogue import items_for_village
from .models import Cadence, Disclosure, Generator


def _publish(disclosure, actor, supervisor, publisher):
    disclosures.submit_disclosure(actor, disclosure)
    disclosures.countersign_disclosure(supervisor, Disclosure.objects.get(pk=disclosure.pk), comment="已核对")
    disclosures.publish_disclosure(publisher, Disclosure.objects.get(pk=disclosure.pk))
    return Disclosure.objects.get(pk=disclosure.pk)


def _already(village_code, item, period):
    return Disclosure.objects.published().filter(village_id=village_code, item_id__in=item.counts_for(),
                                                 period=period.label).exists()


def seed_disclosures(village_code, actor, *, months=3, supervisor=None, publisher=None):
    supervisor = supervisor or actor
    publisher = publisher or actor
    items = list(items_for_village(village_code))
    finance = next((item for item in items if item.generator == Generator.FINANCE_MONTHLY), None)
    general = next((item for item in items if item.cadence == Cadence.QUARTERLY and not item.generator), None)
    today = timezone.localdate()
    published = []
    if finance is not None:
        period = period_containing(Cadence.MONTHLY, today)
        periods = []
        for _ in range(months):
            period = period.previous()
            periods.append(period)
        for period in reversed(periods):
            if _already(village_code, finance, period):
                continue
            draft = disclosures.draft_disclosure(
                actor, village_code, item=finance, period=period.label,
                body="本月财务收支情况如下,请村民监督。如有疑问,可在本页提问或向村务监督委员会反映。",
            )
            published.append(_publish(draft, actor, supervisor, publisher))
    if general is not None:
        quarter: Period = period_containing(Cadence.QUARTERLY, today).previous()
        if not _already(village_code, general, quarter):
            draft = disclosures.draft_disclosure(
                actor, village_code, item=general, period=quarter.label,
                title=f"{quarter.label}村务公开",
                body="本季度完成村道硬化 300 米、路灯维修 12 盏;低保对象动态调整 2 户,名单已在村务公开栏张贴。",
                table={"columns": ["事项", "进展", "责任人"],
                       "rows": [["村道硬化", "已完工", "村委会"], ["路灯维修", "已完工", "村委会"],
                                ["低保动态调整", "已公示", "民政专干"]]},
            )
            published.append(_publish(draft, actor, supervisor, publisher))
    return published


