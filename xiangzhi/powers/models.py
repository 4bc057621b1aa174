"""小微权力清单: versioned lists of power items with their steps, and the cases that exercise them.

A list (一镇一单, 一村一单) belongs to a township or a village and changes only by a new
version: the active version is copied into a draft, the draft is edited and activated, and
the old version is superseded. Active and superseded versions are read-only. A case points
at the item row of the version it started under, so it keeps that version forever.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xiangzhi.accounts.models import Role
from xiangzhi.core.models import AppendOnlyModel, AppendOnlyQuerySet
from xiangzhi.core.scope import ScopedQuerySet
from xiangzhi.core.workflow import WorkflowQuerySet, WorkflowSubject
from xiangzhi.people.masking import mask_name

VIEW = "power.view"


class ListState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    ACTIVE = "active", _("现行")
    SUPERSEDED = "superseded", _("已废止")


class Category(models.TextChoices):
    LIVELIHOOD = "livelihood", _("民生保障")
    LAND = "land", _("土地管理")
    ASSETS = "assets", _("集体三资")
    PROJECTS = "projects", _("工程项目")
    AFFAIRS = "affairs", _("村务管理")
    FINANCE = "finance", _("财务管理")


class LimitUnit(models.TextChoices):
    WORKING = "working", _("工作日")
    CALENDAR = "calendar", _("自然日")


class PowerListQuerySet(ScopedQuerySet):
    def active(self):
        return self.filter(state=ListState.ACTIVE)

    def drafts(self):
        return self.filter(state=ListState.DRAFT)


class PowerList(models.Model):
    """One version of a township's or a village's power list."""

    view_capability = VIEW

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("所属区划"), on_delete=models.PROTECT,
        db_column="region_code", related_name="+",
    )
    version = models.PositiveIntegerField(_("版本"))
    state = models.CharField(_("状态"), max_length=16, choices=ListState.choices, default=ListState.DRAFT)
    based_on = models.ForeignKey(
        "self", verbose_name=_("来源版本"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    adopted_at = models.DateTimeField(_("生效时间"), null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("生效操作人"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    adoption_note = models.CharField(_("生效说明"), max_length=300, blank=True)
    superseded_at = models.DateTimeField(_("废止时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PowerListQuerySet.as_manager()

    class Meta:
        verbose_name = _("小微权力清单")
        verbose_name_plural = _("小微权力清单")
        ordering = ["region_id", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["region", "version"], name="power_list_version_once"),
            # At most one active and one draft version per place, whoever acts at the same moment.
            models.UniqueConstraint(
                fields=["region"], condition=Q(state="active"), name="power_list_one_active"
            ),
            models.UniqueConstraint(
                fields=["region"], condition=Q(state="draft"), name="power_list_one_draft"
            ),
        ]

    def __str__(self):
        return _("%(region)s小微权力清单(第 %(version)d 版)") % {
            "region": self.region.name, "version": self.version,
        }

    @property
    def is_draft(self):
        return self.state == ListState.DRAFT


class PowerItemQuerySet(ScopedQuerySet):
    def public(self):
        """Items a villager may read: marked public, in a version that was ever in force."""
        return self.filter(public=True, power_list__state__in=(ListState.ACTIVE, ListState.SUPERSEDED))


class PowerItem(models.Model):
    """One power (权力事项) in one version of a list."""

    view_capability = VIEW
    scope_fields = ("power_list__region",)

    power_list = models.ForeignKey(
        PowerList, verbose_name=_("清单"), on_delete=models.PROTECT, related_name="items"
    )
    order = models.PositiveSmallIntegerField(_("序号"), default=0)
    code = models.CharField(_("事项编号"), max_length=20)
    name = models.CharField(_("事项名称"), max_length=100)
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices)
    legal_basis = models.TextField(_("法律政策依据"))
    responsible = models.CharField(_("责任主体"), max_length=100)
    responsible_role = models.CharField(_("责任角色"), max_length=30, choices=Role.choices, blank=True)
    time_limit = models.PositiveSmallIntegerField(_("办理时限"))
    time_limit_unit = models.CharField(
        _("时限单位"), max_length=10, choices=LimitUnit.choices, default=LimitUnit.WORKING
    )
    required_evidence = models.TextField(_("所需材料"), blank=True)
    negative_list = models.TextField(_("负面清单"), blank=True, help_text=_("每行一条禁止事项。"))
    public = models.BooleanField(_("公开"), default=True)

    objects = PowerItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("权力事项")
        verbose_name_plural = _("权力事项")
        ordering = ["power_list_id", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["power_list", "code"], name="power_item_code_once_per_list"),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def region_code(self):
        return self.power_list.region_id

    def prohibitions(self):
        return [line.strip() for line in self.negative_list.splitlines() if line.strip()]

    def time_limit_label(self):
        return f"{self.time_limit} {self.get_time_limit_unit_display()}"


class PowerStep(models.Model):
    """One step of an item's procedure, in order."""

    item = models.ForeignKey(PowerItem, verbose_name=_("事项"), on_delete=models.PROTECT, related_name="steps")
    order = models.PositiveSmallIntegerField(_("顺序"))
    name = models.CharField(_("步骤名称"), max_length=60)
    responsible = models.CharField(_("责任人"), max_length=100)
    responsible_role = models.CharField(_("责任角色"), max_length=30, choices=Role.choices, blank=True)
    # 0: the step has no limit of its own (the item's overall limit still runs).
    time_limit_days = models.PositiveSmallIntegerField(_("步骤时限(天)"), default=0)
    evidence_required = models.BooleanField(_("须上传证明材料"), default=False)
    evidence_description = models.CharField(_("证明材料"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("办理步骤")
        verbose_name_plural = _("办理步骤")
        ordering = ["item_id", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["item", "order"], name="power_step_order_once_per_item"),
        ]

    def __str__(self):
        return f"{self.order}. {self.name}"


class CaseState(models.TextChoices):
    IN_PROGRESS = "in_progress", _("办理中")
    CONCLUDED = "concluded", _("已办结")
    TERMINATED = "terminated", _("已终止")


class CaseResult(models.TextChoices):
    APPROVED = "approved", _("同意")
    REJECTED = "rejected", _("不同意")
    DONE = "done", _("已办理")


class PowerCaseQuerySet(WorkflowQuerySet):
    def concluded(self):
        return self.filter(state=CaseState.CONCLUDED)

    def public(self):
        """Concluded cases of public items: what the 五公开 pages show."""
        return self.concluded().filter(item__public=True)


class PowerCase(WorkflowSubject):
    """One exercise of a power (办理案件), pinned to the item row of its list version."""

    view_capability = VIEW

    item = models.ForeignKey(PowerItem, verbose_name=_("权力事项"), on_delete=models.PROTECT, related_name="cases")
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("村"), on_delete=models.PROTECT,
        db_column="region_code", related_name="+",
    )
    applicant_name = models.CharField(_("申请人"), max_length=50)
    subject = models.CharField(_("事由摘要"), max_length=500)
    current_step = models.ForeignKey(
        PowerStep, verbose_name=_("当前步骤"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    step_deadline = models.DateTimeField(_("本步期限"), null=True, blank=True)
    overall_deadline = models.DateTimeField(_("办结期限"), null=True, blank=True)
    result = models.CharField(_("办理结果"), max_length=16, choices=CaseResult.choices, blank=True)
    result_text = models.TextField(_("结果说明"), blank=True)
    concluded_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("受理人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PowerCaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("小微权力案件")
        verbose_name_plural = _("小微权力案件")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["region", "state"], name="power_case_region_state")]

    def __str__(self):
        return f"{self.item.name} · {self.subject[:30]}"

    @property
    def state_label(self):
        return CaseState(self.state).label

    @property
    def applicant_masked(self):
        return mask_name(self.applicant_name)


class ProgressAction(models.TextChoices):
    COMPLETED = "completed", _("完成")
    RETURNED = "returned", _("退回")
    REJECTED = "rejected", _("不予办理")
    TERMINATED = "terminated", _("终止")


class CaseProgress(AppendOnlyModel):
    """Which step of the item a case history row completed or returned from: the case's
    process, step by step; the row's attachments are the step's evidence."""

    case = models.ForeignKey(PowerCase, on_delete=models.PROTECT, related_name="progress")
    step = models.ForeignKey(PowerStep, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=16, choices=ProgressAction.choices)
    history = models.OneToOneField("core.WorkflowStep", on_delete=models.PROTECT, related_name="+")
    occurred_at = models.DateTimeField()

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("办理进程")
        verbose_name_plural = _("办理进程")
        ordering = ["occurred_at", "id"]
