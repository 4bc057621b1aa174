"""积分制: a village's points rules (versioned, adopted by a vote), the append-only ledger of
household points, proposed awards and deductions with their evidence, and appeals.

A household's balance is always the sum of its ledger entries; an entry is never edited or
deleted: a mistake is answered by a new REVERSAL entry that refers to it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xiangzhi.core.scope import ScopedQuerySet

VIEW = "points.view"


class RuleSetState(models.TextChoices):
    DRAFT = "draft", _("草案")
    ADOPTED = "adopted", _("施行中")
    SUPERSEDED = "superseded", _("已废止")


class AdoptionBody(models.TextChoices):
    # The same values as assembly.models.Body, for the two bodies that may adopt rules.
    VILLAGERS_ASSEMBLY = "villagers_assembly", _("村民会议")
    REPRESENTATIVES = "representatives", _("村民代表会议")


class RuleSetQuerySet(ScopedQuerySet):
    def in_force(self):
        return self.filter(state=RuleSetState.ADOPTED)


class RuleSet(models.Model):
    """One version of a village's points rules (积分细则)."""

    view_capability = VIEW
    scope_fields = ("village",)

    village = models.ForeignKey(
        "regions.Region", verbose_name=_("村"), on_delete=models.PROTECT,
        db_column="region_code", related_name="points_rule_sets",
    )
    version = models.PositiveIntegerField(_("版本号"))
    title = models.CharField(_("名称"), max_length=100)
    state = models.CharField(
        _("状态"), max_length=20, choices=RuleSetState.choices, default=RuleSetState.DRAFT, db_index=True
    )
    adopted_by_body = models.CharField(_("通过机构"), max_length=30, choices=AdoptionBody.choices, blank=True)
    adopted_on = models.DateField(_("通过日期"), null=True, blank=True)
    resolution = models.ForeignKey(
        "assembly.Resolution", verbose_name=_("会议决议"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    superseded_at = models.DateTimeField(_("废止时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("起草人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RuleSetQuerySet.as_manager()

    class Meta:
        verbose_name = _("积分细则")
        verbose_name_plural = _("积分细则")
        ordering = ["village_id", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["village", "version"], name="points_ruleset_version_unique"),
            # At most one version is in force in a village at a time.
            models.UniqueConstraint(
                fields=["village"], condition=Q(state="adopted"), name="points_ruleset_one_in_force"
            ),
        ]

    def __str__(self):
        return f"{self.title}(第 {self.version} 版)"


class RuleItem(models.Model):
    """One earning or deduction item of a rule set: "参加村民会议 +2", "乱搭乱建 −10"."""

    view_capability = VIEW
    scope_fields = ("rule_set__village",)

    rule_set = models.ForeignKey(RuleSet, verbose_name=_("积分细则"), on_delete=models.PROTECT, related_name="items")
    code = models.SlugField(_("代码"), max_length=40)
    name = models.CharField(_("项目"), max_length=100)
    points = models.IntegerField(_("分值"))
    evidence_required = models.BooleanField(_("须附证据"), default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("积分项目")
        verbose_name_plural = _("积分项目")
        ordering = ["rule_set_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "code"], name="points_ruleitem_code_unique"),
            models.CheckConstraint(condition=~Q(points=0), name="points_ruleitem_points_nonzero"),
        ]

    def __str__(self):
        return f"{self.name}({self.points:+d})"


class EntryKind(models.TextChoices):
    AWARD = "award", _("加分")
    DEDUCTION = "deduction", _("扣分")
    REDEMPTION = "redemption", _("兑换")
    REFUND = "refund", _("退还")
    REVERSAL = "reversal", _("冲正")
    VOLUNTEER = "volunteer", _("志愿服务")


class EntryQuerySet(ScopedQuerySet):
    def of_household(self, household):
        return self.filter(household=household)


class PointsEntry(models.Model):
    """One line of the ledger. Append-only."""

    view_capability = VIEW
    scope_fields = ("village",)

    village = models.ForeignKey(
        "regions.Region", verbose_name=_("村"), on_delete=models.PROTECT,
        db_column="region_code", related_name="points_entries",
    )
    household = models.ForeignKey(
        "people.Household", verbose_name=_("户"), on_delete=models.PROTECT, related_name="points_entries"
    )
    points = models.IntegerField(_("积分"))
    kind = models.CharField(_("类别"), max_length=20, choices=EntryKind.choices)
    reason = models.TextField(_("事由"))
    rule_item = models.ForeignKey(
        RuleItem, verbose_name=_("积分项目"), null=True, blank=True, on_delete=models.PROTECT, related_name="entries"
    )
    refers_to = models.ForeignKey(
        "self", verbose_name=_("对应记录"), null=True, blank=True, on_delete=models.PROTECT, related_name="answers"
    )
    source_type = models.CharField(_("来源类型"), max_length=40, blank=True)
    source_id = models.CharField(_("来源编号"), max_length=40, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("记录人"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True, db_index=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("积分记录")
        verbose_name_plural = _("积分记录")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["household", "created_at"], name="points_entry_household"),
            models.Index(fields=["village", "created_at"], name="points_entry_village"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(points=0), name="points_entry_points_nonzero"),
            # An entry is reversed (or refunded) at most once.
            models.UniqueConstraint(
                fields=["refers_to", "kind"], condition=Q(refers_to__isnull=False), name="points_entry_answered_once"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.points:+d}"


class ProposalState(models.TextChoices):
    PROPOSED = "proposed", _("待评议")
    APPROVED = "approved", _("已通过")
    REJECTED = "rejected", _("未通过")


class Proposal(models.Model):
    """A cadre's proposed award or deduction, decided by the 道德评议会."""

    view_capability = VIEW
    scope_fields = ("village",)

    village = models.ForeignKey(
        "regions.Region", verbose_name=_("村"), on_delete=models.PROTECT,
        db_column="region_code", related_name="points_proposals",
    )
    household = models.ForeignKey(
        "people.Household", verbose_name=_("户"), on_delete=models.PROTECT, related_name="points_proposals"
    )
    rule_item = models.ForeignKey(RuleItem, verbose_name=_("积分项目"), on_delete=models.PROTECT, related_name="+")
    points = models.IntegerField(_("积分"))
    note = models.TextField(_("情况说明"), blank=True)
    photo = models.FileField(_("照片"), upload_to="points/evidence/%Y/%m/", blank=True)
    photo_sha256 = models.CharField(max_length=64, blank=True)
    grid_event = models.ForeignKey(
        "grid.Event", verbose_name=_("关联网格事件"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(
        _("状态"), max_length=20, choices=ProposalState.choices, default=ProposalState.PROPOSED, db_index=True
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("提议人"), on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(_("提议时间"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("评议记录人"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    decided_at = models.DateTimeField(_("评议时间"), null=True, blank=True)
    decision_note = models.TextField(_("评议意见"), blank=True)
    entry = models.OneToOneField(
        PointsEntry, verbose_name=_("积分记录"), null=True, blank=True, on_delete=models.PROTECT, related_name="proposal"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("积分提议")
        verbose_name_plural = _("积分提议")
        ordering = ["-proposed_at", "-id"]

    def __str__(self):
        return f"{self.rule_item.name} {self.points:+d}"

    @property
    def has_evidence(self):
        return bool(self.photo or self.note.strip() or self.grid_event_id)


class AppealState(models.TextChoices):
    OPEN = "open", _("待答复")
    UPHELD = "upheld", _("申诉成立")
    REJECTED = "rejected", _("申诉不成立")


class Appeal(models.Model):
    """A household's appeal against one ledger entry."""

    view_capability = VIEW
    scope_fields = ("entry__village",)

    entry = models.ForeignKey(PointsEntry, verbose_name=_("积分记录"), on_delete=models.PROTECT, related_name="appeals")
    reason = models.TextField(_("申诉理由"))
    state = models.CharField(
        _("状态"), max_length=20, choices=AppealState.choices, default=AppealState.OPEN, db_index=True
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申诉人"), on_delete=models.PROTECT, related_name="+"
    )
    filed_at = models.DateTimeField(_("申诉时间"), auto_now_add=True)
    answer = models.TextField(_("答复"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("答复人"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    reversal = models.OneToOneField(
        PointsEntry, verbose_name=_("冲正记录"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("积分申诉")
        verbose_name_plural = _("积分申诉")
        ordering = ["-filed_at", "-id"]
        constraints = [
            # One open appeal per entry at a time.
            models.UniqueConstraint(fields=["entry"], condition=Q(state="open"), name="points_appeal_one_open"),
        ]

    def __str__(self):
        return f"申诉 {self.pk}"
