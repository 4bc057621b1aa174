"""Forms for the points pages; the rules themselves are checked again by the actions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AdoptionBody

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DraftForm(forms.Form):
    village = forms.ChoiceField(label=_("村"), error_messages={"required": _("请选择村。")})
    title = forms.CharField(label=_("细则名称"), max_length=100, initial=_("村级积分管理细则"),
                            error_messages={"required": _("请填写细则名称。"),
                                            "max_length": _("细则名称不能超过 100 个字。")})

    def __init__(self, *args, villages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].choices = [(village.code, village.name) for village in villages]


class ItemForm(forms.Form):
    code = forms.SlugField(label=_("代码"), max_length=40, help_text=_("小写字母、数字和下划线,如 yard_clean"),
                           error_messages={"required": _("请填写代码。"), "invalid": _("代码只能含小写字母、数字和下划线。")})
    name = forms.CharField(label=_("项目"), max_length=100, error_messages={"required": _("请填写项目名称。")})
    points = forms.IntegerField(label=_("分值"), help_text=_("加分为正,扣分为负"),
                                error_messages={"required": _("请填写分值。"), "invalid": _("分值须为整数。")})
    evidence_required = forms.BooleanField(label=_("须附证据(照片或网格事件)"), required=False)


class AdoptForm(forms.Form):
    resolution = forms.IntegerField(label=_("会议决议编号"), required=False, min_value=1,
                                    help_text=_("村民会议或村民代表会议通过本细则的决议;没有会议记录时留空,填写下面两项"),
                                    error_messages={"invalid": _("决议编号须为数字。")})
    adopted_on = forms.DateField(label=_("通过日期"), required=False, widget=DATE_WIDGET,
                                 error_messages={"invalid": _("通过日期格式应为 年-月-日。")})
    body = forms.ChoiceField(label=_("通过机构"), required=False,
                             choices=[("", _("请选择"))] + list(AdoptionBody.choices))


class ProposalForm(forms.Form):
    household = forms.ChoiceField(label=_("户"), error_messages={"required": _("请选择户。")})
    rule_item = forms.ChoiceField(label=_("积分项目"), error_messages={"required": _("请选择积分项目。")})
    note = forms.CharField(label=_("情况说明"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"max_length": _("情况说明不能超过 2000 个字。")})
    photo = forms.FileField(label=_("照片"), required=False)
    grid_event = forms.IntegerField(label=_("关联网格事件编号"), required=False, min_value=1,
                                    error_messages={"invalid": _("网格事件编号须为数字。")})

    def __init__(self, *args, households, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["household"].choices = [("", _("请选择"))] + [
            (household.pk, f"{household.head_name or household} · {household.region.name}") for household in households
        ]
        self.fields["rule_item"].choices = [("", _("请选择"))] + [
            (item.pk, f"{item.name}({item.points:+d}){'*' if item.evidence_required else ''}") for item in items
        ]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("评议结果"), choices=[("approve", _("通过")), ("reject", _("不予通过"))],
                                 widget=forms.RadioSelect, error_messages={"required": _("请选择评议结果。")})
    note = forms.CharField(label=_("评议意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": _("请填写理由。"), "max_length": _("理由不能超过 2000 个字。")})


class AnswerForm(forms.Form):
    uphold = forms.ChoiceField(label=_("答复"), widget=forms.RadioSelect,
                               choices=[("yes", _("申诉成立,冲正原记录")), ("no", _("申诉不成立"))],
                               error_messages={"required": _("请选择申诉是否成立。")})
    answer = forms.CharField(label=_("答复理由"), widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": _("请填写答复理由。")})
