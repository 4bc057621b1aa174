"""Forms of the children pages. They carry the raw values; the actions check them and name each
bad field, and `add_action_errors` puts a refusal back under the field."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MANUAL_CATEGORIES, ChildCategory, VisitKind


def _text(label, **attrs):
    return forms.CharField(label=label, required=False, widget=forms.TextInput(attrs=attrs))


def _date(label):
    return forms.CharField(label=label, required=False, widget=forms.DateInput(attrs={"type": "date"}))


def _area(label, rows=3):
    return forms.CharField(label=label, required=False, widget=forms.Textarea(attrs={"rows": rows, "maxlength": 2000}))


class AppointForm(forms.Form):
    id_number = _text(_("公民身份号码(本村在册成年村民)"), autocomplete="off", maxlength=18)
    username = _text(_("平台账号(有账号的填写)"), autocomplete="off")
    appointed_on = _date(_("任职日期"))


class EndDirectorForm(forms.Form):
    ended_on = _date(_("离任日期(最后在任日)"))
    reason = _text(_("离任原因"), maxlength=200)


class ManualCaseForm(forms.Form):
    """A 困境儿童 whom the registry does not flag: found by citizen ID, its kind set by hand."""

    id_number = _text(_("儿童的公民身份号码"), autocomplete="off", maxlength=18)
    category = forms.ChoiceField(label=_("困境儿童类别"), required=False,
                                 choices=[(value, ChildCategory(value).label) for value in MANUAL_CATEGORIES])
    needs = _area(_("关爱需求"), rows=2)


class CaseForm(forms.Form):
    guardians = forms.MultipleChoiceField(label=_("监护人(本户成年成员)"), required=False,
                                          widget=forms.CheckboxSelectMultiple)
    needs = _area(_("关爱需求"))

    def __init__(self, *args, adults=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["guardians"].choices = [(person.pk, f"{person.name}({person.get_relation_display()})")
                                            for person in adults]


class CloseCaseForm(forms.Form):
    closed_on = _date(_("结案日期"))
    reason = _text(_("结案原因"), maxlength=200)


class VisitForm(forms.Form):
    date = _date(_("走访日期"))
    kind = forms.ChoiceField(label=_("方式"), required=False, choices=VisitKind.choices)
    findings = _area(_("了解情况"))
    help_given = _area(_("帮扶措施"), rows=2)
    follow_up = _text(_("后续跟进"), maxlength=200)
