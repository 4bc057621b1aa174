"""Meetings of the bodies that decide (村民会议, 村民代表会议 …), their attendance, votes and
resolutions, the quorum rules they are held to, village representatives and convening requests.

Rosters are not stored here: a body's members are people.Membership rows of the village's
organisations (村民委员会, 村务监督委员会, 党组织, 屯 bodies), plus the representatives kept
below; see rosters.py.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xiangzhi.core.scope import ScopedQuerySet

VIEW = "assembly.view"


class Body(models.TextChoices):
    VILLAGERS_ASSEMBLY = "villagers_assembly", _("村民会议")
    REPRESENTATIVES = "representatives", _("村民代表会议")
    VILLAGER_GROUP = "villager_group", _("村民小组会议")
    HOUSEHOLD_HEADS = "household_heads", _("屯户主会")
    PARTY_MEMBERS = "party_members", _("党员大会")
    TWO_COMMITTEES = "two_committees", _("村“两委”联席会议")
    PARTY_ORGANISATION = "party_organisation", _("村党组织会议")
    VILLAGE_COMMITTEE = "village_committee", _("村民委员会会议")
    SUPERVISION = "supervision", _("村务监督委员会会议")
    TUN_COUNCIL = "tun_council", _("屯务理事会会议")


class MeetingState(models.TextChoices):
    PLANNED = "planned", _("筹备中")
    HELD = "held", _("已召开")


class Meeting(models.Model):
    view_capability = VIEW

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("村/屯"), on_delete=models.PROTECT,
        db_column="region_code", related_name="+",
    )
    body = models.CharField(_("会议类型"), max_length=30, choices=Body.choices)
    # The body whose roster is called (a 村民小组, a 屯's 户主会 or 屯务理事会); optional
    # where the village has one such body.
    organisation = models.ForeignKey(
        "people.Organisation", verbose_name=_("组织"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    title = models.CharField(_("会议名称"), max_length=200)
    agenda = models.TextField(_("议程"), blank=True)
    notice_on = models.DateField(_("通知日期"))
    meets_on = models.DateField(_("会议日期"))
    held_at = models.DateTimeField(_("召开时间"), null=True, blank=True)
    place = models.CharField(_("地点"), max_length=200, blank=True)
    minutes = models.TextField(_("会议记录"), blank=True)
    state = models.CharField(_("状态"), max_length=16, choices=MeetingState.choices, default=MeetingState.PLANNED)
    # 村民会议 attendance is counted, not ticked name by name.
    voters_present = models.PositiveIntegerField(_("到会村民(18周岁以上)"), null=True, blank=True)
    households_present = models.PositiveIntegerField(_("到会户代表"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("会议")
        verbose_name_plural = _("会议")
        ordering = ["-meets_on", "-id"]
        indexes = [models.Index(fields=["region", "meets_on"], name="meeting_region_date")]

    def __str__(self):
        return self.title

    @property
    def is_held(self):
        return self.state == MeetingState.HELD

    @property
    def counts_attendance(self):
        """村民会议: attendance is two counts; every other body signs in name by name."""
        return self.body == Body.VILLAGERS_ASSEMBLY


class Attendance(models.Model):
    view_capability = VIEW
    scope_fields = ("meeting__region",)

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    resident = models.ForeignKey("people.Resident", verbose_name=_("参会人"), on_delete=models.PROTECT, related_name="+")
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("签到")
        verbose_name_plural = _("签到")
        ordering = ["meeting_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "resident"], name="attendance_once_per_meeting"),
        ]


class Resolution(models.Model):
    view_capability = VIEW
    scope_fields = ("meeting__region",)

    meeting = models.ForeignKey(Meeting, verbose_name=_("会议"), on_delete=models.PROTECT, related_name="resolutions")
    motion = models.TextField(_("表决事项"))
    eligible = models.PositiveIntegerField(_("应到"))
    present = models.PositiveIntegerField(_("实到"))
    in_favour = models.PositiveIntegerField(_("赞成"))
    against = models.PositiveIntegerField(_("反对"), default=0)
    abstain = models.PositiveIntegerField(_("弃权"), default=0)
    passed = models.BooleanField(_("通过"))
    rule = models.TextField(_("适用规则"))
    outcome = models.TextField(_("表决结果说明"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("记录人"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("决议")
        verbose_name_plural = _("决议")
        ordering = ["meeting_id", "id"]

    def __str__(self):
        return self.motion[:60]

    @property
    def region_code(self):
        return self.meeting.region_id


class MotionState(models.TextChoices):
    OPEN = "open", _("投票中")
    CLOSED = "closed", _("已计票")


class Motion(models.Model):
    """A question put to a small body, voted on person by person (one ballot each)."""

    view_capability = VIEW
    scope_fields = ("meeting__region",)

    meeting = models.ForeignKey(Meeting, verbose_name=_("会议"), on_delete=models.PROTECT, related_name="motions")
    text = models.TextField(_("表决事项"))
    state = models.CharField(_("状态"), max_length=10, choices=MotionState.choices, default=MotionState.OPEN)
    resolution = models.OneToOneField(
        Resolution, null=True, blank=True, on_delete=models.PROTECT, related_name="motion_record"
    )
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("表决动议")
        verbose_name_plural = _("表决动议")
        ordering = ["meeting_id", "id"]

    def __str__(self):
        return self.text[:60]


class Choice(models.TextChoices):
    FOR = "for", _("赞成")
    AGAINST = "against", _("反对")
    ABSTAIN = "abstain", _("弃权")


class Ballot(models.Model):
    view_capability = VIEW
    scope_fields = ("motion__meeting__region",)

    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="ballots")
    resident = models.ForeignKey("people.Resident", verbose_name=_("投票人"), on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(_("表决意见"), max_length=10, choices=Choice.choices)
    cast_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    cast_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("选票")
        verbose_name_plural = _("选票")
        ordering = ["motion_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["motion", "resident"], name="ballot_once_per_motion"),
        ]


class Comparison(models.TextChoices):
    MORE_THAN = "gt", _("以上(不含本数)")
    AT_LEAST = "gte", _("以上(含本数)")


class QuorumBase(models.TextChoices):
    MEMBERS = "members", _("组成人员/应到人数")
    VOTERS = "voters", _("年满十八周岁的村民")
    HOUSEHOLDS = "households", _("户")


class PassBase(models.TextChoices):
    PRESENT = "present", _("到会人员")
    ELIGIBLE = "eligible", _("应到人员/全体组成人员")


class QuorumRule(models.Model):
    """How many must attend and how many must agree, as exact fractions.

    county null: the platform default (seeded by migration); a county's own row overrides it.
    quorum_numerator 0 means the body has no attendance requirement of its own.
    The optional second route (alt_*) is the 村民会议's "or ≥ 2/3 of household representatives".
    """

    view_capability = VIEW
    scope_fields = ("county",)

    county = models.ForeignKey(
        "regions.Region", verbose_name=_("县"), null=True, blank=True, on_delete=models.PROTECT,
        db_column="county_code", related_name="+",
    )
    body = models.CharField(_("会议类型"), max_length=30, choices=Body.choices)
    quorum_numerator = models.PositiveSmallIntegerField(_("出席比例分子"))
    quorum_denominator = models.PositiveSmallIntegerField(_("出席比例分母"))
    quorum_comparison = models.CharField(_("出席比较"), max_length=3, choices=Comparison.choices)
    quorum_base = models.CharField(_("出席基数"), max_length=12, choices=QuorumBase.choices, default=QuorumBase.MEMBERS)
    alt_quorum_numerator = models.PositiveSmallIntegerField(_("另一出席比例分子"), null=True, blank=True)
    alt_quorum_denominator = models.PositiveSmallIntegerField(_("另一出席比例分母"), null=True, blank=True)
    alt_quorum_comparison = models.CharField(_("另一出席比较"), max_length=3, choices=Comparison.choices, blank=True)
    alt_quorum_base = models.CharField(_("另一出席基数"), max_length=12, choices=QuorumBase.choices, blank=True)
    pass_numerator = models.PositiveSmallIntegerField(_("通过比例分子"))
    pass_denominator = models.PositiveSmallIntegerField(_("通过比例分母"))
    pass_comparison = models.CharField(_("通过比较"), max_length=3, choices=Comparison.choices)
    pass_base = models.CharField(_("通过基数"), max_length=12, choices=PassBase.choices, default=PassBase.PRESENT)
    legal_basis = models.TextField(_("法律依据"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("议事规则")
        verbose_name_plural = _("议事规则")
        ordering = ["county_id", "body"]
        constraints = [
            models.UniqueConstraint(fields=["county", "body"], name="quorum_rule_once_per_county"),
            models.UniqueConstraint(
                fields=["body"], condition=Q(county__isnull=True), name="quorum_rule_one_default"
            ),
        ]

    def __str__(self):
        return self.get_body_display()


class Representative(models.Model):
    """村民代表: represents 5–15 households, or one 村民小组."""

    view_capability = VIEW
    scope_fields = ("village",)

    resident = models.ForeignKey("people.Resident", verbose_name=_("代表"), on_delete=models.PROTECT, related_name="+")
    village = models.ForeignKey(
        "regions.Region", verbose_name=_("村"), on_delete=models.PROTECT,
        db_column="village_code", related_name="+",
    )
    starts_on = models.DateField(_("任期开始"))
    ends_on = models.DateField(_("任期结束"), null=True, blank=True)
    households = models.ManyToManyField("people.Household", verbose_name=_("联系户"), blank=True, related_name="+")
    group = models.ForeignKey(
        "people.Organisation", verbose_name=_("代表的村民小组"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("村民代表")
        verbose_name_plural = _("村民代表")
        ordering = ["village_id", "starts_on", "id"]

    def __str__(self):
        return str(self.resident)


class ConveningState(models.TextChoices):
    OPEN = "open", _("征集联名中")
    CONVENED = "convened", _("已召集")


class ConveningRequest(models.Model):
    """Villagers asking for a 村民会议 or a 村民代表会议 to be convened."""

    view_capability = VIEW

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("村"), on_delete=models.PROTECT,
        db_column="region_code", related_name="+",
    )
    body = models.CharField(_("提请召开"), max_length=30, choices=Body.choices)
    purpose = models.TextField(_("提议事项"))
    state = models.CharField(_("状态"), max_length=10, choices=ConveningState.choices, default=ConveningState.OPEN)
    threshold_reached_at = models.DateTimeField(_("达到法定人数时间"), null=True, blank=True)
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("提请召开会议")
        verbose_name_plural = _("提请召开会议")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.purpose[:60]


class ConveningSignature(models.Model):
    view_capability = VIEW
    scope_fields = ("request__region",)

    request = models.ForeignKey(ConveningRequest, on_delete=models.CASCADE, related_name="signatures")
    resident = models.ForeignKey("people.Resident", on_delete=models.PROTECT, related_name="+")
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["request_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["request", "resident"], name="convening_signature_once"),
        ]


class MeetingAttachment(models.Model):
    """Minutes scans, sign-in sheets, photos: files kept with a meeting (checked as workflow attachments are)."""

    view_capability = VIEW
    scope_fields = ("meeting__region",)

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("附件"), upload_to="assembly/%Y/%m/")
    name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("会议附件")
        verbose_name_plural = _("会议附件")
        ordering = ["meeting_id", "id"]
