"""Forms of the matter pages. They render the fields and carry the raw values; the actions check
them and name each bad field in Chinese (the same rules the API gets), and `add_action_errors`
puts those messages on the form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from xiangzhi.finance.models import FilingKind


def _text(label, *, rows=None, help_text="", input_type=None):
    if rows:
        widget = forms.Textarea(attrs={"rows": rows})
    else:
        widget = forms.TextInput(attrs={"inputmode": input_type} if input_type else None)
    return forms.CharField(label=label, required=False, widget=widget, help_text=help_text)


def _select(label, choices):
    # A plain field with a select: whether the value is allowed is the action's check.
    return forms.CharField(label=label, required=False, widget=forms.Select(choices=choices))


# Action fields the forms call otherwise (refusals land on the field the user typed in).
FORM_FIELDS = {"amount_fen": "amount", "threshold_fen": "threshold", "comment": "reason"}


class MatterForm(forms.Form):
    title = _text(_("事项名称"))
    description = _text(_("事项说明"), rows=3)
    item = _select(_("村级协商目录项"), [])
    amount = _text(_("涉及金额(元)"), input_type="decimal", help_text=_("不涉及金额可不填。"))
    filing = _select(_("关联重大事项备案"), [])

    def __init__(self, *args, items=(), filings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].widget.choices = [("", _("不属于目录(自愿按四议两公开办理)"))] + [
            (item.pk, item.name) for item in items
        ]
        self.fields["filing"].widget.choices = [("", "—")] + [(filing.pk, str(filing)) for filing in filings]


class StepForm(forms.Form):
    resolution = _select(_("会议决议"), [])
    comment = _text(_("说明"), rows=2)

    def __init__(self, *args, resolutions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resolution"].widget.choices = [("", "—")] + list(resolutions)


class FailedVoteForm(forms.Form):
    resolution = _select(_("未通过的表决"), [])
    outcome = _select(_("处理"), [("restart", _("退回①重新提议")), ("abandon", _("终止事项"))])
    reason = _text(_("理由"), rows=2)

    def __init__(self, *args, resolutions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resolution"].widget.choices = [("", "—")] + list(resolutions)


class NoticeForm(forms.Form):
    text = _text(_("公开内容"), rows=5, help_text=_("将在村务公开页公开,并登记在公开日志中。"))


class CommentForm(forms.Form):
    comment = _text(_("说明"), rows=2)


class MilestoneForm(forms.Form):
    title = _text(_("节点名称"))
    due_on = forms.DateField(label=_("计划完成日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    progress = _text(_("完成进度(%)"), input_type="numeric")


class ProgressForm(forms.Form):
    progress = _text(_("完成进度(%)"), input_type="numeric")
    note = _text(_("进展说明"), rows=2)


class CatalogueItemForm(forms.Form):
    name = _text(_("名称"))
    legal_basis = _text(_("依据"), rows=3)
    threshold = _text(_("金额标准(元)"), input_type="decimal", help_text=_("只有“金额超过县定标准”类目录项填写。"))
    filing_kind = _select(_("对应备案类别"), [("", "—"), *FilingKind.choices])
    order = _text(_("排序"), input_type="numeric")
    active = forms.BooleanField(label=_("启用"), required=False, initial=True)
