"""Forms of the star-rating pages: they carry raw values; the actions check them and name each bad field."""

from django import forms
from django.utils.translation import gettext_lazy

from .models import MANUAL, Trigger


def _date(label):
    return forms.DateField(label=label, required=False, widget=forms.DateInput(attrs={"type": "date"}))


def _text(label, rows=3):
    return forms.CharField(label=label, required=False, widget=forms.Textarea(attrs={"rows": rows}))


class EvidenceForm(forms.Form):
    criterion = forms.ChoiceField(label=gettext_lazy("对应标准"), required=False)
    file = forms.FileField(label=gettext_lazy("佐证材料(PDF、图片、Word、Excel)"), required=False)

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterion"].choices = [("", "—")] + [(item["key"], item["label"]) for item in criteria]


class FlagForm(forms.Form):
    organisation = forms.ChoiceField(label=gettext_lazy("村党组织"), required=False)
    trigger = forms.ChoiceField(label=gettext_lazy("情形"), required=False,
                                choices=[("", "—")] + [(t.value, t.label) for t in MANUAL])
    reason = _text(gettext_lazy("认定依据"))

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [("", "—")] + [
            (o.pk, f"{o.region.name} {o.name}") for o in organisations]


class RectificationForm(forms.Form):
    problems = _text(gettext_lazy("主要问题"), rows=4)
    measures = _text(gettext_lazy("整顿措施"), rows=4)
    deadline = _date(gettext_lazy("整顿期限"))


class TaskForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("任务"), required=False, max_length=200)
    owner = forms.CharField(label=gettext_lazy("责任人"), required=False, max_length=50)
    deadline = _date(gettext_lazy("完成时限"))


class TaskDoneForm(forms.Form):
    done_on = _date(gettext_lazy("完成日期"))
    note = _text(gettext_lazy("完成情况"))
    file = forms.FileField(label=gettext_lazy("佐证材料(可选)"), required=False)


class CloseForm(forms.Form):
    passed = forms.ChoiceField(label=gettext_lazy("验收结论"), required=False, choices=[
        ("pass", gettext_lazy("验收通过,销号")), ("extend", gettext_lazy("未达标,延期整顿"))])
    opinion = _text(gettext_lazy("验收意见"))
    extended_to = _date(gettext_lazy("延期至(延期整顿时填写)"))


TRIGGER_LABELS = dict(Trigger.choices)
