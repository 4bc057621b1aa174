"""Cadre contact (包乡联村, 包村联户: "走村不漏户、户户见干部") and 吹哨报到.

An assignment gives a county or township leader a township, a village or a household for a
term; the assignee logs visits to households within it; a problem raised on a visit is a
tracked item until solved (or a grid event, handled by the grid module). A township whistle
calls county departments (乡镇吹哨、部门报到), a village or 屯 whistle calls party members
(村屯吹哨、党员报到): each called party reports before the deadline, then records action; the
caller confirms closure.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xiangzhi.core.scope import ScopedQuerySet

CONTACT_VIEW = "contact.view"
WHISTLE_VIEW = "whistle.view"


class AssignmentKind(models.TextChoices):
    TOWNSHIP = "township", _("包乡")
    VILLAGE = "village", _("联村")
    HOUSEHOLD = "household", _("联户")


class AssignmentQuerySet(ScopedQuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(Q(starts_on__lte=on), Q(ends_on__isnull=True) | Q(ends_on__gte=on))


class Assignment(models.Model):
    """A leader's contact duty for a term: a township, a village or one household."""

    view_capability = CONTACT_VIEW

    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("联系领导"), on_delete=models.PROTECT, related_name="contact_assignments"
    )
    kind = models.CharField(_("联系类型"), max_length=20, choices=AssignmentKind.choices)
    # The township or village assigned; for a household, its village.
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("联系区划"), on_delete=models.PROTECT, db_column="region_code", related_name="+"
    )
    household = models.ForeignKey(
        "people.Household", verbose_name=_("联系户"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="contact_assignments",
    )
    starts_on = models.DateField(_("起始日期"))
    ends_on = models.DateField(_("终止日期"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("安排人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("联系安排")
        verbose_name_plural = _("联系安排")
        ordering = ["region_id", "starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="contact_assignment_ends_after_start",
            )
        ]

    def __str__(self):
        target = self.household if self.household_id else self.region
        return f"{self.assignee} {self.get_kind_display()} {target}"

    def covers(self, household, on):
        if self.starts_on > on or (self.ends_on is not None and self.ends_on < on):
            return False
        if self.kind == AssignmentKind.HOUSEHOLD:
            return self.household_id == household.pk
        return household.region_id.startswith(self.region_id)


class Visit(models.Model):
    """A contact visit to a household (the shared contract: visitor, household, village, date,
    findings, problems)."""

    view_capability = CONTACT_VIEW

    visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("走访人"), on_delete=models.PROTECT, related_name="contact_visits"
    )
    household = models.ForeignKey(
        "people.Household", verbose_name=_("走访户"), on_delete=models.PROTECT, related_name="contact_visits"
    )
    # The household's village (12 digits), so that coverage groups by it without a join.
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("所在村"), on_delete=models.PROTECT, db_column="region_code", related_name="+"
    )
    visited_on = models.DateField(_("走访日期"))
    findings = models.TextField(_("走访情况"))
    problems = models.TextField(_("反映的问题"), blank=True)
    assignment = models.ForeignKey(
        Assignment, verbose_name=_("联系安排"), null=True, blank=True, on_delete=models.PROTECT, related_name="visits"
    )
    grid_event = models.ForeignKey(
        "grid.Event", verbose_name=_("转网格事件"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("联户走访")
        verbose_name_plural = _("联户走访")
        ordering = ["-visited_on", "-id"]
        indexes = [models.Index(fields=["region", "visited_on"], name="contact_visit_region_date")]

    def __str__(self):
        return f"{self.visited_on} {self.household}"


class ProblemState(models.TextChoices):
    OPEN = "open", _("办理中")
    SOLVED = "solved", _("已解决")


class ProblemQuerySet(ScopedQuerySet):
    def open(self):
        return self.filter(state=ProblemState.OPEN)

    def overdue(self, today=None):
        return self.open().filter(deadline__lt=today or timezone.localdate())


class Problem(models.Model):
    """A problem raised on a visit, tracked until solved."""

    view_capability = CONTACT_VIEW

    visit = models.ForeignKey(Visit, verbose_name=_("来源走访"), on_delete=models.PROTECT, related_name="problem_items")
    household = models.ForeignKey(
        "people.Household", verbose_name=_("户"), on_delete=models.PROTECT, related_name="contact_problems"
    )
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("所在村"), on_delete=models.PROTECT, db_column="region_code", related_name="+"
    )
    description = models.TextField(_("问题"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("责任人"), on_delete=models.PROTECT, related_name="contact_problems"
    )
    deadline = models.DateField(_("办结期限"))
    state = models.CharField(_("状态"), max_length=20, choices=ProblemState.choices, default=ProblemState.OPEN)
    solved_on = models.DateField(_("解决日期"), null=True, blank=True)
    solution = models.TextField(_("解决情况"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProblemQuerySet.as_manager()

    class Meta:
        verbose_name = _("走访问题")
        verbose_name_plural = _("走访问题")
        ordering = ["deadline", "id"]
        indexes = [models.Index(fields=["region", "state", "deadline"], name="contact_problem_open")]

    def __str__(self):
        return self.description[:30]

    @property
    def is_overdue(self):
        return self.state == ProblemState.OPEN and self.deadline < timezone.localdate()


class WhistleLevel(models.TextChoices):
    TOWNSHIP = "township", _("乡镇吹哨、部门报到")
    VILLAGE = "village", _("村屯吹哨、党员报到")


class WhistleState(models.TextChoices):
    OPEN = "open", _("进行中")
    CLOSED = "closed", _("已办结")


class WhistleQuerySet(ScopedQuerySet):
    def open(self):
        return self.filter(state=WhistleState.OPEN)


class Whistle(models.Model):
    """吹哨: a township or a village/屯 calls others in on a problem it cannot solve alone."""

    view_capability = WHISTLE_VIEW

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("吹哨单位"), on_delete=models.PROTECT, db_column="region_code", related_name="+"
    )
    level = models.CharField(_("类型"), max_length=20, choices=WhistleLevel.choices)
    caller = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("吹哨人"), on_delete=models.PROTECT, related_name="whistles_blown"
    )
    problem = models.TextField(_("问题"))
    blown_at = models.DateTimeField(_("吹哨时间"), default=timezone.now)
    report_deadline = models.DateTimeField(_("报到期限"))
    state = models.CharField(_("状态"), max_length=20, choices=WhistleState.choices, default=WhistleState.OPEN)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    closing_note = models.TextField(_("办结情况"), blank=True)

    objects = WhistleQuerySet.as_manager()

    class Meta:
        verbose_name = _("吹哨")
        verbose_name_plural = _("吹哨")
        ordering = ["-blown_at", "-id"]
        indexes = [models.Index(fields=["region", "state"], name="contact_whistle_open")]

    def __str__(self):
        return self.problem[:30]


class WhistleCall(models.Model):
    """One called party of a whistle: a county department, or a party member (by their user)."""

    view_capability = WHISTLE_VIEW
    scope_fields = ("whistle__region",)

    whistle = models.ForeignKey(Whistle, verbose_name=_("吹哨"), on_delete=models.CASCADE, related_name="calls")
    department = models.CharField(_("部门"), max_length=30, blank=True)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("党员"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="whistle_calls",
    )
    reported_at = models.DateTimeField(_("报到时间"), null=True, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("报到人"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.TextField(_("处置情况"), blank=True)
    acted_at = models.DateTimeField(_("处置时间"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("报到对象")
        verbose_name_plural = _("报到对象")
        ordering = ["whistle_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(member__isnull=True) & ~Q(department="")) | (Q(member__isnull=False) & Q(department="")),
                name="whistle_call_one_party",
            ),
            models.UniqueConstraint(fields=["whistle", "department"], condition=~Q(department=""),
                                    name="whistle_call_department_once"),
            models.UniqueConstraint(fields=["whistle", "member"], condition=Q(member__isnull=False),
                                    name="whistle_call_member_once"),
        ]

    def __str__(self):
        return self.party_name

    @property
    def party_name(self):
        if self.department:
            from xiangzhi.accounts.models import Department

            return str(Department(self.department).label) if self.department in Department.values else self.department
        return str(self.member)

    def is_late(self, now=None):
        deadline = self.whistle.report_deadline
        if self.reported_at is not None:
            return self.reported_at > deadline
        return (now or timezone.now()) > deadline
