"""Grid management (网格化服务管理): event categories, the county's responsibility matrix and
deadline rules, working-day calendars, events with photos and comments, escalations, and
patrol visits of households."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xiangzhi.core.scope import ScopedQuerySet
from xiangzhi.core.workflow import WorkflowQuerySet, WorkflowSubject


class Urgency(models.TextChoices):
    NORMAL = "normal", _("一般")
    URGENT = "urgent", _("紧急")
    CRITICAL = "critical", _("特急")


class HandlerLevel(models.TextChoices):
    """Who handles an event, bottom up; escalation moves one step up this list."""

    VILLAGE = "village", _("村(社区)")
    TOWNSHIP = "township", _("乡镇(街道)")
    COUNTY = "county", _("县级部门")


HANDLER_LEVEL_ORDER = [HandlerLevel.VILLAGE, HandlerLevel.TOWNSHIP, HandlerLevel.COUNTY]


class EventState(models.TextChoices):
    REPORTED = "reported", _("待受理")
    # Sent back to the reporter for more information (退回补充); the reporter resubmits it.
    RETURNED = "returned", _("待补充")
    ACCEPTED = "accepted", _("已受理")
    ASSIGNED = "assigned", _("已派遣")
    IN_PROGRESS = "in_progress", _("处置中")
    RESOLVED = "resolved", _("已办结待确认")
    CLOSED = "closed", _("已关闭")
    MERGED = "merged", _("已合并")


class EventSource(models.TextChoices):
    WEB = "web", _("网页")
    API = "api", _("接口")
    OPEN311 = "open311", _("Open311")
    VISIT = "visit", _("走访")


class CategoryQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def for_county(self, county_code):
        """The shared taxonomy plus the county's own categories."""
        return self.filter(Q(county__isnull=True) | Q(county_id=county_code))

    def leaves(self):
        return self.filter(parent__isnull=False)


class EventCategory(models.Model):
    """Two-level taxonomy (大类/小类). Shared categories have no county; a county adds its own.
    The code is the Open311 service_code."""

    code = models.CharField(_("编码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    parent = models.ForeignKey(
        "self", verbose_name=_("大类"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    county = models.ForeignKey(
        "regions.Region", verbose_name=_("所属县"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    description = models.TextField(_("说明"), blank=True)
    active = models.BooleanField(_("启用"), default=True)
    order = models.PositiveIntegerField(_("排序"), default=0)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("事件类别")
        verbose_name_plural = _("事件类别")
        ordering = ["order", "code"]

    def __str__(self):
        return f"{self.parent.name}/{self.name}" if self.parent_id else self.name


class ResponsibilityRule(models.Model):
    """The county's matrix: for a category, which level handles it first, and at each level
    which office or department. Events escalate to the next level that has a rule."""

    view_capability = "grid.event.view"
    scope_fields = ("county",)

    county = models.ForeignKey(
        "regions.Region", verbose_name=_("县"), on_delete=models.PROTECT, related_name="+"
    )
    category = models.ForeignKey(
        EventCategory, verbose_name=_("类别"), on_delete=models.PROTECT, related_name="rules"
    )
    level = models.CharField(_("处置层级"), max_length=20, choices=HandlerLevel.choices)
    department = models.CharField(_("责任部门/科室"), max_length=30, blank=True)
    office = models.CharField(_("责任单位名称"), max_length=100, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("职责矩阵")
        verbose_name_plural = _("职责矩阵")
        constraints = [
            models.UniqueConstraint(fields=["county", "category", "level"], name="one_rule_per_level")
        ]


class DeadlineRule(models.Model):
    """Working days to accept and to resolve, per category and urgency. County-specific rules
    override the shared ones (county empty)."""

    county = models.ForeignKey(
        "regions.Region", verbose_name=_("县"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    category = models.ForeignKey(
        EventCategory, verbose_name=_("类别"), on_delete=models.PROTECT, related_name="deadline_rules"
    )
    urgency = models.CharField(_("紧急程度"), max_length=20, choices=Urgency.choices)
    accept_days = models.PositiveSmallIntegerField(_("受理时限(工作日)"), default=1)
    resolve_days = models.PositiveSmallIntegerField(_("办结时限(工作日)"))

    class Meta:
        verbose_name = _("办理时限")
        verbose_name_plural = _("办理时限")
        # Two conditional constraints rather than nulls_distinct=False, which SQLite lacks.
        constraints = [
            models.UniqueConstraint(
                fields=["category", "urgency"], condition=Q(county__isnull=True), name="one_shared_deadline_rule"
            ),
            models.UniqueConstraint(
                fields=["county", "category", "urgency"], condition=Q(county__isnull=False),
                name="one_county_deadline_rule",
            ),
        ]


class CalendarDay(models.Model):
    """A date that is not what its weekday says: a holiday on a weekday, or a weekend day
    worked (调休). County empty = everywhere."""

    county = models.ForeignKey(
        "regions.Region", verbose_name=_("县"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    date = models.DateField(_("日期"))
    is_workday = models.BooleanField(_("工作日"), default=False)
    name = models.CharField(_("名称"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("节假日与调休")
        verbose_name_plural = _("节假日与调休")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["date"], condition=Q(county__isnull=True), name="one_shared_calendar_day"),
            models.UniqueConstraint(
                fields=["county", "date"], condition=Q(county__isnull=False), name="one_county_calendar_day"
            ),
        ]


class Event(WorkflowSubject):
    """事件: reported once, routed by the matrix, handled within deadlines, confirmed by the reporter."""

    view_capability = "grid.event.view"
    grid_field = "grid"

    # No index on the state alone: with a few values over millions of rows it misled SQLite's
    # planner (sampled statistics) into reading a township's board through it (~200 ms). Every
    # list reads a scope first; the one query by state alone, the deadline job's search for
    # stale resolutions, has the partial index event_resolved_since below.
    state = models.CharField(_("状态"), max_length=32)

    # The foreign keys whose column leads one of the composite indexes below (category, region,
    # grid, handler_region) have no index of their own: each insert maintained 7 indexes that
    # the composites already serve (2 M events: ~100 MB, and CPU on every report).
    category = models.ForeignKey(
        EventCategory, verbose_name=_("类别"), on_delete=models.PROTECT, related_name="events", db_index=False,
    )
    description = models.TextField(_("事件描述"))
    urgency = models.CharField(_("紧急程度"), max_length=20, choices=Urgency.choices, default=Urgency.NORMAL)
    # Where: the place it happened (village, 屯 or grid) …
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("发生地"), on_delete=models.PROTECT,
        db_column="region_code", related_name="grid_events", db_index=False,
    )
    # … the grid that serves it (from the reporter's grid or the household) …
    grid = models.ForeignKey(
        "regions.Region", verbose_name=_("网格"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="grid_events_served", db_index=False,
    )
    household = models.ForeignKey(
        "people.Household", verbose_name=_("涉及户"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="grid_events",
    )
    # … and a point, when the reporter gave one (WGS 84).
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)

    source = models.CharField(_("来源"), max_length=20, choices=EventSource.choices, default=EventSource.WEB)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("报告人"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    reporter_name = models.CharField(_("报告人姓名"), max_length=50, blank=True)

    # Routing: the level and unit handling it now, and the person it is assigned to.
    handler_level = models.CharField(_("处置层级"), max_length=20, choices=HandlerLevel.choices)
    handler_region = models.ForeignKey(
        "regions.Region", verbose_name=_("处置单位所在区划"), on_delete=models.PROTECT, related_name="+",
        db_index=False,
    )
    department = models.CharField(_("责任部门"), max_length=30, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("承办人"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )

    accept_deadline = models.DateTimeField(_("受理期限"), null=True, blank=True)
    resolve_deadline = models.DateTimeField(_("办结期限"), null=True, blank=True)
    escalation_count = models.PositiveSmallIntegerField(_("升级次数"), default=0)

    rating = models.PositiveSmallIntegerField(_("满意度评分"), null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("重办次数"), default=0)
    merged_into = models.ForeignKey(
        "self", verbose_name=_("合并到"), null=True, blank=True, on_delete=models.PROTECT, related_name="duplicates"
    )
    resolved_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("关闭时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("报告时间"), auto_now_add=True, db_index=True)

    objects = WorkflowQuerySet.as_manager()

    class Meta:
        verbose_name = _("网格事件")
        verbose_name_plural = _("网格事件")
        ordering = ["-created_at", "-id"]
        indexes = [
            # A scope is a code prefix (LIKE '4503%'): on PostgreSQL with a non-C collation only
            # a varchar_pattern_ops index serves it; Django adds one for a single indexed
            # column, a composite index must ask (SQLite ignores opclasses).
            models.Index(
                fields=["region", "state", "deadline"], name="event_region_state_deadline",
                opclasses=["varchar_pattern_ops", "varchar_pattern_ops", "timestamptz_ops"],
            ),
            models.Index(
                fields=["handler_region", "state"], name="event_handler_state",
                opclasses=["varchar_pattern_ops", "varchar_pattern_ops"],
            ),
            # The open events of a scope by deadline: the overdue list and the dispatcher's
            # board read only these, a small part of a table that keeps every closed event.
            models.Index(fields=["state_changed_at"], name="event_resolved_since", condition=Q(state="resolved")),
            models.Index(
                fields=["region", "deadline"], name="event_open_region_deadline",
                condition=~Q(state__in=["closed", "merged"]),
                opclasses=["varchar_pattern_ops", "timestamptz_ops"],
            ),
            models.Index(fields=["grid", "state"], name="event_grid_state"),
            models.Index(fields=["category", "created_at"], name="event_category_time"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5), name="event_rating_1_to_5"
            ),
        ]

    def __str__(self):
        return f"{self.category.name} #{self.pk}"


class EventPhoto(models.Model):
    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="photos")
    image = models.FileField(_("照片"), upload_to="grid/photos/%Y/%m/")
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("事件照片")
        verbose_name_plural = _("事件照片")
        ordering = ["id"]


class EventComment(models.Model):
    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("内容"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("事件留言")
        verbose_name_plural = _("事件留言")
        ordering = ["created_at", "id"]


class Escalation(models.Model):
    """One automatic escalation for one missed deadline; the constraint makes the deadline job
    idempotent even when two workers run it at once."""

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="escalations")
    missed_deadline = models.DateTimeField(_("超过的期限"))
    from_level = models.CharField(max_length=20, choices=HandlerLevel.choices)
    to_level = models.CharField(max_length=20, choices=HandlerLevel.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("超期升级")
        verbose_name_plural = _("超期升级")
        constraints = [
            models.UniqueConstraint(fields=["event", "missed_deadline"], name="escalate_once_per_deadline")
        ]


class Visit(models.Model):
    """走访: a grid worker's visit to a household, with findings; it may spawn an event."""

    view_capability = "grid.event.view"
    grid_field = "grid"

    household = models.ForeignKey(
        "people.Household", verbose_name=_("走访户"), on_delete=models.PROTECT, related_name="visits"
    )
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("所在屯/村"), on_delete=models.PROTECT,
        db_column="region_code", related_name="+",
    )
    grid = models.ForeignKey(
        "regions.Region", verbose_name=_("网格"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("走访人"), on_delete=models.PROTECT, related_name="+"
    )
    visited_on = models.DateField(_("走访日期"))
    findings = models.TextField(_("走访情况"))
    event = models.ForeignKey(
        Event, verbose_name=_("生成事件"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("走访记录")
        verbose_name_plural = _("走访记录")
        ordering = ["-visited_on", "-id"]
        indexes = [models.Index(fields=["grid", "visited_on"], name="visit_grid_date")]
