"""村务公开台账: every disclosure the village published in the period, as published."""

from xiangzhi.ledgers.registry import DATETIME_FORMAT, Column, Ledger, register

from .models import Disclosure


def disclosure_rows(region_code, period):
    disclosures = (
        Disclosure.objects.published().within(region_code)
        .filter(published_at__gte=period.starts, published_at__lt=period.ends)
        .select_related("village", "item", "drafted_by", "countersigned_by", "published_by", "corrects")
        .order_by("village_id", "published_at", "id")
    )
    for disclosure in disclosures:
        yield (
            disclosure.village.name,
            disclosure.item.get_category_display(),
            disclosure.item.name,
            disclosure.period,
            disclosure.title,
            str(disclosure.drafted_by),
            str(disclosure.countersigned_by or ""),
            disclosure.countersigned_at,
            str(disclosure.published_by or ""),
            disclosure.published_at,
            f"更正《{disclosure.corrects.title}》" if disclosure.corrects_id else "",
        )


register(Ledger(
    key="disclosure.disclosures",
    title="村务公开台账",
    module="disclosure",
    period_kind="quarter",
    capability="disclosure.view",
    columns=(
        Column("村", 14), Column("类别", 6), Column("公开目录项", 16), Column("公开期间", 14),
        Column("标题", 28), Column("拟稿人", 8), Column("会签人(监委会)", 10),
        Column("会签时间", 16, DATETIME_FORMAT), Column("发布人", 8),
        Column("发布时间", 16, DATETIME_FORMAT), Column("备注", 16),
    ),
    rows=disclosure_rows,
    order=10,
))
