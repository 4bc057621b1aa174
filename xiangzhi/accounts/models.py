import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    VILLAGER = "villager", _("村民")
    PARTY_MEMBER = "party_member", _("党员")
    GRID_WORKER = "grid_worker", _("网格员")
    GRID_LEADER = "grid_leader", _("网格长")
    VILLAGE_SECRETARY = "village_secretary", _("村党组织书记")
    VILLAGE_DIRECTOR = "village_director", _("村委会主任")
    VILLAGE_CADRE = "village_cadre", _("村干部")
    VILLAGE_SUPERVISOR = "village_supervisor", _("村务监督委员会成员")
    MEDIATOR = "mediator", _("调解员")
    LEGAL_ADVISOR = "legal_advisor", _("法律顾问")
    CHILD_DIRECTOR = "child_director", _("儿童主任")
    TOWNSHIP_OFFICIAL = "township_official", _("乡镇干部")
    COUNTY_DEPARTMENT = "county_department", _("县级部门")
    CITY_OFFICIAL = "city_official", _("市级")
    REGION_OFFICIAL = "region_official", _("自治区级")
    AUDITOR = "auditor", _("审计")
    SYSADMIN = "sysadmin", _("系统管理员")


class Department(models.TextChoices):
    ORGANISATION = "organisation", _("组织部")
    PROPAGANDA = "propaganda", _("宣传部")
    POLITICAL_LEGAL = "political_legal", _("政法委")
    RURAL_WORK = "rural_work", _("农办")
    CIVIL_AFFAIRS = "civil_affairs", _("民政")
    JUSTICE = "justice", _("司法")
    PUBLIC_SECURITY = "public_security", _("公安")
    AGRICULTURE = "agriculture", _("农业农村")
    PETITIONS = "petitions", _("信访")
    RURAL_REVITALIZATION = "rural_revitalization", _("乡村振兴")
    DISCIPLINE = "discipline", _("纪委监委")
    GOVERNMENT_SERVICES = "government_services", _("政务服务")
    WOMEN_FEDERATION = "women_federation", _("妇联")
    YOUTH_LEAGUE = "youth_league", _("共青团")
    COURT = "court", _("法院")
    PROCURATORATE = "procuratorate", _("检察院")


class User(AbstractUser):
    """A person who signs in. What they may do comes from their posts."""

    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    resident = models.OneToOneField(
        "people.Resident",
        verbose_name=_("对应村民"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="user",
    )

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self):
        return self.full_name or self.username


class PostQuerySet(models.QuerySet):
    def active(self, on=None):
        on = on or timezone.localdate()
        return self.filter(Q(starts_on__lte=on), Q(ends_on__isnull=True) | Q(ends_on__gte=on))


class Post(models.Model):
    """A role held in a region for a period (任职). Department posts carry the department."""

    user = models.ForeignKey(User, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="posts")
    role = models.CharField(_("角色"), max_length=30, choices=Role.choices)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("所在区划"), on_delete=models.PROTECT,
        db_column="region_code", related_name="posts",
    )
    department = models.CharField(_("部门"), max_length=30, choices=Department.choices, blank=True)
    starts_on = models.DateField(_("起始日期"), default=timezone.localdate)
    ends_on = models.DateField(_("终止日期"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("职务")
        verbose_name_plural = _("职务")
        ordering = ["user_id", "starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="post_ends_after_start",
            )
        ]

    def __str__(self):
        label = self.get_role_display()
        if self.department:
            label = f"{self.get_department_display()}·{label}"
        return f"{self.region.name} {label}"

    def is_active(self, on=None):
        on = on or timezone.localdate()
        return self.starts_on <= on and (self.ends_on is None or self.ends_on >= on)


class ApiTokenQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(revoked_at__isnull=True, user__is_active=True)

    def user_for_key(self, key):
        """The active user a presented token belongs to, or None (unknown, revoked, user disabled)."""
        record = self.usable().select_related("user").filter(key_hash=ApiToken.hash_key(key)).first()
        return record.user if record else None


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 is stored; the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("用途"), max_length=100, blank=True)
    key_prefix = models.CharField(max_length=8)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")

    @staticmethod
    def hash_key(key):
        return hashlib.sha256(key.encode()).hexdigest()

    @staticmethod
    def generate_key():
        return "xz_" + secrets.token_urlsafe(32)
