"""说议办评: topics villagers raise, cadres answer and carry through deliberation (议),
implementation (办, with milestones and percent progress) and evaluation (评, one rating
per household, 1–5).

The raiser is always stored: anonymity only hides the name from other villagers and the
public pages, never from cadres or the audit log.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xiangzhi.core.workflow import WorkflowQuerySet, WorkflowSubject

VIEW = "topic.view"


class TopicState(models.TextChoices):
    RAISED = "raised", _("说·待受理")
    DELIBERATING = "deliberating", _("议·商议中")
    IMPLEMENTING = "implementing", _("办·办理中")
    EVALUATING = "evaluating", _("评·评价中")
    CLOSED = "closed", _("已办结")
    DECLINED = "declined", _("不予采纳")
    MERGED = "merged", _("已合并")


# What other villagers and the public page see: every topic a cadre has taken up (or
# declined, with the reason); a new topic is seen by its raiser and the cadres only.
PUBLIC_STATES = (
    TopicState.DELIBERATING, TopicState.IMPLEMENTING, TopicState.EVALUATING, TopicState.CLOSED, TopicState.DECLINED,
)


class TopicQuerySet(WorkflowQuerySet):
    def public(self):
        return self.filter(state__in=PUBLIC_STATES)

    def with_rating(self):
        return self.annotate(
            rating_count=models.Count("ratings", distinct=True),
            rating_average=models.Avg("ratings__score"),
        )


class Topic(WorkflowSubject):
    view_capability = VIEW

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("村"), on_delete=models.PROTECT,
        db_column="region_code", related_name="+",
    )
    title = models.CharField(_("标题"), max_length=100)
    body = models.TextField(_("内容"))
    anonymous = models.BooleanField(_("对其他村民匿名"), default=False)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("提出人"), on_delete=models.PROTECT, related_name="+"
    )
    household = models.ForeignKey(
        "people.Household", verbose_name=_("提出人所在户"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    progress = models.PositiveSmallIntegerField(_("办理进度(%)"), default=0)
    # The 四议两公开 matter the deliberation runs as (matters app), when there is one.
    matter_id = models.PositiveIntegerField(_("四议两公开事项编号"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", verbose_name=_("合并到"), null=True, blank=True, on_delete=models.PROTECT, related_name="merged"
    )
    created_at = models.DateTimeField(_("提出时间"), auto_now_add=True)

    objects = TopicQuerySet.as_manager()

    class Meta:
        verbose_name = _("议题")
        verbose_name_plural = _("议题")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["region", "state"], name="topic_region_state")]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="topic_progress_at_most_100"),
            models.CheckConstraint(
                condition=Q(merged_into__isnull=True) | Q(state="merged"),
                name="topic_only_merged_points_to_kept",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def state_label(self):
        return TopicState(self.state).label

    @property
    def is_public(self):
        return self.state in PUBLIC_STATES


class TopicPhoto(models.Model):
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="photos")
    image = models.FileField(_("照片"), upload_to="topics/photos/%Y/%m/")
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("议题照片")
        verbose_name_plural = _("议题照片")
        ordering = ["id"]


class TopicReply(models.Model):
    """A cadre's answer to a topic; villagers who may see the topic read it."""

    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("答复人"), on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("答复内容"))
    created_at = models.DateTimeField(_("答复时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("答复")
        verbose_name_plural = _("答复")
        ordering = ["created_at", "id"]


class Milestone(models.Model):
    """One step of the implementation (办): what was reached and the progress after it."""

    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="milestones")
    title = models.CharField(_("节点"), max_length=100)
    progress = models.PositiveSmallIntegerField(_("进度(%)"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("办理节点")
        verbose_name_plural = _("办理节点")
        ordering = ["recorded_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="milestone_progress_at_most_100"),
        ]


class Rating(models.Model):
    """评: one household's rating of the result. The unique constraint is what keeps it to
    one per household when two members rate at the same moment."""

    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="ratings")
    household = models.ForeignKey("people.Household", on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(_("评分"))
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    rated_at = models.DateTimeField(_("评价时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("评价")
        verbose_name_plural = _("评价")
        ordering = ["rated_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["topic", "household"], name="topic_rating_once_per_household"),
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=5), name="topic_rating_score_1_to_5"),
        ]
