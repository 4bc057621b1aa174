"""三务公开: the county's catalogue of what villages must disclose, the disclosures themselves
(drafted, counter-signed by the 村务监督委员会, published and never edited again) and
villagers' questions on them."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xiangzhi.core.catalogues import CountyCatalogueItem, CountyCatalogueQuerySet
from xiangzhi.core.scope import ScopedQuerySet
from xiangzhi.core.workflow import WorkflowQuerySet, WorkflowSubject

DEFAULT_ANSWER_DAYS = 10


class Category(models.TextChoices):
    PARTY = "party", _("党务")
    VILLAGE = "village", _("村务")
    FINANCE = "finance", _("财务")


class Cadence(models.TextChoices):
    MONTHLY = "monthly", _("每月")
    QUARTERLY = "quarterly", _("每季度")
    YEARLY = "yearly", _("每年")
    IMMEDIATE = "immediate", _("随时(事项发生时)")
    PER_EVENT = "per_event", _("每事一公开")


PERIODIC_CADENCES = (Cadence.MONTHLY, Cadence.QUARTERLY, Cadence.YEARLY)


class Generator(models.TextChoices):
    NONE = "", _("手工填写")
    FINANCE_MONTHLY = "finance_monthly", _("由村级账务月报自动生成")


class CatalogueItem(CountyCatalogueItem, models.Model):
    """One line of the 公开目录. Region-wide items (region "45") come with the platform; a
    county adds its own, and replaces a region item (to change or deactivate it for the
    county) with its own row that names it in `replaces`."""

    scope_fields = ("region_code",)
    view_capability = "disclosure.view"

    # A code, not a foreign key: the region-wide defaults ("45") are seeded by a migration,
    # before any region is loaded.
    region_code = models.CharField(_("适用区划"), max_length=15, db_index=True)
    category = models.CharField(_("类别"), max_length=16, choices=Category.choices)
    name = models.CharField(_("名称"), max_length=100)
    cadence = models.CharField(_("公开周期"), max_length=16, choices=Cadence.choices)
    legal_basis = models.TextField(_("依据"), blank=True)
    generator = models.CharField(_("生成方式"), max_length=32, choices=Generator.choices, blank=True, default="")
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
        verbose_name = _("公开目录项")
        verbose_name_plural = _("公开目录项")
        ordering = ["category", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["region_code", "replaces"], name="catalogue_replace_once_per_county"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_periodic(self):
        return self.cadence in PERIODIC_CADENCES




class DisclosureState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待会签")
    COUNTERSIGNED = "countersigned", _("已会签")
    RETURNED = "returned", _("已退回")
    PUBLISHED = "published", _("已公开")


EDITABLE_STATES = (DisclosureState.DRAFT, DisclosureState.RETURNED)


class DisclosureQuerySet(WorkflowQuerySet):
    def published(self):
        return self.filter(state=DisclosureState.PUBLISHED)


class Disclosure(WorkflowSubject):
    """One disclosure of one village for one catalogue item and period."""

    scope_fields = ("village",)
    view_capability = "disclosure.view"

    village = models.ForeignKey(
        "regions.Region", verbose_name=_("村"), on_delete=models.PROTECT, related_name="+"
    )
    item = models.ForeignKey(CatalogueItem, verbose_name=_("公开目录项"), on_delete=models.PROTECT, related_name="+")
    period = models.CharField(_("公开期间"), max_length=40, blank=True)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"), blank=True)
    table = models.JSONField(_("表格"), default=dict, blank=True)
    # For generated disclosures: the figures the table was made from (totals, accounts), as
    # they stood when the draft was generated.
    figures = models.JSONField(_("生成数据"), default=dict, blank=True)
    corrects = models.ForeignKey(
        "self", verbose_name=_("更正的公开"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="corrections",
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("拟稿人"), on_delete=models.PROTECT, related_name="+"
    )
    countersigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("会签人"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    countersigned_at = models.DateTimeField(_("会签时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发布人"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    objects = DisclosureQuerySet.as_manager()

    class Meta:
        verbose_name = _("公开事项")
        verbose_name_plural = _("公开事项")
        ordering = ["-published_at", "-created_at", "-id"]
        indexes = [
            models.Index(fields=["village", "state", "item", "period"], name="disclosure_village_item"),
        ]

    def __str__(self):
        return self.title

    @property
    def region_code(self):
        return self.village_id

    @property
    def is_published(self):
        return self.state == DisclosureState.PUBLISHED

    @property
    def is_editable(self):
        return self.state in EDITABLE_STATES


class DisclosureAttachment(models.Model):
    disclosure = models.ForeignKey(Disclosure, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(_("附件"), upload_to="disclosures/%Y/%m/")
    name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小"))
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("公开附件")
        verbose_name_plural = _("公开附件")
        ordering = ["id"]


class AnswerPolicy(models.Model):
    """A county's deadline for answering villagers' questions (default 10 days)."""

    county = models.OneToOneField(
        "regions.Region", verbose_name=_("县"), primary_key=True, on_delete=models.PROTECT, related_name="+"
    )
    answer_days = models.PositiveSmallIntegerField(_("答复期限(天)"), default=DEFAULT_ANSWER_DAYS)

    class Meta:
        verbose_name = _("答复期限")
        verbose_name_plural = _("答复期限")


class QuestionQuerySet(ScopedQuerySet):
    def unanswered(self):
        return self.filter(answered_at__isnull=True)

    def overdue(self, now=None):
        return self.unanswered().filter(deadline__lt=now or timezone.now())


class Question(models.Model):
    scope_fields = ("village",)
    view_capability = "disclosure.view"

    disclosure = models.ForeignKey(Disclosure, on_delete=models.PROTECT, related_name="questions")
    village = models.ForeignKey("regions.Region", verbose_name=_("村"), on_delete=models.PROTECT, related_name="+")
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("提问人"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("问题"))
    asked_at = models.DateTimeField(_("提问时间"), default=timezone.now)
    deadline = models.DateTimeField(_("答复期限"), db_index=True)
    answer = models.TextField(_("答复"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("答复人"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("村民提问")
        verbose_name_plural = _("村民提问")
        ordering = ["asked_at", "id"]

    def __str__(self):
        return self.text[:40]

    @property
    def is_overdue(self):
        return self.answered_at is None and self.deadline < timezone.now()

    @staticmethod
    def deadline_after(asked_at, days):
        return asked_at + timedelta(days=days)
