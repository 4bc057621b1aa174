"""矛盾纠纷排查调处台账: each dispute that arose in (or was handled at) the unit and was registered
in the period, with its parties, the mediation and its outcome."""

from xiangzhi.ledgers.registry import DATETIME_FORMAT, YUAN_FORMAT, Column, Ledger, register, yuan

from .models import Dispute, DisputeState


def _label(choices, value):
    return str(choices(value).label) if value in choices.values else value


def dispute_rows(region_code, period):
    disputes = (
        Dispute.objects.within(region_code)
        .filter(created_at__gte=period.starts, created_at__lt=period.ends)
        .select_related("region", "handler_region", "mediator", "committee")
        .prefetch_related("parties")
        .order_by("created_at", "id")
    )
    for dispute in disputes:
        parties = "；".join(f"{party.get_role_display()}：{party.name}" for party in dispute.parties.all())
        handler = dispute.committee.name if dispute.committee_id else dispute.handler_region.name
        yield (
            dispute.pk,
            dispute.created_at,
            dispute.region.name,
            dispute.get_source_display(),
            dispute.get_dispute_type_display(),
            parties,
            dispute.summary,
            yuan(dispute.amount_fen),
            dispute.get_channel_display(),
            f"{dispute.level_label} {handler}".strip(),
            str(dispute.mediator or ""),
            _label(DisputeState, dispute.state),
            dispute.closed_at,
            dispute.outcome_note,
        )


register(Ledger(
    key="mediation.disputes",
    title="矛盾纠纷排查调处台账",
    module="mediation",
    period_kind="month",
    capability="dispute.view",
    columns=(
        Column("编号", 7), Column("登记时间", 16, DATETIME_FORMAT), Column("发生地", 12), Column("来源", 9),
        Column("纠纷类型", 10), Column("当事人", 22), Column("纠纷简要情况", 30),
        Column("涉及金额(元)", 12, YUAN_FORMAT), Column("调解方式", 10), Column("承办机构", 18),
        Column("调解员", 8), Column("调处结果", 10), Column("结案时间", 16, DATETIME_FORMAT),
        Column("结果说明", 24),
    ),
    rows=dispute_rows,
    order=30,
))
