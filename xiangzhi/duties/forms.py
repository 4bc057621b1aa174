"""Forms of the duty pages: they carry the raw values; the actions check them and name each bad
field in Chinese."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import BasisLevel, DemandKind, DutyList


def _text(label, *, rows=None, help_text=""):
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput
    return forms.CharField(label=label, required=False, widget=widget, help_text=help_text)


def _select(label, choices):
    return forms.CharField(label=label, required=False, widget=forms.Select(choices=[("", "—"), *choices]))


class AdmissionForm(forms.Form):
    kind = _select(_("类别"), DemandKind.choices)
    title = _text(_("事项名称"))
    description = _text(_("内容和要求"), rows=4)
    basis_level = _select(_("依据层级"), BasisLevel.choices)
    basis_document = _text(_("依据文件(名称和文号)"))
    veto = forms.BooleanField(label=_("申请“一票否决”(仅限中央或自治区文件依据)"), required=False)


class ReviewForm(forms.Form):
    reason = _text(_("审批理由"), rows=2)


class ItemForm(forms.Form):
    list_kind = _select(_("清单"), DutyList.choices)
    name = _text(_("事项名称"))
    basis = _text(_("法律政策依据"), rows=2)


class AssignForm(forms.Form):
    source = forms.CharField(label=_("来源"), required=False, widget=forms.Select)
    title = _text(_("任务名称(不填则用事项名称)"))
    description = _text(_("要求"), rows=3)
    due_on = forms.CharField(label=_("完成期限"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class CompleteForm(forms.Form):
    note = _text(_("完成情况"), rows=2)


