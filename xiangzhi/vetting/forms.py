from django import forms
from django.utils.translation import gettext_lazy as _

from xiangzhi.accounts.models import Department

from .models import DEFAULT_DEPARTMENTS, VETTED_ROLES, Disqualification, Outcome, RemovalState

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ROLE_CHOICES = [(role.value, role.label) for role in VETTED_ROLES]


class VillageChoiceField(forms.ChoiceField):
    def __init__(self, villages, **kwargs):
        super().__init__(choices=[("", _("请选择"))] + [(v.code, f"{v.code} {v.name}") for v in villages], **kwargs)


class RoundForm(forms.Form):
    title = forms.CharField(label=_("名称"), max_length=100)
    opens_on = forms.DateField(label=_("开始日期"), widget=DATE)
    closes_on = forms.DateField(label=_("结束日期(可空)"), widget=DATE, required=False)
    departments = forms.MultipleChoiceField(
        label=_("联审部门"), choices=Department.choices, widget=forms.CheckboxSelectMultiple,
        initial=[str(code) for code in DEFAULT_DEPARTMENTS], required=False,
    )


class CandidateForm(forms.Form):
    id_number = forms.CharField(label=_("人选公民身份号码"), max_length=18)
    village = forms.ChoiceField(label=_("村(社区)"))
    post_sought = forms.ChoiceField(label=_("拟任职务"), choices=ROLE_CHOICES)

    def __init__(self, *args, villages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"] = VillageChoiceField(villages, label=_("村(社区)"))


class ReviewForm(forms.Form):
    """One radio per "十不选" category, the date and the note."""

    reviewed_on = forms.DateField(label=_("审查日期"), widget=DATE)
    note = forms.CharField(label=_("审查意见"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                           max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for category in Disqualification:
            self.fields[f"outcome_{category.value}"] = forms.ChoiceField(
                label=category.label, choices=Outcome.choices, widget=forms.RadioSelect, required=False)

    def outcomes(self):
        return {category.value: self.data.get(f"outcome_{category.value}", "") for category in Disqualification}


class FilingForm(forms.Form):
    village = forms.ChoiceField(label=_("村(社区)"))
    id_number = forms.CharField(label=_("书记公民身份号码"), max_length=18)
    term_starts_on = forms.DateField(label=_("任期起始"), widget=DATE)
    term_ends_on = forms.DateField(label=_("任期届满"), widget=DATE)
    resume = forms.CharField(label=_("简历"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    filed_on = forms.DateField(label=_("备案日期"), widget=DATE, required=False)

    def __init__(self, *args, villages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"] = VillageChoiceField(villages, label=_("村(社区)"))


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("决定"), choices=[
        (RemovalState.REMOVED.value, RemovalState.REMOVED.label),
        (RemovalState.RETAINED.value, RemovalState.RETAINED.label)])
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                             max_length=2000)
    decided_on = forms.DateField(label=_("决定日期"), widget=DATE, required=False)


class AppointForm(forms.Form):
    username = forms.CharField(label=_("用户名"), max_length=150)
    role = forms.ChoiceField(label=_("职务"), choices=ROLE_CHOICES)
    village = forms.CharField(label=_("村(社区)代码"), max_length=15)
    starts_on = forms.DateField(label=_("任职日期"), widget=DATE, required=False)
