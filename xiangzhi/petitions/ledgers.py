"""信访代办台账: each petition registered by the unit's 代办员 in the period, with its dates and state.

A ledger file travels: when the person complained about is a platform user, who may be the one
downloading it, the petitioner's name is left out (as on the pages, where only they cannot see it)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from xiangzhi.ledgers.registry import DATE_FORMAT, Column, Ledger, register

from .models import Petition


def petition_rows(region_code, period):
    today = timezone.localdate()
    petitions = (
        Petition.objects.within(region_code)
        .filter(received_on__range=(period.first, period.last))
        .select_related("region", "petitioner", "handler")
        .order_by("received_on", "id")
    )
    for petition in petitions:
        petitioner = _("信访人(已隐去)") if petition.respondent_user_id else petition.petitioner.name
        yield (
            petition.received_on,
            petition.region.name,
            petitioner,
            petition.subject,
            petition.respondent_name,
            petition.routed_to,
            petition.accepted_on,
            petition.replied_on,
            petition.reviewed_on,
            petition.rechecked_on,
            petition.get_state_display(),
            petition.due_on,
            "是" if petition.is_overdue(today) else "否",
            str(petition.handler),
        )


register(Ledger(
    key="petitions.proxy",
    title="信访代办台账",
    module="petitions",
    period_kind="quarter",
    capability="petition.view",
    columns=(
        Column("登记日期", 11, DATE_FORMAT), Column("村", 12), Column("信访人", 10), Column("事项", 22),
        Column("被反映人", 10), Column("转送机关", 14), Column("受理日期", 11, DATE_FORMAT),
        Column("书面答复日期", 11, DATE_FORMAT), Column("复查意见日期", 11, DATE_FORMAT),
        Column("复核意见日期", 11, DATE_FORMAT), Column("状态", 14), Column("当前期限", 11, DATE_FORMAT),
        Column("逾期", 5), Column("代办员", 8),
    ),
    rows=petition_rows,
    order=70,
))
