"""Village cadres: 分层次培训 plans with their attendance, and 村干部报酬 — the county's yearly pay
standard per role (versioned once used) and the township's yearly calculation per cadre, which keeps
every input it used and, when redone after a correction, the row it replaces."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xiangzhi.accounts.models import Role
from xiangzhi.assessment.models import Grade
from xiangzhi.core.scope import ScopedQuerySet
from xiangzhi.finance.money import format_fen

CADRE_VIEW = "cadre.view"
CADRE_OWN = "cadre.own"
TRAINING_MANAGE = "training.manage"
PAY_CONFIG = "pay.config"
PAY_MANAGE = "pay.manage"

# The posts a training may be aimed at and a pay standard set for: the village cadres.
CADRE_ROLES = (
    Role.VILLAGE_SECRETARY, Role.VILLAGE_DIRECTOR, Role.VILLAGE_CADRE, Role.VILLAGE_SUPERVISOR, Role.CHILD_DIRECTOR,
)
CADRE_ROLE_CHOICES = [(role.value, role.label) for role in CADRE_ROLES]


def _region(verbose_name):
    return models.ForeignKey(
        "regions.Region", verbose_name=verbose_name, on_delete=models.PROTECT, db_column="region_code",
        related_name="+",
    )


class TrainingPlan(models.Model):
    """A training held by a township, county, city or the region for the holders of some cadre posts
    in its target region. Its trainees are read from the posts, never typed."""

    view_capability = CADRE_VIEW

    region = _region(_("培训对象所在区划"))
    level = models.CharField(_("举办层级"), max_length=20)
    title = models.CharField(_("培训名称"), max_length=100)
    year = models.PositiveSmallIntegerField(_("年度"))
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    venue = models.CharField(_("培训地点"), max_length=100)
    hours = models.DecimalField(_("学时"), max_digits=5, decimal_places=1)
    content = models.TextField(_("培训内容"), max_length=2000)
    target_roles = models.JSONField(_("培训对象"), default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("举办人"), on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("培训计划")
        verbose_name_plural = _("培训计划")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="training_ends_after_start"),
        ]

    def __str__(self):
        return self.title

    def target_role_labels(self):
        labels = dict(CADRE_ROLE_CHOICES)
        return [str(labels.get(role, role)) for role in self.target_roles]


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("出席")
    ABSENT = "absent", _("缺席")


class Attendance(models.Model):
    """One trainee's attendance at a training, recorded by the organiser after it; the row sits in
    the trainee's post region so that townships and counties read their cadres' training."""

    view_capability = CADRE_VIEW

    plan = models.ForeignKey(TrainingPlan, verbose_name=_("培训"), on_delete=models.CASCADE,
                             related_name="attendances")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("学员"), on_delete=models.PROTECT,
                             related_name="training_attendances")
    post = models.ForeignKey("accounts.Post", verbose_name=_("职务"), on_delete=models.PROTECT, related_name="+")
    region = _region(_("学员所在区划"))
    status = models.CharField(_("出勤"), max_length=10, choices=AttendanceStatus.choices)
    absence_reason = models.CharField(_("缺席原因"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("培训出勤")
        verbose_name_plural = _("培训出勤")
        ordering = ["plan_id", "region_id", "user_id"]
        constraints = [models.UniqueConstraint(fields=["plan", "user"], name="training_attendance_once")]


class PerformanceRule(models.TextChoices):
    GRADE_BANDS = "grade_bands", _("按考核等次")
    SCORE = "score", _("按考核得分(得分/100)")


class PayStandard(models.Model):
    """A county's pay standard for one cadre role and year. Once a calculation used it, it is
    frozen: a change is a new version that names the one it replaces."""

    view_capability = CADRE_VIEW

    region = _region(_("县(市、区)"))
    year = models.PositiveSmallIntegerField(_("年度"))
    role = models.CharField(_("职务"), max_length=30, choices=CADRE_ROLE_CHOICES)
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    supersedes = models.OneToOneField("self", verbose_name=_("替代的版本"), null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="superseded_by")
    monthly_basic_fen = models.BigIntegerField(_("每月基本报酬(分)"))
    performance_fen = models.BigIntegerField(_("年度绩效报酬(分)"))
    rule = models.CharField(_("绩效计算方式"), max_length=20, choices=PerformanceRule.choices)
    excellent_percent = models.PositiveSmallIntegerField(_("优秀(%)"), default=100)
    good_percent = models.PositiveSmallIntegerField(_("良好(%)"), default=85)
    pass_percent = models.PositiveSmallIntegerField(_("合格(%)"), default=70)
    fail_percent = models.PositiveSmallIntegerField(_("不合格(%)"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("村干部报酬标准")
        verbose_name_plural = _("村干部报酬标准")
        ordering = ["region_id", "-year", "role", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year", "role", "version"], name="pay_standard_version"),
        ]

    def __str__(self):
        return f"{self.year} {self.get_role_display()}(第{self.version}版)"

    def band_percent(self, grade):
        return {
            Grade.EXCELLENT: self.excellent_percent, Grade.GOOD: self.good_percent,
            Grade.PASS: self.pass_percent, Grade.FAIL: self.fail_percent,
        }[grade]


class PerformanceSource(models.TextChoices):
    ASSESSMENT = "assessment", _("已发布的考核结果")
    ENTERED = "entered", _("手工填写")


class CalculationStatus(models.TextChoices):
    CURRENT = "current", _("有效")
    SUPERSEDED = "superseded", _("已被更正")


class PayCalculationQuerySet(ScopedQuerySet):
    def current(self):
        return self.filter(status=CalculationStatus.CURRENT)


class PayCalculation(models.Model):
    """One cadre's pay for a year, with every input it used: the standard, the months in post, the
    assessment result (or the score or grade entered by hand, with who and why) and the share."""

    view_capability = CADRE_VIEW

    region = _region(_("村"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("村干部"), on_delete=models.PROTECT,
                             related_name="pay_calculations")
    post = models.ForeignKey("accounts.Post", verbose_name=_("职务"), on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("职务"), max_length=30, choices=CADRE_ROLE_CHOICES)
    year = models.PositiveSmallIntegerField(_("年度"))
    standard = models.ForeignKey(PayStandard, verbose_name=_("报酬标准"), on_delete=models.PROTECT,
                                 related_name="calculations")
    months = models.PositiveSmallIntegerField(_("在岗月数"))
    monthly_basic_fen = models.BigIntegerField(_("每月基本报酬(分)"))
    basic_fen = models.BigIntegerField(_("基本报酬(分)"))
    performance_amount_fen = models.BigIntegerField(_("年度绩效报酬标准(分)"))
    rule = models.CharField(_("绩效计算方式"), max_length=20, choices=PerformanceRule.choices)
    source = models.CharField(_("考核结果来源"), max_length=20, choices=PerformanceSource.choices)
    assessment_result = models.ForeignKey("assessment.Result", verbose_name=_("考核结果"), null=True, blank=True,
                                          on_delete=models.PROTECT, related_name="+")
    scheme_title = models.CharField(_("考核方案"), max_length=100, blank=True)
    rank = models.PositiveIntegerField(_("排名"), null=True, blank=True)
    score = models.FloatField(_("考核得分"), null=True, blank=True)
    grade = models.CharField(_("考核等次"), max_length=20, choices=Grade.choices, blank=True)
    entered_reason = models.CharField(_("手工填写理由"), max_length=200, blank=True)
    share_percent = models.DecimalField(_("绩效比例(%)"), max_digits=5, decimal_places=2)
    performance_fen = models.BigIntegerField(_("绩效报酬(分)"))
    total_fen = models.BigIntegerField(_("合计(分)"))
    status = models.CharField(_("状态"), max_length=20, choices=CalculationStatus.choices,
                              default=CalculationStatus.CURRENT)
    supersedes = models.OneToOneField("self", verbose_name=_("更正的计算"), null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="superseded_by")
    correction_reason = models.CharField(_("更正理由"), max_length=200, blank=True)
    calculated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("计算人"), on_delete=models.PROTECT,
                                      related_name="+")
    calculated_at = models.DateTimeField(_("计算时间"), auto_now_add=True)

    objects = PayCalculationQuerySet.as_manager()

    class Meta:
        verbose_name = _("村干部报酬计算")
        verbose_name_plural = _("村干部报酬计算")
        ordering = ["region_id", "-year", "role", "user_id", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["post", "year"], condition=Q(status="current"),
                                    name="pay_calculation_one_current"),
        ]

    def __str__(self):
        return f"{self.year} {self.user}"

    def basic_step(self):
        return _("基本报酬 ¥%(monthly)s × %(months)d 个月 = ¥%(basic)s") % {
            "monthly": format_fen(self.monthly_basic_fen), "months": self.months, "basic": format_fen(self.basic_fen)}

    def result_label(self):
        parts = []
        if self.score is not None:
            parts.append(_("%(score)s 分") % {"score": _number(self.score)})
        if self.grade and (self.rule == PerformanceRule.GRADE_BANDS or self.score is None):
            parts.append(str(self.get_grade_display()))
        what = " ".join(parts)
        if self.source == PerformanceSource.ASSESSMENT:
            return _("考核结果 %(what)s(方案《%(scheme)s》第 %(rank)d 名)") % {
                "what": what, "scheme": self.scheme_title, "rank": self.rank}
        return _("手工填写 %(what)s(理由:%(reason)s)") % {"what": what, "reason": self.entered_reason}

    def performance_step(self):
        return _("绩效:%(result)s → %(share)s%% × ¥%(amount)s = ¥%(performance)s") % {
            "result": self.result_label(), "share": _number(self.share_percent),
            "amount": format_fen(self.performance_amount_fen), "performance": format_fen(self.performance_fen)}

    def total_step(self):
        return _("合计 ¥%(basic)s + ¥%(performance)s = ¥%(total)s") % {
            "basic": format_fen(self.basic_fen), "performance": format_fen(self.performance_fen),
            "total": format_fen(self.total_fen)}

    def steps(self):
        return [self.basic_step(), self.performance_step(), self.total_step()]


def _number(value):
    """85 → "85", 87.5 → "87.5": the percent or score as a person writes it."""
    value = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP).normalize()
    return f"{value:f}"
