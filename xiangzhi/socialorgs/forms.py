"""Forms of the social-organisation pages. They carry the raw values and the choices in the
user's reach; the actions check the values and name each bad field."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import OrganisationKind


def _text(label, **attrs):
    return forms.CharField(label=label, required=False, widget=forms.TextInput(attrs=attrs))


def _date(label):
    return forms.CharField(label=label, required=False, widget=forms.DateInput(attrs={"type": "date"}))


def _choice(label, choices=()):
    return forms.ChoiceField(label=label, required=False, choices=choices)


def _many(label, widget=forms.SelectMultiple):
    return forms.MultipleChoiceField(label=label, required=False, choices=(), widget=widget)


def _area(label, rows=3, maxlength=2000):
    return forms.CharField(label=label, required=False,
                           widget=forms.Textarea(attrs={"rows": rows, "maxlength": maxlength}))


def region_choices(regions):
    return [(region.code, region.name) for region in regions]


def organisation_choices(organisations, blank=None):
    rows = [(organisation.pk, organisation.name) for organisation in organisations]
    return [("", blank), *rows] if blank else rows


class OrganisationForm(forms.Form):
    region = _choice(_("登记地"))
    name = _text(_("名称"), maxlength=100)
    kind = _choice(_("类别"), OrganisationKind.choices)
    credit_code = _text(_("统一社会信用代码"), maxlength=22, autocomplete="off", autocapitalize="characters")
    registration_authority = _text(_("登记管理机关"), maxlength=100)
    registered_on = _date(_("登记日期"))
    legal_representative = _text(_("法定代表人"), maxlength=50)
    contact_phone = _text(_("联系电话"), inputmode="tel", maxlength=20)
    villages = _many(_("服务的村(可多选)"))

    def __init__(self, *args, regions=(), villages=(), editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["region"]
        else:
            self.fields["region"].choices = region_choices(regions)
        self.fields["villages"].choices = region_choices(villages)


class DeregisterForm(forms.Form):
    deregistered_on = _date(_("注销日期"))


class ActivityForm(forms.Form):
    village = _choice(_("村"))
    date = _date(_("活动日期"))
    title = _text(_("活动名称"), maxlength=100)
    participants = _text(_("参与人数"), inputmode="numeric")
    description = _area(_("活动内容"))

    def __init__(self, *args, villages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].choices = region_choices(villages)


class ProjectForm(forms.Form):
    county = _choice(_("购买方所在县"))
    title = _text(_("项目名称"), maxlength=100)
    department = _text(_("购买部门"), maxlength=100)
    provider = _choice(_("承接组织"))
    budget = _text(_("预算金额(元)"), inputmode="decimal")
    starts_on = _date(_("服务期开始"))
    ends_on = _date(_("服务期结束"))
    served = _many(_("服务的村或乡镇(可多选)"))
    deliverables = _area(_("服务成果(每行一项)"), rows=4, maxlength=7000)

    def __init__(self, *args, counties=(), providers=(), places=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].choices = region_choices(counties)
        self.fields["provider"].choices = organisation_choices(providers, _("—请选择—"))
        self.fields["served"].choices = region_choices(places)


class StepForm(forms.Form):
    comment = _text(_("说明(可不填)"), maxlength=500)


class AcceptanceForm(forms.Form):
    passed = _choice(_("验收结论"), [("1", _("验收合格")), ("0", _("验收不合格"))])
    accepted_on = _date(_("验收日期"))
    result = _area(_("验收意见"))
    deliverables_met = _many(_("达成的服务成果"), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, deliverables=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deliverables_met"].choices = list(enumerate(deliverables))


class StationForm(forms.Form):
    township = _choice(_("乡镇"))
    name = _text(_("名称"), maxlength=100)
    opened_on = _date(_("建站日期"))
    operator = _choice(_("运营机构(可不选)"))
    staff_count = _text(_("驻站社工人数"), inputmode="numeric")

    def __init__(self, *args, townships=(), operators=(), editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["township"], self.fields["opened_on"]
        else:
            self.fields["township"].choices = region_choices(townships)
        self.fields["operator"].choices = organisation_choices(operators, _("—无—"))


class CloseStationForm(forms.Form):
    closed_on = _date(_("撤站日期"))
