"""Ratings of households (星级文明户 …) with their public notice, and selections of people
(道德模范 …) with one vote per villager."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xiangzhi.core.scope import ScopedQuerySet
from xiangzhi.core.workflow import WorkflowQuerySet, WorkflowSubject

DEFAULT_NOTICE_DAYS = 7
DEFAULT_VOTES_PER_ADDRESS = 20


class RatingKind(models.TextChoices):
    STAR_HOUSEHOLD = "star_household", _("星级文明户")
    CIVILIZED_FAMILY = "civilized_family", _("文明家庭")
    MOST_BEAUTIFUL_FAMILY = "most_beautiful_family", _("最美家庭")
    FIVE_GOOD_FAMILY = "five_good_family", _("五好家庭")
    GOOD_MOTHER_IN_LAW = "good_mother_in_law", _("好婆婆")
    GOOD_DAUGHTER_IN_LAW = "good_daughter_in_law", _("好媳妇")
    GOOD_SISTER_IN_LAW = "good_sister_in_law", _("好妯娌")


class Criterion(models.Model):
    """One appraisal criterion (a star). Rows without a county are the shared defaults; a county
    that configures its own criteria uses only its own. Retired criteria stay for old appraisals."""

    view_capability = "rating.view"
    scope_fields = ("county",)

    county = models.ForeignKey(
        "regions.Region", verbose_name=_("县"), null=True, blank=True, on_delete=models.PROTECT,
        db_column="county_code", related_name="+",
    )
    name = models.CharField(_("评星项目"), max_length=40)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    max_stars = models.PositiveSmallIntegerField(_("最多星数"), default=1)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    active = models.BooleanField(_("在用"), default=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("评星项目")
        verbose_name_plural = _("评星项目")
        ordering = ["county_id", "order", "id"]

    def __str__(self):
        return self.name


class RatingCycle(models.Model):
    """One year's rating of one kind in one village."""

    view_capability = "rating.view"

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("村"), on_delete=models.PROTECT, db_column="region_code", related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    kind = models.CharField(_("评选类别"), max_length=32, choices=RatingKind.choices)
    notice_days = models.PositiveSmallIntegerField(_("公示天数"), default=DEFAULT_NOTICE_DAYS)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("评星年度")
        verbose_name_plural = _("评星年度")
        ordering = ["-year", "region_id", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year", "kind"], name="one_rating_cycle_per_village_year_kind"),
            models.CheckConstraint(condition=Q(notice_days__gte=1), name="rating_notice_at_least_a_day"),
        ]

    def __str__(self):
        return f"{self.year}年{self.get_kind_display()}"


class RatingState(models.TextChoices):
    REPORTED = "reported", _("已自报")
    APPRAISED = "appraised", _("代表已评议")
    CHECKED = "checked", _("两委已审核")
    NOTICE = "notice", _("公示中")
    AWARDED = "awarded", _("已授予")
    REJECTED = "rejected", _("未通过")
    REVOKED = "revoked", _("已撤销")


class HouseholdRatingQuerySet(WorkflowQuerySet):
    def on_notice(self):
        return self.filter(state=RatingState.NOTICE)


class HouseholdRating(WorkflowSubject):
    """A household's rating in a cycle: self-report → appraisal → 两委 check → 公示 → award."""

    view_capability = "rating.view"

    cycle = models.ForeignKey(RatingCycle, verbose_name=_("评星年度"), on_delete=models.PROTECT, related_name="ratings")
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("村"), on_delete=models.PROTECT, db_column="region_code", related_name="+",
    )
    household = models.ForeignKey("people.Household", verbose_name=_("户"), on_delete=models.PROTECT, related_name="+")
    self_report = models.TextField(_("自评情况"))
    stars = models.PositiveSmallIntegerField(_("星数"), default=0)
    notice_starts = models.DateTimeField(_("公示开始"), null=True, blank=True)
    notice_ends = models.DateTimeField(_("公示截止"), null=True, blank=True)
    recommended_upward = models.BooleanField(_("推荐上级评选"), default=False)
    revoked_on = models.DateField(_("撤销日期"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = HouseholdRatingQuerySet.as_manager()

    class Meta:
        verbose_name = _("户评星")
        verbose_name_plural = _("户评星")
        ordering = ["cycle_id", "household_id"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "household"], name="one_rating_per_household_per_cycle"),
        ]

    def __str__(self):
        return f"{self.cycle} · {self.household}"

    @property
    def state_label(self):
        return RatingState(self.state).label


class RatingScore(models.Model):
    """The representatives' appraisal: stars for one criterion."""

    rating = models.ForeignKey(HouseholdRating, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, verbose_name=_("评星项目"), on_delete=models.PROTECT, related_name="+")
    stars = models.PositiveSmallIntegerField(_("星数"))

    class Meta:
        ordering = ["criterion__order", "criterion_id"]
        constraints = [models.UniqueConstraint(fields=["rating", "criterion"], name="one_score_per_criterion")]


class Objection(models.Model):
    """异议 raised during the public notice; the result stands only once every one is answered."""

    view_capability = "rating.view"

    rating = models.ForeignKey(HouseholdRating, on_delete=models.PROTECT, related_name="objections")
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, db_column="region_code", related_name="+",
    )
    text = models.TextField(_("异议内容"))
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField(default=timezone.now)
    answer = models.TextField(_("答复"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("公示异议")
        verbose_name_plural = _("公示异议")
        ordering = ["raised_at", "id"]

    @property
    def is_answered(self):
        return self.answered_at is not None


class Sanction(models.Model):
    """A sanction of a resident (违法违纪、违反村规民约受处理); kept by cadres, it blocks the household's
    ratings in its year."""

    view_capability = "rating.manage"

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("村"), on_delete=models.PROTECT, db_column="region_code", related_name="+",
    )
    resident = models.ForeignKey("people.Resident", verbose_name=_("村民"), on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("处理日期"))
    note = models.CharField(_("情况"), max_length=500)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("处理记录")
        verbose_name_plural = _("处理记录")
        ordering = ["-date", "-id"]


# --- selections --------------------------------------------------------------------------------


class SelectionKind(models.TextChoices):
    MORAL_MODEL = "moral_model", _("道德模范")
    MOST_BEAUTIFUL_PERSON = "most_beautiful_person", _("最美人物")
    GOOD_PERSON = "good_person", _("身边好人")


class RoundState(models.TextChoices):
    NOMINATING = "nominating", _("推荐中")
    VOTING = "voting", _("投票中")
    CLOSED = "closed", _("已结束")


class SelectionRound(models.Model):
    view_capability = "selection.view"

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("村"), on_delete=models.PROTECT, db_column="region_code", related_name="+",
    )
    kind = models.CharField(_("评选类别"), max_length=32, choices=SelectionKind.choices)
    title = models.CharField(_("标题"), max_length=100)
    state = models.CharField(_("状态"), max_length=16, choices=RoundState.choices, default=RoundState.NOMINATING)
    votes_per_address = models.PositiveIntegerField(_("每个网络地址最多票数"), default=DEFAULT_VOTES_PER_ADDRESS)
    voting_opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("评选")
        verbose_name_plural = _("评选")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(votes_per_address__gte=1), name="round_address_cap_positive"),
        ]

    def __str__(self):
        return self.title


class NominationStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    ACCEPTED = "accepted", _("已入围")
    REJECTED = "rejected", _("未入围")


class Nomination(models.Model):
    view_capability = "selection.view"

    round = models.ForeignKey(SelectionRound, on_delete=models.PROTECT, related_name="nominations")
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, db_column="region_code", related_name="+",
    )
    nominee = models.ForeignKey("people.Resident", verbose_name=_("被推荐人"), on_delete=models.PROTECT, related_name="+")
    story = models.TextField(_("事迹"))
    evidence = models.TextField(_("证明材料"))
    status = models.CharField(_("审核"), max_length=16, choices=NominationStatus.choices,
                              default=NominationStatus.PENDING)
    review_note = models.CharField(_("审核意见"), max_length=500, blank=True)
    nominated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("推荐")
        verbose_name_plural = _("推荐")
        ordering = ["round_id", "id"]
        constraints = [models.UniqueConstraint(fields=["round", "nominee"], name="one_nomination_per_person_per_round")]


class Vote(models.Model):
    """One villager's vote in a round. Who voted for whom is not shown to anyone; counts are."""

    round = models.ForeignKey(SelectionRound, on_delete=models.PROTECT, related_name="votes")
    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="votes")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ip = models.GenericIPAddressField(null=True, blank=True)
    cast_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("投票")
        verbose_name_plural = _("投票")
        constraints = [models.UniqueConstraint(fields=["round", "voter"], name="one_vote_per_villager_per_round")]
        indexes = [models.Index(fields=["round", "ip"], name="vote_round_ip")]
