"""村级三资 (funds, assets, resources), 专项审计 and 重大事项备案: the rows and their one-row rules.

Amounts are integers in 分 (fen). Every record belongs to one village: its `region` foreign
key's column is the village code, so scope is a code prefix (core/scope.py).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xiangzhi.core.scope import ScopedQuerySet
from xiangzhi.core.workflow import WorkflowQuerySet, WorkflowSubject

from .money import format_fen

# Without a county's own threshold, an expense above 50,000 元 is a major matter.
DEFAULT_THRESHOLD_FEN = 50_000 * 100


def region_fk(verbose_name=_("村")):
    return models.ForeignKey(
        "regions.Region", verbose_name=verbose_name, on_delete=models.PROTECT,
        db_column="region_code", related_name="+",
    )


# --- 重大事项备案 ------------------------------------------------------------------------


class FilingKind(models.TextChoices):
    ASSET_DISPOSAL = "asset_disposal", _("集体资产处置")
    PROJECT = "project", _("工程项目")
    LARGE_EXPENSE = "large_expense", _("大额支出")
    RESOURCE_CONTRACT = "resource_contract", _("土地/资源发包")
    OTHER = "other", _("其他重大事项")


class FilingState(models.TextChoices):
    SUBMITTED = "submitted", _("待审核")
    APPROVED = "approved", _("已通过")
    RETURNED = "returned", _("已退回")


class FilingThreshold(models.Model):
    """A county's amount above which an expense or a contract is a major matter."""

    view_capability = "filing.view"

    region = region_fk(_("县"))
    amount_fen = models.BigIntegerField(_("备案金额标准(分)"))
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("重大事项金额标准")
        verbose_name_plural = _("重大事项金额标准")
        constraints = [
            models.UniqueConstraint(fields=["region"], name="finance_one_threshold_per_county"),
            models.CheckConstraint(condition=Q(amount_fen__gt=0), name="finance_threshold_positive"),
        ]

    def __str__(self):
        return f"{self.region_id} {format_fen(self.amount_fen)}"


class Filing(WorkflowSubject):
    """A major matter a village files with its township before implementing it."""

    view_capability = "filing.view"

    region = region_fk()
    kind = models.CharField(_("事项类别"), max_length=30, choices=FilingKind.choices)
    title = models.CharField(_("事项名称"), max_length=200)
    amount_fen = models.BigIntegerField(_("涉及金额(分)"), default=0)
    description = models.TextField(_("事项说明"))
    resolution = models.FileField(_("决议文件"), upload_to="finance/filings/%Y/%m/")
    resolution_name = models.CharField(_("决议文件名"), max_length=200)
    resolution_sha256 = models.CharField(max_length=64)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("报备人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("报备时间"), auto_now_add=True)
    # One filing authorises one action: the action that used it is named here.
    used_at = models.DateTimeField(_("使用时间"), null=True, blank=True)
    used_for = models.CharField(_("用于"), max_length=200, blank=True)

    objects = WorkflowQuerySet.as_manager()

    class Meta:
        verbose_name = _("重大事项备案")
        verbose_name_plural = _("重大事项备案")
        ordering = ["-created_at", "-id"]
        constraints = [models.CheckConstraint(condition=Q(amount_fen__gte=0), name="finance_filing_amount_not_negative")]

    def __str__(self):
        return f"{self.get_kind_display()}·{self.title}"

    def get_state_display(self):
        return FilingState(self.state).label


# --- 资金 -------------------------------------------------------------------------------


class AccountKind(models.TextChoices):
    CASH = "cash", _("现金")
    BANK = "bank", _("银行存款")


class FundAccount(models.Model):
    """A village's cash box or bank account. Its balance moves only when a voucher is posted."""

    view_capability = "finance.view"

    region = region_fk()
    kind = models.CharField(_("账户类型"), max_length=10, choices=AccountKind.choices)
    name = models.CharField(_("账户名称"), max_length=100)
    opening_balance_fen = models.BigIntegerField(_("期初余额(分)"))
    opened_on = models.DateField(_("建账日期"))
    balance_fen = models.BigIntegerField(_("当前余额(分)"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("资金账户")
        verbose_name_plural = _("资金账户")
        ordering = ["region_id", "kind", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(balance_fen__gte=0), name="finance_balance_not_negative"),
            models.CheckConstraint(condition=Q(opening_balance_fen__gte=0), name="finance_opening_not_negative"),
            models.UniqueConstraint(fields=["region", "name"], name="finance_account_name_unique"),
        ]

    def __str__(self):
        return f"{self.name}({self.get_kind_display()})"


class Direction(models.TextChoices):
    INCOME = "income", _("收入")
    EXPENSE = "expense", _("支出")


INCOME_CATEGORIES = [
    ("operating_income", _("经营收入")),
    ("contract_income", _("发包及上交收入")),
    ("investment_income", _("投资收益")),
    ("subsidy_income", _("补助收入")),
    ("donation_income", _("捐赠收入")),
    ("other_income", _("其他收入")),
]
EXPENSE_CATEGORIES = [
    ("operating_expense", _("经营支出")),
    ("management_expense", _("管理费用")),
    ("public_welfare_expense", _("公益支出")),
    ("project_expense", _("工程项目支出")),
    ("other_expense", _("其他支出")),
]
CATEGORIES = {Direction.INCOME: INCOME_CATEGORIES, Direction.EXPENSE: EXPENSE_CATEGORIES}
CATEGORY_LABELS = dict(INCOME_CATEGORIES + EXPENSE_CATEGORIES)


class VoucherState(models.TextChoices):
    SUBMITTED = "submitted", _("待监委会审核")
    REVIEWED = "reviewed", _("已审核")
    APPROVED = "approved", _("已审批待入账")
    POSTED = "posted", _("已入账")
    RETURNED = "returned", _("已退回")


class VoucherSequence(models.Model):
    """The last voucher number a village used in a year; numbers are taken under its row lock."""

    region = region_fk()
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="finance_voucher_sequence_unique")]


class Voucher(WorkflowSubject):
    """记账凭证. Once posted it is never edited: a mistake is corrected by a reversing (红字) voucher."""

    view_capability = "finance.view"

    region = region_fk()
    year = models.PositiveSmallIntegerField(_("年度"))
    number = models.CharField(_("凭证号"), max_length=20)
    direction = models.CharField(_("收支"), max_length=10, choices=Direction.choices)
    category = models.CharField(_("类别"), max_length=30, choices=INCOME_CATEGORIES + EXPENSE_CATEGORIES)
    account = models.ForeignKey(FundAccount, verbose_name=_("账户"), on_delete=models.PROTECT, related_name="vouchers")
    counterparty = models.CharField(_("对方单位/个人"), max_length=100)
    summary = models.CharField(_("摘要"), max_length=200)
    date = models.DateField(_("业务日期"))
    total_fen = models.BigIntegerField(_("金额(分)"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("经办人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    reverses = models.ForeignKey(
        "self", verbose_name=_("冲销凭证"), null=True, blank=True, on_delete=models.PROTECT, related_name="reversals"
    )
    reversal_reason = models.CharField(_("冲销原因"), max_length=500, blank=True)
    filing = models.ForeignKey(
        Filing, verbose_name=_("重大事项备案"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    posted_at = models.DateTimeField(_("入账时间"), null=True, blank=True)
    posted_on = models.DateField(_("入账日期"), null=True, blank=True, db_index=True)

    objects = WorkflowQuerySet.as_manager()

    class Meta:
        verbose_name = _("记账凭证")
        verbose_name_plural = _("记账凭证")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["region", "number"], name="finance_voucher_number_unique"),
            models.CheckConstraint(condition=Q(total_fen__gt=0), name="finance_voucher_total_positive"),
            # A posted voucher is reversed at most once (a returned reversal does not count).
            models.UniqueConstraint(
                fields=["reverses"], condition=~Q(state="returned"), name="finance_one_reversal_per_voucher"
            ),
        ]
        indexes = [models.Index(fields=["region", "state", "posted_on"], name="finance_voucher_posted")]

    def __str__(self):
        return self.number

    def get_state_display(self):
        return VoucherState(self.state).label

    @property
    def is_reversal(self):
        return self.reverses_id is not None

    @property
    def signed_fen(self):
        """The amount as the statement shows it: red-ink (reversing) vouchers are negative."""
        return -self.total_fen if self.is_reversal else self.total_fen

    @property
    def balance_delta_fen(self):
        """What posting this voucher does to its account's balance."""
        return self.signed_fen if self.direction == Direction.INCOME else -self.signed_fen

    @property
    def category_label(self):
        return CATEGORY_LABELS.get(self.category, self.category)

    @property
    def amount_display(self):
        return format_fen(self.signed_fen)


class VoucherLine(models.Model):
    voucher = models.ForeignKey(Voucher, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField()
    description = models.CharField(_("明细"), max_length=200)
    amount_fen = models.BigIntegerField(_("金额(分)"))

    class Meta:
        ordering = ["voucher_id", "position"]
        constraints = [models.CheckConstraint(condition=Q(amount_fen__gt=0), name="finance_line_amount_positive")]


# --- 资产 -------------------------------------------------------------------------------


class AssetCategory(models.TextChoices):
    BUILDING = "building", _("房屋")
    EQUIPMENT = "equipment", _("设备")
    FOREST = "forest", _("林木")
    OTHER = "other", _("其他")


class AssetStatus(models.TextChoices):
    IN_USE = "in_use", _("在用")
    DISPOSED = "disposed", _("已处置")


class DisposalMethod(models.TextChoices):
    SALE = "sale", _("公开拍卖/转让")
    SCRAP = "scrap", _("报废")
    DONATION = "donation", _("无偿划转")
    OTHER = "other", _("其他")


class Asset(models.Model):
    view_capability = "finance.view"

    region = region_fk()
    name = models.CharField(_("资产名称"), max_length=100)
    category = models.CharField(_("类别"), max_length=20, choices=AssetCategory.choices)
    acquired_on = models.DateField(_("取得日期"))
    original_value_fen = models.BigIntegerField(_("原值(分)"))
    location = models.CharField(_("存放地点"), max_length=200, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=AssetStatus.choices, default=AssetStatus.IN_USE)
    disposed_on = models.DateField(_("处置日期"), null=True, blank=True)
    disposal_method = models.CharField(_("处置方式"), max_length=20, choices=DisposalMethod.choices, blank=True)
    disposal_amount_fen = models.BigIntegerField(_("处置金额(分)"), null=True, blank=True)
    disposal_counterparty = models.CharField(_("受让方"), max_length=100, blank=True)
    disposal_filing = models.ForeignKey(
        Filing, verbose_name=_("处置备案"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("集体资产")
        verbose_name_plural = _("集体资产")
        ordering = ["status", "-acquired_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(original_value_fen__gt=0), name="finance_asset_value_positive")]

    def __str__(self):
        return self.name


# --- 资源 -------------------------------------------------------------------------------


class ResourceKind(models.TextChoices):
    LAND = "land", _("土地")
    FOREST = "forest", _("林地")
    POND = "pond", _("山塘水库")
    SHOP = "shop", _("铺面")


class RentPeriod(models.TextChoices):
    MONTH = "month", _("每月")
    QUARTER = "quarter", _("每季度")
    YEAR = "year", _("每年")


PERIOD_MONTHS = {RentPeriod.MONTH: 1, RentPeriod.QUARTER: 3, RentPeriod.YEAR: 12}


class ResourceContract(models.Model):
    view_capability = "finance.view"

    region = region_fk()
    resource_kind = models.CharField(_("资源类别"), max_length=10, choices=ResourceKind.choices)
    resource_name = models.CharField(_("资源名称"), max_length=100)
    party = models.CharField(_("承包/承租方"), max_length=100)
    starts_on = models.DateField(_("起始日期"))
    ends_on = models.DateField(_("终止日期"))
    period = models.CharField(_("交租周期"), max_length=10, choices=RentPeriod.choices)
    rent_fen = models.BigIntegerField(_("每期租金(分)"))
    filing = models.ForeignKey(
        Filing, verbose_name=_("发包备案"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("资源发包合同")
        verbose_name_plural = _("资源发包合同")
        ordering = ["ends_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(rent_fen__gt=0), name="finance_rent_positive"),
            models.CheckConstraint(condition=Q(ends_on__gt=models.F("starts_on")), name="finance_contract_ends_after_start"),
        ]

    def __str__(self):
        return f"{self.resource_name}·{self.party}"


class PaymentQuerySet(ScopedQuerySet):
    def overdue(self, today=None):
        return self.filter(paid_on__isnull=True, due_on__lt=today or timezone.localdate())


class ContractPayment(models.Model):
    """One row of a contract's payment schedule, and its payment once recorded."""

    view_capability = "finance.view"

    contract = models.ForeignKey(ResourceContract, on_delete=models.CASCADE, related_name="payments")
    region = region_fk()
    sequence = models.PositiveSmallIntegerField(_("期次"))
    due_on = models.DateField(_("应缴日期"), db_index=True)
    amount_fen = models.BigIntegerField(_("应缴金额(分)"))
    paid_on = models.DateField(_("缴纳日期"), null=True, blank=True)
    paid_fen = models.BigIntegerField(_("实缴金额(分)"), null=True, blank=True)
    voucher = models.ForeignKey(
        Voucher, verbose_name=_("收款凭证"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = PaymentQuerySet.as_manager()

    class Meta:
        ordering = ["contract_id", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "sequence"], name="finance_payment_sequence_unique"),
            models.UniqueConstraint(fields=["voucher"], name="finance_voucher_pays_one_installment"),
        ]

    def is_overdue(self, today=None):
        return self.paid_on is None and self.due_on < (today or timezone.localdate())


# --- 专项审计 ---------------------------------------------------------------------------


class SpecialAudit(models.Model):
    view_capability = "special_audit.view"

    region = region_fk()
    title = models.CharField(_("审计项目"), max_length=200)
    auditing_body = models.CharField(_("审计机构"), max_length=100)
    audited_on = models.DateField(_("审计日期"))
    scope = models.TextField(_("审计范围"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("专项审计")
        verbose_name_plural = _("专项审计")
        ordering = ["-audited_on", "-id"]

    def __str__(self):
        return self.title


class FindingState(models.TextChoices):
    RECTIFYING = "rectifying", _("整改中")
    RECTIFIED = "rectified", _("已整改")
    ACCEPTED = "accepted", _("已验收")


class AuditFinding(WorkflowSubject):
    """A finding of a special audit, and the rectification task it sets (deadline: `due_on`)."""

    view_capability = "special_audit.view"

    audit = models.ForeignKey(SpecialAudit, on_delete=models.CASCADE, related_name="findings")
    region = region_fk()
    description = models.TextField(_("审计发现"))
    owner = models.CharField(_("整改责任人"), max_length=100)
    due_on = models.DateField(_("整改期限"))
    rectification_note = models.TextField(_("整改情况"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WorkflowQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计发现")
        verbose_name_plural = _("审计发现")
        ordering = ["audit_id", "id"]

    def __str__(self):
        return self.description[:50]


def village_code_of(region_code):
    """The village a code belongs to (a 屯 or grid code extends its village's 12 digits)."""
    return region_code[:12]
