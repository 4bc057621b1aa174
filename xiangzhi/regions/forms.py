from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .actions import NAME_MAX_LENGTH
from .models import DesignationLevel, DesignationTitle, Level

SUBUNIT_KINDS = [(Level.NATURAL_VILLAGE, Level.NATURAL_VILLAGE.label), (Level.GRID, Level.GRID.label)]


class SubunitForm(forms.Form):
    kind = forms.ChoiceField(label=_("类别"), choices=SUBUNIT_KINDS, widget=forms.HiddenInput)
    name = forms.CharField(label=_("名称"), max_length=NAME_MAX_LENGTH)


class RenameForm(forms.Form):
    name = forms.CharField(label=_("新名称"), max_length=NAME_MAX_LENGTH)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("名称、拼音、首字母或代码"), max_length=100, required=False)


class DesignationFilterForm(forms.Form):
    title = forms.ChoiceField(label=_("称号"), choices=[("", _("全部称号"))] + DesignationTitle.choices, required=False)
    level = forms.ChoiceField(label=_("级别"), choices=[("", _("全部级别"))] + DesignationLevel.choices, required=False)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100, required=False)


class GrantForm(forms.Form):
    region = forms.CharField(label=_("区划代码"), max_length=15, help_text=_("如 450321100200"))
    title = forms.ChoiceField(label=_("称号"), choices=DesignationTitle.choices)
    level = forms.ChoiceField(label=_("级别"), choices=DesignationLevel.choices)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    granted_on = forms.DateField(label=_("授予日期"), widget=forms.DateInput(attrs={"type": "date"}))
    document_number = forms.CharField(label=_("文号"), max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["year"].initial = today.year
        self.fields["granted_on"].initial = today


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("撤销理由"), max_length=500)
