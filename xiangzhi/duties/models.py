"""村级事项准入 ("清单之外无事项"): the county's two duty lists, admission requests for anything
new, and the tasks assigned to villages — only from a list item or an approved admission.

A list item with no county is a regional default every county starts from; a county adds
its own. An admission request is filed by a county department or a township for a new task,
a 考核评比/创建达标 activity or a sign/rule a village must hang (牌子/制度上墙); the county
approves or rejects it with reasons.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xiangzhi.core.workflow import WorkflowQuerySet, WorkflowSubject

VIEW = "duty.view"


class DutyList(models.TextChoices):
    STATUTORY = "statutory", _("村级组织依法履职事项")
    ASSISTING = "assisting", _("协助政府工作事项")


class DutyItemQuerySet(models.QuerySet):
    def in_force(self):
        return self.filter(active=True)

    def for_county(self, county_code):
        """The regional defaults and the county's own items."""
        return self.filter(Q(county__isnull=True) | Q(county_id=county_code))


class DutyItem(models.Model):
    list_kind = models.CharField(_("清单"), max_length=16, choices=DutyList.choices)
    county = models.ForeignKey(
        "regions.Region", verbose_name=_("县"), null=True, blank=True, on_delete=models.PROTECT,
        db_column="county_code", related_name="+", help_text=_("空:全区默认事项。"),
    )
    order = models.PositiveSmallIntegerField(_("序号"), default=0)
    name = models.CharField(_("事项名称"), max_length=100)
    basis = models.TextField(_("法律政策依据"))
    active = models.BooleanField(_("有效"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DutyItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("清单事项")
        verbose_name_plural = _("清单事项")
        ordering = ["list_kind", "county_id", "order", "id"]
        constraints = [
            # Two partial constraints instead of nulls_distinct=False, which SQLite cannot build.
            models.UniqueConstraint(
                fields=["list_kind", "name"], condition=models.Q(county__isnull=True),
                name="duty_item_name_once_per_shared_list",
            ),
            models.UniqueConstraint(
                fields=["list_kind", "county", "name"], condition=models.Q(county__isnull=False),
                name="duty_item_name_once_per_county_list",
            ),
        ]

    def __str__(self):
        return self.name


class DemandKind(models.TextChoices):
    TASK = "task", _("工作任务")
    ACTIVITY = "activity", _("考核评比/创建达标")
    SIGN = "sign", _("牌子/制度上墙")


class BasisLevel(models.TextChoices):
    CENTRAL = "central", _("中央文件")
    REGIONAL = "regional", _("自治区文件")
    CITY = "city", _("市级文件")
    COUNTY = "county", _("县级文件")
    TOWNSHIP = "township", _("乡镇文件")
    NONE = "none", _("无文件依据")


# 一票否决 may be attached only where the basis is a central or regional document.
VETO_BASIS_LEVELS = (BasisLevel.CENTRAL, BasisLevel.REGIONAL)


class AdmissionState(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已准入")
    REJECTED = "rejected", _("不予准入")


class AdmissionRequest(WorkflowSubject):
    """A request to let something new into villages, filed by a county department or a township
    (its `region`: the villages it may then reach); the county decides."""

    view_capability = VIEW

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("申请单位所在区划"), on_delete=models.PROTECT,
        db_column="region_code", related_name="+",
    )
    department = models.CharField(_("申请部门"), max_length=30, blank=True)
    kind = models.CharField(_("类别"), max_length=16, choices=DemandKind.choices)
    title = models.CharField(_("事项名称"), max_length=100)
    description = models.TextField(_("内容和要求"))
    basis_level = models.CharField(_("依据层级"), max_length=16, choices=BasisLevel.choices)
    basis_document = models.CharField(_("依据文件(名称和文号)"), max_length=300, blank=True)
    veto = models.BooleanField(_("一票否决"), default=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="+"
    )
    requested_post = models.ForeignKey(
        "accounts.Post", verbose_name=_("申请人职务"), on_delete=models.PROTECT, related_name="+"
    )
    decision_reason = models.TextField(_("审批理由"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("审批人"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    reviewed_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True)

    objects = WorkflowQuerySet.as_manager()

    class Meta:
        verbose_name = _("准入申请")
        verbose_name_plural = _("准入申请")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(veto=False) | Q(basis_level__in=["central", "regional"]),
                name="admission_veto_needs_central_or_regional_basis",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def state_label(self):
        return AdmissionState(self.state).label

    @property
    def county_code(self):
        return self.region_id[:6]


class TaskState(models.TextChoices):
    ASSIGNED = "assigned", _("待完成")
    DONE = "done", _("已完成")


class DutyTaskQuerySet(WorkflowQuerySet):
    def open(self):
        return self.filter(state=TaskState.ASSIGNED)


class DutyTask(WorkflowSubject):
    """One thing a village was asked to do, with where it came from: a list item or an
    approved admission — never neither."""

    view_capability = VIEW

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("村"), on_delete=models.PROTECT,
        db_column="region_code", related_name="duty_tasks",
    )
    kind = models.CharField(_("类别"), max_length=16, choices=DemandKind.choices)
    item = models.ForeignKey(
        DutyItem, verbose_name=_("清单事项"), null=True, blank=True, on_delete=models.PROTECT, related_name="tasks"
    )
    admission = models.ForeignKey(
        AdmissionRequest, verbose_name=_("准入申请"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="tasks",
    )
    title = models.CharField(_("任务"), max_length=100)
    description = models.TextField(_("要求"), blank=True)
    veto = models.BooleanField(_("一票否决"), default=False)
    due_on = models.DateField(_("完成期限"))
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("派发人"), on_delete=models.PROTECT, related_name="+"
    )
    assigned_post = models.ForeignKey(
        "accounts.Post", verbose_name=_("派发单位"), on_delete=models.PROTECT, related_name="+"
    )
    done_note = models.TextField(_("完成情况"), blank=True)
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("派发时间"), auto_now_add=True)

    objects = DutyTaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("派村任务")
        verbose_name_plural = _("派村任务")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["region", "state"], name="duty_task_region_state")]
        constraints = [
            # 清单之外无事项: a task comes from exactly one of a list item or an admission.
            models.CheckConstraint(
                condition=Q(item__isnull=False, admission__isnull=True) | Q(item__isnull=True, admission__isnull=False),
                name="duty_task_from_list_or_admission",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def state_label(self):
        return TaskState(self.state).label

    @property
    def source_label(self):
        if self.item_id:
            return f"{self.item.get_list_kind_display()}:{self.item.name}"
        return _("准入事项:%(title)s") % {"title": self.admission.title}


