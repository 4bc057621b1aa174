"""四议两公开台账: each matter the village registered or moved forward in the period, with the
meeting and vote of each of ①–④ (current round) and the dates of the two notices ⑤⑥."""

from django.db.models import Prefetch, Q

from xiangzhi.ledgers.registry import DATETIME_FORMAT, YUAN_FORMAT, Column, Ledger, register, yuan

from .models import Matter, MatterStep, Notice, NoticeKind, Step


def _step_cell(step):
    if step is None:
        return ""
    resolution = step.resolution
    verdict = "通过" if step.passed else "未通过"
    return (f"{resolution.meeting.meets_on:%Y-%m-%d} {verdict}"
            f"（应到{resolution.eligible} 实到{resolution.present} 赞成{resolution.in_favour}）")


def matter_rows(region_code, period):
    in_period = (
        Q(created_at__gte=period.starts, created_at__lt=period.ends)
        | Q(steps__recorded_at__gte=period.starts, steps__recorded_at__lt=period.ends)
        | Q(notices__published_at__gte=period.starts, notices__published_at__lt=period.ends)
    )
    ids = Matter.objects.within(region_code).filter(in_period).values("pk")
    matters = (
        Matter.objects.filter(pk__in=ids)
        .select_related("village", "item")
        .prefetch_related(
            Prefetch("steps", queryset=MatterStep.objects.select_related("resolution__meeting")),
            Prefetch("notices", queryset=Notice.objects.all()),
        )
        .order_by("village_id", "created_at", "id")
    )
    for matter in matters:
        steps = {step.step: step for step in matter.steps.all() if step.round == matter.round}
        notices = {notice.kind: notice.published_at for notice in matter.notices.all()}
        yield (
            matter.village.name,
            matter.title,
            matter.item.name if matter.item_id else "",
            yuan(matter.amount_fen),
            matter.created_at,
            *(_step_cell(steps.get(step)) for step in Step.values),
            notices.get(NoticeKind.RESOLUTION),
            notices.get(NoticeKind.RESULT),
            matter.state_label,
        )


register(Ledger(
    key="matters.four_two",
    title="四议两公开台账",
    module="matters",
    period_kind="year",
    capability="matter.view",
    columns=(
        Column("村", 14), Column("事项名称", 24), Column("协商目录项", 18), Column("涉及金额(元)", 12, YUAN_FORMAT),
        Column("登记时间", 16, DATETIME_FORMAT),
        Column("①村党组织提议", 22), Column("②“两委”会议商议", 22), Column("③党员大会审议", 22),
        Column("④村民(代表)会议决议", 22),
        Column("⑤决议公开时间", 16, DATETIME_FORMAT), Column("⑥实施结果公开时间", 16, DATETIME_FORMAT),
        Column("状态", 16),
    ),
    rows=matter_rows,
    order=20,
))
