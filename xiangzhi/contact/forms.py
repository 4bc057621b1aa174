from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AssignmentKind

DATE = {"type": "date"}


def date_field(label, required=True):
    return forms.DateField(
        label=label, required=required, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
        error_messages={"required": _("请填写%(label)s。") % {"label": label},
                        "invalid": _("日期格式应为 年-月-日,如 2025-06-01。")},
    )


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class AssignmentForm(forms.Form):
    assignee = UserChoiceField(label=_("联系领导"), queryset=None,
                               error_messages={"required": _("请选择联系领导。"),
                                               "invalid_choice": _("请选择联系领导。")})
    kind = forms.ChoiceField(label=_("联系类型"), choices=AssignmentKind.choices,
                             error_messages={"required": _("请选择联系类型。")})
    region = forms.ChoiceField(label=_("联系的乡镇或村"), required=False)
    household = forms.IntegerField(label=_("联系户编号"), required=False, min_value=1,
                                   help_text=_("联户时填写户的编号(在户籍页面可查)。"),
                                   error_messages={"invalid": _("户编号应为数字。")})
    starts_on = date_field(_("起始日期"))
    ends_on = date_field(_("终止日期"), required=False)

    def __init__(self, *args, assignees, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = assignees
        self.fields["region"].choices = [("", _("请选择"))] + [
            (region.code, f"{region.name}({region.get_level_display()})") for region in regions
        ]


class VisitForm(forms.Form):
    visited_on = date_field(_("走访日期"))
    findings = forms.CharField(label=_("走访情况"), widget=forms.Textarea(attrs={"rows": 4}),
                               error_messages={"required": _("请填写走访情况。")})
    problems = forms.CharField(label=_("反映的问题"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    problem_deadline = date_field(_("办结期限"), required=False)
    grid_category = forms.ChoiceField(label=_("或转为网格事件(事件类别)"), required=False,
                                      help_text=_("选择类别则由网格办理,不再单独跟踪。"))

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grid_category"].choices = [("", _("不转,由我跟踪办理"))] + [
            (category.code, f"{category.parent.name} · {category.name}") for category in categories
        ]
        if not categories:
            del self.fields["grid_category"]


class SolveForm(forms.Form):
    solution = forms.CharField(label=_("解决情况"), widget=forms.Textarea(attrs={"rows": 3}),
                               error_messages={"required": _("请填写解决情况。")})
    solved_on = date_field(_("解决日期"))


class WhistleForm(forms.Form):
    region = forms.ChoiceField(label=_("吹哨单位"), error_messages={"required": _("请选择吹哨单位。")})
    problem = forms.CharField(label=_("需要解决的问题"), widget=forms.Textarea(attrs={"rows": 4}),
                              error_messages={"required": _("请填写需要解决的问题。")})
    departments = forms.MultipleChoiceField(label=_("报到部门"), required=False, widget=forms.CheckboxSelectMultiple)
    members = forms.MultipleChoiceField(label=_("报到党员"), required=False, widget=forms.CheckboxSelectMultiple)
    report_within = forms.IntegerField(label=_("报到时限"), min_value=1,
                                       error_messages={"required": _("请填写报到时限(整数)。"),
                                                       "invalid": _("请填写报到时限(整数)。"),
                                                       "min_value": _("报到时限须在 1 小时到 30 天之间。")})
    unit = forms.ChoiceField(label=_("单位"), choices=[("hours", _("小时")), ("days", _("天"))], initial="hours")

    def __init__(self, *args, regions, departments, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [(region.code, region.name) for region in regions]
        self.fields["departments"].choices = departments
        self.fields["members"].choices = [(str(user.pk), str(user)) for user in members]
        if not departments:
            del self.fields["departments"]
        if not members:
            del self.fields["members"]


class ActionForm(forms.Form):
    action = forms.CharField(label=_("处置情况"), widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": _("请填写处置情况。")})


class CloseForm(forms.Form):
    note = forms.CharField(label=_("办结情况"), widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": _("请填写办结情况。")})
