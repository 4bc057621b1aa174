"""后备人才 pools, 回引计划 returnees, 第一书记 and 驻村工作队 assignments with their work logs.

Pool sizes, gaps and villages without a 第一书记 are derived from these rows (queries.py);
nothing stores a count."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xiangzhi.core.models import AppendOnlyModel, AppendOnlyQuerySet
from xiangzhi.core.scope import ScopedQuerySet

TALENT_VIEW = "talent.view"
DEFAULT_POOL_TARGET = 2


def _village_fk(label=_("村")):
    return models.ForeignKey(
        "regions.Region", verbose_name=label, on_delete=models.PROTECT, db_column="region_code", related_name="+",
    )


class PoolTarget(models.Model):
    """A county's 后备人才 target per village; a county without a row uses DEFAULT_POOL_TARGET."""

    view_capability = TALENT_VIEW

    region = models.OneToOneField(
        "regions.Region", verbose_name=_("县"), on_delete=models.PROTECT, db_column="region_code", related_name="+",
    )
    per_village = models.PositiveSmallIntegerField(_("每村后备人才目标人数"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("后备人才目标")
        verbose_name_plural = _("后备人才目标")

    def __str__(self):
        return f"{self.region_id}: {self.per_village}"


class ReserveCategory(models.TextChoices):
    SECRETARY = "secretary", _("村党组织书记后备人选")
    DIRECTOR = "director", _("村委会主任后备人选")
    COMMITTEE = "committee", _("村“两委”成员后备人选")


class ReserveStatus(models.TextChoices):
    ACTIVE = "active", _("在库")
    APPOINTED = "appointed", _("已任用")
    REMOVED = "removed", _("已出库")


class ReserveQuerySet(ScopedQuerySet):
    def active(self):
        return self.filter(status=ReserveStatus.ACTIVE)


class Reserve(models.Model):
    """A resident of the registry in their village's 后备人才 pool."""

    view_capability = TALENT_VIEW
    # The only steps a pool entry takes; an appointed or removed entry is final (a person who
    # comes back is added again, so the old entry's story stays as it was).
    TRANSITIONS = {ReserveStatus.ACTIVE: (ReserveStatus.APPOINTED, ReserveStatus.REMOVED)}

    region = _village_fk()
    resident = models.ForeignKey(
        "people.Resident", verbose_name=_("村民"), on_delete=models.PROTECT, related_name="talent_reserves",
    )
    category = models.CharField(_("类别"), max_length=12, choices=ReserveCategory.choices)
    added_on = models.DateField(_("入库日期"))
    status = models.CharField(_("状态"), max_length=10, choices=ReserveStatus.choices, default=ReserveStatus.ACTIVE)
    status_changed_on = models.DateField(_("状态变更日期"), null=True, blank=True)
    status_note = models.CharField(_("说明"), max_length=200, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReserveQuerySet.as_manager()

    class Meta:
        verbose_name = _("后备人才")
        verbose_name_plural = _("后备人才")
        ordering = ["region_id", "status", "-added_on", "id"]
        indexes = [models.Index(fields=["region", "status"], name="talent_reserve_region_status")]
        constraints = [models.UniqueConstraint(
            fields=["resident"], condition=Q(status="active"), name="talent_reserve_one_active_per_resident",
        )]

    def __str__(self):
        return f"{self.resident.name}({self.get_category_display()})"


class Training(models.Model):
    reserve = models.ForeignKey(Reserve, on_delete=models.PROTECT, related_name="trainings")
    date = models.DateField(_("培训日期"))
    topic = models.CharField(_("培训内容"), max_length=100)
    hours = models.DecimalField(_("学时"), max_digits=4, decimal_places=1)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("后备人才培训")
        verbose_name_plural = _("后备人才培训")
        ordering = ["-date", "-id"]


class ReturneeKind(models.TextChoices):
    ENTREPRENEUR = "entrepreneur", _("致富能手")
    GRADUATE = "graduate", _("高校毕业生")
    VETERAN = "veteran", _("退役军人")
    MIGRANT = "migrant", _("外出务工经商人员")


class ReturneeStatus(models.TextChoices):
    CONTACTED = "contacted", _("已联系")
    RETURNED = "returned", _("已返乡")
    IN_POOL = "in_pool", _("已纳入后备库")
    APPOINTED = "appointed", _("已任用")
    LEFT = "left", _("已离开")


class Returnee(models.Model):
    """A person the village asks to come back (回引计划), followed from first contact."""

    view_capability = TALENT_VIEW
    TRANSITIONS = {
        ReturneeStatus.CONTACTED: (ReturneeStatus.RETURNED, ReturneeStatus.LEFT),
        ReturneeStatus.RETURNED: (ReturneeStatus.IN_POOL, ReturneeStatus.APPOINTED, ReturneeStatus.LEFT),
        ReturneeStatus.IN_POOL: (ReturneeStatus.APPOINTED, ReturneeStatus.LEFT),
        ReturneeStatus.APPOINTED: (ReturneeStatus.LEFT,),
        ReturneeStatus.LEFT: (ReturneeStatus.CONTACTED,),
    }

    region = _village_fk()
    name = models.CharField(_("姓名"), max_length=50)
    kind = models.CharField(_("类别"), max_length=12, choices=ReturneeKind.choices)
    whereabouts = models.CharField(_("现工作地或单位"), max_length=100, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=ReturneeStatus.choices, default=ReturneeStatus.CONTACTED,
    )
    # Set when the person enters the village's 后备人才 pool.
    reserve = models.ForeignKey(
        Reserve, verbose_name=_("后备人才"), null=True, blank=True, on_delete=models.PROTECT, related_name="+",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("回引人员")
        verbose_name_plural = _("回引人员")
        ordering = ["region_id", "-created_at", "-id"]

    def __str__(self):
        return f"{self.name}({self.get_kind_display()})"


class ReturneeStep(AppendOnlyModel):
    """One status change of a returnee: the history the page shows."""

    returnee = models.ForeignKey(Returnee, on_delete=models.PROTECT, related_name="steps")
    from_status = models.CharField(_("原状态"), max_length=10, choices=ReturneeStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=10, choices=ReturneeStatus.choices)
    on = models.DateField(_("日期"))
    note = models.CharField(_("说明"), max_length=200, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    occurred_at = models.DateTimeField(default=timezone.now)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("回引进展")
        verbose_name_plural = _("回引进展")
        ordering = ["occurred_at", "id"]


class AssignmentRole(models.TextChoices):
    FIRST_SECRETARY = "first_secretary", _("第一书记")
    TEAM_LEADER = "team_leader", _("驻村工作队队长")
    TEAM_MEMBER = "team_member", _("驻村工作队队员")


class AssignmentQuerySet(ScopedQuerySet):
    def current(self, day=None):
        day = day or timezone.localdate()
        return self.filter(starts_on__lte=day).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))

    def first_secretaries(self):
        return self.filter(role=AssignmentRole.FIRST_SECRETARY)


class Assignment(models.Model):
    """A 第一书记 or 驻村工作队 member sent to a village for a term; `user` is their account if any,
    which lets them write the work log."""

    view_capability = TALENT_VIEW

    region = _village_fk()
    role = models.CharField(_("职务"), max_length=16, choices=AssignmentRole.choices)
    name = models.CharField(_("姓名"), max_length=50)
    sending_unit = models.CharField(_("派出单位"), max_length=100)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("平台账号"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="village_assignments",
    )
    starts_on = models.DateField(_("任期开始"))
    ends_on = models.DateField(_("任期结束"), null=True, blank=True)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("驻村选派")
        verbose_name_plural = _("驻村选派")
        ordering = ["region_id", "role", "-starts_on", "id"]
        indexes = [models.Index(fields=["region", "role", "starts_on"], name="talent_assignment_term")]
        constraints = [models.CheckConstraint(
            condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
            name="talent_assignment_ends_after_start",
        )]

    def __str__(self):
        return f"{self.get_role_display()} {self.name}"

    def covers(self, day):
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)

    def overlaps(self, starts_on, ends_on):
        return (self.ends_on is None or starts_on <= self.ends_on) and (ends_on is None or self.starts_on <= ends_on)


class WorkLog(AppendOnlyModel):
    """A day's work of an assignee in the village, written by them or by the township."""

    view_capability = TALENT_VIEW

    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="logs")
    region = _village_fk()
    date = models.DateField(_("日期"))
    work = models.TextField(_("工作内容"), max_length=2000)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("驻村工作日志")
        verbose_name_plural = _("驻村工作日志")
        ordering = ["-date", "-id"]
