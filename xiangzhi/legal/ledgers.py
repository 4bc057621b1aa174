"""法律明白人台账: the village's 法律明白人 registered by the end of the period, with the
trainings each attended in the period."""

from django.db.models import Prefetch
from django.utils import timezone

from xiangzhi.ledgers.registry import DATE_FORMAT, Column, Ledger, register

from .models import LEGAL_VIEW, LegalLiterate, Training


def literate_rows(region_code, period):
    trainings = Prefetch(
        "trainings", queryset=Training.objects.filter(date__range=(period.first, period.last)).order_by("date", "id"),
        to_attr="period_trainings",
    )
    literates = (
        LegalLiterate.objects.within(region_code)
        .filter(created_at__lt=period.ends)
        .select_related("region", "resident__region")
        .prefetch_related(trainings)
        .order_by("region_id", "id")
    )
    for literate in literates:
        resident = literate.resident
        attended = literate.period_trainings
        yield (
            literate.region.name,
            resident.name,
            resident.get_gender_display(),
            resident.region.name,
            literate.trained_on,
            timezone.localdate(literate.created_at),
            len(attended),
            sum(training.hours for training in attended),
            "；".join(f"{training.date:%m-%d} {training.topic}" for training in attended),
        )


register(Ledger(
    key="legal.literates",
    title="法律明白人台账",
    module="legal",
    period_kind="year",
    capability=LEGAL_VIEW,
    columns=(
        Column("村", 14), Column("姓名", 8), Column("性别", 5), Column("所在屯", 12),
        Column("培训合格日期", 12, DATE_FORMAT), Column("登记日期", 12, DATE_FORMAT),
        Column("本期培训次数", 8, "0"), Column("本期培训学时", 8, "0.0"), Column("本期培训内容", 36),
    ),
    rows=literate_rows,
    order=60,
))
