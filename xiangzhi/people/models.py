from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from xiangzhi.core.fields import EncryptedTextField
from xiangzhi.core.scope import ScopedQuerySet
from xiangzhi.core.workflow import WorkflowQuerySet, WorkflowSubject

from . import citizen_id, phones


class Gender(models.TextChoices):
    MALE = "male", _("男")
    FEMALE = "female", _("女")


class Relation(models.TextChoices):
    HEAD = "head", _("户主")
    SPOUSE = "spouse", _("配偶")
    CHILD = "child", _("子女")
    PARENT = "parent", _("父母")
    GRANDCHILD = "grandchild", _("孙子女")
    GRANDPARENT = "grandparent", _("祖父母")
    SIBLING = "sibling", _("兄弟姐妹")
    CHILD_IN_LAW = "child_in_law", _("儿媳/女婿")
    OTHER = "other", _("其他")


class PovertyStatus(models.TextChoices):
    NONE = "", _("一般户")
    LIFTED = "lifted", _("脱贫户")
    MONITORED = "monitored", _("监测户")


class ResidentStatus(models.TextChoices):
    PRESENT = "present", _("在册")
    MOVED_OUT = "moved_out", _("已迁出")
    DECEASED = "deceased", _("已故")


class HouseholdQuerySet(ScopedQuerySet):
    pass


class Household(models.Model):
    """户: lives in a 屯 (or directly in a village) and is served by one grid."""

    view_capability = "people.view"
    grid_field = "grid"

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("所在屯/村"), on_delete=models.PROTECT,
        db_column="region_code", related_name="households",
    )
    grid = models.ForeignKey(
        "regions.Region", verbose_name=_("所属网格"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="served_households",
    )
    number = models.CharField(_("户编号"), max_length=40, blank=True)
    address = models.CharField(_("住址"), max_length=200, blank=True)
    poverty_status = models.CharField(
        _("帮扶类别"), max_length=20, choices=PovertyStatus.choices, blank=True, default=""
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = HouseholdQuerySet.as_manager()

    class Meta:
        verbose_name = _("户")
        verbose_name_plural = _("户")
        ordering = ["region_id", "id"]
        # Lists page through a scope in this order without sorting it.
        indexes = [models.Index(fields=["region", "id"], name="household_region_order")]

    def __str__(self):
        return self.number or f"户 {self.pk}"


class ResidentQuerySet(ScopedQuerySet):
    def present(self):
        return self.filter(status=ResidentStatus.PRESENT)


class Resident(models.Model):
    """村民: one registry shared by every module."""

    view_capability = "people.view"
    grid_field = "household__grid"

    household = models.ForeignKey(
        Household, verbose_name=_("户"), on_delete=models.PROTECT, related_name="residents"
    )
    # Denormalised from the household, so that lists filter by scope without a join.
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("所在屯/村"), on_delete=models.PROTECT,
        db_column="region_code", related_name="residents",
    )
    name = models.CharField(_("姓名"), max_length=50)
    relation = models.CharField(_("与户主关系"), max_length=20, choices=Relation.choices)
    # Derived from the citizen ID when it is registered.
    gender = models.CharField(_("性别"), max_length=10, choices=Gender.choices)
    birth_date = models.DateField(_("出生日期"))
    ethnicity = models.CharField(_("民族"), max_length=20, blank=True, default="汉族")
    id_number = EncryptedTextField(_("公民身份号码"))
    id_number_index = models.CharField(max_length=64, unique=True)
    phone = EncryptedTextField(_("联系电话"), null=True, blank=True)
    phone_index = models.CharField(max_length=64, blank=True, db_index=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=ResidentStatus.choices, default=ResidentStatus.PRESENT
    )
    is_party_member = models.BooleanField(_("党员"), default=False)
    is_low_income = models.BooleanField(_("低保"), default=False)
    is_left_behind_child = models.BooleanField(_("留守儿童"), default=False)
    is_elderly_living_alone = models.BooleanField(_("独居老人"), default=False)
    is_disabled = models.BooleanField(_("残疾"), default=False)
    is_veteran = models.BooleanField(_("退役军人"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ResidentQuerySet.as_manager()

    class Meta:
        verbose_name = _("村民")
        verbose_name_plural = _("村民")
        ordering = ["region_id", "household_id", "id"]
        indexes = [
            models.Index(fields=["household", "relation"], name="resident_household_relation"),
            # Lists page through a scope in this order without sorting it.
            models.Index(fields=["region", "household", "id"], name="resident_region_order"),
        ]

    def __str__(self):
        return self.name

    @property
    def id_number_masked(self):
        return citizen_id.mask(self.id_number)

    @property
    def phone_masked(self):
        return phones.mask(self.phone or "")

    @property
    def is_present(self):
        return self.status == ResidentStatus.PRESENT


FLAG_FIELDS = (
    "is_party_member",
    "is_low_income",
    "is_left_behind_child",
    "is_elderly_living_alone",
    "is_disabled",
    "is_veteran",
)


class VillageTally(models.Model):
    """Households and residents per village, kept by the actions that change them.

    Home pages sum these rows under a prefix instead of counting millions of residents.
    """

    village = models.OneToOneField(
        "regions.Region", primary_key=True, on_delete=models.CASCADE,
        db_column="village_code", related_name="tally",
    )
    households = models.IntegerField(default=0)
    residents = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("村人口统计")
        verbose_name_plural = _("村人口统计")
        constraints = [
            models.CheckConstraint(condition=models.Q(households__gte=0), name="tally_households_nonnegative"),
            models.CheckConstraint(condition=models.Q(residents__gte=0), name="tally_residents_nonnegative"),
        ]


class OrganisationKind(models.TextChoices):
    PARTY_COMMITTEE = "party_committee", _("党委")
    PARTY_GENERAL_BRANCH = "party_general_branch", _("党总支")
    PARTY_BRANCH = "party_branch", _("党支部")
    PARTY_GROUP = "party_group", _("党小组")
    VILLAGE_COMMITTEE = "village_committee", _("村民委员会")
    SUPERVISION_COMMITTEE = "supervision_committee", _("村务监督委员会")
    VILLAGER_GROUP = "villager_group", _("村民小组")
    TUN_COUNCIL = "tun_council", _("屯务理事会")
    TUN_SUPERVISORY = "tun_supervisory", _("屯务监事会")
    HOUSEHOLD_HEADS = "household_heads", _("户主会")
    WEDDINGS_FUNERALS = "weddings_funerals", _("红白理事会")
    MORAL_REVIEW = "moral_review", _("道德评议会")
    VILLAGER_COUNCIL = "villager_council", _("村民议事会")
    ANTI_DRUG_GAMBLING = "anti_drug_gambling", _("禁毒禁赌会")
    MEDIATION_COMMITTEE = "mediation_committee", _("人民调解委员会")
    SOCIAL_ORGANISATION = "social_organisation", _("社会组织")


class Organisation(models.Model):
    view_capability = "org.view"

    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=30, choices=OrganisationKind.choices)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("所在区划"), on_delete=models.PROTECT,
        db_column="region_code", related_name="organisations",
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("上级组织"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )
    established_on = models.DateField(_("成立日期"), null=True, blank=True)
    dissolved_on = models.DateField(_("撤销日期"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("组织")
        verbose_name_plural = _("组织")
        ordering = ["region_id", "kind", "name"]

    def __str__(self):
        return self.name


class Membership(models.Model):
    view_capability = "org.view"
    scope_fields = ("organisation__region",)

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("组织"), on_delete=models.PROTECT, related_name="memberships"
    )
    resident = models.ForeignKey(
        Resident, verbose_name=_("成员"), on_delete=models.PROTECT, related_name="memberships"
    )
    position = models.CharField(_("职务"), max_length=50, blank=True, default="成员")
    starts_on = models.DateField(_("任期开始"))
    ends_on = models.DateField(_("任期结束"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("组织成员")
        verbose_name_plural = _("组织成员")
        ordering = ["organisation_id", "starts_on", "id"]


class TransferState(models.TextChoices):
    REQUESTED = "requested", _("待接收")
    ACCEPTED = "accepted", _("已接收")
    REJECTED = "rejected", _("已退回")
    CANCELLED = "cancelled", _("已撤回")


class HouseholdTransfer(WorkflowSubject):
    """A household moving between villages: asked by the sending village, accepted by the receiving one."""

    view_capability = "people.view"
    scope_fields = ("from_region", "to_region")

    household = models.ForeignKey(
        Household, verbose_name=_("户"), on_delete=models.PROTECT, related_name="transfers"
    )
    from_region = models.ForeignKey(
        "regions.Region", verbose_name=_("迁出地"), on_delete=models.PROTECT, related_name="+",
    )
    to_region = models.ForeignKey(
        "regions.Region", verbose_name=_("迁入村"), on_delete=models.PROTECT, related_name="+",
    )
    # Chosen by the receiving village when it accepts: the 屯 the household will live in.
    destination = models.ForeignKey(
        "regions.Region", verbose_name=_("迁入屯"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    reason = models.TextField(_("迁移原因"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WorkflowQuerySet.as_manager()

    class Meta:
        verbose_name = _("户籍迁移")
        verbose_name_plural = _("户籍迁移")
        ordering = ["-created_at", "-id"]
        constraints = [
            # One open transfer per household at a time.
            models.UniqueConstraint(
                fields=["household"], condition=models.Q(state="requested"),
                name="one_open_transfer_per_household",
            )
        ]

    def __str__(self):
        return f"{self.household} → {self.to_region}"


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("排队中")
    RUNNING = "running", _("导入中")
    SUCCEEDED = "succeeded", _("已导入")
    FAILED = "failed", _("未导入")


class ImportJob(models.Model):
    """One uploaded registry file and what became of it. All rows or none."""

    view_capability = "people.import"

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("导入范围"), on_delete=models.PROTECT,
        db_column="region_code", related_name="+",
    )
    file = models.FileField(_("文件"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("文件名"), max_length=200)
    status = models.CharField(
        _("状态"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    total_rows = models.PositiveIntegerField(_("总行数"), default=0)
    processed_rows = models.PositiveIntegerField(_("已处理"), default=0)
    # [{"row": 3, "column": "公民身份号码", "message": "…"}, …]
    errors = models.JSONField(_("错误"), default=list, blank=True)
    households_created = models.PositiveIntegerField(default=0)
    residents_created = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("导入人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("导入任务")
        verbose_name_plural = _("导入任务")
        ordering = ["-created_at", "-id"]

    @property
    def percent(self):
        if not self.total_rows:
            return 0
        return min(100, round(100 * self.processed_rows / self.total_rows))
