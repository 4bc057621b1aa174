"""Forms of the service pages. They carry raw values; the actions check them and name each bad
field, and `add_action_errors` puts a refusal back under the field."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import FLOW_LABELS, HandlingLevel

ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"


class CatalogueFilterForm(forms.Form):
    level = forms.ChoiceField(label=_("办理层级"), required=False,
                              choices=[("", _("全部层级")), *HandlingLevel.choices])
    q = forms.CharField(label=_("事项名称"), required=False, max_length=50)


class ItemForm(forms.Form):
    name = forms.CharField(label=_("事项名称"), required=False, max_length=100)
    flow = forms.ChoiceField(label=_("办理流程"), required=False, choices=list(FLOW_LABELS.items()))
    department = forms.CharField(label=_("办理部门"), required=False, max_length=100)
    legal_basis = forms.CharField(label=_("设定依据"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    time_limit_days = forms.CharField(label=_("办理时限(自然日)"), required=False,
                                      widget=forms.NumberInput(attrs={"min": 1, "max": 365}))
    fee = forms.CharField(label=_("收费标准"), required=False, initial="免费", max_length=100)
    fully_online = forms.BooleanField(label=_("全程网办"), required=False)
    proxy_allowed = forms.BooleanField(label=_("可由代办员代办"), required=False, initial=True)
    active = forms.BooleanField(label=_("启用"), required=False, initial=True)
    order = forms.CharField(label=_("排序"), required=False, initial=100, widget=forms.NumberInput())


class MaterialForm(forms.Form):
    name = forms.CharField(label=_("材料名称"), required=False, max_length=100)
    required = forms.BooleanField(label=_("必需"), required=False, initial=True)
    note = forms.CharField(label=_("说明"), required=False, max_length=200)
    template = forms.FileField(label=_("样表(PDF/JPG/PNG,可不传)"), required=False,
                               widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}))


class ApplyForm(forms.Form):
    """The note, and one file field per material of the item (material_<id>)."""

    note = forms.CharField(label=_("申请说明(如证明用途)"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2, "maxlength": 1000}))

    def __init__(self, *args, materials=(), **kwargs):
        super().__init__(*args, **kwargs)
        for material in materials:
            label = f"{material.name}{'' if material.required else '(选交)'}"
            self.fields[f"material_{material.pk}"] = forms.FileField(
                label=label, required=False, help_text=material.note,
                widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
            )


class ProxyLookupForm(forms.Form):
    id_number = forms.CharField(label=_("村民公民身份号码"), required=False, max_length=18,
                                widget=forms.TextInput(attrs={"autocomplete": "off"}))


class RatingForm(forms.Form):
    score = forms.ChoiceField(label=_("评分"), required=False,
                              choices=[(str(n), f"{n} 星") for n in range(5, 0, -1)])
    comment = forms.CharField(label=_("评价意见(可不填)"), required=False, max_length=500)


class SlotForm(forms.Form):
    starts_at = forms.CharField(label=_("开始时间"), required=False,
                                widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    minutes = forms.CharField(label=_("时长(分钟)"), required=False, initial=30, widget=forms.NumberInput())
