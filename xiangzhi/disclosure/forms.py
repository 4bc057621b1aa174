from django import forms
from django.utils.translation import gettext_lazy as _

from .catalogue import MAX_ANSWER_DAYS, NAME_MAX
from .models import Cadence, Category, Generator


class DraftForm(forms.Form):
    item = forms.TypedChoiceField(label=_("公开目录项"), coerce=int, error_messages={
        "required": _("请选择公开目录项。"), "invalid_choice": _("请选择本县公开目录中启用的目录项。")})
    period = forms.CharField(label=_("公开期间"), required=False, max_length=40,
                             help_text=_("如 2026年9月、2026年第3季度、2026年"))
    title = forms.CharField(label=_("标题"), required=False, max_length=200,
                            help_text=_("财务收支公开可不填,自动生成"))
    body = forms.CharField(label=_("正文"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    table_text = forms.CharField(
        label=_("表格"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("每行一条,各列用“|”分隔,第一行为表头;财务收支表格自动生成"),
    )

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [("", "—")] + [
            (item.pk, f"{item.get_category_display()} · {item.name}({item.get_cadence_display()})") for item in items
        ]


class EditForm(forms.Form):
    period = forms.CharField(label=_("公开期间"), required=False, max_length=40)
    title = forms.CharField(label=_("标题"), required=False, max_length=200)
    body = forms.CharField(label=_("正文"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    table_text = forms.CharField(label=_("表格"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
                                 help_text=_("每行一条,各列用“|”分隔,第一行为表头"))


class CorrectForm(forms.Form):
    title = forms.CharField(label=_("更正标题"), max_length=200, error_messages={"required": _("请填写标题。")})
    body = forms.CharField(label=_("更正说明"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    table_text = forms.CharField(label=_("更正后的表格"), required=False, widget=forms.Textarea(attrs={"rows": 4}))


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("退回理由"), widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("请填写退回的理由。")})


class AskForm(forms.Form):
    text = forms.CharField(label=_("我要提问"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": _("请填写问题。")})


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("答复"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": _("请填写答复。")})


class CatalogueItemForm(forms.Form):
    category = forms.ChoiceField(label=_("类别"), choices=Category.choices,
                                 error_messages={"invalid_choice": _("类别须为党务、村务或财务。")})
    name = forms.CharField(label=_("名称"), max_length=NAME_MAX, error_messages={"required": _("请填写目录项名称。")})
    cadence = forms.ChoiceField(label=_("公开周期"), choices=Cadence.choices, error_messages={
        "invalid_choice": _("公开周期须为每月、每季度、每年、随时或每事一公开。")})
    legal_basis = forms.CharField(label=_("依据"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    generator = forms.ChoiceField(label=_("生成方式"), choices=Generator.choices, required=False)
    order = forms.IntegerField(label=_("排序"), min_value=0, max_value=10000, initial=100)
    active = forms.BooleanField(label=_("启用"), required=False, initial=True)


class AnswerDaysForm(forms.Form):
    answer_days = forms.IntegerField(label=_("村民提问答复期限(天)"), min_value=1, max_value=MAX_ANSWER_DAYS,
                                     error_messages={"required": _("请填写答复期限。")})
