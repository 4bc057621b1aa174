"""Pilot and demonstration cases (试点示范与典型案例): 全国乡村治理体系建设试点县, 乡村治理示范村镇,
广西善治示范乡村 and each county's 特色亮点/品牌 cases, with their documents, photos and tags.

A case moves draft → submitted → published → withdrawn through the workflow core (actions.py);
published cases are public (the showcase), the others are read only in scope (pilot.view)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from xiangzhi.core.workflow import WorkflowQuerySet, WorkflowSubject
from xiangzhi.regions.models import DesignationTitle, Level

PILOT_VIEW = "pilot.view"


class CaseKind(models.TextChoices):
    PILOT_COUNTY = "pilot_county", _("全国乡村治理体系建设试点县")
    GOVERNANCE_MODEL = "governance_model", _("乡村治理示范村镇")
    GOOD_GOVERNANCE = "good_governance", _("广西善治示范乡村")
    BRAND = "brand", _("县特色亮点/品牌案例")


# The title a case of each kind is the story of; a brand case has none.
KIND_TITLES = {
    CaseKind.PILOT_COUNTY: DesignationTitle.GOVERNANCE_PILOT_COUNTY,
    CaseKind.GOVERNANCE_MODEL: DesignationTitle.GOVERNANCE_MODEL,
    CaseKind.GOOD_GOVERNANCE: DesignationTitle.GOOD_GOVERNANCE_VILLAGE,
}
# Where a case of each kind may sit.
KIND_LEVELS = {
    CaseKind.PILOT_COUNTY: (Level.COUNTY,),
    CaseKind.GOVERNANCE_MODEL: (Level.TOWNSHIP, Level.VILLAGE),
    CaseKind.GOOD_GOVERNANCE: (Level.TOWNSHIP, Level.VILLAGE),
    CaseKind.BRAND: (Level.COUNTY, Level.TOWNSHIP, Level.VILLAGE),
}


class CaseState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待审核发布")
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("已撤回")


class PilotCaseQuerySet(WorkflowQuerySet):
    def published(self):
        return self.filter(state=CaseState.PUBLISHED)

    def tagged(self, tag):
        return self.filter(tags__name=tag)


class PilotCase(WorkflowSubject):
    view_capability = PILOT_VIEW

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("所在地"), on_delete=models.PROTECT, db_column="region_code",
        related_name="+",
    )
    kind = models.CharField(_("类别"), max_length=20, choices=CaseKind.choices)
    title = models.CharField(_("标题"), max_length=100)
    summary = models.CharField(_("摘要"), max_length=300)
    body = models.TextField(_("正文"), max_length=20000)
    year = models.PositiveSmallIntegerField(_("年度"))
    designation = models.ForeignKey(
        "regions.Designation", verbose_name=_("所获称号"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="pilot_cases",
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    withdraw_reason = models.CharField(_("撤回理由"), max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PilotCaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("试点示范案例")
        verbose_name_plural = _("试点示范案例")
        ordering = ["-year", "-created_at", "-id"]
        indexes = [
            models.Index(fields=["state", "kind", "region"], name="pilots_case_state_kind"),
            models.Index(fields=["region", "state"], name="pilots_case_region_state"),
        ]

    def __str__(self):
        return self.title

    @property
    def state_label(self):
        return CaseState(self.state).label if self.state in CaseState.values else self.state

    @property
    def needs_designation(self):
        return self.kind in KIND_TITLES

    @property
    def designation_title(self):
        return KIND_TITLES.get(self.kind)

    @property
    def paragraphs(self):
        return [part.strip() for part in self.body.split("\n") if part.strip()]


class CaseTag(models.Model):
    case = models.ForeignKey(PilotCase, on_delete=models.CASCADE, related_name="tags")
    name = models.CharField(_("标签"), max_length=20, db_index=True)

    class Meta:
        verbose_name = _("案例标签")
        verbose_name_plural = _("案例标签")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["case", "name"], name="pilots_tag_once_per_case")]

    def __str__(self):
        return self.name


class FileKind(models.TextChoices):
    DOCUMENT = "document", _("文件材料")
    PHOTO = "photo", _("照片")


class CaseFile(models.Model):
    """A document (PDF or scan) or a photo of a case; stored under its digest, served by a view
    that checks the case may be read."""

    case = models.ForeignKey(PilotCase, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("类型"), max_length=10, choices=FileKind.choices)
    title = models.CharField(_("标题"), max_length=100)
    file = models.FileField(_("文件"), upload_to="pilots/%Y/%m/")
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("案例材料")
        verbose_name_plural = _("案例材料")
        ordering = ["kind", "id"]

    def __str__(self):
        return self.title

    @property
    def is_photo(self):
        return self.kind == FileKind.PHOTO

    @property
    def extension(self):
        return self.file.name.rsplit(".", 1)[-1] if "." in self.file.name else ""
