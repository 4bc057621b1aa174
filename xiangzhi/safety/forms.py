"""Forms of the safety pages: they carry raw values; the actions check them and name each bad field."""

from django import forms
from django.utils.translation import gettext, gettext_lazy

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




class CriteriaForm(forms.Form):
    """The county's 示范村 criteria, one row per criterion (code kept hidden), plus blank rows to add."""

    BLANK_ROWS = 3

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        rows = max(len(criteria), self._posted_rows()) + self.BLANK_ROWS if self.is_bound else len(
            criteria) + self.BLANK_ROWS
        self.rows = []
        for number in range(1, rows + 1):
            item = criteria[number - 1] if number <= len(criteria) else {}
            self.fields[f"key_{number}"] = forms.CharField(required=False, widget=forms.HiddenInput,
                                                           initial=item.get("key", ""))
            self.fields[f"label_{number}"] = forms.CharField(
                label=gettext("第 %(n)d 项 名称") % {"n": number}, required=False, initial=item.get("label", ""),
                widget=forms.TextInput(attrs={"maxlength": 50}))
            self.fields[f"max_score_{number}"] = forms.CharField(
                label=gettext("第 %(n)d 项 满分") % {"n": number}, required=False,
                initial=item.get("max_score", ""), widget=forms.NumberInput(attrs={"min": 1, "max": 100,
                                                                                   "inputmode": "numeric"}))
            self.rows.append([self[f"key_{number}"], self[f"label_{number}"], self[f"max_score_{number}"]])

    def _posted_rows(self):
        return sum(1 for name in self.data if name.startswith("label_"))

    def criteria(self):
        """The rows typed in, blank ones left out, each with its row number for messages."""
        typed = []
        for number in range(1, len(self.rows) + 1):
            key, label, max_score = (str(self.data.get(f"{name}_{number}", "")).strip()
                                     for name in ("key", "label", "max_score"))
            if label or max_score:
                typed.append({"row": number, "key": key, "label": label, "max_score": max_score})
        return typed
