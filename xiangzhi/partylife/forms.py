"""Page forms: they render the fields and carry the action's messages; the rules live in actions.py."""

from django import forms
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

from xiangzhi.people.models import OrganisationKind

from .models import Frequency, MeetingKind


class ActionForm(forms.Form):
    """Shows what was submitted; its errors are only those the action raised (one set of rules,
    one message per field)."""

    def full_clean(self):
        self._errors = ErrorDict()
        self.cleaned_data = {}


class MeetingForm(ActionForm):
    kind = forms.ChoiceField(label=_("会议类型"), choices=[("", "—")])
    held_on = forms.CharField(label=_("会议日期"), widget=forms.DateInput(attrs={"type": "date"}))
    topic = forms.CharField(label=_("议题/主题"), max_length=200)
    minutes = forms.CharField(label=_("会议记录"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    present = forms.MultipleChoiceField(label=_("出席党员"), required=False, widget=forms.CheckboxSelectMultiple)
    excused = forms.MultipleChoiceField(label=_("请假党员"), required=False, widget=forms.CheckboxSelectMultiple)
    photos = forms.Field(label=_("照片"), required=False)

    def __init__(self, *args, organisation, members, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = MeetingKind.choices
        if organisation.kind == OrganisationKind.PARTY_GROUP:
            kinds = [(MeetingKind.GROUP.value, MeetingKind.GROUP.label)]
        self.fields["kind"].choices = [("", "—"), *kinds]
        people = [(str(member.pk), member.resident.name) for member in members]
        self.fields["present"].choices = people
        self.fields["excused"].choices = people


class ScheduleForm(ActionForm):
    def __init__(self, *args, schedule, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in MeetingKind:
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label, choices=Frequency.choices, initial=schedule.get(kind.value),
            )
