"""Forms of the legal-services pages. They carry the raw values; the actions check them and
name each bad field, and `add_action_errors` puts a refusal back under the field."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ActivityKind, RosterRole, SiteKind


def _text(label, **attrs):
    return forms.CharField(label=label, required=False, widget=forms.TextInput(attrs=attrs))


def _date(label):
    return forms.CharField(label=label, required=False, widget=forms.DateInput(attrs={"type": "date"}))


def _choice(label, choices):
    return forms.ChoiceField(label=label, required=False, choices=choices)


class AdvisorForm(forms.Form):
    username = _text(_("平台账号(可不填)"), autocomplete="off")
    name = _text(_("姓名"), maxlength=50)
    firm = _text(_("律师事务所"), maxlength=100)
    phone = _text(_("联系电话"), inputmode="tel")


class RosterForm(forms.Form):
    role = _choice(_("身份"), RosterRole.choices)
    name = _text(_("姓名"), maxlength=50)
    unit = _text(_("单位"), maxlength=100)
    phone = _text(_("联系电话"), inputmode="tel")


class LiterateForm(forms.Form):
    id_number = _text(_("公民身份号码(本村在册村民)"), autocomplete="off", maxlength=18)
    trained_on = _date(_("培训合格日期"))


class TrainingForm(forms.Form):
    literate = _choice(_("法律明白人"), ())
    date = _date(_("培训日期"))
    topic = _text(_("培训内容"), maxlength=100)
    hours = _text(_("学时"), inputmode="decimal")

    def __init__(self, *args, literates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["literate"].choices = [(literate.pk, literate.resident.name) for literate in literates]


class SiteForm(forms.Form):
    kind = _choice(_("阵地类型"), SiteKind.choices)
    name = _text(_("名称"), maxlength=100)
    photo = forms.FileField(label=_("照片"), required=False,
                            widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))


class ActivityForm(forms.Form):
    kind = _choice(_("活动类型"), ActivityKind.choices)
    date = _date(_("活动日期"))
    place = _text(_("地点"), maxlength=100)
    topic = _text(_("主题"), maxlength=100)
    attendance = forms.CharField(label=_("参加人数"), required=False,
                                 widget=forms.NumberInput(attrs={"min": 1, "inputmode": "numeric"}))


class ScopedActivityForm(ActivityForm):
    """普法 activities of a township or one of its villages, logged from the activities page."""

    region = _choice(_("举办地(乡镇或村)"), ())

    field_order = ["region", "kind", "date", "place", "topic", "attendance"]

    def __init__(self, *args, regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", "—")] + [(region.code, region.name) for region in regions]
