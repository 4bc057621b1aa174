"""乡村振兴实绩考核: a county's scheme for a year, its weighted items and allowed vetoes, the vetoes
recorded against units, and each unit's result computed from the rollup table (never typed)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xiangzhi.core.scope import ScopedQuerySet
from xiangzhi.regions.models import Level

ASSESSMENT_VIEW = "assessment.view"
ASSESSMENT_MANAGE = "assessment.manage"

ASSESSED_LEVELS = (Level.TOWNSHIP, Level.VILLAGE)


class SchemeStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    SUPERSEDED = "superseded", _("已被更正")


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    GOOD = "good", _("良好")
    PASS = "pass", _("合格")
    FAIL = "fail", _("不合格")


# Score (out of 100) from which a grade is given, best first; a veto makes any score 不合格.
GRADE_FLOORS = ((90, Grade.EXCELLENT), (75, Grade.GOOD), (60, Grade.PASS))


def grade_for(score, vetoed):
    if vetoed:
        return Grade.FAIL
    for floor, grade in GRADE_FLOORS:
        if score >= floor:
            return grade
    return Grade.FAIL


class SchemeQuerySet(ScopedQuerySet):
    def published(self):
        return self.filter(status=SchemeStatus.PUBLISHED)


class Scheme(models.Model):
    """One version of a county's scheme for a year and an assessed level. A published version is
    frozen; a correction is a new version that names its reason and replaces it when published."""

    view_capability = ASSESSMENT_MANAGE

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("县(市、区)"), on_delete=models.PROTECT, db_column="region_code",
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("考核年度"))
    level = models.CharField(_("考核对象"), max_length=20, choices=[(lv.value, lv.label) for lv in ASSESSED_LEVELS])
    title = models.CharField(_("方案名称"), max_length=100)
    plan_key = models.CharField(_("规划"), max_length=80)
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    supersedes = models.OneToOneField(
        "self", verbose_name=_("更正的版本"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    correction_reason = models.TextField(_("更正理由"), blank=True)
    vetoes = models.JSONField(_("一票否决事项"), default=list)  # keys from vetoes.yaml
    status = models.CharField(_("状态"), max_length=20, choices=SchemeStatus.choices, default=SchemeStatus.DRAFT)
    computed_at = models.DateTimeField(_("计算时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    created_by = models.ForeignKey("accounts.User", verbose_name=_("制定人"), on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = SchemeQuerySet.as_manager()

    class Meta:
        verbose_name = _("考核方案")
        verbose_name_plural = _("考核方案")
        ordering = ["-year", "level", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year", "level", "version"], name="assessment_scheme_version"),
            # At most one version in force and one draft correction per county, year and level.
            models.UniqueConstraint(fields=["region", "year", "level"], condition=Q(status="published"),
                                    name="assessment_one_published"),
            models.UniqueConstraint(fields=["region", "year", "level"], condition=Q(status="draft"),
                                    name="assessment_one_draft"),
        ]

    def __str__(self):
        return f"{self.title}(第{self.version}版)"

    @property
    def is_draft(self):
        return self.status == SchemeStatus.DRAFT


class SchemeItem(models.Model):
    """A weighted item: a plan target, its indicator and target value as they were when the item was
    set, and the scoring bands [[达成率%, 得分%], …], best first."""

    scheme = models.ForeignKey(Scheme, verbose_name=_("考核方案"), on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("序号"))
    target_key = models.CharField(_("规划目标"), max_length=80)
    indicator = models.CharField(_("指标"), max_length=80)
    title = models.CharField(_("考核内容"), max_length=200)
    comparator = models.CharField(_("比较"), max_length=2)
    target_value = models.FloatField(_("目标值"))
    is_share = models.BooleanField(_("比例指标"), default=True)
    weight = models.PositiveSmallIntegerField(_("权重"))
    bands = models.JSONField(_("计分档次"))

    class Meta:
        verbose_name = _("考核项目")
        verbose_name_plural = _("考核项目")
        ordering = ["scheme", "position"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "target_key"], name="assessment_item_once"),
        ]

    def __str__(self):
        return self.title


class UnitVeto(models.Model):
    """The county found a unit under one of the scheme's allowed vetoes: its result is 不合格."""

    scheme = models.ForeignKey(Scheme, verbose_name=_("考核方案"), on_delete=models.CASCADE,
                               related_name="unit_vetoes")
    region = models.ForeignKey("regions.Region", verbose_name=_("被考核单位"), on_delete=models.PROTECT,
                               db_column="region_code", related_name="+")
    veto_key = models.CharField(_("否决事项"), max_length=80)
    reason = models.TextField(_("否决理由"))
    evidence = models.TextField(_("依据材料"))
    recorded_by = models.ForeignKey("accounts.User", verbose_name=_("记录人"), on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("一票否决记录")
        verbose_name_plural = _("一票否决记录")
        ordering = ["scheme", "region_id"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "region", "veto_key"], name="assessment_veto_once"),
        ]

    def __str__(self):
        return f"{self.region_id} {self.veto_key}"


class ResultQuerySet(ScopedQuerySet):
    def published(self):
        """Results of the version in force: the only ones an assessed unit ever sees."""
        return self.filter(scheme__status=SchemeStatus.PUBLISHED)


class Result(models.Model):
    """A unit's computed result: total score, grade, rank in the county and the detail per item."""

    view_capability = ASSESSMENT_VIEW

    scheme = models.ForeignKey(Scheme, verbose_name=_("考核方案"), on_delete=models.CASCADE, related_name="results")
    region = models.ForeignKey("regions.Region", verbose_name=_("被考核单位"), on_delete=models.PROTECT,
                               db_column="region_code", related_name="+")
    score = models.FloatField(_("得分"))
    vetoed = models.BooleanField(_("一票否决"), default=False)
    grade = models.CharField(_("等次"), max_length=20, choices=Grade.choices)
    rank = models.PositiveIntegerField(_("排名"))
    details = models.JSONField(_("得分明细"), default=list)
    computed_at = models.DateTimeField(_("计算时间"))

    objects = ResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("考核结果")
        verbose_name_plural = _("考核结果")
        ordering = ["scheme", "rank", "region_id"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "region"], name="assessment_result_once"),
        ]

    def __str__(self):
        return f"{self.region_id} {self.score}"
