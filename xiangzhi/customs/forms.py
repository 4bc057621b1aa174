"""Forms of the 移风易俗 pages: they carry raw values (amounts in 元 on pages, 分 in the actions);
the actions check them and name each bad field in Chinese; `put_errors` puts those on the form."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import EventKind


def _text(label, *, widget=None, help_text=""):
    return forms.CharField(label=label, required=False, widget=widget or forms.TextInput, help_text=help_text)


def _number(label, help_text=""):
    return forms.CharField(label=label, required=False, help_text=help_text,
                           widget=forms.NumberInput(attrs={"min": 0, "inputmode": "decimal", "step": "any"}))


class DeclarationForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("类型"), choices=EventKind.choices, required=False)
    event_date = _text(gettext_lazy("办事日期"), widget=forms.DateInput(attrs={"type": "date"}))
    tables = _number(gettext_lazy("桌数"))
    guests = _number(gettext_lazy("宾客人数"))
    gift_per_guest = _number(gettext_lazy("每人礼金(元)"))
    total_cost = _number(gettext_lazy("总花费(元)"), help_text=gettext_lazy("酒席、车辆、仪式等合计。"))
    note = _text(gettext_lazy("说明(可不填)"))


class CadreDeclarationForm(DeclarationForm):
    household = _text(gettext_lazy("申报户编号"), help_text=gettext_lazy("村干部代为登记时填写该户在户籍册中的编号(数字 ID)。"))


class StandardForm(forms.Form):
    effective_from = _text(gettext_lazy("施行日期"), widget=forms.DateInput(attrs={"type": "date"}))
    max_tables = _number(gettext_lazy("最多桌数"))
    max_guests = _number(gettext_lazy("最多宾客人数"))
    max_gift = _number(gettext_lazy("每人礼金上限(元)"))
    max_cost = _number(gettext_lazy("总花费上限(元)"))


class VerifyForm(forms.Form):
    attended = forms.ChoiceField(label=gettext_lazy("到场情况"), required=False,
                                 choices=[("1", gettext_lazy("到场")), ("0", gettext_lazy("未到场"))])
    hours = _number(gettext_lazy("服务时长(小时)"))


def yuan_to_fen(form, field, label):
    """The 元 amount typed in `field` as 分, or None after putting a Chinese error on the form."""
    raw = (form.data.get(field) or "").strip()
    if not raw:
        form.add_error(field, _("请填写%(label)s。") % {"label": label})
        return None
    try:
        amount = Decimal(raw)
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite() or amount < 0 or amount != amount.quantize(Decimal("0.01")):
        form.add_error(field, _("%(label)s须为不小于 0 的金额(元),最多两位小数。") % {"label": label})
        return None
    return int(amount * 100)


