"""社会组织 registry with their activities in villages, 政府购买服务 projects, and the
乡镇社会工作服务站.

Scope runs along the path both ways for records kept at a county or township: an organisation
registered with the county serves the whole county, so a township or village post of that
county sees it, and a county post sees what its townships registered. Activities are kept at
the village where they happened and scoped by prefix as usual. Coverage is derived from the
station rows; nothing stores a count."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xiangzhi.accounts.permissions import posts_with_capability
from xiangzhi.core.scope import ScopedQuerySet, prefix_q
from xiangzhi.core.workflow import WorkflowQuerySet, WorkflowSubject

VIEW = "socialorg.view"


def path_q(field, post_region):
    """Rows kept under the post's region, or at the post's region or one of its ancestors."""
    code = post_region.code
    return prefix_q(field, code) | Q(**{f"{field}__in": [*post_region.ancestor_codes(), code]})


class PathScopedQuerySet(ScopedQuerySet):
    """`visible_to`: rows under or above the user's posts that grant the view capability
    (`path_fields` name the region fields a row is reached by; any of them counts)."""

    path_fields = ("region",)

    def visible_to(self, user, capability=None):
        capability = capability or self.model.view_capability
        if user is None or not user.is_authenticated:
            return self.none()
        query = Q()
        for post in posts_with_capability(user, capability):
            for field in self.path_fields:
                query |= path_q(field, post.region)
        if not query:
            return self.none()
        return self.filter(query)


class OrganisationKind(models.TextChoices):
    REVITALISATION = "revitalisation", _("乡村振兴促进会")
    CULTURE_SPORTS = "culture_sports", _("文体协会")
    VOLUNTEER = "volunteer", _("志愿者协会")
    CHARITY = "charity", _("爱心基金会")
    SOCIAL_WORK = "social_work", _("社会工作服务机构")
    OTHER = "other", _("其他")


class OrganisationState(models.TextChoices):
    ACTIVE = "active", _("正常")
    DEREGISTERED = "deregistered", _("已注销")


class OrganisationQuerySet(PathScopedQuerySet):
    def active(self):
        return self.filter(state=OrganisationState.ACTIVE)

    def search(self, text):
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(Q(name__icontains=text) | Q(credit_code__icontains=text.upper()))


class SocialOrganisation(models.Model):
    """A registered social organisation active in villages, known by its 统一社会信用代码."""

    view_capability = VIEW

    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类别"), max_length=20, choices=OrganisationKind.choices)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    registration_authority = models.CharField(_("登记管理机关"), max_length=100)
    registered_on = models.DateField(_("登记日期"))
    legal_representative = models.CharField(_("法定代表人"), max_length=50)
    contact_phone = models.CharField(_("联系电话"), max_length=20)
    # The county or township where it is registered.
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("登记地"), on_delete=models.PROTECT, db_column="region_code",
        related_name="+",
    )
    villages = models.ManyToManyField("regions.Region", verbose_name=_("服务的村"), blank=True, related_name="+")
    state = models.CharField(_("状态"), max_length=14, choices=OrganisationState.choices,
                             default=OrganisationState.ACTIVE)
    deregistered_on = models.DateField(_("注销日期"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("社会组织")
        verbose_name_plural = _("社会组织")
        ordering = ["region_id", "name", "id"]
        indexes = [models.Index(fields=["region", "kind"], name="socialorg_region_kind")]

    def __str__(self):
        return self.name

    @property
    def is_active(self):
        return self.state == OrganisationState.ACTIVE

    def serves_area(self, code):
        """Whether a place lies in the area the organisation is registered for."""
        return code.startswith(self.region_id)


class Activity(models.Model):
    """An activity an organisation held in a village, recorded by the township or county."""

    view_capability = VIEW

    organisation = models.ForeignKey(SocialOrganisation, verbose_name=_("社会组织"), on_delete=models.PROTECT,
                                     related_name="activities")
    region = models.ForeignKey("regions.Region", verbose_name=_("村"), on_delete=models.PROTECT,
                               db_column="region_code", related_name="+")
    date = models.DateField(_("活动日期"))
    title = models.CharField(_("活动名称"), max_length=100)
    participants = models.PositiveIntegerField(_("参与人数"))
    description = models.TextField(_("活动内容"), max_length=2000, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("社会组织活动")
        verbose_name_plural = _("社会组织活动")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["region", "date"], name="socialorg_activity_place")]

    def __str__(self):
        return self.title


class ProjectState(models.TextChoices):
    PLANNED = "planned", _("计划中")
    CONTRACTED = "contracted", _("已签约")
    IN_PROGRESS = "in_progress", _("实施中")
    ACCEPTED = "accepted", _("验收合格")
    FAILED = "failed", _("验收不合格")


class ProjectQuerySet(WorkflowQuerySet, PathScopedQuerySet):
    path_fields = ("region", "served__code")

    def visible_to(self, user, capability=None):
        # Through `served`, one project can match a post twice.
        ids = PathScopedQuerySet.visible_to(self.model.objects.all(), user, capability).values("pk")
        return self.filter(pk__in=ids)


class PurchaseProject(WorkflowSubject):
    """A 政府购买服务 project: the county buys a service from a registered organisation for
    villages and townships; its deliverables are checked at acceptance (验收)."""

    view_capability = VIEW

    # The county that buys.
    region = models.ForeignKey("regions.Region", verbose_name=_("购买方所在县"), on_delete=models.PROTECT,
                               db_column="region_code", related_name="+")
    title = models.CharField(_("项目名称"), max_length=100)
    department = models.CharField(_("购买部门"), max_length=100)
    provider = models.ForeignKey(SocialOrganisation, verbose_name=_("承接组织"), on_delete=models.PROTECT,
                                 related_name="projects")
    budget_fen = models.BigIntegerField(_("预算金额(分)"))
    starts_on = models.DateField(_("服务期开始"))
    ends_on = models.DateField(_("服务期结束"))
    served = models.ManyToManyField("regions.Region", verbose_name=_("服务的村或乡镇"), related_name="+")
    deliverables = models.JSONField(_("服务成果"), default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # Acceptance (验收), written by the step that ends the project.
    accepted_on = models.DateField(_("验收日期"), null=True, blank=True)
    acceptance_result = models.TextField(_("验收意见"), max_length=2000, blank=True)
    # Indexes into `deliverables` of those met.
    deliverables_met = models.JSONField(_("达成的服务成果"), default=list)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("验收人"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("政府购买服务项目")
        verbose_name_plural = _("政府购买服务项目")
        ordering = ["-starts_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")),
                                              name="socialorg_project_ends_after_start")]

    def __str__(self):
        return self.title

    def get_state_display(self):
        return str(ProjectState(self.state).label)

    def deliverable_rows(self):
        met = set(self.deliverables_met)
        return [{"index": index, "text": text, "met": index in met} for index, text in enumerate(self.deliverables)]


class StationQuerySet(PathScopedQuerySet):
    def open_on(self, day):
        return self.filter(opened_on__lte=day).filter(Q(closed_on__isnull=True) | Q(closed_on__gt=day))


class SocialWorkStation(models.Model):
    """A township's 社会工作服务站; at most one open at a time per township."""

    view_capability = VIEW

    region = models.ForeignKey("regions.Region", verbose_name=_("乡镇"), on_delete=models.PROTECT,
                               db_column="region_code", related_name="+")
    name = models.CharField(_("名称"), max_length=100)
    opened_on = models.DateField(_("建站日期"))
    operator = models.ForeignKey(SocialOrganisation, verbose_name=_("运营机构"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="stations")
    staff_count = models.PositiveSmallIntegerField(_("驻站社工人数"))
    closed_on = models.DateField(_("撤站日期"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = StationQuerySet.as_manager()

    class Meta:
        verbose_name = _("乡镇社会工作服务站")
        verbose_name_plural = _("乡镇社会工作服务站")
        ordering = ["region_id", "-opened_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["region"], condition=Q(closed_on__isnull=True),
                                    name="socialwork_one_open_station_per_township"),
            models.CheckConstraint(condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("opened_on")),
                                   name="socialwork_station_closes_after_opening"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_open(self):
        return self.closed_on is None or self.closed_on > timezone.localdate()
