"""Forms of the assessment pages: they carry raw values; the actions check them and name each fault."""

from django import forms
from django.utils.translation import gettext, gettext_lazy

from .models import ASSESSED_LEVELS
from .scoring import bands_text
from .vetoes import allowed_vetoes


class SchemeForm(forms.Form):
    """Title, year and level (new schemes only), the allowed vetoes, and one row per item."""

    BLANK_ROWS = 3

    title = forms.CharField(label=gettext_lazy("方案名称"), required=False, max_length=100)
    year = forms.CharField(label=gettext_lazy("考核年度"), required=False,
                           widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    level = forms.ChoiceField(label=gettext_lazy("考核对象"), required=False,
                              choices=[(level.value, level.label) for level in ASSESSED_LEVELS])
    vetoes = forms.MultipleChoiceField(label=gettext_lazy("一票否决事项(仅限中央、自治区明确要求的)"),
                                       required=False, widget=forms.CheckboxSelectMultiple)
    items = forms.CharField(required=False, widget=forms.HiddenInput)  # where item errors show

    def __init__(self, *args, targets=(), items=(), new=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not new:
            del self.fields["year"], self.fields["level"]
        self.fields["vetoes"].choices = [
            (veto.key, f"{veto.title}(依据:{veto.basis})") for veto in allowed_vetoes().values()]
        choices = [("", "—")] + [(group, options) for group, options in targets]
        count = max(len(items), self._posted_rows()) + self.BLANK_ROWS
        self.rows = []
        for number in range(1, count + 1):
            item = items[number - 1] if number <= len(items) else None
            self.fields[f"target_{number}"] = forms.ChoiceField(
                label=gettext("第 %(n)d 项 规划目标") % {"n": number}, required=False, choices=choices,
                initial=item.target_key if item else "")
            self.fields[f"weight_{number}"] = forms.CharField(
                label=gettext("权重"), required=False, initial=item.weight if item else "",
                widget=forms.NumberInput(attrs={"min": 1, "max": 100, "inputmode": "numeric"}))
            self.fields[f"target_value_{number}"] = forms.CharField(
                label=gettext("目标值(比例填 %,留空用规划目标)"), required=False,
                initial=_target_initial(item))
            self.fields[f"bands_{number}"] = forms.CharField(
                label=gettext("计分档次(达成率:得分比例)"), required=False,
                initial=bands_text(item.bands) if item else "",
                widget=forms.TextInput(attrs={"placeholder": "100:100, 90:80, 80:60, 60:40"}))
            self.rows.append([self[f"{name}_{number}"] for name in ("target", "weight", "target_value", "bands")])

    def _posted_rows(self):
        return sum(1 for name in self.data if name.startswith("target_") and not name.startswith("target_value_"))

    def item_values(self):
        """The rows typed in, blank ones left out, each with its row number for messages."""
        typed = []
        for number in range(1, len(self.rows) + 1):
            values = {name: str(self.data.get(f"{name}_{number}", "")).strip()
                      for name in ("target", "weight", "target_value", "bands")}
            if any(values.values()):
                typed.append({"row": number, **values})
        return typed


def _target_initial(item):
    if item is None:
        return ""
    return f"{item.target_value * 100:g}" if item.is_share else f"{item.target_value:g}"


class VetoForm(forms.Form):
    region = forms.ChoiceField(label=gettext_lazy("被考核单位"), required=False)
    veto_key = forms.ChoiceField(label=gettext_lazy("否决事项"), required=False)
    reason = forms.CharField(label=gettext_lazy("否决理由"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.CharField(label=gettext_lazy("依据材料(文号、通报或案卷)"), required=False,
                               widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, units=(), vetoes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", "—")] + [(unit.code, unit.name) for unit in units]
        self.fields["veto_key"].choices = [("", "—")] + [(veto.key, veto.title) for veto in vetoes]


class ReviseForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("更正理由"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
