"""公共法律服务: 一村一法律顾问, 三官一律 rosters, 法律明白人 and their training, 法治文化宣传阵地,
villagers' requests for help, 12348 hotline tickets and 普法 activities.

Coverage shares are derived from these rows (queries.coverage); nothing stores a count."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xiangzhi.core.scope import ScopedQuerySet

LEGAL_VIEW = "legal.view"


def _village_fk(label=_("村")):
    return models.ForeignKey(
        "regions.Region", verbose_name=label, on_delete=models.PROTECT, db_column="region_code", related_name="+",
    )


class LegalAdvisor(models.Model):
    """The village's legal advisor: a platform user holding a legal_advisor post, or a named lawyer."""

    view_capability = LEGAL_VIEW

    region = _village_fk()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("平台账号"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("姓名"), max_length=50)
    firm = models.CharField(_("律师事务所"), max_length=100)
    phone = models.CharField(_("联系电话"), max_length=20)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("村法律顾问")
        verbose_name_plural = _("村法律顾问")
        constraints = [models.UniqueConstraint(fields=["region"], name="legal_one_advisor_per_village")]

    def __str__(self):
        return f"{self.name}({self.firm})"


class RosterRole(models.TextChoices):
    POLICE = "police", _("警官")
    JUDGE = "judge", _("法官")
    OFFICIAL = "official", _("村官")
    LAWYER = "lawyer", _("律师")


class RosterMember(models.Model):
    """One of the village's 三官一律: one person per role."""

    view_capability = LEGAL_VIEW

    region = _village_fk()
    role = models.CharField(_("身份"), max_length=10, choices=RosterRole.choices)
    name = models.CharField(_("姓名"), max_length=50)
    unit = models.CharField(_("单位"), max_length=100)
    phone = models.CharField(_("联系电话"), max_length=20)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("三官一律")
        verbose_name_plural = _("三官一律")
        ordering = ["region_id", "role"]
        constraints = [models.UniqueConstraint(fields=["region", "role"], name="legal_roster_one_per_role")]

    def __str__(self):
        return f"{self.get_role_display()} {self.name}"


class LegalLiterate(models.Model):
    """法律明白人: a resident of the registry, registered in their village."""

    view_capability = LEGAL_VIEW

    region = _village_fk()
    resident = models.OneToOneField(
        "people.Resident", verbose_name=_("村民"), on_delete=models.PROTECT, related_name="legal_literate",
    )
    trained_on = models.DateField(_("培训合格日期"))
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("法律明白人")
        verbose_name_plural = _("法律明白人")
        ordering = ["region_id", "id"]

    def __str__(self):
        return self.resident.name


class Training(models.Model):
    literate = models.ForeignKey(LegalLiterate, on_delete=models.CASCADE, related_name="trainings")
    date = models.DateField(_("培训日期"))
    topic = models.CharField(_("培训内容"), max_length=100)
    hours = models.DecimalField(_("学时"), max_digits=4, decimal_places=1)

    class Meta:
        verbose_name = _("培训记录")
        verbose_name_plural = _("培训记录")
        ordering = ["-date", "-id"]


class SiteKind(models.TextChoices):
    SQUARE = "square", _("法治广场")
    CORRIDOR = "corridor", _("法治长廊")
    BOARD = "board", _("法治宣传栏")
    LIBRARY = "library", _("法治书屋")
    PARK = "park", _("法治公园")
    OTHER = "other", _("其他")


class PublicitySite(models.Model):
    """法治文化宣传阵地 of a village, with a checked photo."""

    view_capability = LEGAL_VIEW

    region = _village_fk()
    kind = models.CharField(_("类型"), max_length=10, choices=SiteKind.choices)
    name = models.CharField(_("名称"), max_length=100)
    photo = models.ImageField(_("照片"), upload_to="legal/sites/%Y/%m/")
    content_type = models.CharField(max_length=20)
    sha256 = models.CharField(max_length=64)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("法治文化宣传阵地")
        verbose_name_plural = _("法治文化宣传阵地")
        ordering = ["region_id", "id"]

    def __str__(self):
        return f"{self.get_kind_display()}·{self.name}"


class RequestKind(models.TextChoices):
    CONSULTATION = "consultation", _("法律咨询")
    DRAFTING = "drafting", _("代写文书")
    AID_REFERRAL = "aid_referral", _("法律援助转介")


class RequestState(models.TextChoices):
    OPEN = "open", _("待答复")
    ANSWERED = "answered", _("已答复")


class HelpRequestQuerySet(ScopedQuerySet):
    def open(self):
        return self.filter(state=RequestState.OPEN)

    def overdue(self, now=None):
        return self.open().filter(due_at__lt=now or timezone.now())


class HelpRequest(models.Model):
    """A villager's request for legal help, answered by the village's advisor before `due_at`."""

    view_capability = LEGAL_VIEW
    DEFAULT_DAYS = 5

    region = _village_fk()
    kind = models.CharField(_("求助类型"), max_length=20, choices=RequestKind.choices)
    question = models.TextField(_("问题"), max_length=2000)
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField(_("提出时间"), default=timezone.now)
    due_at = models.DateTimeField(_("答复期限"))
    state = models.CharField(_("状态"), max_length=10, choices=RequestState.choices, default=RequestState.OPEN)
    answer = models.TextField(_("答复"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
    )
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)

    objects = HelpRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("法律求助")
        verbose_name_plural = _("法律求助")
        ordering = ["-asked_at", "-id"]
        indexes = [models.Index(fields=["region", "state", "due_at"], name="legal_request_due")]
        constraints = [models.CheckConstraint(
            condition=Q(state="open") | Q(answered_at__isnull=False), name="legal_answered_has_time",
        )]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    def is_overdue(self, now=None):
        return self.state == RequestState.OPEN and self.due_at < (now or timezone.now())


class HotlineTicket(models.Model):
    """A 12348 公共法律服务热线 ticket, imported and linked to the caller's village."""

    view_capability = LEGAL_VIEW

    number = models.CharField(_("工单号"), max_length=40, unique=True)
    date = models.DateField(_("日期"))
    region = _village_fk()
    category = models.CharField(_("类别"), max_length=50)
    summary = models.CharField(_("摘要"), max_length=500)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("12348热线工单")
        verbose_name_plural = _("12348热线工单")
        ordering = ["-date", "-id"]

    def __str__(self):
        return self.number


class ActivityKind(models.TextChoices):
    CONSTITUTION = "constitution", _("宪法进万家")
    CIVIL_CODE = "civil_code", _("民法典进万家")
    LAW_TO_COUNTRYSIDE = "to_countryside", _("送法下乡")


class LegalActivity(models.Model):
    view_capability = LEGAL_VIEW

    region = _village_fk(_("区划"))
    kind = models.CharField(_("活动类型"), max_length=20, choices=ActivityKind.choices)
    date = models.DateField(_("日期"))
    place = models.CharField(_("地点"), max_length=100)
    topic = models.CharField(_("主题"), max_length=100)
    attendance = models.PositiveIntegerField(_("参加人数"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("普法活动")
        verbose_name_plural = _("普法活动")
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date:%Y-%m-%d}"
