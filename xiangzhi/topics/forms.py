"""Forms of the topic pages: they carry the raw values; the actions check them and name each
bad field in Chinese, and `put_errors` puts those messages on the form."""

from django import forms
from django.utils.translation import gettext_lazy as _


def _text(label, *, rows=None, help_text=""):
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput
    return forms.CharField(label=label, required=False, widget=widget, help_text=help_text)


class RaiseForm(forms.Form):
    title = _text(_("标题"), help_text=_("一句话说清楚,例如“村口路灯坏了”。"))
    body = _text(_("内容"), rows=4, help_text=_("请勿填写身份证号码等个人信息。"))
    anonymous = forms.BooleanField(label=_("对其他村民匿名(村干部仍能看到是谁提出的)"), required=False)


class ReplyForm(forms.Form):
    reply = _text(_("答复"), rows=3)


class StepForm(forms.Form):
    comment = _text(_("说明"), rows=2)
    matter_id = _text(_("四议两公开事项编号(可不填)"))
    merge_into = _text(_("合并到议题编号"))


class ProgressForm(forms.Form):
    milestone = _text(_("节点名称"), help_text=_("例如“材料已采购”“路面已硬化”。"))
    progress = forms.CharField(
        label=_("办理进度(%)"), required=False,
        widget=forms.NumberInput(attrs={"min": 0, "max": 100, "inputmode": "numeric"}),
    )


class RateForm(forms.Form):
    score = forms.ChoiceField(
        label=_("本户评分"), required=False, widget=forms.RadioSelect,
        choices=[(str(n), label) for n, label in (
            (5, _("5 分 很满意")), (4, _("4 分 满意")), (3, _("3 分 一般")), (2, _("2 分 不满意")), (1, _("1 分 很不满意")),
        )],
    )


