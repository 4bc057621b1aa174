"""Forms of the cadres pages. They carry raw values; the actions check them and name each bad field
in Chinese, and `add_action_errors` puts those on the form."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xiangzhi.assessment.models import Grade

from .models import CADRE_ROLE_CHOICES, PerformanceRule


def _text(label, *, widget=None, help_text=""):
    return forms.CharField(label=label, required=False, widget=widget or forms.TextInput, help_text=help_text)


def _number(label, help_text=""):
    return _text(label, widget=forms.TextInput(attrs={"inputmode": "decimal"}), help_text=help_text)


def _date(label):
    return _text(label, widget=forms.DateInput(attrs={"type": "date"}))


class TrainingForm(forms.Form):
    region = forms.ChoiceField(label=_("培训对象所在区划"), required=False)
    title = _text(_("培训名称"))
    year = _number(_("年度"))
    starts_on = _date(_("开始日期"))
    ends_on = _date(_("结束日期"))
    venue = _text(_("培训地点"))
    hours = _number(_("学时"), help_text=_("可保留一位小数,如 16 或 2.5。"))
    content = _text(_("培训内容"), widget=forms.Textarea(attrs={"rows": 3}))
    target_roles = forms.MultipleChoiceField(label=_("培训对象"), required=False, choices=CADRE_ROLE_CHOICES,
                                             widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [(region.code, region.name) for region in regions]
        self.fields["year"].initial = timezone.localdate().year


class StandardForm(forms.Form):
    county = forms.ChoiceField(label=_("县(市、区)"), required=False)
    year = _number(_("年度"))
    role = forms.ChoiceField(label=_("职务"), required=False, choices=CADRE_ROLE_CHOICES)
    monthly_basic = _number(_("每月基本报酬(元)"))
    performance = _number(_("年度绩效报酬(元)"))
    rule = forms.ChoiceField(label=_("绩效计算方式"), required=False, choices=PerformanceRule.choices)
    excellent_percent = _number(_("优秀(%)"))
    good_percent = _number(_("良好(%)"))
    pass_percent = _number(_("合格(%)"))
    fail_percent = _number(_("不合格(%)"))

    def __init__(self, *args, counties=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].choices = [(region.code, region.name) for region in counties]
        for name, value in (("year", timezone.localdate().year), ("excellent_percent", 100), ("good_percent", 85),
                            ("pass_percent", 70), ("fail_percent", 0)):
            self.fields[name].initial = value


class CalculateForm(forms.Form):
    village = forms.ChoiceField(label=_("村"), required=False)
    year = _number(_("年度"))
    score = _number(_("考核得分(无发布结果时填写)"))
    grade = forms.ChoiceField(label=_("考核等次(无发布结果时填写)"), required=False,
                              choices=[("", "—"), *Grade.choices])
    reason = _text(_("手工填写理由"))
    correction_reason = _text(_("更正理由(重新计算时填写)"))

    def __init__(self, *args, villages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].choices = [(region.code, region.name) for region in villages]
        self.fields["year"].initial = timezone.localdate().year
