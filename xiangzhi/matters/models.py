"""四议两公开: the county's 村级协商目录, the matters (事项) a village decides through the
procedure, each step's meeting record, the implementation milestones and the two public
notices (决议公开, 实施结果公开).

Amounts are integers in 分. A matter's `village` column is the village code, so scope is a
code prefix (core/scope.py).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xiangzhi.core.catalogues import CountyCatalogueItem, CountyCatalogueQuerySet
from xiangzhi.core.scope import ScopedQuerySet
from xiangzhi.core.workflow import WorkflowQuerySet, WorkflowSubject

VIEW = "matter.view"


# --- 村级协商目录 ----------------------------------------------------------------------------


class CatalogueItem(CountyCatalogueItem, models.Model):
    """One line of the 村级协商目录. Region-wide defaults (region "45", 村民委员会组织法 Art. 24)
    come with the platform; a county adds its own, and changes or retires a region-wide item
    for itself with its own row that names it in `replaces`."""

    scope_fields = ("region_code",)
    view_capability = VIEW

    # A code, not a foreign key: the region-wide defaults are seeded by a migration, before any
    # region is loaded.
    region_code = models.CharField(_("适用区划"), max_length=15, db_index=True)
    name = models.CharField(_("名称"), max_length=100)
    legal_basis = models.TextField(_("依据"), blank=True)
    # "金额超过县定标准的事项": a matter whose amount is above it falls under this item.
    threshold_fen = models.BigIntegerField(_("金额标准(分)"), null=True, blank=True)
    # The 重大事项备案 kind (finance.FilingKind) this item covers: a filing of that kind with no
    # matter behind it shows as a bypass to the township.
    filing_kind = models.CharField(_("对应备案类别"), max_length=30, blank=True, default="")
    active = models.BooleanField(_("启用"), default=True)
    order = models.PositiveIntegerField(_("排序"), default=100)
    replaces = models.ForeignKey(
        "self", verbose_name=_("替代的全区目录项"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="replacements",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CountyCatalogueQuerySet.as_manager()

    class Meta:
        verbose_name = _("村级协商目录项")
        verbose_name_plural = _("村级协商目录项")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["region_code", "replaces"], name="matter_catalogue_replace_once"),
            models.CheckConstraint(
                condition=Q(threshold_fen__isnull=True) | Q(threshold_fen__gt=0), name="matter_threshold_positive"
            ),
        ]

    def __str__(self):
        return self.name




# --- 事项 ------------------------------------------------------------------------------------


class MatterState(models.TextChoices):
    PROPOSAL = "proposal", _("待村党组织提议(①)")
    PROPOSED = "proposed", _("待“两委”商议(②)")
    DELIBERATED = "deliberated", _("待党员大会审议(③)")
    REVIEWED = "reviewed", _("待村民(代表)会议决议(④)")
    RESOLVED = "resolved", _("待决议公开(⑤)")
    IMPLEMENTING = "implementing", _("实施中")
    IMPLEMENTED = "implemented", _("已实施,待结果公开(⑥)")
    CLOSED = "closed", _("已办结")
    ABANDONED = "abandoned", _("已终止")


class Step(models.IntegerChoices):
    PROPOSAL = 1, _("① 村党组织提议")
    DELIBERATION = 2, _("② 村“两委”会议商议")
    REVIEW = 3, _("③ 党员大会审议")
    DECISION = 4, _("④ 村民会议或村民代表会议决议")


class MatterQuerySet(WorkflowQuerySet):
    def open(self):
        return self.exclude(state__in=(MatterState.CLOSED, MatterState.ABANDONED))


class Matter(WorkflowSubject):
    """One matter of one village on its way through 四议两公开."""

    scope_fields = ("village",)
    view_capability = VIEW

    village = models.ForeignKey(
        "regions.Region", verbose_name=_("村"), on_delete=models.PROTECT, db_column="village_code", related_name="+"
    )
    title = models.CharField(_("事项名称"), max_length=200)
    description = models.TextField(_("事项说明"), blank=True)
    item = models.ForeignKey(
        CatalogueItem, verbose_name=_("协商目录项"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    amount_fen = models.BigIntegerField(_("涉及金额(分)"), default=0)
    # The 重大事项备案 this matter's decision stands behind (optional).
    filing = models.OneToOneField(
        "finance.Filing", verbose_name=_("重大事项备案"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="matter",
    )
    # A failed vote sent the matter back to ①: each attempt is one round of steps.
    round = models.PositiveSmallIntegerField(_("轮次"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now)

    objects = MatterQuerySet.as_manager()

    class Meta:
        verbose_name = _("四议两公开事项")
        verbose_name_plural = _("四议两公开事项")
        ordering = ["-created_at", "-id"]
        constraints = [models.CheckConstraint(condition=Q(amount_fen__gte=0), name="matter_amount_not_negative")]
        indexes = [models.Index(fields=["village", "state"], name="matter_village_state")]

    def __str__(self):
        return self.title

    @property
    def region_code(self):
        return self.village_id

    @property
    def state_label(self):
        return str(MatterState(self.state).label)


class MatterStep(models.Model):
    """One of ①–④, recorded by the resolution of the meeting that took it. A failed vote is a
    row too (passed False), with what the cadre decided (back to ① or closed) and why."""

    view_capability = VIEW
    scope_fields = ("matter__village",)

    matter = models.ForeignKey(Matter, on_delete=models.PROTECT, related_name="steps")
    round = models.PositiveSmallIntegerField(_("轮次"))
    step = models.PositiveSmallIntegerField(_("步骤"), choices=Step.choices)
    resolution = models.ForeignKey(
        "assembly.Resolution", verbose_name=_("会议决议"), on_delete=models.PROTECT, related_name="+"
    )
    passed = models.BooleanField(_("通过"))
    # ① and ② taken by one 两委 meeting (one person is both 书记 and 主任).
    combined = models.BooleanField(_("“两委”会议合并提议"), default=False)
    comment = models.TextField(_("说明"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("事项步骤")
        verbose_name_plural = _("事项步骤")
        ordering = ["matter_id", "round", "step", "id"]
        constraints = [
            models.UniqueConstraint(fields=["matter", "round", "step"], name="matter_step_once_per_round"),
        ]

    @property
    def step_label(self):
        return str(Step(self.step).label)


class MilestoneQuerySet(ScopedQuerySet):
    def unfinished(self):
        return self.filter(progress__lt=100)

    def overdue(self, today=None):
        return self.unfinished().filter(due_on__lt=today or timezone.localdate())


class Milestone(models.Model):
    view_capability = VIEW
    scope_fields = ("matter__village",)

    matter = models.ForeignKey(Matter, on_delete=models.PROTECT, related_name="milestones")
    title = models.CharField(_("节点"), max_length=200)
    due_on = models.DateField(_("计划完成日期"))
    progress = models.PositiveSmallIntegerField(_("完成进度(%)"), default=0)
    note = models.TextField(_("进展说明"), blank=True)
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        verbose_name = _("实施节点")
        verbose_name_plural = _("实施节点")
        ordering = ["matter_id", "due_on", "id"]
        constraints = [models.CheckConstraint(condition=Q(progress__lte=100), name="matter_milestone_progress_at_most_100")]

    def __str__(self):
        return self.title

    @property
    def is_overdue(self):
        return self.progress < 100 and self.due_on < timezone.localdate()


class NoticeKind(models.TextChoices):
    RESOLUTION = "resolution", _("决议公开")
    RESULT = "result", _("实施结果公开")


class Notice(models.Model):
    """⑤ or ⑥: a public notice, written once when published and never edited."""

    view_capability = VIEW
    scope_fields = ("matter__village",)

    matter = models.ForeignKey(Matter, on_delete=models.PROTECT, related_name="notices")
    kind = models.CharField(_("公开类别"), max_length=12, choices=NoticeKind.choices)
    text = models.TextField(_("公开内容"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发布人"), on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(_("公开时间"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("事项公开")
        verbose_name_plural = _("事项公开")
        ordering = ["-published_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["matter", "kind"], name="matter_notice_once_per_kind")]

    def __str__(self):
        return f"{self.get_kind_display()}:{self.matter.title}"

    @property
    def region_code(self):
        return self.matter.village_id
