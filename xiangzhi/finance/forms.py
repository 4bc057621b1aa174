"""Forms of the finance pages. They read what was typed; the actions decide what is allowed."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import (
    EXPENSE_CATEGORIES, INCOME_CATEGORIES, AccountKind, AssetCategory, Direction, DisposalMethod, FilingKind,
    RentPeriod, ResourceKind,
)
from .money import format_fen, parse_yuan

LINE_ROWS = 3


class YuanField(forms.CharField):
    """Typed in yuan ("1,234.50"), cleaned to fen; the message names the field."""

    def __init__(self, *args, positive=True, **kwargs):
        self.positive = positive
        kwargs.setdefault("max_length", 20)
        super().__init__(*args, **kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def clean(self, value):
        value = super().clean(value)
        if value in ("", None):
            return None
        try:
            return parse_yuan(value, "amount", positive=self.positive, label=str(self.label))
        except ValidationError as error:
            raise ValidationError(error.message_dict["amount"]) from None


def date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def required(label, verb="填写"):
    return {"required": _("请%(verb)s%(label)s。") % {"verb": verb, "label": label},
            "invalid": _("%(label)s不是有效的值。") % {"label": label}}


class VoucherForm(forms.Form):
    direction = forms.ChoiceField(label=_("收支"), choices=Direction.choices, initial=Direction.EXPENSE,
                                  widget=forms.RadioSelect, error_messages=required(_("收支方向"), "选择"))
    category = forms.ChoiceField(
        label=_("类别"),
        choices=[("", "—"), (_("支出"), EXPENSE_CATEGORIES), (_("收入"), INCOME_CATEGORIES)],
        error_messages=required(_("类别"), "选择"),
    )
    total = YuanField(label=_("金额(元)"), error_messages=required(_("金额(元)")))
    summary = forms.CharField(label=_("摘要"), max_length=200, error_messages=required(_("摘要")))
    counterparty = forms.CharField(label=_("对方单位/个人"), max_length=100, error_messages=required(_("对方单位/个人")))
    account = forms.ChoiceField(label=_("账户"), error_messages=required(_("账户"), "选择"))
    date = forms.DateField(label=_("业务日期"), widget=date_input(), error_messages=required(_("业务日期")))

    def __init__(self, *args, accounts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].choices = [(a.pk, str(a)) for a in accounts]
        self.fields["date"].initial = timezone.localdate()
        for row in range(LINE_ROWS):
            self.fields[f"line{row}_description"] = forms.CharField(
                label=_("明细 %(n)d") % {"n": row + 1}, required=False, max_length=200)
            self.fields[f"line{row}_amount"] = YuanField(label=_("明细 %(n)d 金额(元)") % {"n": row + 1}, required=False)

    def line_fields(self):
        return [(self[f"line{row}_description"], self[f"line{row}_amount"]) for row in range(LINE_ROWS)]

    def main_fields(self):
        return [self[name] for name in ("category", "total", "summary", "counterparty", "account", "date")]

    def lines(self):
        """The typed lines; with none, the voucher is one line: its summary and amount."""
        data = self.cleaned_data
        rows = [
            {"description": data.get(f"line{row}_description", ""), "amount_fen": data.get(f"line{row}_amount")}
            for row in range(LINE_ROWS)
        ]
        rows = [row for row in rows if row["description"] or row["amount_fen"] is not None]
        return rows or [{"description": data["summary"], "amount_fen": data["total"]}]


class ReasonForm(forms.Form):
    # Left optional here: the action names what is missing (退回的理由, 冲销原因 …).
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}), max_length=500, required=False)


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ApproveForm(CommentForm):
    filing = forms.ChoiceField(label=_("大额支出备案"), required=False)

    def __init__(self, *args, filings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["filing"].choices = [("", "—")] + [(f.pk, f"{f.title}(¥{format_fen(f.amount_fen)})") for f in filings]


class AccountForm(forms.Form):
    kind = forms.ChoiceField(label=_("账户类型"), choices=AccountKind.choices, error_messages=required(_("账户类型"), "选择"))
    name = forms.CharField(label=_("账户名称"), max_length=100, error_messages=required(_("账户名称")))
    opening_balance = YuanField(label=_("期初余额(元)"), positive=False, error_messages=required(_("期初余额(元)")))
    opened_on = forms.DateField(label=_("建账日期"), widget=date_input(), error_messages=required(_("建账日期")))


class FilingForm(forms.Form):
    kind = forms.ChoiceField(label=_("事项类别"), choices=FilingKind.choices, error_messages=required(_("事项类别"), "选择"))
    title = forms.CharField(label=_("事项名称"), max_length=200, error_messages=required(_("事项名称")))
    amount = YuanField(label=_("涉及金额(元)"), positive=False, required=False)
    description = forms.CharField(label=_("事项说明"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000,
                                  error_messages=required(_("事项说明")))
    resolution = forms.FileField(label=_("决议文件(会议决议扫描件)"), required=False)


class ThresholdForm(forms.Form):
    amount = YuanField(label=_("备案金额标准(元)"), error_messages=required(_("备案金额标准(元)")))


class AssetForm(forms.Form):
    name = forms.CharField(label=_("资产名称"), max_length=100, error_messages=required(_("资产名称")))
    category = forms.ChoiceField(label=_("类别"), choices=AssetCategory.choices, error_messages=required(_("类别"), "选择"))
    acquired_on = forms.DateField(label=_("取得日期"), widget=date_input(), error_messages=required(_("取得日期")))
    original_value = YuanField(label=_("原值(元)"), error_messages=required(_("原值(元)")))
    location = forms.CharField(label=_("存放地点"), max_length=200, required=False)


class DisposalForm(forms.Form):
    filing = forms.ChoiceField(label=_("集体资产处置备案"), required=False)
    disposed_on = forms.DateField(label=_("处置日期"), widget=date_input(), error_messages=required(_("处置日期")))
    method = forms.ChoiceField(label=_("处置方式"), choices=DisposalMethod.choices, error_messages=required(_("处置方式"), "选择"))
    amount = YuanField(label=_("处置金额(元)"), positive=False, required=False)
    counterparty = forms.CharField(label=_("受让方"), max_length=100, required=False)

    def __init__(self, *args, filings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["filing"].choices = [("", "—")] + [(f.pk, f.title) for f in filings]


class ContractForm(forms.Form):
    resource_kind = forms.ChoiceField(label=_("资源类别"), choices=ResourceKind.choices, error_messages=required(_("资源类别"), "选择"))
    resource_name = forms.CharField(label=_("资源名称"), max_length=100, error_messages=required(_("资源名称")))
    party = forms.CharField(label=_("承包/承租方"), max_length=100, error_messages=required(_("承包/承租方")))
    starts_on = forms.DateField(label=_("起始日期"), widget=date_input(), error_messages=required(_("起始日期")))
    ends_on = forms.DateField(label=_("终止日期"), widget=date_input(), error_messages=required(_("终止日期")))
    period = forms.ChoiceField(label=_("交租周期"), choices=RentPeriod.choices, initial=RentPeriod.YEAR,
                               error_messages=required(_("交租周期"), "选择"))
    rent = YuanField(label=_("每期租金(元)"), error_messages=required(_("每期租金(元)")))
    filing = forms.ChoiceField(label=_("发包备案(总租金超过备案标准时必选)"), required=False)

    def __init__(self, *args, filings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["filing"].choices = [("", "—")] + [(f.pk, f.title) for f in filings]


class PaymentForm(forms.Form):
    voucher = forms.ChoiceField(label=_("收款凭证"), required=False)
    paid = YuanField(label=_("实缴金额(元)"), required=False)
    paid_on = forms.DateField(label=_("缴纳日期"), widget=date_input(), required=False)

    def __init__(self, *args, vouchers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["voucher"].choices = [("", "—")] + [(v.pk, f"{v.number} {v.summary}") for v in vouchers]


class AuditForm(forms.Form):
    village = forms.ChoiceField(label=_("村"), error_messages=required(_("村"), "选择"))
    title = forms.CharField(label=_("审计项目"), max_length=200, error_messages=required(_("审计项目")))
    auditing_body = forms.CharField(label=_("审计机构"), max_length=100, error_messages=required(_("审计机构")))
    audited_on = forms.DateField(label=_("审计日期"), widget=date_input(), error_messages=required(_("审计日期")))
    scope = forms.CharField(label=_("审计范围"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000,
                            error_messages=required(_("审计范围")))

    def __init__(self, *args, villages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].choices = [("", "—")] + [(v.code, v.name) for v in villages]


class FindingForm(forms.Form):
    description = forms.CharField(label=_("审计发现"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000,
                                  error_messages=required(_("审计发现")))
    owner = forms.CharField(label=_("整改责任人"), max_length=100, error_messages=required(_("整改责任人")))
    due_on = forms.DateField(label=_("整改期限"), widget=date_input(), error_messages=required(_("整改期限")))


class NoteForm(forms.Form):
    note = forms.CharField(label=_("整改情况"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, required=False)
