"""Safe-village case statistics, the county's 无案村/降发案村 definition, and 民主法治示范村 applications."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xiangzhi.core.scope import ScopedQuerySet

SAFETY_VIEW = "safety.view"
SAFETY_STATS = "safety.stats"
SAFETY_CONFIG = "safety.config"
DEMOCRACY_APPLY = "democracy_village.apply"
DEMOCRACY_REVIEW = "democracy_village.review"
DESIGNATION_GRANT = "designation.grant"


class CaseCount(models.TextChoices):
    """The yearly counts a village's statistics hold (field name → label / import column)."""

    CRIMINAL = "criminal", _("刑事案件")
    PUBLIC_ORDER = "public_order", _("治安案件")
    CIVIL_TO_CRIMINAL = "civil_to_criminal", _("民转刑")
    MASS_INCIDENTS = "mass_incidents", _("群体性事件")
    COLLECTIVE_PETITIONS = "collective_petitions", _("集体访越级访")


DEFAULT_NO_CASE_COUNTS = [CaseCount.CRIMINAL.value, CaseCount.PUBLIC_ORDER.value]
DEFAULT_FEWER_CASE_COUNTS = [CaseCount.CRIMINAL.value, CaseCount.PUBLIC_ORDER.value]
DEFAULT_TARGET_PERCENT = 80


class StatisticsSource(models.TextChoices):
    ENTERED = "entered", _("逐村录入")
    IMPORTED = "imported", _("文件导入")


class CaseStatisticsQuerySet(ScopedQuerySet):
    def current(self):
        return self.filter(is_current=True)


class CaseStatistics(models.Model):
    """One version of a village's counts for a year. A correction adds a version and retires the
    previous one, so what was reported before stays readable."""

    view_capability = SAFETY_VIEW

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("村(社区)"), on_delete=models.PROTECT, db_column="region_code",
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    is_current = models.BooleanField(_("现行"), default=True)
    criminal = models.PositiveIntegerField(_("刑事案件"), default=0)
    public_order = models.PositiveIntegerField(_("治安案件"), default=0)
    civil_to_criminal = models.PositiveIntegerField(_("民转刑"), default=0)
    mass_incidents = models.PositiveIntegerField(_("群体性事件"), default=0)
    collective_petitions = models.PositiveIntegerField(_("集体访越级访"), default=0)
    source = models.CharField(_("来源"), max_length=20, choices=StatisticsSource.choices)
    entered_by = models.ForeignKey(
        "accounts.User", verbose_name=_("填报人"), on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(_("填报时间"), auto_now_add=True)

    objects = CaseStatisticsQuerySet.as_manager()

    class Meta:
        verbose_name = _("案件统计")
        verbose_name_plural = _("案件统计")
        ordering = ["region_id", "-year", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year"], condition=Q(is_current=True), name="safety_stats_one_current"
            ),
            models.UniqueConstraint(fields=["region", "year", "version"], name="safety_stats_version_once"),
        ]

    def __str__(self):
        return f"{self.year} {self.region_id} v{self.version}"

    def counts(self):
        return {name: getattr(self, name) for name in CaseCount.values}


class SafetyDefinitionQuerySet(ScopedQuerySet):
    pass


class SafetyDefinition(models.Model):
    """A county's own definition of 无案村 and 降发案村, its target and its 示范村 criteria."""

    view_capability = SAFETY_VIEW

    region = models.OneToOneField(
        "regions.Region", verbose_name=_("县"), on_delete=models.PROTECT, db_column="region_code",
        related_name="+",
    )
    # 无案村: every count listed here is zero in the year.
    no_case_counts = models.JSONField(_("无案村:以下均为零"), default=list)
    # 降发案村: the sum of the counts listed here is lower than the previous year's.
    fewer_case_counts = models.JSONField(_("降发案村:以下合计下降"), default=list)
    target_percent = models.PositiveSmallIntegerField(_("目标占比(%)"), default=DEFAULT_TARGET_PERCENT)
    # [{"key", "label", "max_score"}]; empty means the national default list.
    criteria = models.JSONField(_("示范村评分标准"), default=list, blank=True)
    updated_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    objects = SafetyDefinitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("平安村认定口径")
        verbose_name_plural = _("平安村认定口径")

    def __str__(self):
        return f"{self.region_id}"


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待乡镇审核")
    TOWNSHIP_PASSED = "township_passed", _("待县级审核")
    COUNTY_PASSED = "county_passed", _("待市/自治区命名")
    GRANTED = "granted", _("已命名")
    REJECTED = "rejected", _("未通过")
    REVOKED = "revoked", _("已撤销")


class DemocracyApplicationQuerySet(ScopedQuerySet):
    def open(self):
        return self.filter(status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.TOWNSHIP_PASSED,
                                       ApplicationStatus.COUNTY_PASSED])


class DemocracyApplication(models.Model):
    """A village's application to be named 民主法治示范村, with its self-assessment and reviews."""

    view_capability = SAFETY_VIEW

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("申报村"), on_delete=models.PROTECT, db_column="region_code",
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    status = models.CharField(_("状态"), max_length=20, choices=ApplicationStatus.choices,
                              default=ApplicationStatus.SUBMITTED, db_index=True)
    # [{"key", "label", "max_score", "score", "note"}] as the criteria stood when applying.
    self_assessment = models.JSONField(_("自评"), default=list)
    self_score = models.PositiveSmallIntegerField(_("自评总分"), default=0)
    summary = models.TextField(_("创建情况"), blank=True)
    applied_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    applied_at = models.DateTimeField(auto_now_add=True)
    township_opinion = models.TextField(_("乡镇审核意见"), blank=True)
    township_reviewer = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT,
                                          related_name="+")
    county_opinion = models.TextField(_("县级审核意见"), blank=True)
    county_reviewer = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="+")
    designation = models.OneToOneField("regions.Designation", verbose_name=_("命名"), null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="+")

    objects = DemocracyApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("民主法治示范村申报")
        verbose_name_plural = _("民主法治示范村申报")
        ordering = ["-applied_at", "-id"]
        constraints = [
            # One live application per village and year (a rejected one may be followed by another).
            models.UniqueConstraint(
                fields=["region", "year"],
                condition=Q(status__in=["submitted", "township_passed", "county_passed", "granted"]),
                name="democracy_application_once_per_year",
            )
        ]

    def __str__(self):
        return f"{self.year} {self.region_id}"
