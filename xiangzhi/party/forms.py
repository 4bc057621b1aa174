"""Page forms for party organisations, members and household links; the actions hold the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from xiangzhi.accounts.permissions import posts_with_capability
from xiangzhi.people import organisations as registry_organisations
from xiangzhi.regions.models import Level, Region

from .actions import WHEREABOUTS_MAX_LENGTH
from .models import MemberStatus
from .queries import PARTY_KINDS

DATE_ERRORS = {"invalid": _("日期格式应为 年-月-日,如 2025-06-01。")}


def date_field(label, required=True, required_message=None):
    errors = dict(DATE_ERRORS)
    if required_message:
        errors["required"] = required_message
    return forms.DateField(
        label=label, required=required, error_messages=errors,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def choice_field(label, required_message, required=True):
    return forms.TypedChoiceField(
        label=label, coerce=int, required=required,
        error_messages={"required": required_message, "invalid_choice": required_message},
    )


class OrganisationForm(forms.Form):
    region = forms.ChoiceField(label=_("所在区划"), error_messages={"required": _("请选择所在区划。"),
                                                                 "invalid_choice": _("请选择所在区划。")})
    kind = forms.ChoiceField(
        label=_("类型"), choices=[(kind.value, kind.label) for kind in PARTY_KINDS],
        error_messages={"required": _("请选择组织类型。"), "invalid_choice": _("请选择组织类型。")},
    )
    name = forms.CharField(label=_("名称"), max_length=registry_organisations.NAME_MAX_LENGTH,
                           error_messages={"required": _("请填写组织名称。"),
                                           "max_length": _("名称不能超过 100 个字。")})
    parent = choice_field(_("上级党组织"), _("请选择上级党组织。"), required=False)
    established_on = date_field(_("成立日期"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        regions = []
        for post in posts_with_capability(user, registry_organisations.MANAGE):
            regions.append(post.region)
            below = Region.objects.filter(parent_id=post.region_id)
            if post.region.level == Level.VILLAGE:
                below = below.filter(level=Level.NATURAL_VILLAGE)
            regions.extend(below.order_by("code"))
        self.fields["region"].choices = [(r.code, f"{r.name}({r.code})") for r in regions]
        parents = {}
        for region in regions:
            for organisation in registry_organisations.parent_choices(region.code):
                if organisation.kind in PARTY_KINDS:
                    parents[organisation.pk] = organisation
        self.fields["parent"].choices = [("", "—")] + [
            (pk, f"{o.name}({o.region.name})") for pk, o in parents.items()
        ]


class DissolveForm(forms.Form):
    dissolved_on = date_field(_("撤销日期"), required_message=_("请填写撤销日期。"))


class MemberForm(forms.Form):
    resident = choice_field(_("村民"), _("请先查找并选择村民。"))
    organisation = choice_field(_("所在党组织"), _("请选择所在党组织。"))
    status = forms.ChoiceField(label=_("党员类别"), choices=MemberStatus.choices,
                               error_messages={"required": _("请选择党员类别。")})
    joined_on = date_field(_("入党日期"), required_message=_("请填写入党日期。"))
    full_on = date_field(_("转正日期"), required=False)
    mobile = forms.BooleanField(label=_("流动党员"), required=False)
    whereabouts = forms.CharField(label=_("流动去向"), required=False, max_length=WHEREABOUTS_MAX_LENGTH)
    identity_shown = forms.BooleanField(label=_("亮身份"), required=False)
    household_plaque = forms.BooleanField(label=_("党员户挂牌"), required=False)

    def __init__(self, *args, residents, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resident"].choices = [("", "—")] + [
            (r.pk, f"{r.name}({r.region.name})") for r in residents
        ]
        self.fields["organisation"].choices = [("", "—")] + [
            (o.pk, f"{o.name}({o.region.name})") for o in organisations
        ]


class MemberEditForm(forms.Form):
    status = forms.ChoiceField(label=_("党员类别"), choices=MemberStatus.choices,
                               error_messages={"required": _("请选择党员类别。")})
    full_on = date_field(_("转正日期"), required=False)
    mobile = forms.BooleanField(label=_("流动党员"), required=False)
    whereabouts = forms.CharField(label=_("流动去向"), required=False, max_length=WHEREABOUTS_MAX_LENGTH)
    identity_shown = forms.BooleanField(label=_("亮身份"), required=False)
    household_plaque = forms.BooleanField(label=_("党员户挂牌"), required=False)


class TransferForm(forms.Form):
    organisation = choice_field(_("转入党组织"), _("请选择转入的党组织。"))
    transferred_on = date_field(_("转接日期"), required_message=_("请填写转接日期。"))

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [("", "—")] + [
            (o.pk, f"{o.name}({o.region.name})") for o in organisations
        ]


class LeaveForm(forms.Form):
    left_on = date_field(_("离开日期"), required_message=_("请填写离开日期。"))


class LinkForm(forms.Form):
    household = choice_field(_("农户"), _("请选择农户。"))
    member = choice_field(_("联系党员"), _("请选择联系党员。"))
    linked_on = date_field(_("联系开始日期"), required_message=_("请填写联系开始日期。"))

    def __init__(self, *args, households, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["household"].choices = [("", "—")] + [
            (h.pk, f"{h.head_name or h}({h.region.name} {h.number})".strip()) for h in households
        ]
        self.fields["member"].choices = [("", "—")] + [
            (m.pk, f"{m.resident.name}({m.organisation.name})") for m in members
        ]


class EndLinkForm(forms.Form):
    ended_on = date_field(_("结束日期"), required_message=_("请填写结束日期。"))

