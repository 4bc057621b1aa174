"""Forms of the pilot pages. They carry the raw values; the actions check them and name each bad
field, and `add_action_errors` puts a refusal back under the field."""

from django import forms
from django.utils.translation import gettext_lazy as _

from xiangzhi.accounts.permissions import posts_with_capability
from xiangzhi.regions.models import Designation, DesignationLevel, Level, Region

from .actions import MANAGE
from .models import KIND_TITLES, CaseKind, FileKind

# How far below a post the place picker reaches: a county lists its townships and villages, a city
# its counties and townships, the region its counties.
PICKER_DEPTH = 6


def _text(label, **attrs):
    return forms.CharField(label=label, required=False, widget=forms.TextInput(attrs=attrs))


def _area(label, rows, maxlength):
    return forms.CharField(label=label, required=False,
                           widget=forms.Textarea(attrs={"rows": rows, "maxlength": maxlength}))


def place_choices(user):
    """The counties, townships and villages the user's pilot.manage posts may write cases for."""
    choices, seen = [], set()
    for post in posts_with_capability(user, MANAGE):
        depth = len(post.region_id) + PICKER_DEPTH
        places = Region.objects.within(post.region_id).filter(
            level__in=(Level.COUNTY, Level.TOWNSHIP, Level.VILLAGE)).order_by("code")
        for place in places.values_list("code", "name", "level"):
            if len(place[0]) <= depth and place[0] not in seen:
                seen.add(place[0])
                indent = {Level.COUNTY: "", Level.TOWNSHIP: "— ", Level.VILLAGE: "—— "}[place[2]]
                choices.append((place[0], f"{indent}{place[1]}"))
    return choices


def designation_choices(region_code, kind):
    title = KIND_TITLES.get(kind)
    found = Designation.objects.in_force().filter(region_id=region_code)
    if title:
        found = found.filter(title=title)
    else:
        found = found.filter(title__in=KIND_TITLES.values())
    return [("", _("—(暂不关联)"))] + [(item.pk, str(item)) for item in found]


class CaseForm(forms.Form):
    region = forms.ChoiceField(label=_("所在地(县、乡镇或村)"), required=False, choices=())
    kind = forms.ChoiceField(label=_("类别"), required=False, choices=CaseKind.choices)
    title = _text(_("标题"), maxlength=100)
    year = forms.CharField(label=_("年度"), required=False,
                           widget=forms.NumberInput(attrs={"min": 2000, "inputmode": "numeric"}))
    summary = _area(_("摘要(一两句话)"), 2, 300)
    body = _area(_("正文:做法、机制、成效(空行分段)"), 10, 20000)
    tags = _text(_("标签(用逗号或空格分隔,如 三治融合 积分制 清单制)"), maxlength=200)
    designation = forms.ChoiceField(label=_("所获称号(试点县、示范村镇、善治示范乡村)"), required=False, choices=())

    def __init__(self, *args, user=None, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None:
            # A case stays where it happened.
            del self.fields["region"]
            self.fields["designation"].choices = designation_choices(case.region_id, case.kind)
        else:
            self.fields["region"].choices = place_choices(user)
            self.fields["designation"].choices = [("", _("—(发布时再选择或登记)"))]


class FileForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), required=False, choices=FileKind.choices)
    title = _text(_("材料标题"), maxlength=100)
    file = forms.FileField(label=_("文件(PDF、JPEG、PNG;文件材料不超过 20 MB,照片不超过 5 MB)"), required=False,
                           widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))


class PublishForm(forms.Form):
    comment = _text(_("审核意见(可不填)"), maxlength=500)
    designation = forms.ChoiceField(label=_("关联已获得的称号"), required=False, choices=())
    grant = forms.BooleanField(label=_("该称号尚未登记:现在登记授予"), required=False)
    level = forms.ChoiceField(label=_("称号级别"), required=False,
                              choices=[("", "—")] + list(DesignationLevel.choices))
    grant_year = forms.CharField(label=_("授予年度"), required=False,
                                 widget=forms.NumberInput(attrs={"min": 2000, "inputmode": "numeric"}))
    granted_on = forms.CharField(label=_("授予日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    document_number = _text(_("文号"), maxlength=100)

    def __init__(self, *args, case=None, may_grant=False, **kwargs):
        super().__init__(*args, **kwargs)
        if case is None or not case.needs_designation:
            for name in ("designation", "grant", "level", "grant_year", "granted_on", "document_number"):
                del self.fields[name]
            return
        self.fields["designation"].choices = designation_choices(case.region_id, case.kind)
        if not may_grant:
            for name in ("grant", "level", "grant_year", "granted_on", "document_number"):
                del self.fields[name]


class ReasonForm(forms.Form):
    reason = _area(_("理由"), 2, 500)
