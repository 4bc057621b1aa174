"""Forms of the talent pages. They carry the raw values; the actions check them and name each
bad field, and `add_action_errors` puts a refusal back under the field."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AssignmentRole, ReserveCategory, ReserveStatus, ReturneeKind, ReturneeStatus


def _text(label, **attrs):
    return forms.CharField(label=label, required=False, widget=forms.TextInput(attrs=attrs))


def _date(label):
    return forms.CharField(label=label, required=False, widget=forms.DateInput(attrs={"type": "date"}))


def _choice(label, choices):
    return forms.ChoiceField(label=label, required=False, choices=choices)


class ReserveForm(forms.Form):
    id_number = _text(_("公民身份号码(本村在册村民)"), autocomplete="off", maxlength=18)
    category = _choice(_("类别"), ReserveCategory.choices)
    added_on = _date(_("入库日期"))


class _ReserveChoiceForm(forms.Form):
    reserve = _choice(_("后备人才"), ())

    def __init__(self, *args, reserves=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reserve"].choices = [(reserve.pk, reserve.resident.name) for reserve in reserves]


class ReserveStatusForm(_ReserveChoiceForm):
    status = _choice(_("新状态"), [(value, label) for value, label in ReserveStatus.choices
                                   if value != ReserveStatus.ACTIVE])
    note = _text(_("说明(出库须填写)"), maxlength=200)


class TrainingForm(_ReserveChoiceForm):
    date = _date(_("培训日期"))
    topic = _text(_("培训内容"), maxlength=100)
    hours = _text(_("学时"), inputmode="decimal")


class ReturneeForm(forms.Form):
    name = _text(_("姓名"), maxlength=50)
    kind = _choice(_("类别"), ReturneeKind.choices)
    whereabouts = _text(_("现工作地或单位"), maxlength=100)
    note = _text(_("说明"), maxlength=200)


class ReturneeStatusForm(_ReserveChoiceForm):
    returnee = _choice(_("回引人员"), ())
    status = _choice(_("新状态"), ReturneeStatus.choices)
    note = _text(_("说明"), maxlength=200)

    field_order = ["returnee", "status", "reserve", "note"]

    def __init__(self, *args, returnees=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["returnee"].choices = [(returnee.pk, returnee.name) for returnee in returnees]
        self.fields["reserve"].choices = [("", _("—(纳入后备库时选择)"))] + self.fields["reserve"].choices
        self.fields["reserve"].label = _("对应的后备人才")


class AssignmentForm(forms.Form):
    role = _choice(_("职务"), AssignmentRole.choices)
    name = _text(_("姓名"), maxlength=50)
    sending_unit = _text(_("派出单位"), maxlength=100)
    username = _text(_("平台账号(可不填)"), autocomplete="off")
    starts_on = _date(_("任期开始"))
    ends_on = _date(_("任期结束(可不填)"))


class EndAssignmentForm(forms.Form):
    ends_on = _date(_("任期结束日期"))


class WorkLogForm(forms.Form):
    date = _date(_("日期"))
    work = forms.CharField(label=_("工作内容"), required=False, widget=forms.Textarea(attrs={"rows": 3,
                                                                                       "maxlength": 2000}))


class PoolTargetForm(forms.Form):
    per_village = forms.CharField(label=_("每村后备人才目标人数"), required=False,
                                  widget=forms.NumberInput(attrs={"min": 1, "max": 20, "inputmode": "numeric"}))
