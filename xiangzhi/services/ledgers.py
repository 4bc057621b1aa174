"""便民服务代办台账: one row per application of the village submitted in the month, with who
applied (本人 or the 代办员), the item, dates, state and whether it was on time."""

from django.utils import timezone

from xiangzhi.ledgers.registry import DATE_FORMAT, Column, Ledger, register

from .models import VIEW, Application


def application_rows(region_code, period):
    applications = (
        Application.objects.within(region_code)
        .filter(submitted_at__gte=period.starts, submitted_at__lt=period.ends)
        .select_related("region", "item", "applicant", "proxy", "office")
        .order_by("region_id", "submitted_at", "id")
    )
    for app in applications:
        on_time = app.on_time
        yield (
            app.region.name,
            app.pk,
            app.item.name,
            app.applicant.name,
            (app.proxy.full_name or app.proxy.username) if app.proxy_id else "本人",
            timezone.localdate(app.submitted_at),
            timezone.localdate(app.deadline) if app.deadline else None,
            timezone.localdate(app.finished_at) if app.finished_at else None,
            str(app.state_label),
            app.office.name,
            "" if on_time is None else ("是" if on_time else "否"),
        )


register(Ledger(
    key="services.applications",
    title="便民服务代办台账",
    module="services",
    period_kind="month",
    capability=VIEW,
    columns=(
        Column("村", 14), Column("编号", 8, "0"), Column("服务事项", 24), Column("申请人", 8), Column("代办员", 10),
        Column("提交日期", 12, DATE_FORMAT), Column("办理期限", 12, DATE_FORMAT), Column("办结日期", 12, DATE_FORMAT),
        Column("状态", 10), Column("当前/办结单位", 14), Column("按期", 6),
    ),
    rows=application_rows,
    order=90,
))
