"""小微权力运行台账: each case of a listed power started in the unit in the period, with its
current step, deadline and result."""

from xiangzhi.ledgers.registry import DATETIME_FORMAT, Column, Ledger, register

from .models import CaseState, PowerCase


def _on_time(case):
    if case.state != CaseState.CONCLUDED or case.overall_deadline is None:
        return ""
    return "是" if case.concluded_at <= case.overall_deadline else "否"


def case_rows(region_code, period):
    cases = (
        PowerCase.objects.within(region_code)
        .filter(created_at__gte=period.starts, created_at__lt=period.ends)
        .select_related("region", "item", "current_step", "created_by")
        .order_by("created_at", "id")
    )
    for case in cases:
        yield (
            case.created_at,
            case.region.name,
            case.item.code,
            case.item.name,
            case.item.get_category_display(),
            case.applicant_name,
            case.subject,
            case.current_step.name if case.current_step_id and case.state == CaseState.IN_PROGRESS else "",
            case.overall_deadline,
            case.concluded_at,
            case.get_result_display() if case.result else "",
            case.result_text,
            str(case.state_label),
            _on_time(case),
            str(case.created_by),
        )


register(Ledger(
    key="powers.cases",
    title="小微权力运行台账",
    module="powers",
    period_kind="quarter",
    capability="power.view",
    columns=(
        Column("受理时间", 16, DATETIME_FORMAT), Column("村", 12), Column("事项编号", 7), Column("事项名称", 18),
        Column("类别", 10), Column("申请人", 8), Column("事由摘要", 24), Column("当前步骤", 12),
        Column("办结期限", 16, DATETIME_FORMAT), Column("办结时间", 16, DATETIME_FORMAT), Column("办理结果", 8),
        Column("结果说明", 20), Column("状态", 8), Column("按时办结", 7), Column("受理人", 8),
    ),
    rows=case_rows,
    order=80,
))
