from django import forms
from django.utils.translation import gettext_lazy as _

from xiangzhi.regions.models import Level, Region

from .models import Body


class MeetingForm(forms.Form):
    body = forms.ChoiceField(label=_("会议类型"), choices=Body.choices)
    region = forms.ChoiceField(label=_("村/屯"))
    title = forms.CharField(label=_("会议名称"), max_length=200)
    notice_on = forms.DateField(label=_("通知日期"), widget=forms.DateInput(attrs={"type": "date"}))
    meets_on = forms.DateField(label=_("会议日期"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("地点"), max_length=200, required=False)
    agenda = forms.CharField(label=_("议程"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        regions = Region.objects.visible_to(user, "assembly.manage").filter(
            level__in=(Level.VILLAGE, Level.NATURAL_VILLAGE)).order_by("code")[:300]
        self.fields["region"].choices = [(r.code, r.name) for r in regions]


class CountsForm(forms.Form):
    voters_present = forms.IntegerField(label=_("到会村民(18周岁以上)人数"), min_value=0)
    households_present = forms.IntegerField(label=_("到会户代表数"), min_value=0, required=False)


class VoteForm(forms.Form):
    motion = forms.CharField(label=_("表决事项"), widget=forms.Textarea(attrs={"rows": 2}))
    in_favour = forms.IntegerField(label=_("赞成"), min_value=0)
    against = forms.IntegerField(label=_("反对"), min_value=0, initial=0)
    abstain = forms.IntegerField(label=_("弃权"), min_value=0, initial=0)


class MinutesForm(forms.Form):
    minutes = forms.CharField(label=_("会议记录"), widget=forms.Textarea(attrs={"rows": 5}))


class ConveningForm(forms.Form):
    body = forms.ChoiceField(label=_("提请召开"), choices=[
        (Body.VILLAGERS_ASSEMBLY, Body.VILLAGERS_ASSEMBLY.label), (Body.REPRESENTATIVES, Body.REPRESENTATIVES.label)])
    purpose = forms.CharField(label=_("提议事项"), widget=forms.Textarea(attrs={"rows": 3}))
