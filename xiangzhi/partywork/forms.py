"""Forms of the members-at-work pages. They carry raw values; the actions check them and name each
bad field in Chinese, and `add_action_errors` puts those on the form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Fulfilment, PointsRules
from .scoring import RULE_FIELDS


def _text(label, *, widget=None, help_text=""):
    return forms.CharField(label=label, required=False, widget=widget or forms.TextInput, help_text=help_text)


def _number(label, **attrs):
    return forms.CharField(label=label, required=False, widget=forms.NumberInput(attrs={"inputmode": "numeric", **attrs}))


def _date(label):
    return _text(label, widget=forms.DateInput(attrs={"type": "date"}))


class YearForm(forms.Form):
    year = forms.CharField(required=False, widget=forms.HiddenInput)


class DutyForm(YearForm):
    prefix = "duty"
    name = _text(_("岗位名称"), help_text=_("如:政策宣传岗、环境卫生监督岗。"))
    duties = _text(_("岗位职责"), widget=forms.Textarea(attrs={"rows": 2}))


class CommitmentForm(YearForm):
    prefix = "commitment"
    content = _text(_("承诺事项"))


class ReviewForm(forms.Form):
    prefix = "review"
    outcome = forms.ChoiceField(label=_("践诺情况"), required=False, choices=[("", "—"), *Fulfilment.choices])
    review_note = _text(_("评议意见"), help_text=_("部分践诺或未践诺时必填。"))


class ViolationForm(forms.Form):
    prefix = "violation"
    occurred_on = _date(_("发生日期"))
    reason = _text(_("事由"))


class AppealForm(YearForm):
    prefix = "appeal"
    reason = _text(_("申诉理由"), widget=forms.Textarea(attrs={"rows": 2}),
                   help_text=_("请写明哪一项积分有误及原因。"))


class DecisionForm(forms.Form):
    prefix = "decision"
    upheld = forms.ChoiceField(label=_("处理结果"), required=False,
                               choices=[("", "—"), ("1", _("申诉成立")), ("0", _("申诉不成立"))])
    adjustment = _number(_("更正分值"), min=-50, max=50)
    decision_note = _text(_("处理意见"))


class EvaluationForm(YearForm):
    prefix = "evaluation"
    note = _text(_("评议意见"), widget=forms.Textarea(attrs={"rows": 2}))


class QuarterForm(YearForm):
    prefix = "quarter"
    organisation = forms.ChoiceField(label=_("党组织"), required=False)
    quarter = forms.ChoiceField(label=_("季度"), required=False, choices=[(str(q), str(q)) for q in range(1, 5)])

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(str(o.pk), o.name) for o in organisations]


class RulesForm(forms.Form):
    region = forms.ChoiceField(label=_("适用区划"), required=False)

    def __init__(self, *args, regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [(r.code, r.name) for r in regions]
        for name in RULE_FIELDS:
            self.fields[name] = _number(PointsRules._meta.get_field(name).verbose_name, min=0)
