from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Channel, DisputeType, FailureRoute, PartyRole

DATE = forms.DateInput(attrs={"type": "date"})


class IntakeForm(forms.Form):
    venue_code = forms.ChoiceField(label=_("受理机构"))
    dispute_type = forms.ChoiceField(label=_("纠纷类型"), choices=DisputeType.choices)
    channel = forms.ChoiceField(label=_("调解方式"), choices=Channel.choices, initial=Channel.PEOPLE)
    amount_yuan = forms.DecimalField(label=_("涉及金额(元)"), min_value=0, max_digits=14, decimal_places=2,
                                     required=False)
    summary = forms.CharField(label=_("纠纷简要情况"), widget=forms.Textarea(attrs={"rows": 4}))
    grid_event_id = forms.IntegerField(label=_("来源网格事件编号(可不填)"), required=False, min_value=1)

    def __init__(self, *args, venues=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["venue_code"].choices = [(region.code, region.name) for region in venues]
        for number in (1, 2):
            self.fields[f"party{number}_role"] = forms.ChoiceField(
                label=_("当事人%(n)d 身份") % {"n": number}, choices=PartyRole.choices,
                initial=PartyRole.APPLICANT if number == 1 else PartyRole.RESPONDENT,
            )
            self.fields[f"party{number}_resident_id"] = forms.IntegerField(
                label=_("当事人%(n)d 村民编号(名册中的,可不填)") % {"n": number}, required=False, min_value=1,
            )
            self.fields[f"party{number}_name"] = forms.CharField(
                label=_("当事人%(n)d 姓名") % {"n": number}, required=False, max_length=50)
            self.fields[f"party{number}_phone"] = forms.CharField(
                label=_("当事人%(n)d 联系电话") % {"n": number}, required=False, max_length=20)
            self.fields[f"party{number}_id_number"] = forms.CharField(
                label=_("当事人%(n)d 公民身份号码") % {"n": number}, required=False, max_length=18)

    def parties(self):
        data = self.cleaned_data
        return [
            {key: data[f"party{n}_{key}"] for key in ("role", "resident_id", "name", "phone", "id_number")}
            for n in (1, 2)
        ]


class HandOffForm(forms.Form):
    to_body = forms.ChoiceField(label=_("接收机构(本县内)"))
    to_channel = forms.ChoiceField(label=_("调解方式"), choices=Channel.choices,
                                   help_text=_("移交给人民调解委员会时按人民调解办理。"))
    reason = forms.CharField(label=_("移交理由"), widget=forms.Textarea(attrs={"rows": 2}))
    parties_visit = forms.BooleanField(label=_("当事人须到接收机构"), required=False)

    def __init__(self, *args, bodies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_body"].choices = [("", "—")] + [(group, options) for group, options in bodies if options]

    def action_data(self):
        """The action's arguments: a region code or a committee id, from "region:<code>" / "committee:<id>"."""
        data = dict(self.cleaned_data)
        kind, _sep, value = data.pop("to_body").partition(":")
        data["to_region_code"] = value if kind == "region" else ""
        data["to_committee_id"] = int(value) if kind == "committee" else None
        return data


class ExtendForm(forms.Form):
    until = forms.DateField(label=_("延期至"), widget=DATE)
    reason = forms.CharField(label=_("延期理由"), widget=forms.Textarea(attrs={"rows": 2}))


class RefusalForm(forms.Form):
    party_id = forms.ChoiceField(label=_("拒绝调解的当事人"))
    refused_on = forms.DateField(label=_("拒绝日期"), widget=DATE)
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, parties=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party_id"].choices = [(party.pk, party.name) for party in parties]


class AgreementForm(forms.Form):
    terms = forms.CharField(label=_("协议内容"), widget=forms.Textarea(attrs={"rows": 5}))
    signed_on = forms.DateField(label=_("签订日期"), widget=DATE)
    signed_party_ids = forms.MultipleChoiceField(
        label=_("已签名(或按手印)的当事人"), widget=forms.CheckboxSelectMultiple, required=False)
    fingerprint_party_ids = forms.MultipleChoiceField(
        label=_("其中按手印的当事人"), widget=forms.CheckboxSelectMultiple, required=False)
    mediator_signed = forms.BooleanField(label=_("调解员已签名"), required=False)
    committee_id = forms.TypedChoiceField(label=_("盖章的人民调解委员会"), coerce=int, empty_value=None)
    committee_sealed = forms.BooleanField(label=_("调解委员会已盖章"), required=False)

    def __init__(self, *args, parties=(), committees=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(party.pk, party.name) for party in parties]
        self.fields["signed_party_ids"].choices = choices
        self.fields["fingerprint_party_ids"].choices = choices
        self.fields["committee_id"].choices = [("", "—")] + [
            (committee.pk, _("%(name)s(第 %(n)s 届,至 %(end)s)") % {
                "name": committee.name, "n": committee.term_number, "end": committee.term_end})
            for committee in committees
        ]

    def action_data(self):
        data = dict(self.cleaned_data)
        data["signed_party_ids"] = [int(pk) for pk in data["signed_party_ids"]]
        data["fingerprint_party_ids"] = [int(pk) for pk in data["fingerprint_party_ids"]]
        return data


class ConfirmationForm(forms.Form):
    applied_on = forms.DateField(label=_("申请日期"), widget=DATE)
    joint = forms.BooleanField(label=_("双方当事人共同申请"), required=False)
    court = forms.CharField(label=_("受理法院"), max_length=100, required=False)


class FailureForm(forms.Form):
    route = forms.ChoiceField(label=_("告知的后续途径"), choices=FailureRoute.choices)
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
