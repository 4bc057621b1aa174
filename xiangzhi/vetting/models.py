"""领头雁: secretaries filed with the county, the joint vetting (联审) of 村"两委" candidates, and 清理.

Vetting stores only outcomes — per "十不选" category clear or disqualified, the date and the
reviewer's note — never the records a department consulted.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xiangzhi.accounts.models import Department, Role
from xiangzhi.core.scope import ScopedQuerySet

VETTING_VIEW = "vetting.view"
VETTING_MANAGE = "vetting.manage"
TOWNSHIP_REVIEW = "vetting.township_review"
COUNTY_REVIEW = "vetting.county_review"
SECRETARY_FILE = "secretary.file"
SECRETARY_VIEW = "secretary.view"
# Who may see a candidate at all (the outcomes are narrower, see queries.visible_results).
CANDIDATE_CAPABILITIES = (VETTING_VIEW, VETTING_MANAGE, TOWNSHIP_REVIEW, COUNTY_REVIEW)

# 村"两委": the party branch committee and the villagers' committee. 村务监督委员会 members are not
# 两委 posts and are not held back by the vetting.
VETTED_ROLES = (Role.VILLAGE_SECRETARY, Role.VILLAGE_DIRECTOR, Role.VILLAGE_CADRE)

DEFAULT_DEPARTMENTS = [
    Department.DISCIPLINE, Department.ORGANISATION, Department.POLITICAL_LEGAL, Department.PETITIONS,
    Department.COURT, Department.PROCURATORATE, Department.PUBLIC_SECURITY, Department.JUSTICE,
]


class Disqualification(models.TextChoices):
    """The "十不选": categories a reviewer clears or finds against a candidate."""

    CRIMINAL = "criminal", _("受过刑事处罚")
    BULLY = "bully", _("村霸或涉黑涉恶")
    DISCIPLINE = "discipline", _("受党纪政务处分期内或正在接受审查调查")
    CULT = "cult", _("参与邪教、非法宗教活动或宗族势力干扰")
    VOTE_BUYING = "vote_buying", _("贿选")
    RIOTS = "riots", _("组织煽动闹事、非法上访")
    UNFIT = "unfit", _("被评为不称职或被罢免、3年内被评为不合格党员")
    FUNDS = "funds", _("侵占挪用集体资金未整改")
    LAND = "land", _("5年内违法用地、破坏生态或为失信被执行人")
    OTHER = "other", _("其他不宜人选情形")


class Outcome(models.TextChoices):
    CLEAR = "clear", _("无此情形")
    DISQUALIFIED = "disqualified", _("存在此情形")


class ReviewLevel(models.TextChoices):
    TOWNSHIP = "township", _("乡镇审查")
    COUNTY = "county", _("县级部门联审")


class SecretaryFilingQuerySet(ScopedQuerySet):
    def current(self):
        return self.filter(superseded_on__isnull=True)


class SecretaryFiling(models.Model):
    """县级备案 of a village party secretary: who, the term, the résumé. A new filing for the village
    supersedes the previous one (kept as history)."""

    view_capability = SECRETARY_VIEW

    region = models.ForeignKey("regions.Region", verbose_name=_("村"), on_delete=models.PROTECT,
                               db_column="region_code", related_name="+")
    resident = models.ForeignKey("people.Resident", verbose_name=_("书记"), on_delete=models.PROTECT,
                                 related_name="+")
    term_starts_on = models.DateField(_("任期起始"))
    term_ends_on = models.DateField(_("任期届满"))
    resume = models.TextField(_("简历"))
    filed_on = models.DateField(_("备案日期"))
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("备案人"), on_delete=models.PROTECT,
                                 related_name="+")
    superseded_on = models.DateField(_("被替代日期"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SecretaryFilingQuerySet.as_manager()

    class Meta:
        verbose_name = _("村党组织书记备案")
        verbose_name_plural = _("村党组织书记备案")
        ordering = ["region_id", "-filed_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["region"], condition=Q(superseded_on__isnull=True),
                                    name="vetting_one_current_filing_per_village"),
            models.CheckConstraint(condition=Q(term_ends_on__gt=models.F("term_starts_on")),
                                   name="vetting_filing_term_order"),
        ]

    def __str__(self):
        return f"{self.region.name} {self.resident.name}"


class VettingRoundQuerySet(ScopedQuerySet):
    def in_force(self, on):
        return self.filter(Q(opens_on__lte=on), Q(closes_on__isnull=True) | Q(closes_on__gte=on))


class VettingRound(models.Model):
    """A county's joint vetting for a 换届 or a by-election, with the departments that review."""

    view_capability = VETTING_VIEW

    region = models.ForeignKey("regions.Region", verbose_name=_("县"), on_delete=models.PROTECT,
                               db_column="region_code", related_name="+")
    title = models.CharField(_("名称"), max_length=100)
    opens_on = models.DateField(_("开始日期"))
    closes_on = models.DateField(_("结束日期"), null=True, blank=True)
    departments = models.JSONField(_("联审部门"), default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("发起人"), on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VettingRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("联审批次")
        verbose_name_plural = _("联审批次")
        ordering = ["-opens_on", "-id"]

    def __str__(self):
        return self.title

    def department_labels(self):
        return [Department(code).label for code in self.departments]


class Candidate(models.Model):
    """A registry resident put forward for a 两委 post of a village in a round."""

    view_capability = VETTING_VIEW

    round = models.ForeignKey(VettingRound, verbose_name=_("联审批次"), on_delete=models.PROTECT,
                              related_name="candidates")
    resident = models.ForeignKey("people.Resident", verbose_name=_("人选"), on_delete=models.PROTECT,
                                 related_name="+")
    region = models.ForeignKey("regions.Region", verbose_name=_("村"), on_delete=models.PROTECT,
                               db_column="region_code", related_name="+")
    post_sought = models.CharField(_("拟任职务"), max_length=30, choices=[(r.value, r.label) for r in VETTED_ROLES])
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"),
                                      on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("联审人选")
        verbose_name_plural = _("联审人选")
        ordering = ["region_id", "id"]
        constraints = [models.UniqueConstraint(fields=["round", "resident"], name="vetting_candidate_once")]

    def __str__(self):
        return f"{self.resident.name}({self.region.name} {self.get_post_sought_display()})"

    def review_status(self):
        """(missing, disqualified): the labels of reviews not yet recorded and of those that found
        against the candidate. Uses `self.results.all()`, so prefetch it for lists."""
        results = {(r.level, r.department): r for r in self.results.all()}
        missing, against = [], []
        expected = [(ReviewLevel.TOWNSHIP, "")] + [(ReviewLevel.COUNTY, code) for code in self.round.departments]
        for key in expected:
            label = ReviewResult.label_for(*key)
            result = results.get(key)
            if result is None:
                missing.append(label)
            elif not result.cleared:
                against.append(label)
        return missing, against

    @property
    def passed(self):
        missing, against = self.review_status()
        return not missing and not against


class ReviewResult(models.Model):
    """One reviewer's dated conclusion on a candidate: the township's, or one county department's."""

    candidate = models.ForeignKey(Candidate, verbose_name=_("人选"), on_delete=models.PROTECT,
                                  related_name="results")
    level = models.CharField(_("层级"), max_length=10, choices=ReviewLevel.choices)
    department = models.CharField(_("部门"), max_length=30, choices=Department.choices, blank=True)
    outcomes = models.JSONField(_("十不选结论"), default=dict)
    reviewed_on = models.DateField(_("审查日期"))
    note = models.TextField(_("审查意见"), blank=True)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审查人"), on_delete=models.PROTECT,
                                 related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("联审结论")
        verbose_name_plural = _("联审结论")
        ordering = ["candidate_id", "level", "department"]
        constraints = [models.UniqueConstraint(fields=["candidate", "level", "department"],
                                               name="vetting_one_result_per_reviewer")]

    @staticmethod
    def label_for(level, department):
        if level == ReviewLevel.TOWNSHIP:
            return str(ReviewLevel.TOWNSHIP.label)
        return str(Department(department).label)

    @property
    def label(self):
        return self.label_for(self.level, self.department)

    @property
    def disqualifications(self):
        return [Disqualification(code) for code, outcome in self.outcomes.items()
                if outcome == Outcome.DISQUALIFIED]

    @property
    def cleared(self):
        return not self.disqualifications


class RemovalState(models.TextChoices):
    OPEN = "open", _("待决定")
    REMOVED = "removed", _("已清理(免职)")
    RETAINED = "retained", _("保留(附理由)")


class RemovalCase(models.Model):
    """清理: a disqualifying finding against a serving 两委 member, until the county decides."""

    view_capability = VETTING_VIEW

    post = models.ForeignKey("accounts.Post", verbose_name=_("现任职务"), on_delete=models.PROTECT,
                             related_name="+")
    resident = models.ForeignKey("people.Resident", verbose_name=_("人员"), on_delete=models.PROTECT,
                                 related_name="+")
    region = models.ForeignKey("regions.Region", verbose_name=_("村"), on_delete=models.PROTECT,
                               db_column="region_code", related_name="+")
    department = models.CharField(_("发现部门"), max_length=30, choices=Department.choices, blank=True)
    categories = models.JSONField(_("不符合情形"), default=list)
    found_on = models.DateField(_("发现日期"))
    note = models.TextField(_("说明"), blank=True)
    result = models.ForeignKey(ReviewResult, verbose_name=_("来源联审结论"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    state = models.CharField(_("状态"), max_length=10, choices=RemovalState.choices, default=RemovalState.OPEN)
    decision_reason = models.TextField(_("决定理由"), blank=True)
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("决定人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("清理案件")
        verbose_name_plural = _("清理案件")
        ordering = ["state", "-found_on", "-id"]

    def __str__(self):
        return f"{self.resident.name} {self.post}"

    def category_labels(self):
        return [Disqualification(code).label for code in self.categories]
