"""Forms of the safety pages: they carry raw values; the actions check them and name each bad field."""

from django import forms
from django.utils.translation import gettext_lazy

from xiangzhi.regions.models import DesignationLevel

from .models import CaseCount


def _number(label):
    return forms.CharField(label=label, required=False,
                           widget=forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}))


class StatisticsForm(forms.Form):
    village = forms.ChoiceField(label=gettext_lazy("村(社区)"), required=False)
    year = _number(gettext_lazy("年度"))
    criminal = _number(CaseCount.CRIMINAL.label)
    public_order = _number(CaseCount.PUBLIC_ORDER.label)
    civil_to_criminal = _number(CaseCount.CIVIL_TO_CRIMINAL.label)
    mass_incidents = _number(CaseCount.MASS_INCIDENTS.label)
    collective_petitions = _number(CaseCount.COLLECTIVE_PETITIONS.label)

    def __init__(self, *args, villages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].choices = [("", "—")] + [(v.code, f"{v.name}({v.code})") for v in villages]


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("统计表(.xlsx 或 .csv)"), required=False)


class DefinitionForm(forms.Form):
    no_case_counts = forms.MultipleChoiceField(
        label=gettext_lazy("无案村:以下案件均为零"), choices=CaseCount.choices, required=False,
        widget=forms.CheckboxSelectMultiple)
    fewer_case_counts = forms.MultipleChoiceField(
        label=gettext_lazy("降发案村:以下案件合计少于上年"), choices=CaseCount.choices, required=False,
        widget=forms.CheckboxSelectMultiple)
    target_percent = _number(gettext_lazy("目标占比(%)"))


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label=gettext_lazy("审核结论"), required=False, choices=[
        ("pass", gettext_lazy("通过")), ("reject", gettext_lazy("不通过"))])
    opinion = forms.CharField(label=gettext_lazy("审核意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class GrantForm(forms.Form):
    level = forms.ChoiceField(label=gettext_lazy("命名级别"), required=False, choices=[
        (DesignationLevel.CITY.value, DesignationLevel.CITY.label),
        (DesignationLevel.REGION.value, DesignationLevel.REGION.label)])
    granted_on = forms.DateField(label=gettext_lazy("命名日期"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}))
    document_number = forms.CharField(label=gettext_lazy("文号"), required=False)


class RevokeForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("撤销理由"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


