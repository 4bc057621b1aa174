"""矛盾纠纷多元化解: a dispute is taken in once and its whole file travels between bodies and levels."""

import calendar
from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from xiangzhi.core.fields import EncryptedTextField
from xiangzhi.core.models import AppendOnlyModel, AppendOnlyQuerySet
from xiangzhi.core.scope import ScopedQuerySet
from xiangzhi.core.workflow import WorkflowQuerySet, WorkflowSubject
from xiangzhi.people import citizen_id, phones

# 司法确认: the parties apply jointly within 30 days of the agreement taking effect.
JUDICIAL_CONFIRMATION_DAYS = 30
# 人民调解委员会: 3–9 members (人民调解法 第九条), elected or chosen for three years.
COMMITTEE_MIN_MEMBERS = 3
COMMITTEE_MAX_MEMBERS = 9
COMMITTEE_TERM_YEARS = 3


def term_end_for(start, years=COMMITTEE_TERM_YEARS):
    """The last day of a term of `years` beginning on `start` (29 February clamps to the 28th)."""
    year = start.year + years
    day = min(start.day, calendar.monthrange(year, start.month)[1])
    return date(year, start.month, day) - timedelta(days=1)


class DisputeType(models.TextChoices):
    MARRIAGE_FAMILY = "marriage_family", _("婚姻家庭")
    NEIGHBOURS = "neighbours", _("邻里")
    HOMESTEAD = "homestead", _("宅基地")
    LAND_CONTRACT = "land_contract", _("土地承包")
    FOREST_WATER = "forest_water", _("山林水利")
    WAGES = "wages", _("劳动报酬")
    CONTRACT = "contract", _("合同")
    DAMAGES = "damages", _("损害赔偿")
    EXPROPRIATION = "expropriation", _("征地拆迁")
    OTHER = "other", _("其他")


class Channel(models.TextChoices):
    PEOPLE = "people", _("人民调解")
    ADMINISTRATIVE = "administrative", _("行政调解")
    JUDICIAL = "judicial", _("司法调解(诉调对接)")


class Level(models.TextChoices):
    VILLAGE = "village", _("村级调解平台")
    TOWNSHIP = "township", _("乡镇调解中心")
    COUNTY = "county", _("县矛调中心")


# A level is read off the handling body's region code.
LEVEL_BY_CODE_LENGTH = {12: Level.VILLAGE, 9: Level.TOWNSHIP, 6: Level.COUNTY}
LEVEL_RANK = {Level.VILLAGE: 0, Level.TOWNSHIP: 1, Level.COUNTY: 2}


def level_of(code):
    return LEVEL_BY_CODE_LENGTH.get(len(code or ""))


class Source(models.TextChoices):
    PLATFORM = "platform", _("窗口受理")
    GRID_EVENT = "grid_event", _("网格事件")


class DisputeState(models.TextChoices):
    PENDING = "pending", _("待接案")
    MEDIATING = "mediating", _("调解中")
    AGREED = "agreed", _("调解成功")
    FAILED = "failed", _("调解不成")
    REFUSED = "refused", _("当事人拒绝调解")


OPEN_STATES = (DisputeState.PENDING, DisputeState.MEDIATING)
FINAL_STATES = (DisputeState.AGREED, DisputeState.FAILED, DisputeState.REFUSED)


class FailureRoute(models.TextChoices):
    ARBITRATION = "arbitration", _("仲裁")
    ADMINISTRATIVE = "administrative", _("行政途径")
    LITIGATION = "litigation", _("诉讼")


class DisputeQuerySet(WorkflowQuerySet):
    def open(self):
        return self.filter(state__in=OPEN_STATES)


class Dispute(WorkflowSubject):
    """One dispute, one file: parties, history, hand-offs and agreement stay on this row."""

    scope_fields = ("region", "handler_region")
    view_capability = "dispute.view"

    # Where it arose (a village, or the township/county when taken in there) …
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("纠纷发生地"), on_delete=models.PROTECT,
        db_column="region_code", related_name="disputes",
    )
    # … where it was taken in, and who handles it now.
    venue = models.ForeignKey(
        "regions.Region", verbose_name=_("受理地"), on_delete=models.PROTECT, related_name="disputes_taken_in",
    )
    handler_region = models.ForeignKey(
        "regions.Region", verbose_name=_("承办机构所在地"), on_delete=models.PROTECT, related_name="disputes_handled",
    )
    channel = models.CharField(_("调解方式"), max_length=20, choices=Channel.choices, default=Channel.PEOPLE)
    dispute_type = models.CharField(_("纠纷类型"), max_length=20, choices=DisputeType.choices)
    amount_fen = models.BigIntegerField(_("涉及金额(分)"), default=0)
    summary = models.TextField(_("纠纷简要情况"))
    source = models.CharField(_("来源"), max_length=20, choices=Source.choices, default=Source.PLATFORM)
    grid_event = models.ForeignKey(
        "grid.Event", verbose_name=_("来源网格事件"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="disputes",
    )
    mediator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("调解员"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="disputes_mediated",
    )
    # The people's mediation committee the case was handed to, when it went to one.
    committee = models.ForeignKey(
        "Committee", verbose_name=_("承办调解委员会"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="disputes",
    )
    accepted_at = models.DateTimeField(_("受理调解时间"), null=True, blank=True)
    extension_reason = models.TextField(_("延期理由"), blank=True)
    extended_at = models.DateTimeField(_("延期时间"), null=True, blank=True)
    refused_by = models.ForeignKey(
        "DisputeParty", verbose_name=_("拒绝调解的当事人"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    refused_on = models.DateField(_("拒绝日期"), null=True, blank=True)
    failure_route = models.CharField(_("后续途径"), max_length=20, choices=FailureRoute.choices, blank=True)
    outcome_note = models.TextField(_("结果说明"), blank=True)
    closed_at = models.DateTimeField(_("结案时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True,
        on_delete=models.PROTECT, related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DisputeQuerySet.as_manager()

    class Meta:
        verbose_name = _("矛盾纠纷")
        verbose_name_plural = _("矛盾纠纷")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["region", "state"], name="dispute_region_state"),
            models.Index(fields=["handler_region", "state"], name="dispute_handler_state"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount_fen__gte=0), name="dispute_amount_not_negative"),
        ]

    def __str__(self):
        return f"纠纷 {self.pk} · {self.get_dispute_type_display()}"

    @property
    def level(self):
        return level_of(self.handler_region_id)

    @property
    def level_label(self):
        level = self.level
        return Level(level).label if level else ""

    @property
    def county_code(self):
        return self.venue_id[:6]

    @property
    def amount_yuan(self):
        return f"{self.amount_fen / 100:.2f}"


class CommitteeKind(models.TextChoices):
    VILLAGE = "village", _("村人民调解委员会")
    TOWNSHIP = "township", _("乡镇人民调解委员会")
    INDUSTRY = "industry", _("行业性、专业性人民调解委员会")


# Where each kind of committee sits, by the length of its region code.
COMMITTEE_CODE_LENGTHS = {
    CommitteeKind.VILLAGE: (12,),
    CommitteeKind.TOWNSHIP: (9,),
    CommitteeKind.INDUSTRY: (9, 6),
}


class CommitteeQuerySet(ScopedQuerySet):
    def with_current_term(self):
        """Annotate term_number, term_start and term_end of the latest term."""
        latest = CommitteeTerm.objects.filter(committee=models.OuterRef("pk")).order_by("-number")
        return self.annotate(
            term_number=models.Subquery(latest.values("number")[:1]),
            term_start=models.Subquery(latest.values("starts_on")[:1]),
            term_end=models.Subquery(latest.values("ends_on")[:1]),
        )

    def in_force_on(self, day):
        return self.filter(terms__starts_on__lte=day, terms__ends_on__gte=day).distinct()


class Committee(models.Model):
    """人民调解委员会 of a village, a township, or an industry (行业性、专业性)."""

    view_capability = "dispute.view"

    kind = models.CharField(_("类型"), max_length=20, choices=CommitteeKind.choices)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("所在村或乡镇"), on_delete=models.PROTECT,
        db_column="region_code", related_name="mediation_committees",
    )
    name = models.CharField(_("名称"), max_length=100)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommitteeQuerySet.as_manager()

    class Meta:
        verbose_name = _("人民调解委员会")
        verbose_name_plural = _("人民调解委员会")
        ordering = ["region_id", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="committee_name_once_per_region"),
        ]

    def __str__(self):
        return self.name

    def term_on(self, day):
        return self.terms.filter(starts_on__lte=day, ends_on__gte=day).first()


class CommitteeTerm(AppendOnlyModel):
    """One term (届) of a committee; 换届 adds the next one, earlier terms stay for old agreements."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="terms")
    number = models.PositiveIntegerField(_("届次"))
    starts_on = models.DateField(_("任期开始"))
    ends_on = models.DateField(_("任期届满"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("任期")
        verbose_name_plural = _("任期")
        ordering = ["committee_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "number"], name="committee_term_number_once"),
            models.CheckConstraint(condition=models.Q(ends_on__gt=models.F("starts_on")), name="committee_term_ends_after_start"),
        ]


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("主任")
    VICE_CHAIR = "vice_chair", _("副主任")
    MEMBER = "member", _("委员")


class CommitteeMember(models.Model):
    """A member: a resident of the registry where possible, otherwise by name."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="members")
    role = models.CharField(_("职务"), max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER)
    resident = models.ForeignKey(
        "people.Resident", verbose_name=_("村民"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="mediation_committee_seats",
    )
    name = models.CharField(_("姓名"), max_length=50)
    joined_on = models.DateField(_("加入日期"))
    left_on = models.DateField(_("离任日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("调解委员会委员")
        verbose_name_plural = _("调解委员会委员")
        ordering = ["committee_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee"], condition=models.Q(role="chair", left_on__isnull=True),
                name="committee_one_sitting_chair",
            ),
            models.UniqueConstraint(
                fields=["committee", "resident"], condition=models.Q(left_on__isnull=True, resident__isnull=False),
                name="committee_resident_seated_once",
            ),
        ]

    def __str__(self):
        return f"{self.name}({self.get_role_display()})"


class PartyRole(models.TextChoices):
    APPLICANT = "applicant", _("申请人")
    RESPONDENT = "respondent", _("被申请人")


class DisputeParty(models.Model):
    """A party: a resident of the registry, or an outsider with name, phone and ID (encrypted)."""

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="parties")
    role = models.CharField(_("当事人身份"), max_length=20, choices=PartyRole.choices)
    resident = models.ForeignKey(
        "people.Resident", verbose_name=_("村民"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="dispute_parties",
    )
    name = models.CharField(_("姓名"), max_length=50)
    phone = EncryptedTextField(_("联系电话"), null=True, blank=True)
    id_number = EncryptedTextField(_("公民身份号码"), null=True, blank=True)

    class Meta:
        verbose_name = _("当事人")
        verbose_name_plural = _("当事人")
        ordering = ["dispute_id", "id"]

    def __str__(self):
        return self.name

    @property
    def id_number_masked(self):
        if self.resident_id:
            return self.resident.id_number_masked
        return citizen_id.mask(self.id_number or "")

    @property
    def phone_masked(self):
        if self.resident_id:
            return self.resident.phone_masked
        return phones.mask(self.phone or "")


class HandOff(AppendOnlyModel):
    """One hand-off between bodies or levels: the file goes along, the party does not re-tell it."""

    dispute = models.ForeignKey(Dispute, on_delete=models.PROTECT, related_name="handoffs")
    from_region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    to_region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    to_committee = models.ForeignKey(Committee, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    from_channel = models.CharField(_("原调解方式"), max_length=20, choices=Channel.choices)
    to_channel = models.CharField(_("新调解方式"), max_length=20, choices=Channel.choices)
    reason = models.TextField(_("移交理由"))
    parties_visit = models.BooleanField(_("当事人须到新机构"), default=False)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    occurred_at = models.DateTimeField(_("时间"), auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("移交记录")
        verbose_name_plural = _("移交记录")
        ordering = ["occurred_at", "id"]

    @property
    def goes_up(self):
        return LEVEL_RANK[level_of(self.to_region_id)] > LEVEL_RANK[level_of(self.from_region_id)]


class VenueVisit(AppendOnlyModel):
    """A place the parties had to go to for this dispute ("最多跑一地": one distinct venue)."""

    dispute = models.ForeignKey(Dispute, on_delete=models.PROTECT, related_name="visits")
    venue = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    occurred_at = models.DateTimeField(auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("到访记录")
        verbose_name_plural = _("到访记录")


class Agreement(models.Model):
    """调解协议书: terms and the signatures; the printed document is generated from the case."""

    dispute = models.OneToOneField(Dispute, on_delete=models.PROTECT, related_name="agreement")
    terms = models.TextField(_("协议内容"))
    signed_on = models.DateField(_("签订日期"))
    mediator_signed = models.BooleanField(_("调解员签名"), default=False)
    # The sealing committee; its name is copied as printed on the day of signing.
    committee = models.ForeignKey(
        Committee, verbose_name=_("盖章的调解委员会"), null=True, on_delete=models.PROTECT, related_name="agreements",
    )
    committee_name = models.CharField(_("调解委员会(盖章)"), max_length=100)
    committee_sealed = models.BooleanField(_("调解委员会盖章"), default=False)
    confirmation_applied_on = models.DateField(_("申请司法确认日期"), null=True, blank=True)
    confirmation_court = models.CharField(_("受理法院"), max_length=100, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("调解协议")
        verbose_name_plural = _("调解协议")

    @property
    def confirmation_deadline(self):
        return self.signed_on + timedelta(days=JUDICIAL_CONFIRMATION_DAYS)


class PartySignature(AppendOnlyModel):
    """A party's signature or fingerprint on the agreement."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="signatures")
    party = models.ForeignKey(DisputeParty, on_delete=models.PROTECT, related_name="+")
    by_fingerprint = models.BooleanField(_("按手印"), default=False)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agreement", "party"], name="signature_once_per_party")]
