"""三会一课 and 组织生活: the meetings party organisations hold, who attended, their photos, and each
county's schedule of what is due how often (the compliance calendar reads it)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from xiangzhi.core.scope import ScopedQuerySet

PARTYLIFE_VIEW = "partylife.view"
PARTYLIFE_RECORD = "partylife.record"
PARTYLIFE_CONFIG = "partylife.config"


class MeetingKind(models.TextChoices):
    BRANCH_ASSEMBLY = "branch_assembly", _("支部党员大会")
    COMMITTEE = "committee", _("支委会")
    GROUP = "group", _("党小组会")
    LECTURE = "lecture", _("党课")
    THEME_DAY = "theme_day", _("主题党日")
    LIFE_MEETING = "life_meeting", _("组织生活会")
    APPRAISAL = "appraisal", _("民主评议党员")


class Frequency(models.TextChoices):
    MONTHLY = "month", _("每月")
    QUARTERLY = "quarter", _("每季度")
    YEARLY = "year", _("每年")
    NONE = "none", _("不作要求")


# The national rules (《中国共产党支部工作条例(试行)》) a county keeps unless it sets its own.
DEFAULT_SCHEDULE = {
    MeetingKind.BRANCH_ASSEMBLY: Frequency.QUARTERLY,
    MeetingKind.COMMITTEE: Frequency.MONTHLY,
    MeetingKind.GROUP: Frequency.MONTHLY,
    MeetingKind.LECTURE: Frequency.QUARTERLY,
    MeetingKind.THEME_DAY: Frequency.MONTHLY,
    MeetingKind.LIFE_MEETING: Frequency.YEARLY,
    MeetingKind.APPRAISAL: Frequency.YEARLY,
}


class Meeting(models.Model):
    """One meeting of a party organisation (党委, 党总支, 党支部 or 党小组)."""

    view_capability = PARTYLIFE_VIEW

    organisation = models.ForeignKey(
        "people.Organisation", verbose_name=_("党组织"), on_delete=models.PROTECT, related_name="party_meetings",
    )
    kind = models.CharField(_("会议类型"), max_length=20, choices=MeetingKind.choices)
    held_on = models.DateField(_("会议日期"))
    topic = models.CharField(_("议题/主题"), max_length=200)
    minutes = models.TextField(_("会议记录"), blank=True)
    # The organisation's region, so that lists filter by scope without a join.
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("所在区划"), on_delete=models.PROTECT, db_column="region_code",
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("组织生活会议")
        verbose_name_plural = _("组织生活会议")
        ordering = ["-held_on", "-id"]
        indexes = [
            models.Index(fields=["region", "held_on"], name="partylife_meeting_region_day"),
            models.Index(fields=["organisation", "kind", "held_on"], name="partylife_meeting_org_kind"),
        ]

    def __str__(self):
        return f"{self.held_on} {self.get_kind_display()} {self.topic}"


class Attendance(models.Model):
    """One member of the organisation at one meeting: present, or absent (excused or not)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="attendances")
    member = models.ForeignKey(
        "party.PartyMember", verbose_name=_("党员"), on_delete=models.PROTECT, related_name="meeting_attendances",
    )
    present = models.BooleanField(_("出席"), default=False)
    excused = models.BooleanField(_("请假"), default=False)

    class Meta:
        verbose_name = _("参会情况")
        verbose_name_plural = _("参会情况")
        ordering = ["meeting_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="partylife_attendance_once"),
        ]


class MeetingPhoto(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="photos")
    image = models.FileField(_("照片"), upload_to="partylife/photos/%Y/%m/")
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("会议照片")
        verbose_name_plural = _("会议照片")
        ordering = ["id"]


class ScheduleRule(models.Model):
    """A county's own frequency for one kind of meeting; a kind without a row keeps the default."""

    county = models.ForeignKey(
        "regions.Region", verbose_name=_("县"), on_delete=models.PROTECT, db_column="county_code", related_name="+",
    )
    kind = models.CharField(_("会议类型"), max_length=20, choices=MeetingKind.choices)
    frequency = models.CharField(_("频次"), max_length=10, choices=Frequency.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("会议频次要求")
        verbose_name_plural = _("会议频次要求")
        constraints = [models.UniqueConstraint(fields=["county", "kind"], name="partylife_schedule_once")]
