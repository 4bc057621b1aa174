from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xiangzhi.core.scope import ScopedQuerySet


class Level(models.TextChoices):
    PROVINCE = "province", _("自治区")
    CITY = "city", _("市")
    COUNTY = "county", _("县(市、区)")
    TOWNSHIP = "township", _("乡镇(街道)")
    VILLAGE = "village", _("村(社区)")
    NATURAL_VILLAGE = "natural_village", _("自然村/屯")
    GRID = "grid", _("网格")


# The statistical division levels and the length of their codes; the two levels the
# platform adds below a village extend the village's 12-digit code.
CODE_LENGTHS = {
    Level.PROVINCE: 2,
    Level.CITY: 4,
    Level.COUNTY: 6,
    Level.TOWNSHIP: 9,
    Level.VILLAGE: 12,
    Level.NATURAL_VILLAGE: 15,  # village code + 3 digits
    Level.GRID: 15,  # village code + "W" + 2 digits
}
LEVEL_ORDER = list(CODE_LENGTHS)
CHILD_LEVEL = {
    Level.PROVINCE: Level.CITY,
    Level.CITY: Level.COUNTY,
    Level.COUNTY: Level.TOWNSHIP,
    Level.TOWNSHIP: Level.VILLAGE,
}
GRID_MARK = "W"
STATISTICAL_LEVELS = (Level.PROVINCE, Level.CITY, Level.COUNTY, Level.TOWNSHIP, Level.VILLAGE)
SUBUNIT_LEVELS = (Level.NATURAL_VILLAGE, Level.GRID)


class RegionQuerySet(ScopedQuerySet):
    """`within(code)`: the region and everything below it; `visible_to(user)`: the regions
    under any of the user's posts that may view regions (a grid worker's is their grid)."""

    def at_level(self, level):
        return self.filter(level=level)

    def villages(self):
        return self.filter(level=Level.VILLAGE)


class Region(models.Model):
    """One unit of the hierarchy. Its code is its primary key and its path."""

    scope_fields = ("code",)
    view_capability = "region.view"

    code = models.CharField(_("代码"), max_length=15, primary_key=True)
    name = models.CharField(_("名称"), max_length=100)
    level = models.CharField(_("层级"), max_length=20, choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # For search by pinyin: full spelling without spaces ("yangshuoxian") and initials ("ysx").
    pinyin = models.CharField(_("拼音"), max_length=300, blank=True, db_index=True)
    initials = models.CharField(_("拼音首字母"), max_length=100, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]
        constraints = [
            # Two 屯 (or two grids) of one village never share a name, even when two
            # cadres add them at the same moment.
            models.UniqueConstraint(
                fields=["parent", "level", "name"],
                condition=Q(level__in=SUBUNIT_LEVELS),
                name="subunit_name_once_per_village",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def is_grid(self):
        return self.level == Level.GRID

    @property
    def is_below_village(self):
        return self.level in (Level.NATURAL_VILLAGE, Level.GRID)

    def ancestor_codes(self):
        """Codes of this unit's ancestors, top first, read off the code itself."""
        codes = []
        for level in LEVEL_ORDER:
            length = CODE_LENGTHS[level]
            if length >= len(self.code) or level in (Level.NATURAL_VILLAGE, Level.GRID):
                break
            codes.append(self.code[:length])
        return codes

    def village_code(self):
        """The code of the village this unit is in (itself if it is one), or None above."""
        village_length = CODE_LENGTHS[Level.VILLAGE]
        if len(self.code) < village_length:
            return None
        return self.code[:village_length]

    def contains(self, code):
        return code.startswith(self.code)


class DesignationTitle(models.TextChoices):
    """Every 示范/创建 title the plan names; later modules count them."""

    DEMOCRACY_LAW_VILLAGE = "democracy_law_village", _("民主法治示范村(社区)")
    CIVILIZED_VILLAGE = "civilized_village", _("文明村镇")
    CUSTOMS_MODEL_VILLAGE = "customs_model_village", _("乡风文明示范村")
    NO_CASE_VILLAGE = "no_case_village", _("无案村")
    FEWER_CASES_VILLAGE = "fewer_cases_village", _("降发案村")
    CLEAN_GOVERNANCE_POINT = "clean_governance_point", _("清廉联系点")
    GOOD_GOVERNANCE_VILLAGE = "good_governance_village", _("善治示范乡村")
    GOVERNANCE_MODEL = "governance_model", _("乡村治理示范村镇")
    GOVERNANCE_PILOT_COUNTY = "governance_pilot_county", _("全国乡村治理体系建设试点县")
    CORE_VALUES_MODEL = "core_values_model", _("社会主义核心价值观建设示范点")
    PARTY_BUILDING_MODEL = "party_building_model", _("农村基层党建示范县乡")
    CONSULTATION_MODEL = "consultation_model", _("村级议事协商示范点")


class DesignationLevel(models.TextChoices):
    NATIONAL = "national", _("全国")
    REGION = "region", _("自治区级")
    CITY = "city", _("市级")
    COUNTY = "county", _("县级")


class DesignationQuerySet(ScopedQuerySet):
    def in_force(self):
        return self.filter(revoked_on__isnull=True)


class Designation(models.Model):
    """A title granted to a place (民主法治示范村, 文明村镇 …), revocable with a reason."""

    view_capability = "region.view"

    region = models.ForeignKey(
        Region, verbose_name=_("授予对象"), on_delete=models.PROTECT, db_column="region_code",
        related_name="designations",
    )
    title = models.CharField(_("称号"), max_length=40, choices=DesignationTitle.choices)
    level = models.CharField(_("级别"), max_length=20, choices=DesignationLevel.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    document_number = models.CharField(_("文号"), max_length=100, blank=True)
    granted_on = models.DateField(_("授予日期"))
    granted_by = models.ForeignKey(
        "accounts.User", verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )
    revoked_on = models.DateField(_("撤销日期"), null=True, blank=True)
    revoke_reason = models.TextField(_("撤销理由"), blank=True)
    revoked_by = models.ForeignKey(
        "accounts.User", verbose_name=_("撤销人"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )

    objects = DesignationQuerySet.as_manager()

    class Meta:
        verbose_name = _("称号")
        verbose_name_plural = _("称号")
        ordering = ["-year", "region_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "title", "level", "year"],
                name="designation_once_per_year",
            )
        ]

    def __str__(self):
        return f"{self.year} {self.get_level_display()}{self.get_title_display()}"

    @property
    def in_force(self):
        return self.revoked_on is None
