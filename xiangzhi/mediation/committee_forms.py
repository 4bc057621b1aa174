"""Page forms of the 人民调解委员会 register."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import COMMITTEE_MAX_MEMBERS, CommitteeKind, MemberRole

DATE = forms.DateInput(attrs={"type": "date"})
# Rows shown open on a new committee's page; the others sit under "更多委员".
OPEN_MEMBER_ROWS = 3


class MemberFields(forms.Form):
    role = forms.ChoiceField(label=_("职务"), choices=MemberRole.choices, initial=MemberRole.MEMBER)
    id_number = forms.CharField(label=_("公民身份号码(在册村民填写,自动关联名册)"), required=False, max_length=18)
    name = forms.CharField(label=_("姓名(不在名册中的委员)"), required=False, max_length=50)


class CommitteeForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=CommitteeKind.choices)
    region_code = forms.ChoiceField(label=_("所在村、乡镇(或县)"))
    name = forms.CharField(label=_("名称"), max_length=100)
    term_start = forms.DateField(label=_("本届任期开始"), widget=DATE)
    term_end = forms.DateField(label=_("任期届满(不填则为三年)"), widget=DATE, required=False)

    def __init__(self, *args, regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region_code"].choices = [(region.code, region.name) for region in regions]
        for number in range(1, COMMITTEE_MAX_MEMBERS + 1):
            for key, field in MemberFields.base_fields.items():
                copy = field.__class__(**{
                    "label": _("第 %(n)d 位委员 %(field)s") % {"n": number, "field": field.label},
                    "required": False,
                    **({"choices": field.choices, "initial": MemberRole.CHAIR if number == 1 else MemberRole.MEMBER}
                       if key == "role" else {"max_length": field.max_length}),
                })
                self.fields[f"member{number}_{key}"] = copy

    def member_rows(self):
        """[(number, [bound fields])] for the template: the first rows open, the rest folded."""
        return [
            (number, [self[f"member{number}_{key}"] for key in MemberFields.base_fields])
            for number in range(1, COMMITTEE_MAX_MEMBERS + 1)
        ]

    def head_fields(self):
        return [self[name] for name in ("kind", "region_code", "name", "term_start", "term_end")]

    def action_data(self):
        data = self.cleaned_data
        return {
            "kind": data["kind"], "region_code": data["region_code"], "name": data["name"],
            "term_start": data["term_start"], "term_end": data["term_end"],
            "members": [
                {key: data[f"member{n}_{key}"] for key in MemberFields.base_fields}
                for n in range(1, COMMITTEE_MAX_MEMBERS + 1)
            ],
        }


class AddMemberForm(MemberFields):
    joined_on = forms.DateField(label=_("加入日期(不填为今天)"), widget=DATE, required=False)


class RemoveMemberForm(forms.Form):
    member_id = forms.IntegerField(widget=forms.HiddenInput)
    left_on = forms.DateField(label=_("离任日期(不填为今天)"), widget=DATE, required=False)


class RenewForm(forms.Form):
    term_start = forms.DateField(label=_("新一届任期开始"), widget=DATE)
    term_end = forms.DateField(label=_("任期届满(不填则为三年)"), widget=DATE, required=False)
