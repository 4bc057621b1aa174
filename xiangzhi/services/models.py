"""便民服务: the three-level service catalogue (服务事项清单), applications (网上办/掌上办) moving
through the item's steps, the one-time notice of missing materials (一次性告知), result documents
with a verification code, ratings, and remote consultation slots.

Time limits are in natural days (自然日), counted from submission; the clock does not stop while
the applicant supplies materials.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xiangzhi.core.catalogues import CountyCatalogueItem, CountyCatalogueQuerySet
from xiangzhi.core.scope import ScopedQuerySet
from xiangzhi.core.workflow import WorkflowQuerySet, WorkflowSubject

VIEW = "service.view"


class HandlingLevel(models.TextChoices):
    VILLAGE = "village", _("村级")
    TOWNSHIP = "township", _("乡镇级")
    COUNTY = "county", _("县级")


# The length of the office's region code at each level (village 12, township 9, county 6).
LEVEL_CODE_LENGTH = {HandlingLevel.VILLAGE: 12, HandlingLevel.TOWNSHIP: 9, HandlingLevel.COUNTY: 6}

# The flows an item may have: its steps, each handled at one level, lowest first.
FLOWS = {
    "village": ("village",),
    "township": ("township",),
    "county": ("county",),
    "village-township": ("village", "township"),
    "township-county": ("township", "county"),
    "village-township-county": ("village", "township", "county"),
}
FLOW_LABELS = {
    "village": _("村级受理办结"),
    "township": _("乡镇受理办结"),
    "county": _("县级受理办结"),
    "village-township": _("村级初审 → 乡镇审批"),
    "township-county": _("乡镇初审 → 县级审批"),
    "village-township-county": _("村级初审 → 乡镇审核 → 县级审批"),
}


# --- 服务事项清单 ------------------------------------------------------------------------------


class ServiceItem(CountyCatalogueItem, models.Model):
    """One service. Region-wide items (region "45") ship with the platform; a county adds its own
    and changes or retires a region-wide one for itself with a row that names it in `replaces`."""

    scope_fields = ("region_code",)

    region_code = models.CharField(_("适用区划"), max_length=15, db_index=True)
    name = models.CharField(_("事项名称"), max_length=100)
    flow = models.CharField(_("办理流程"), max_length=30, choices=list(FLOW_LABELS.items()))
    department = models.CharField(_("办理部门"), max_length=100, blank=True)
    legal_basis = models.TextField(_("设定依据"), blank=True)
    time_limit_days = models.PositiveSmallIntegerField(_("办理时限(自然日)"))
    fee = models.CharField(_("收费标准"), max_length=100, default="免费")
    fully_online = models.BooleanField(_("全程网办"), default=False)
    proxy_allowed = models.BooleanField(_("可由代办员代办"), default=True)
    power_item = models.ForeignKey(
        "powers.PowerItem", verbose_name=_("对应小微权力事项"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    active = models.BooleanField(_("启用"), default=True)
    order = models.PositiveIntegerField(_("排序"), default=100)
    replaces = models.ForeignKey(
        "self", verbose_name=_("替代的全区事项"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="replacements",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CountyCatalogueQuerySet.as_manager()

    class Meta:
        verbose_name = _("服务事项")
        verbose_name_plural = _("服务事项")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["region_code", "replaces"], name="service_item_replace_once"),
            models.CheckConstraint(condition=Q(time_limit_days__gte=1), name="service_item_limit_positive"),
        ]

    def __str__(self):
        return self.name

    @property
    def steps(self):
        return FLOWS[self.flow]

    @property
    def level(self):
        """The level that completes the item (its last step)."""
        return self.steps[-1]

    def get_level_display(self):
        return HandlingLevel(self.level).label

    @property
    def step_labels(self):
        return [HandlingLevel(level).label for level in self.steps]


class ServiceMaterial(models.Model):
    item = models.ForeignKey(ServiceItem, on_delete=models.CASCADE, related_name="materials")
    name = models.CharField(_("材料名称"), max_length=100)
    required = models.BooleanField(_("必需"), default=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    template = models.FileField(_("样表"), upload_to="services/templates/", blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("申请材料")
        verbose_name_plural = _("申请材料")
        ordering = ["order", "id"]

    def __str__(self):
        return self.name


# --- applications --------------------------------------------------------------------------------


class ApplicationState(models.TextChoices):
    IN_PROGRESS = "in_progress", _("办理中")
    MATERIALS_NEEDED = "materials_needed", _("待补正材料")
    COMPLETED = "completed", _("已办结")
    REJECTED = "rejected", _("不予办理")


OPEN_STATES = (ApplicationState.IN_PROGRESS, ApplicationState.MATERIALS_NEEDED)
FINAL_STATES = (ApplicationState.COMPLETED, ApplicationState.REJECTED)


class ApplicationQuerySet(WorkflowQuerySet):
    def open(self):
        return self.filter(state__in=OPEN_STATES)


class Application(WorkflowSubject):
    """One villager's application for one item. `office` is the region of the office whose step
    it is (the village, its township or county); `step` indexes the item's steps."""

    view_capability = VIEW

    item = models.ForeignKey(ServiceItem, verbose_name=_("服务事项"), on_delete=models.PROTECT, related_name="+")
    applicant = models.ForeignKey(
        "people.Resident", verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("村"), on_delete=models.PROTECT, db_column="region_code", related_name="+"
    )
    office = models.ForeignKey(
        "regions.Region", verbose_name=_("办理单位"), on_delete=models.PROTECT, db_column="office_code",
        related_name="+",
    )
    step = models.PositiveSmallIntegerField(_("当前步骤"), default=0)
    note = models.TextField(_("申请说明"), blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("提交人"), on_delete=models.PROTECT, related_name="+"
    )
    proxy = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("代办员"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(_("评价"), null=True, blank=True)
    rating_comment = models.CharField(_("评价意见"), max_length=500, blank=True)
    rated_at = models.DateTimeField(_("评价时间"), null=True, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("服务申请")
        verbose_name_plural = _("服务申请")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            # One open application per person and item: applying twice is refused.
            models.UniqueConstraint(
                fields=["applicant", "item"], condition=Q(state__in=["in_progress", "materials_needed"]),
                name="service_one_open_application",
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5), name="service_rating_1_to_5"
            ),
        ]
        indexes = [models.Index(fields=["office", "state"], name="service_office_state")]

    def __str__(self):
        return f"{self.item.name}({self.pk})"

    @property
    def region_code(self):
        return self.region_id

    @property
    def state_label(self):
        return ApplicationState(self.state).label

    @property
    def current_level(self):
        return self.item.steps[self.step] if self.step < len(self.item.steps) else self.item.level

    @property
    def is_last_step(self):
        return self.step >= len(self.item.steps) - 1

    @property
    def is_open(self):
        return self.state in OPEN_STATES

    @property
    def is_overdue(self):
        return self.deadline is not None and self.is_open and self.deadline < timezone.now()

    @property
    def on_time(self):
        """None while open and not yet due; else whether it was completed by its deadline."""
        if self.state == ApplicationState.COMPLETED:
            return self.finished_at <= self.deadline
        if self.state == ApplicationState.REJECTED:
            return self.finished_at <= self.deadline
        return False if self.is_overdue else None


class ApplicationFile(models.Model):
    """A material uploaded with the application (round 0) or after the notice (round 1)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="files")
    material = models.ForeignKey(ServiceMaterial, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    name = models.CharField(_("材料名称"), max_length=100)
    file = models.FileField(_("文件"), upload_to="services/applications/%Y/%m/")
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    round = models.PositiveSmallIntegerField(_("批次"), default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["round", "id"]


class MaterialNotice(models.Model):
    """一次性告知: the one notice listing every missing material. One per application."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="notice")
    materials = models.JSONField(_("需补正材料"), default=list)  # [{"id": material id, "name": …}]
    comment = models.TextField(_("补正说明"), blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(default=timezone.now)
    supplied_at = models.DateTimeField(null=True, blank=True)


def new_verification_code():
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


class ResultDocument(models.Model):
    """The document the completing office issues (证明, 审批结果 …), checkable by its code."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="result")
    code = models.CharField(_("核验码"), max_length=14, unique=True, default=new_verification_code)
    title = models.CharField(_("文书标题"), max_length=100)
    body = models.TextField(_("正文"))
    office_name = models.CharField(_("出具单位"), max_length=100)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(default=timezone.now)


# --- remote consultation -----------------------------------------------------------------------


class ConsultationSlot(models.Model):
    """A video consultation slot an office publishes; one booking at a time."""

    view_capability = VIEW
    scope_fields = ("office",)

    office = models.ForeignKey(
        "regions.Region", verbose_name=_("办理单位"), on_delete=models.PROTECT, db_column="office_code",
        related_name="+",
    )
    starts_at = models.DateTimeField(_("开始时间"), db_index=True)
    minutes = models.PositiveSmallIntegerField(_("时长(分钟)"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "id"]

    @property
    def started(self):
        return self.starts_at <= timezone.now()


class BookingState(models.TextChoices):
    BOOKED = "booked", _("已预约")
    CANCELLED = "cancelled", _("已取消")
    HELD = "held", _("已视频办理")
    NO_SHOW = "no_show", _("未到场")


class Booking(models.Model):
    slot = models.ForeignKey(ConsultationSlot, on_delete=models.PROTECT, related_name="bookings")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="bookings")
    state = models.CharField(_("状态"), max_length=20, choices=BookingState.choices, default=BookingState.BOOKED)
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    booked_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["slot__starts_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["slot"], condition=~Q(state="cancelled"), name="service_slot_booked_once"),
        ]
