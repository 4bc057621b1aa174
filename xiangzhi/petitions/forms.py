"""Page forms. They render the inputs and offer the choices in the user's reach; the actions
check every value and refuse with a Chinese message naming the field (put back on the form
by `add_action_errors`), so the fields here accept what was typed and pass it on."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xiangzhi.accounts.models import User
from xiangzhi.accounts.permissions import posts_with_capability
from xiangzhi.people import citizen_id
from xiangzhi.people.models import Resident
from xiangzhi.regions.models import Level, Region

from .models import CentreKind, RiskLevel, SpecialCategory, VisitKind

DATE = forms.DateInput(attrs={"type": "date"})


def text(label, *, textarea=False, help_text=""):
    widget = forms.Textarea(attrs={"rows": 3}) if textarea else forms.TextInput
    return forms.CharField(label=label, required=False, widget=widget, help_text=help_text, strip=False)


def date(label):
    return forms.CharField(label=label, required=False, widget=DATE)


class OfferedChoiceField(forms.ChoiceField):
    """Offers the choices in reach but passes any value on: the action answers a value outside
    the user's scope with 404 and a bad one with a message naming the field, as for the API."""

    def valid_value(self, value):
        return True


def choice(label, choices=()):
    return OfferedChoiceField(label=label, required=False, choices=[("", "—"), *choices])


def region_choices(user, capability, levels):
    """[(code, name)] of the regions at `levels` under the user's posts holding `capability`."""
    posts = posts_with_capability(user, capability)
    if not posts:
        return []
    under = Q()
    for post in posts:
        under |= Q(code__prefix=post.region_id)
    regions = Region.objects.filter(under, level__in=levels).order_by("code").values_list("code", "name")
    return [(code, f"{name}({code})") for code, name in regions]


def find_resident(user, capability, typed):
    """The resident a 村民编号 or a 公民身份号码 names, within the user's reach; None otherwise."""
    typed = (typed or "").strip().upper()
    residents = Resident.objects.visible_to(user, capability)
    if typed.isdigit() and len(typed) < 15:
        return residents.filter(pk=int(typed)).first()
    if citizen_id.looks_like_id(typed):
        return residents.filter(id_number_index=citizen_id.index(typed)).first()
    return None


def find_user(username):
    username = (username or "").strip()
    return User.objects.filter(username=username, is_active=True).first() if username else None


# --- 信访代办 ---------------------------------------------------------------------------------


class PetitionForm(forms.Form):
    village = choice(_("村"))
    petitioner = text(_("信访人"), help_text=_("村民编号或公民身份号码"))
    subject = text(_("事项"))
    facts = text(_("事实和理由"), textarea=True)
    respondent_name = text(_("被反映人(可不填)"))
    received_on = date(_("登记日期(不填为今天)"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].choices = [("", "—"), *region_choices(user, "petition.handle", [Level.VILLAGE])]


class PetitionFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("状态"), required=False)
    overdue = forms.BooleanField(label=_("只看逾期"), required=False)

    def __init__(self, *args, **kwargs):
        from .models import PetitionState

        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", _("全部")), *PetitionState.choices]


# --- special populations ----------------------------------------------------------------------


class SpecialPersonForm(forms.Form):
    resident = text(_("村民"), help_text=_("村民编号或公民身份号码(须是名册中的村民)"))
    category = choice(_("类别"), SpecialCategory.choices)
    risk_level = choice(_("风险等级"), RiskLevel.choices)
    helper = text(_("帮扶责任人账号(可不填)"), help_text=_("在该村或上级任职的工作人员的登录名"))


class VisitForm(forms.Form):
    kind = choice(_("走访类型"), VisitKind.choices)
    visited_on = date(_("走访日期(不填为今天)"))
    note = text(_("情况记录"), textarea=True)


# --- enforcement ----------------------------------------------------------------------------------


class OfficerForm(forms.Form):
    region = choice(_("所属县或乡镇"))
    name = text(_("姓名"))
    username = text(_("平台账号(可不填)"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [
            ("", "—"), *region_choices(user, "enforcement.manage", [Level.COUNTY, Level.TOWNSHIP])]


class CertificateForm(forms.Form):
    number = text(_("执法证号"))
    expires_on = date(_("有效期至"))


class RenewForm(forms.Form):
    certificate = choice(_("执法证"))
    expires_on = date(_("新的有效期至"))

    def __init__(self, *args, certificates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["certificate"].choices = [("", "—"), *((c.pk, c.number) for c in certificates)]


class TaskForm(forms.Form):
    region = choice(_("执法地点"))
    title = text(_("执法任务"))

    def __init__(self, *args, user, officer, **kwargs):
        super().__init__(*args, **kwargs)
        county = officer.region_id[:6]
        self.fields["region"].choices = [
            ("", "—"),
            *((code, name) for code, name in region_choices(
                user, "enforcement.manage", [Level.COUNTY, Level.TOWNSHIP, Level.VILLAGE]) if code.startswith(county)),
        ]


# --- centres ----------------------------------------------------------------------------------------


class CentreForm(forms.Form):
    region = choice(_("所在县、乡镇或村"))
    kind = choice(_("类型"), CentreKind.choices)
    name = text(_("名称"))
    standardised = forms.BooleanField(label=_("已完成规范化建设"), required=False)
    standardised_on = date(_("规范化建设完成日期"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", "—"), *region_choices(
            user, "centre.manage", [Level.COUNTY, Level.TOWNSHIP, Level.VILLAGE])]


class StandardisationForm(forms.Form):
    standardised = forms.BooleanField(label=_("已完成规范化建设"), required=False)
    standardised_on = date(_("规范化建设完成日期"))
