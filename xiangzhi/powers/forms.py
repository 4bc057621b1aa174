"""Forms of the power pages. They render the fields and carry the raw values; the actions in
lists.py and cases.py check them and name each bad field in Chinese (the same rules the API
gets), and `add_action_errors` puts those messages on the form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from xiangzhi.accounts.models import Role

from .models import CaseResult, Category, LimitUnit

ROLE_CHOICES = [("", "—")] + [
    (role.value, role.label) for role in (
        Role.VILLAGE_SECRETARY, Role.VILLAGE_DIRECTOR, Role.VILLAGE_CADRE, Role.VILLAGE_SUPERVISOR,
        Role.TOWNSHIP_OFFICIAL,
    )
]


def _text(label, *, rows=None, help_text=""):
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput
    return forms.CharField(label=label, required=False, widget=widget, help_text=help_text)


def _select(label, choices):
    # A plain field with a select: whether the value is allowed is the action's check.
    return forms.CharField(label=label, required=False, widget=forms.Select(choices=choices))


class ItemForm(forms.Form):
    code = _text(_("事项编号"))
    name = _text(_("事项名称"))
    category = _select(_("类别"), [("", "—"), *Category.choices])
    legal_basis = _text(_("法律政策依据"), rows=3)
    responsible = _text(_("责任主体"))
    responsible_role = _select(_("责任角色"), ROLE_CHOICES)
    time_limit = _text(_("办理时限"))
    time_limit_unit = _select(_("时限单位"), LimitUnit.choices)
    required_evidence = _text(_("所需材料"), rows=2)
    negative_list = _text(_("负面清单"), rows=4, help_text=_("每行一条禁止事项。"))
    public = forms.BooleanField(label=_("向村民公开"), required=False, initial=True)





class StepForm(forms.Form):
    order = _text(_("顺序"))
    name = _text(_("步骤名称"))
    responsible = _text(_("责任人"))
    responsible_role = _select(_("责任角色"), ROLE_CHOICES)
    time_limit_days = _text(_("步骤时限(天,0 为不单独限时)"))
    evidence_required = forms.BooleanField(label=_("须上传证明材料"), required=False)
    evidence_description = _text(_("证明材料"))



class NoteForm(forms.Form):
    note = _text(_("说明"), rows=2)


class ActivateForm(forms.Form):
    note = _text(_("生效说明(如通过的会议及日期)"), rows=2)


class CaseStartForm(forms.Form):
    applicant_name = _text(_("申请人姓名"), help_text=_("公开时只显示姓氏。"))
    subject = _text(_("事由摘要"), rows=3, help_text=_("将随结果公开,请勿填写身份证号码、电话等个人信息。"))
    comment = _text(_("受理意见"), rows=2)


class CompleteForm(forms.Form):
    comment = _text(_("办理意见"), rows=2)


class ConcludeForm(forms.Form):
    comment = _text(_("办理意见"), rows=2)
    result = _select(_("办理结果"), [("", "—"), *CaseResult.choices])
    result_text = _text(_("结果说明(将公开)"), rows=3)



class ReasonForm(forms.Form):
    reason = _text(_("理由"), rows=2)


