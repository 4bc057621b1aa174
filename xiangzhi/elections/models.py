"""村委会换届 elections, recall (罢免), the yearly 民主评议 and the village's 村规民约 / 自治章程.

An election moves preparing → voter list published → (another round needed) → completed; its
voter list is a snapshot of the registry taken when it is published, changed afterwards only by
upheld objections. The count of each round is stored as entered; who was elected is decided by
the platform from the statutory thresholds (see thresholds.py), never typed in.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xiangzhi.core.scope import ScopedQuerySet
from xiangzhi.core.workflow import WorkflowQuerySet, WorkflowSubject

VIEW = "election.view"
CHARTER_VIEW = "charter.view"


class ElectionState(models.TextChoices):
    PREPARING = "preparing", _("筹备中")
    PUBLISHED = "published", _("选民名单已公布")
    RUNOFF = "runoff", _("待另行选举")
    COMPLETED = "completed", _("已完成")


class Election(models.Model):
    """One 村民委员会换届选举 of a village."""

    view_capability = VIEW

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("村"), on_delete=models.PROTECT,
        db_column="region_code", related_name="+",
    )
    title = models.CharField(_("名称"), max_length=100)
    election_day = models.DateField(_("选举日"))
    seats = models.PositiveSmallIntegerField(_("应选名额"))
    state = models.CharField(_("状态"), max_length=16, choices=ElectionState.choices, default=ElectionState.PREPARING)
    list_published_on = models.DateField(_("选民名单公布日"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("村委会换届选举")
        verbose_name_plural = _("村委会换届选举")
        ordering = ["-election_day", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["region", "election_day"], name="election_once_per_village_day"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_published(self):
        return self.list_published_on is not None


class VoterEntryQuerySet(ScopedQuerySet):
    def current(self):
        return self.filter(removed=False)


class VoterEntry(models.Model):
    """One row of an election's voter list: a snapshot of the resident when the list was made."""

    view_capability = VIEW
    scope_fields = ("election__region",)

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="voters")
    resident = models.ForeignKey("people.Resident", verbose_name=_("村民"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("姓名"), max_length=50)
    birth_date = models.DateField(_("出生日期"))
    added_by_objection = models.BooleanField(_("经异议补登"), default=False)
    removed = models.BooleanField(_("经异议删除"), default=False)

    objects = VoterEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("选民名单")
        verbose_name_plural = _("选民名单")
        ordering = ["election_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["election", "resident"], name="voter_once_per_election"),
        ]

    def __str__(self):
        return self.name


class ObjectionKind(models.TextChoices):
    ADD = "add", _("应登记而未登记")
    REMOVE = "remove", _("不应登记而登记")


class ObjectionState(models.TextChoices):
    PENDING = "pending", _("待答复")
    UPHELD = "upheld", _("异议成立")
    DISMISSED = "dismissed", _("异议不成立")


class Objection(WorkflowSubject):
    """An objection to the voter list: lodged within 5 days of publication, answered within 3 days."""

    view_capability = VIEW
    scope_fields = ("election__region",)

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="objections")
    kind = models.CharField(_("异议类型"), max_length=10, choices=ObjectionKind.choices)
    subject = models.ForeignKey(
        "people.Resident", verbose_name=_("所涉村民"), on_delete=models.PROTECT, related_name="+"
    )
    objector = models.CharField(_("提出人"), max_length=50)
    reason = models.TextField(_("理由"))
    lodged_on = models.DateField(_("提出日期"))
    answer = models.TextField(_("答复"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WorkflowQuerySet.as_manager()

    class Meta:
        verbose_name = _("选民名单异议")
        verbose_name_plural = _("选民名单异议")
        ordering = ["election_id", "lodged_on", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.subject.name}"

    @property
    def state_label(self):
        return ObjectionState(self.state).label


class Candidate(models.Model):
    view_capability = VIEW
    scope_fields = ("election__region",)

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="candidates")
    voter = models.ForeignKey(VoterEntry, verbose_name=_("选民"), on_delete=models.PROTECT, related_name="+")
    position = models.CharField(_("职位"), max_length=20, default="委员")
    elected_in = models.ForeignKey(
        "ElectionRound", verbose_name=_("当选轮次"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("候选人")
        verbose_name_plural = _("候选人")
        ordering = ["election_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["election", "voter"], name="candidate_once_per_election"),
        ]

    def __str__(self):
        return self.voter.name


class RoundKind(models.TextChoices):
    REGULAR = "regular", _("正式选举")
    RUNOFF = "runoff", _("另行选举")


class ElectionRound(models.Model):
    """The count of one round, as entered from the 计票 sheet, and the rule applied to it."""

    view_capability = VIEW
    scope_fields = ("election__region",)

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("轮次"))
    kind = models.CharField(_("类型"), max_length=10, choices=RoundKind.choices)
    held_on = models.DateField(_("投票日"))
    registered = models.PositiveIntegerField(_("登记选民数"))
    ballots_cast = models.PositiveIntegerField(_("参加投票人数"))
    seats_open = models.PositiveSmallIntegerField(_("本轮应选名额"))
    rule = models.TextField(_("适用规则"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("选举轮次")
        verbose_name_plural = _("选举轮次")
        ordering = ["election_id", "number"]
        constraints = [
            # A round entered twice (two cadres at once) — one of them wins.
            models.UniqueConstraint(fields=["election", "number"], name="election_round_once"),
        ]


class RoundVote(models.Model):
    round = models.ForeignKey(ElectionRound, on_delete=models.PROTECT, related_name="votes")
    candidate = models.ForeignKey(Candidate, on_delete=models.PROTECT, related_name="votes")
    votes = models.PositiveIntegerField(_("得票数"))
    elected = models.BooleanField(_("当选"), default=False)

    class Meta:
        verbose_name = _("得票")
        verbose_name_plural = _("得票")
        ordering = ["round_id", "-votes", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "candidate"], name="round_vote_once_per_candidate"),
        ]


# --- recall ------------------------------------------------------------------------------


class RecallBasis(models.TextChoices):
    VOTERS = "voters", _("本村五分之一以上有选举权的村民联名")
    REPRESENTATIVES = "representatives", _("三分之一以上村民代表联名")


class RecallState(models.TextChoices):
    COLLECTING = "collecting", _("征集联名")
    INITIATED = "initiated", _("已提出罢免要求")
    PASSED = "passed", _("罢免通过")
    FAILED = "failed", _("罢免未通过")


class Recall(models.Model):
    """罢免: a request to recall one member of the 村民委员会."""

    view_capability = VIEW

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("村"), on_delete=models.PROTECT,
        db_column="region_code", related_name="+",
    )
    membership = models.ForeignKey(
        "people.Membership", verbose_name=_("被罢免成员"), on_delete=models.PROTECT, related_name="+"
    )
    basis = models.CharField(_("提议方式"), max_length=20, choices=RecallBasis.choices)
    reason = models.TextField(_("罢免理由"))
    state = models.CharField(_("状态"), max_length=16, choices=RecallState.choices, default=RecallState.COLLECTING)
    # The size of the body the signatures are counted against, fixed when the recall is initiated.
    eligible = models.PositiveIntegerField(_("应计人数"), null=True, blank=True)
    signatures_at_initiation = models.PositiveIntegerField(_("联名人数"), null=True, blank=True)
    initiated_at = models.DateTimeField(_("提出时间"), null=True, blank=True)
    voted_on = models.DateField(_("表决日"), null=True, blank=True)
    registered = models.PositiveIntegerField(_("登记选民数"), null=True, blank=True)
    ballots_cast = models.PositiveIntegerField(_("参加投票人数"), null=True, blank=True)
    approve = models.PositiveIntegerField(_("赞成票"), null=True, blank=True)
    rule = models.TextField(_("适用规则"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("罢免")
        verbose_name_plural = _("罢免")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["membership"], condition=Q(state__in=("collecting", "initiated")),
                name="one_open_recall_per_membership",
            ),
        ]

    def __str__(self):
        return _("罢免 %(name)s") % {"name": self.membership.resident.name}


class RecallSignature(models.Model):
    view_capability = VIEW
    scope_fields = ("recall__region",)

    recall = models.ForeignKey(Recall, on_delete=models.PROTECT, related_name="signatures")
    resident = models.ForeignKey("people.Resident", verbose_name=_("联名人"), on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("罢免联名")
        verbose_name_plural = _("罢免联名")
        ordering = ["recall_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["recall", "resident"], name="recall_signature_once"),
        ]


# --- 民主评议 -----------------------------------------------------------------------------


class Rating(models.TextChoices):
    COMPETENT = "competent", _("称职")
    BASICALLY = "basically", _("基本称职")
    INCOMPETENT = "incompetent", _("不称职")


class Appraisal(models.Model):
    """The yearly 民主评议 of the 村民委员会's members, chaired by the 村务监督委员会."""

    view_capability = VIEW

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("村"), on_delete=models.PROTECT,
        db_column="region_code", related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    held_on = models.DateField(_("评议日期"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("主持人"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("民主评议")
        verbose_name_plural = _("民主评议")
        ordering = ["-year", "region_id"]
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="appraisal_once_per_year")]

    def __str__(self):
        return _("%(year)d 年度民主评议") % {"year": self.year}


class AppraisalRating(models.Model):
    appraisal = models.ForeignKey(Appraisal, on_delete=models.PROTECT, related_name="ratings")
    membership = models.ForeignKey("people.Membership", verbose_name=_("成员"), on_delete=models.PROTECT, related_name="+")
    resident = models.ForeignKey("people.Resident", verbose_name=_("村民"), on_delete=models.PROTECT, related_name="+")
    rating = models.CharField(_("评议结果"), max_length=16, choices=Rating.choices)
    office_ended = models.BooleanField(_("连续两年不称职,职务终止"), default=False)

    class Meta:
        verbose_name = _("评议结果")
        verbose_name_plural = _("评议结果")
        ordering = ["appraisal_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["appraisal", "membership"], name="appraisal_rating_once"),
        ]


# --- 村规民约 and 自治章程 ------------------------------------------------------------------


class CharterKind(models.TextChoices):
    VILLAGE_RULES = "village_rules", _("村规民约")
    STATUTE = "statute", _("村民自治章程")


class CharterState(models.TextChoices):
    DRAFT = "draft", _("草案")
    ADOPTED = "adopted", _("村民会议已通过")
    FILED = "filed", _("已报乡镇备案")
    RETURNED = "returned", _("乡镇退回修改")
    APPROVED = "approved", _("备案通过(现行)")
    SUPERSEDED = "superseded", _("已被新版本取代")


EDITABLE_CHARTER_STATES = (CharterState.DRAFT, CharterState.RETURNED)


class CharterQuerySet(WorkflowQuerySet):
    def current(self):
        return self.filter(state=CharterState.APPROVED)


class Charter(WorkflowSubject):
    """One version of a village's 村规民约 or 自治章程. A version is adopted only by a passed
    村民会议 resolution, then filed with the township, which approves it (it becomes the current
    one; the previous approved version is superseded) or returns it naming the articles to correct."""

    view_capability = CHARTER_VIEW

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("村"), on_delete=models.PROTECT,
        db_column="region_code", related_name="+",
    )
    kind = models.CharField(_("类型"), max_length=20, choices=CharterKind.choices)
    version = models.PositiveIntegerField(_("版本"))
    title = models.CharField(_("标题"), max_length=100)
    based_on = models.ForeignKey(
        "self", verbose_name=_("来源版本"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolution = models.ForeignKey(
        "assembly.Resolution", verbose_name=_("村民会议决议"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    adopted_on = models.DateField(_("通过日期"), null=True, blank=True)
    # Article numbers the township asked to correct when it last returned this version.
    returned_articles = models.JSONField(_("须修改的条款"), default=list, blank=True)
    approved_at = models.DateTimeField(_("备案通过时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("起草人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CharterQuerySet.as_manager()

    class Meta:
        verbose_name = _("村规民约/自治章程")
        verbose_name_plural = _("村规民约/自治章程")
        ordering = ["region_id", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["region", "kind", "version"], name="charter_version_once"),
            models.UniqueConstraint(
                fields=["region", "kind"], condition=Q(state="approved"), name="charter_one_current",
            ),
            models.UniqueConstraint(
                fields=["region", "kind"], condition=Q(state__in=("draft", "adopted", "filed", "returned")),
                name="charter_one_open_version",
            ),
        ]

    def __str__(self):
        return _("%(title)s(第 %(version)d 版)") % {"title": self.title, "version": self.version}

    @property
    def state_label(self):
        return CharterState(self.state).label

    @property
    def is_editable(self):
        return self.state in EDITABLE_CHARTER_STATES


class CharterArticle(models.Model):
    charter = models.ForeignKey(Charter, on_delete=models.PROTECT, related_name="articles")
    number = models.PositiveSmallIntegerField(_("条"))
    text = models.TextField(_("条文"))

    class Meta:
        verbose_name = _("条款")
        verbose_name_plural = _("条款")
        ordering = ["charter_id", "number"]
        constraints = [models.UniqueConstraint(fields=["charter", "number"], name="charter_article_once")]

    def __str__(self):
        return _("第 %(number)d 条") % {"number": self.number}
