"""信访代办, the restricted special-population registry, enforcement certificates, centres.

Deadlines of the 信访工作条例 (2022) are counted in calendar days (日), the day the clock
starts not counted: received on 1 March, 15 days → due 16 March, overdue from 17 March.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xiangzhi.core.scope import ScopedQuerySet

# --- special populations (社区矫正对象, 刑满释放人员) ------------------------------------------


def adult_birth_cutoff(today=None):
    """The latest birth date of someone who is 18 today (born 29 Feb: 28 Feb in common years)."""
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year - 18)
    except ValueError:
        return today.replace(year=today.year - 18, day=28)


class SpecialCategory(models.TextChoices):
    COMMUNITY_CORRECTION = "community_correction", _("社区矫正对象")
    RELEASED = "released", _("刑满释放人员")


class RiskLevel(models.TextChoices):
    LOW = "low", _("低风险")
    MEDIUM = "medium", _("中风险")
    HIGH = "high", _("高风险")


class SpecialPersonQuerySet(models.QuerySet):
    """No `within`, no `visible_to` by capability alone: the only way in is `visible_to`, which
    keeps designated posts' rows within scope and the helper's own rows, and minors' rows only
    for 司法 (justice) posts."""

    def visible_to(self, user):
        from xiangzhi.accounts.models import Department
        from xiangzhi.accounts.permissions import posts_with_capability
        from xiangzhi.core.scope import prefix_q

        if user is None or not user.is_authenticated:
            return self.none()
        adult = Q(resident__birth_date__lte=adult_birth_cutoff())
        query = Q(helper_id=user.pk) & adult
        for post in posts_with_capability(user, "special.view"):
            in_scope = prefix_q("region", post.region_id)
            query |= in_scope if post.department == Department.JUSTICE else in_scope & adult
        return self.filter(query)


class SpecialPerson(models.Model):
    """One person on the registry: who, why, how risky, who helps. Never criminal-record documents."""

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("所在村"), on_delete=models.PROTECT,
        db_column="region_code", related_name="+",
    )
    resident = models.ForeignKey(
        "people.Resident", verbose_name=_("村民"), on_delete=models.PROTECT, related_name="+"
    )
    category = models.CharField(_("类别"), max_length=30, choices=SpecialCategory.choices)
    risk_level = models.CharField(_("风险等级"), max_length=10, choices=RiskLevel.choices)
    helper = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("帮扶责任人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SpecialPersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("特殊人群记录")
        verbose_name_plural = _("特殊人群记录")
        ordering = ["region_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["resident", "category"], name="special_person_once_per_category"),
        ]

    def __str__(self):
        # Audit rows and logs name the record, never the person.
        return f"特殊人群记录 {self.pk}"

    @property
    def is_minor(self):
        return self.resident.birth_date > adult_birth_cutoff()


class VisitKind(models.TextChoices):
    SUPERVISION = "supervision", _("监管走访")
    ASSISTANCE = "assistance", _("帮扶走访")


class SpecialVisit(models.Model):
    person = models.ForeignKey(SpecialPerson, on_delete=models.CASCADE, related_name="visits")
    kind = models.CharField(_("走访类型"), max_length=20, choices=VisitKind.choices)
    visited_on = models.DateField(_("走访日期"))
    note = models.TextField(_("情况记录"), max_length=1000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-visited_on", "-id"]


# --- 信访代办 ---------------------------------------------------------------------------------

ROUTING_DAYS = 15      # 告知是否受理 / 转送 (第二十二条)
HANDLING_DAYS = 60     # 自受理之日起办结 (第三十二条)
EXTENSION_MAX_DAYS = 30
REQUEST_WINDOW_DAYS = 30   # 复查/复核 请求期限
ANSWER_DAYS = 30           # 复查/复核 意见期限


class PetitionState(models.TextChoices):
    RECEIVED = "received", _("已登记,待受理")
    ROUTED = "routed", _("已转送有权机关")
    ACCEPTED = "accepted", _("已受理,办理中")
    REPLIED = "replied", _("已书面答复")
    REVIEW_REQUESTED = "review_requested", _("复查中")
    REVIEWED = "reviewed", _("已出具复查意见")
    RECHECK_REQUESTED = "recheck_requested", _("复核中")
    FINAL = "final", _("复核终结")


# States with a running deadline (due_on).
PETITION_OPEN = (
    PetitionState.RECEIVED, PetitionState.ACCEPTED,
    PetitionState.REVIEW_REQUESTED, PetitionState.RECHECK_REQUESTED,
)


class PetitionQuerySet(ScopedQuerySet):
    def overdue(self, today=None):
        return self.filter(state__in=PETITION_OPEN, due_on__lt=today or timezone.localdate())


class Petition(models.Model):
    view_capability = "petition.view"

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("所在村"), on_delete=models.PROTECT,
        db_column="region_code", related_name="+",
    )
    petitioner = models.ForeignKey(
        "people.Resident", verbose_name=_("信访人"), on_delete=models.PROTECT, related_name="+"
    )
    respondent_name = models.CharField(_("被反映人"), max_length=50, blank=True)
    respondent_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("被反映人(平台用户)"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    subject = models.CharField(_("事项"), max_length=100)
    facts = models.TextField(_("事实和理由"), max_length=2000)
    same_matter_as = models.ForeignKey(
        "self", verbose_name=_("同一事项的原信访"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    state = models.CharField(_("状态"), max_length=20, choices=PetitionState.choices, default=PetitionState.RECEIVED)
    received_on = models.DateField(_("登记日期"))
    routed_to = models.CharField(_("转送机关"), max_length=100, blank=True)
    accepted_on = models.DateField(_("受理日期"), null=True, blank=True)
    extension_days = models.PositiveSmallIntegerField(_("延长天数"), default=0)
    extension_reason = models.CharField(_("延期理由"), max_length=500, blank=True)
    replied_on = models.DateField(_("书面答复日期"), null=True, blank=True)
    review_requested_on = models.DateField(_("请求复查日期"), null=True, blank=True)
    reviewed_on = models.DateField(_("复查意见日期"), null=True, blank=True)
    recheck_requested_on = models.DateField(_("请求复核日期"), null=True, blank=True)
    rechecked_on = models.DateField(_("复核意见日期"), null=True, blank=True)
    # The running deadline of the current state, kept by the actions so that overdue lists are
    # one indexed comparison.
    due_on = models.DateField(_("当前期限"), null=True, blank=True)
    handler = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PetitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("信访代办事项")
        verbose_name_plural = _("信访代办事项")
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["state", "due_on"], name="petition_state_due")]

    def __str__(self):
        return f"信访代办 {self.pk}:{self.subject}"

    @property
    def routing_due(self):
        return self.received_on + datetime.timedelta(days=ROUTING_DAYS)

    @property
    def handling_due(self):
        if self.accepted_on is None:
            return None
        return self.accepted_on + datetime.timedelta(days=HANDLING_DAYS + self.extension_days)

    @property
    def review_request_until(self):
        return self.replied_on + datetime.timedelta(days=REQUEST_WINDOW_DAYS) if self.replied_on else None

    @property
    def recheck_request_until(self):
        return self.reviewed_on + datetime.timedelta(days=REQUEST_WINDOW_DAYS) if self.reviewed_on else None

    def is_overdue(self, today=None):
        return self.state in PETITION_OPEN and self.due_on is not None and self.due_on < (today or timezone.localdate())


# --- 综合行政执法 持证上岗 -------------------------------------------------------------------------

EXPIRING_DAYS = 30


class EnforcementOfficer(models.Model):
    view_capability = "enforcement.view"

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("所属县/乡镇"), on_delete=models.PROTECT,
        db_column="region_code", related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("平台用户"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    name = models.CharField(_("姓名"), max_length=50)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["region_id", "name", "id"]

    def __str__(self):
        return self.name


class CertificateQuerySet(models.QuerySet):
    def expired(self, today=None):
        return self.filter(expires_on__lt=today or timezone.localdate())

    def expiring(self, today=None):
        today = today or timezone.localdate()
        return self.filter(expires_on__gte=today, expires_on__lte=today + datetime.timedelta(days=EXPIRING_DAYS))

    def valid(self, today=None):
        return self.filter(expires_on__gte=today or timezone.localdate())


class Certificate(models.Model):
    officer = models.ForeignKey(EnforcementOfficer, on_delete=models.CASCADE, related_name="certificates")
    number = models.CharField(_("执法证号"), max_length=40, unique=True)
    expires_on = models.DateField(_("有效期至"))

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["expires_on", "id"]


class EnforcementTask(models.Model):
    view_capability = "enforcement.view"

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("执法地点"), on_delete=models.PROTECT,
        db_column="region_code", related_name="+",
    )
    officer = models.ForeignKey(EnforcementOfficer, on_delete=models.PROTECT, related_name="tasks")
    title = models.CharField(_("执法任务"), max_length=100)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-assigned_at", "-id"]


# --- 综治中心 / 矛调中心 -----------------------------------------------------------------------


class CentreKind(models.TextChoices):
    COMPREHENSIVE = "comprehensive", _("综治中心")
    MEDIATION = "mediation", _("矛盾纠纷调处化解中心")


class Centre(models.Model):
    view_capability = "petition.view"

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("所在县/乡/村"), on_delete=models.PROTECT,
        db_column="region_code", related_name="+",
    )
    kind = models.CharField(_("类型"), max_length=20, choices=CentreKind.choices)
    name = models.CharField(_("名称"), max_length=100)
    standardised = models.BooleanField(_("已完成规范化建设"), default=False)
    standardised_on = models.DateField(_("规范化建设完成日期"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["region_id", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["region", "kind"], name="centre_one_per_kind_and_region"),
            models.CheckConstraint(
                condition=Q(standardised=False) | Q(standardised_on__isnull=False),
                name="centre_standardised_has_date",
            ),
        ]

    def __str__(self):
        return self.name
