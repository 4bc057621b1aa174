"""Members at work: 设岗定责 posts, 承诺践诺 commitments, violations, the points rules, quarterly
reviews, appeals and the yearly 先锋指数 evaluation. Every row sits in the member's region, so
lists filter by scope without a join."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xiangzhi.core.scope import ScopedQuerySet

PARTYWORK_VIEW = "partywork.view"
PARTYWORK_MANAGE = "partywork.manage"
PARTYWORK_CONFIG = "partywork.config"
PARTYWORK_OWN = "partywork.own"


def _region():
    return models.ForeignKey(
        "regions.Region", verbose_name=_("所在区划"), on_delete=models.PROTECT, db_column="region_code",
        related_name="+",
    )


def _member(related_name):
    return models.ForeignKey(
        "party.PartyMember", verbose_name=_("党员"), on_delete=models.PROTECT, related_name=related_name,
    )


class MemberDuty(models.Model):
    """设岗定责: a post a member without office holds for a year (政策宣传岗, 环境卫生监督岗 …)."""

    view_capability = PARTYWORK_VIEW

    member = _member("duties")
    region = _region()
    year = models.PositiveSmallIntegerField(_("年度"))
    name = models.CharField(_("岗位名称"), max_length=50)
    duties = models.TextField(_("岗位职责"), max_length=1000)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("党员岗位")
        verbose_name_plural = _("党员岗位")
        ordering = ["region_id", "-year", "member_id", "id"]
        constraints = [models.UniqueConstraint(fields=["member", "year", "name"], name="member_duty_once")]

    def __str__(self):
        return self.name


class Fulfilment(models.TextChoices):
    FULFILLED = "fulfilled", _("已践诺")
    PARTLY = "partly", _("部分践诺")
    NOT = "not", _("未践诺")


class Commitment(models.Model):
    """承诺践诺: one item a member promises for the year, reviewed by the branch at year end."""

    view_capability = PARTYWORK_VIEW

    member = _member("commitments")
    region = _region()
    year = models.PositiveSmallIntegerField(_("年度"))
    content = models.CharField(_("承诺事项"), max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(_("践诺情况"), max_length=20, choices=Fulfilment.choices, blank=True)
    review_note = models.CharField(_("评议意见"), max_length=200, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("评议人"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_on = models.DateField(_("评议日期"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("承诺事项")
        verbose_name_plural = _("承诺事项")
        ordering = ["region_id", "-year", "member_id", "id"]

    def __str__(self):
        return self.content


class Violation(models.Model):
    """A breach of discipline or duty the branch records against a member; it costs points."""

    view_capability = PARTYWORK_VIEW

    member = _member("violations")
    region = _region()
    occurred_on = models.DateField(_("发生日期"))
    reason = models.CharField(_("事由"), max_length=200)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("违规记录")
        verbose_name_plural = _("违规记录")
        ordering = ["region_id", "-occurred_on", "-id"]

    def __str__(self):
        return self.reason


class PointsRules(models.Model):
    """The points rules of a county or, overriding it, of a township. Counts come from records of
    work done (meetings, visits, commitments, volunteer hours, violations) — never from app use."""

    view_capability = PARTYWORK_VIEW

    region = models.OneToOneField(
        "regions.Region", verbose_name=_("适用区划"), on_delete=models.PROTECT, db_column="region_code",
        related_name="+",
    )
    base = models.PositiveSmallIntegerField(_("基础分"), default=100)
    per_meeting = models.PositiveSmallIntegerField(_("参加组织生活(每次)"), default=2)
    per_household = models.PositiveSmallIntegerField(_("走访联系户(每户)"), default=1)
    per_commitment = models.PositiveSmallIntegerField(_("践诺一项"), default=5)
    per_commitment_partly = models.PositiveSmallIntegerField(_("部分践诺一项"), default=2)
    per_volunteer_hour = models.PositiveSmallIntegerField(_("志愿服务(每小时)"), default=1)
    per_absence = models.PositiveSmallIntegerField(_("无故缺席扣分(每次)"), default=5)
    per_violation = models.PositiveSmallIntegerField(_("违规扣分(每次)"), default=10)
    excellent_from = models.PositiveSmallIntegerField(_("优秀(不低于)"), default=120)
    qualified_from = models.PositiveSmallIntegerField(_("合格(不低于)"), default=95)
    basic_from = models.PositiveSmallIntegerField(_("基本合格(不低于)"), default=80)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("党员积分规则")
        verbose_name_plural = _("党员积分规则")
        ordering = ["region_id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(excellent_from__gt=models.F("qualified_from"))
                & Q(qualified_from__gt=models.F("basic_from")),
                name="points_rules_bands_ordered",
            ),
        ]

    def __str__(self):
        return str(self.region_id)


class MemberClass(models.TextChoices):
    """分类管理: the band a member's score falls in (bands set in PointsRules)."""

    EXCELLENT = "excellent", _("优秀")
    QUALIFIED = "qualified", _("合格")
    BASIC = "basic", _("基本合格")
    UNQUALIFIED = "unqualified", _("不合格")


class QuarterReview(models.Model):
    """The branch's quarterly review: the member's score to the quarter's end, as it stood then."""

    view_capability = PARTYWORK_VIEW

    member = _member("quarter_reviews")
    region = _region()
    year = models.PositiveSmallIntegerField(_("年度"))
    quarter = models.PositiveSmallIntegerField(_("季度"))
    score = models.IntegerField(_("积分"))
    member_class = models.CharField(_("分类"), max_length=20, choices=MemberClass.choices)
    lines = models.JSONField(_("计分明细"), default=list)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("季度积分评审")
        verbose_name_plural = _("季度积分评审")
        ordering = ["region_id", "-year", "-quarter", "member_id"]
        constraints = [
            models.UniqueConstraint(fields=["member", "year", "quarter"], name="quarter_review_once"),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="quarter_review_quarter"),
        ]


class AppealState(models.TextChoices):
    PENDING = "pending", _("待处理")
    UPHELD = "upheld", _("申诉成立")
    REJECTED = "rejected", _("申诉不成立")


class Appeal(models.Model):
    """A member's appeal against their score for a year; an upheld appeal may correct the score by a
    number of points, which then shows as its own line of the calculation."""

    view_capability = PARTYWORK_VIEW

    member = _member("points_appeals")
    region = _region()
    year = models.PositiveSmallIntegerField(_("年度"))
    reason = models.CharField(_("申诉理由"), max_length=500)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filed_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(_("状态"), max_length=20, choices=AppealState.choices, default=AppealState.PENDING)
    adjustment = models.SmallIntegerField(_("更正分值"), default=0)
    decision_note = models.CharField(_("处理意见"), max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("积分申诉")
        verbose_name_plural = _("积分申诉")
        ordering = ["region_id", "-filed_at", "-id"]

    def __str__(self):
        return self.reason[:30]


class PioneerEvaluation(models.Model):
    """先锋指数: the branch's yearly evaluation of a member — the year's score, the class it falls in
    and the review note."""

    view_capability = PARTYWORK_VIEW

    member = _member("pioneer_evaluations")
    region = _region()
    year = models.PositiveSmallIntegerField(_("年度"))
    score = models.IntegerField(_("积分"))
    member_class = models.CharField(_("分类"), max_length=20, choices=MemberClass.choices)
    note = models.CharField(_("评议意见"), max_length=500)
    evaluated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    evaluated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("先锋指数评价")
        verbose_name_plural = _("先锋指数评价")
        ordering = ["region_id", "-year", "-score"]
        constraints = [models.UniqueConstraint(fields=["member", "year"], name="pioneer_evaluation_once")]
