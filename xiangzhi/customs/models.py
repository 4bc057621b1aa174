"""移风易俗: 红白事 standards and declarations, volunteer service, culture and heritage.

Money is stored in 分 (integers). The 一约四会 bodies themselves are people.Organisation rows;
civilized villages are regions.Designation rows: nothing here duplicates them.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xiangzhi.core.scope import ScopedQuerySet

CUSTOMS_VIEW = "customs.view"
VOLUNTEER_VIEW = "volunteer.view"
CULTURE_VIEW = "culture.view"


class CustomsStandard(models.Model):
    """A village's 红白事 standard from a date on; the one in force on an event's date applies."""

    view_capability = CUSTOMS_VIEW

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("村"), on_delete=models.PROTECT, db_column="region_code", related_name="+",
    )
    effective_from = models.DateField(_("施行日期"))
    max_tables = models.PositiveIntegerField(_("最多桌数"))
    max_guests = models.PositiveIntegerField(_("最多宾客人数"))
    max_gift_fen = models.PositiveIntegerField(_("每人礼金上限(分)"))
    max_cost_fen = models.PositiveBigIntegerField(_("总花费上限(分)"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("红白事标准")
        verbose_name_plural = _("红白事标准")
        ordering = ["region_id", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["region", "effective_from"], name="customs_standard_once_per_day"),
        ]

    def __str__(self):
        return _("%(date)s 起施行的标准") % {"date": self.effective_from.isoformat()}


class EventKind(models.TextChoices):
    WEDDING = "wedding", _("婚事")
    FUNERAL = "funeral", _("丧事")


class Limit(models.TextChoices):
    """The limits a declaration can exceed, in the order the page lists them."""

    TABLES = "tables", _("桌数")
    GUESTS = "guests", _("宾客人数")
    GIFT = "gift", _("每人礼金")
    COST = "cost", _("总花费")


class DeclarationQuerySet(ScopedQuerySet):
    def in_year(self, year):
        return self.filter(event_date__year=year)


class Declaration(models.Model):
    """A family's 红白事 declared to the village's 红白理事会, checked against the standard in force."""

    view_capability = CUSTOMS_VIEW

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("村"), on_delete=models.PROTECT, db_column="region_code", related_name="+",
    )
    household = models.ForeignKey(
        "people.Household", verbose_name=_("申报户"), on_delete=models.PROTECT, related_name="+",
    )
    kind = models.CharField(_("类型"), max_length=10, choices=EventKind.choices)
    event_date = models.DateField(_("办事日期"))
    tables = models.PositiveIntegerField(_("桌数"))
    guests = models.PositiveIntegerField(_("宾客人数"))
    gift_per_guest_fen = models.PositiveIntegerField(_("每人礼金(分)"))
    total_cost_fen = models.PositiveBigIntegerField(_("总花费(分)"))
    note = models.CharField(_("说明"), max_length=200, blank=True)
    standard = models.ForeignKey(
        CustomsStandard, verbose_name=_("适用标准"), null=True, blank=True, on_delete=models.PROTECT, related_name="+",
    )
    # Limit values (Limit) exceeded when declared; empty: within the standard (or no standard yet).
    exceeded = models.JSONField(_("超标项目"), default=list, blank=True)
    over_standard = models.BooleanField(_("超标"), default=False)
    declared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DeclarationQuerySet.as_manager()

    class Meta:
        verbose_name = _("红白事申报")
        verbose_name_plural = _("红白事申报")
        ordering = ["-event_date", "-id"]
        indexes = [models.Index(fields=["region", "event_date"], name="customs_decl_region_date")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.event_date:%Y-%m-%d}"

    @property
    def exceeded_labels(self):
        return [str(Limit(value).label) for value in self.exceeded]


class VolunteerTeam(models.Model):
    """志愿服务队 of a village or a township."""

    view_capability = VOLUNTEER_VIEW

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("所属区划"), on_delete=models.PROTECT, db_column="region_code",
        related_name="+",
    )
    name = models.CharField(_("队名"), max_length=100)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("志愿服务队")
        verbose_name_plural = _("志愿服务队")
        ordering = ["region_id", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="volunteer_team_name_once")]

    def __str__(self):
        return self.name


class VolunteerActivity(models.Model):
    view_capability = VOLUNTEER_VIEW

    team = models.ForeignKey(VolunteerTeam, verbose_name=_("服务队"), on_delete=models.PROTECT, related_name="activities")
    # The team's region, so that lists filter by scope without a join.
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("所属区划"), on_delete=models.PROTECT, db_column="region_code",
        related_name="+",
    )
    title = models.CharField(_("活动名称"), max_length=100)
    starts_at = models.DateTimeField(_("开始时间"))
    place = models.CharField(_("地点"), max_length=100, blank=True)
    # 春泥计划: activities for minors (留守儿童 and others) during holidays.
    for_minors = models.BooleanField(_("春泥计划(面向未成年人)"), default=False)
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("组织者"), on_delete=models.PROTECT, related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("志愿服务活动")
        verbose_name_plural = _("志愿服务活动")
        ordering = ["-starts_at", "-id"]

    def __str__(self):
        return self.title


class VolunteerSignup(models.Model):
    view_capability = VOLUNTEER_VIEW
    scope_fields = ("activity__region",)

    activity = models.ForeignKey(VolunteerActivity, on_delete=models.PROTECT, related_name="signups")
    resident = models.ForeignKey("people.Resident", verbose_name=_("参加人"), on_delete=models.PROTECT, related_name="+")
    signed_up_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_up_at = models.DateTimeField(auto_now_add=True)
    # Set once, by the organiser: attended with hours, or absent (hours 0).
    attended = models.BooleanField(_("到场"), null=True, blank=True)
    hours = models.DecimalField(_("服务时长(小时)"), max_digits=5, decimal_places=1, default=0)
    points = models.IntegerField(_("获得积分"), default=0)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
    )
    verified_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("志愿服务报名")
        verbose_name_plural = _("志愿服务报名")
        ordering = ["activity_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "resident"], name="volunteer_signup_once"),
            models.CheckConstraint(condition=Q(hours__gte=0), name="volunteer_hours_nonnegative"),
        ]


class CulturalEventKind(models.TextChoices):
    VILLAGE_GALA = "village_gala", _("村晚")
    PEOPLES_STAGE = "peoples_stage", _("百姓大舞台")
    FESTIVAL = "festival", _("民俗节庆")
    SPORTS = "sports", _("文体活动")
    OTHER = "other", _("其他")


class CulturalEventQuerySet(ScopedQuerySet):
    def upcoming(self, now):
        return self.filter(starts_at__gte=now).order_by("starts_at", "id")


class CulturalEvent(models.Model):
    view_capability = CULTURE_VIEW

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("举办地"), on_delete=models.PROTECT, db_column="region_code", related_name="+",
    )
    kind = models.CharField(_("类型"), max_length=20, choices=CulturalEventKind.choices)
    title = models.CharField(_("活动名称"), max_length=100)
    starts_at = models.DateTimeField(_("开始时间"))
    place = models.CharField(_("地点"), max_length=100, blank=True)
    description = models.TextField(_("简介"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CulturalEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("文化活动")
        verbose_name_plural = _("文化活动")
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["region", "starts_at"], name="cultural_event_region_time")]

    def __str__(self):
        return self.title


class HeritageKind(models.TextChoices):
    INTANGIBLE = "intangible", _("非物质文化遗产")
    HISTORIC_TOWN = "historic_town", _("历史文化名镇名村")
    TRADITIONAL_VILLAGE = "traditional_village", _("传统村落")
    ETHNIC_VILLAGE = "ethnic_village", _("少数民族特色村寨")


class HeritageLevel(models.TextChoices):
    NATIONAL = "national", _("国家级")
    REGION = "region", _("自治区级")
    CITY = "city", _("市级")
    COUNTY = "county", _("县级")


class HeritageItem(models.Model):
    view_capability = CULTURE_VIEW

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("所在区划"), on_delete=models.PROTECT, db_column="region_code",
        related_name="+",
    )
    kind = models.CharField(_("类别"), max_length=30, choices=HeritageKind.choices)
    name = models.CharField(_("名称"), max_length=100)
    level = models.CharField(_("级别"), max_length=20, choices=HeritageLevel.choices)
    year = models.PositiveSmallIntegerField(_("公布年份"))
    description = models.TextField(_("简介"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("文化遗产")
        verbose_name_plural = _("文化遗产")
        ordering = ["region_id", "kind", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "kind", "name"], name="heritage_item_once")]

    def __str__(self):
        return self.name
