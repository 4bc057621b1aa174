"""三会一课台账: every meeting held in the unit in the period, by date, with attendance and absentees."""

from django.db.models import Prefetch

from xiangzhi.ledgers.registry import DATE_FORMAT, Column, Ledger, register

from .models import Attendance, Meeting


def meeting_rows(region_code, period):
    attendances = Prefetch(
        "attendances", queryset=Attendance.objects.select_related("member__resident").order_by("id"),
    )
    meetings = (
        Meeting.objects.within(region_code).filter(held_on__range=(period.first, period.last))
        .select_related("organisation").prefetch_related(attendances).order_by("held_on", "id")
    )
    for meeting in meetings:
        rows = list(meeting.attendances.all())
        present = sum(1 for row in rows if row.present)
        absentees = "、".join(
            f"{row.member.resident.name}(请假)" if row.excused else row.member.resident.name
            for row in rows if not row.present
        )
        yield (
            meeting.held_on, meeting.get_kind_display(), meeting.organisation.name, meeting.topic,
            f"{present}/{len(rows)}", absentees,
        )


register(Ledger(
    key="party.three_meetings",
    title="三会一课台账",
    module="partylife",
    period_kind="quarter",
    capability="partylife.view",
    columns=(
        Column("会议日期", 11, DATE_FORMAT), Column("会议类型", 12), Column("党组织", 18), Column("议题", 36),
        Column("出席/应到", 10), Column("缺席人员", 30),
    ),
    rows=meeting_rows,
    order=96,
))
