"""星级化管理 and 软弱涣散 rectification: a county's yearly scheme, village party organisations'
evaluations (self-assessment, township then county review, 1–5 stars), weak-organisation flags and
rectification plans with their tasks."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xiangzhi.core.scope import ScopedQuerySet

VIEW = "partyrating.view"
SELF_ASSESS = "partyrating.self_assess"
REVIEW = "partyrating.review"
CONFIG = "partyrating.config"
RECTIFY = "rectification.manage"


class RatingScheme(models.Model):
    """A county's criteria, star bands and screening triggers for one year (defaults when absent)."""

    view_capability = VIEW

    region = models.ForeignKey("regions.Region", verbose_name=_("县"), on_delete=models.PROTECT,
                               db_column="region_code", related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    # [{"key", "label", "max_score"}]
    criteria = models.JSONField(_("评分标准"), default=list)
    # The lowest total for 2, 3, 4 and 5 stars; below the first is 1 star.
    star_bands = models.JSONField(_("星级分数线"), default=list)
    secretary_vacant_days = models.PositiveIntegerField(_("书记空缺超过(天)"), null=True, blank=True)
    satisfaction_below = models.PositiveSmallIntegerField(_("群众满意度低于(%)"), null=True, blank=True)
    no_new_member_years = models.PositiveSmallIntegerField(_("连续未发展党员(年)"), null=True, blank=True)
    last_place = models.BooleanField(_("考评排名末位"), default=True)
    mass_incident = models.BooleanField(_("发生群体性事件"), default=True)
    bottom_share = models.PositiveSmallIntegerField(_("年度排名后(%)"), default=10)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("星级评定方案")
        verbose_name_plural = _("星级评定方案")
        ordering = ["region_id", "-year"]
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="partyrating_scheme_once")]

    def __str__(self):
        return f"{self.region_id} {self.year}"


class EvaluationState(models.TextChoices):
    DRAFT = "draft", _("自评中")
    SUBMITTED = "submitted", _("待乡镇审核")
    TOWNSHIP_REVIEWED = "township_reviewed", _("待县级审核")
    RATED = "rated", _("已定级")


class EvaluationQuerySet(ScopedQuerySet):
    def rated(self):
        return self.filter(state=EvaluationState.RATED, score__isnull=False)


class Evaluation(models.Model):
    """One village party organisation's yearly star evaluation."""

    view_capability = VIEW

    organisation = models.ForeignKey("people.Organisation", verbose_name=_("村党组织"), on_delete=models.PROTECT,
                                     related_name="star_evaluations")
    region = models.ForeignKey("regions.Region", verbose_name=_("村(社区)"), on_delete=models.PROTECT,
                               db_column="region_code", related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    state = models.CharField(_("状态"), max_length=20, choices=EvaluationState.choices,
                             default=EvaluationState.DRAFT, db_index=True)
    # The scheme's criteria as they stood when the evaluation began.
    criteria = models.JSONField(_("评分标准"), default=list)
    self_scores = models.JSONField(_("自评分"), default=dict)
    self_total = models.PositiveSmallIntegerField(_("自评总分"), default=0)
    satisfaction = models.DecimalField(_("群众满意度(%)"), max_digits=4, decimal_places=1, null=True, blank=True)
    mass_incident = models.BooleanField(_("本年度发生群体性事件"), default=False)
    summary = models.TextField(_("自评说明"), blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    reviewed_scores = models.JSONField(_("审核评分"), default=dict)
    score = models.PositiveSmallIntegerField(_("审核总分"), null=True, blank=True)
    stars = models.PositiveSmallIntegerField(_("星级"), null=True, blank=True)
    township_opinion = models.TextField(_("乡镇审核意见"), blank=True)
    township_reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                          related_name="+")
    county_opinion = models.TextField(_("县级审核意见"), blank=True)
    county_reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EvaluationQuerySet.as_manager()

    class Meta:
        verbose_name = _("星级评定")
        verbose_name_plural = _("星级评定")
        ordering = ["-year", "region_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="partyrating_evaluation_once"),
            models.CheckConstraint(condition=Q(stars__isnull=True) | Q(stars__gte=1, stars__lte=5),
                                   name="partyrating_stars_1_5"),
        ]

    def __str__(self):
        return f"{self.organisation} {self.year}"

    @property
    def max_total(self):
        return sum(item["max_score"] for item in self.criteria)

    def score_rows(self):
        return [{**item, "self": self.self_scores.get(item["key"]), "reviewed": self.reviewed_scores.get(item["key"])}
                for item in self.criteria]


class Evidence(models.Model):
    """A file backing a self-assessment (minutes, photos, ledgers)."""

    view_capability = VIEW
    scope_fields = ("evaluation__region",)

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="evidence")
    criterion = models.CharField(_("对应标准"), max_length=30, blank=True)
    file = models.FileField(_("佐证材料"), upload_to="partyrating/%Y/%m/")
    name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        ordering = ["evaluation_id", "id"]


class Trigger(models.TextChoices):
    # Found by screening the records.
    SECRETARY_VACANT = "secretary_vacant", _("书记空缺超过规定期限")
    LOW_SATISFACTION = "low_satisfaction", _("群众满意度偏低")
    NO_NEW_MEMBER = "no_new_member", _("连续未发展党员")
    LAST_PLACE = "last_place", _("星级考评排名末位")
    MASS_INCIDENT = "mass_incident", _("发生群体性事件")
    BOTTOM_SHARE = "bottom_share", _("年度排名靠后")
    # The 2014 categories, flagged by the township with a reason.
    SECRETARY_UNFIT = "secretary_unfit", _("书记不胜任现职、工作不在状态")
    DISUNITY = "disunity", _("班子不团结、内耗严重")
    LIFE_LAPSED = "life_lapsed", _("组织制度形同虚设、不开展组织生活")
    ELECTION_BRIBERY = "election_bribery", _("换届选举拉票贿选问题突出")
    CLAN_RELIGIOUS = "clan_religious", _("宗族宗教势力干扰渗透、村霸涉黑涉恶")
    CHAOTIC_FINANCES = "chaotic_finances", _("村务财务管理混乱")
    PUBLIC_ORDER = "public_order", _("社会治安问题和邪教活动突出")
    PETITIONS = "petitions", _("群众信访集中、问题长期得不到解决")
    OTHER = "other", _("其他")


SCREENED = (Trigger.SECRETARY_VACANT, Trigger.LOW_SATISFACTION, Trigger.NO_NEW_MEMBER, Trigger.LAST_PLACE,
            Trigger.MASS_INCIDENT, Trigger.BOTTOM_SHARE)
MANUAL = tuple(trigger for trigger in Trigger if trigger not in SCREENED)


class WeakFlag(models.Model):
    """Why an organisation counts as 软弱涣散 in a year: a screened trigger or a township's finding."""

    view_capability = VIEW

    organisation = models.ForeignKey("people.Organisation", verbose_name=_("村党组织"), on_delete=models.PROTECT,
                                     related_name="weak_flags")
    region = models.ForeignKey("regions.Region", verbose_name=_("村(社区)"), on_delete=models.PROTECT,
                               db_column="region_code", related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    trigger = models.CharField(_("情形"), max_length=30, choices=Trigger.choices)
    manual = models.BooleanField(_("乡镇认定"), default=False)
    reason = models.CharField(_("依据"), max_length=500)
    flagged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    flagged_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("软弱涣散情形")
        verbose_name_plural = _("软弱涣散情形")
        ordering = ["-year", "region_id", "organisation_id", "trigger"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year", "trigger"], name="partyrating_flag_once"),
        ]


class RectificationState(models.TextChoices):
    OPEN = "open", _("整顿中")
    EXTENDED = "extended", _("延期整顿")
    PASSED = "passed", _("验收销号")


OPEN_STATES = (RectificationState.OPEN, RectificationState.EXTENDED)


class RectificationQuerySet(ScopedQuerySet):
    def open(self):
        return self.filter(state__in=OPEN_STATES)


class Rectification(models.Model):
    """整顿: the plan for a flagged organisation, its deadline and its closing review."""

    view_capability = VIEW

    organisation = models.ForeignKey("people.Organisation", verbose_name=_("村党组织"), on_delete=models.PROTECT,
                                     related_name="rectifications")
    region = models.ForeignKey("regions.Region", verbose_name=_("村(社区)"), on_delete=models.PROTECT,
                               db_column="region_code", related_name="+")
    year = models.PositiveSmallIntegerField(_("认定年度"))
    state = models.CharField(_("状态"), max_length=20, choices=RectificationState.choices,
                             default=RectificationState.OPEN, db_index=True)
    problems = models.TextField(_("主要问题"))
    measures = models.TextField(_("整顿措施"), blank=True)
    deadline = models.DateField(_("整顿期限"))
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)
    review_opinion = models.TextField(_("验收意见"), blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    reviewed_on = models.DateField(_("验收日期"), null=True, blank=True)

    objects = RectificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("软弱涣散整顿")
        verbose_name_plural = _("软弱涣散整顿")
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation"], condition=Q(state__in=["open", "extended"]),
                                    name="partyrating_one_open_rectification"),
        ]

    def __str__(self):
        return f"{self.organisation} {self.year}"


class RectificationTask(models.Model):
    """One task of a plan: who, by when, and the evidence it was done."""

    view_capability = VIEW
    scope_fields = ("rectification__region",)

    rectification = models.ForeignKey(Rectification, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("任务"), max_length=200)
    owner = models.CharField(_("责任人"), max_length=50)
    deadline = models.DateField(_("完成时限"))
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    evidence_note = models.TextField(_("完成情况"), blank=True)
    evidence_file = models.FileField(_("佐证材料"), upload_to="partyrating/tasks/%Y/%m/", blank=True)
    evidence_name = models.CharField(max_length=200, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("整顿任务")
        verbose_name_plural = _("整顿任务")
        ordering = ["rectification_id", "deadline", "id"]

    def __str__(self):
        return self.title
