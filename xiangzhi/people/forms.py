"""Forms of the registry pages. They check single fields; the actions check the rest
(one 户主, IDs not yet registered, scope) and their errors are put back on these forms."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from xiangzhi.regions.models import Region

from . import citizen_id, phones
from .models import FLAG_FIELDS, PovertyStatus, Relation, Resident, ResidentStatus

# Above this many villages and 屯 in reach, the region is typed as a code, not picked from a list.
MAX_REGION_OPTIONS = 300
FLAG_LABELS = {name: Resident._meta.get_field(name).verbose_name for name in FLAG_FIELDS}


class ResidentFlagsForm(forms.Form):
    """The registry flags (people.models.FLAG_FIELDS) as check boxes, after the subclass's fields."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in FLAG_FIELDS:
            self.fields[name] = forms.BooleanField(label=FLAG_LABELS[name], required=False)

    def flag_fields(self):
        return [self[name] for name in FLAG_FIELDS]


class RegionCodeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}({obj.code})"


class HouseholdForm(forms.Form):
    region = RegionCodeChoiceField(
        label=_("所在屯/村"), queryset=Region.objects.none(), empty_label=_("请选择"),
        error_messages={"required": _("请选择所在屯/村。"), "invalid_choice": _("所在屯/村不在您的管辖范围内。")},
    )
    grid = RegionCodeChoiceField(
        label=_("所属网格"), queryset=Region.objects.none(), required=False, empty_label=_("(未分配)"),
        error_messages={"invalid_choice": _("所属网格不在您的管辖范围内。"), "required": _("请选择所属网格。")},
    )
    number = forms.CharField(label=_("户编号"), max_length=40, required=False)
    address = forms.CharField(label=_("住址"), max_length=200, required=False)
    poverty_status = forms.ChoiceField(label=_("帮扶类别"), choices=PovertyStatus.choices, required=False)

    def __init__(self, *args, regions, grids, grid_required=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
        if regions.count() > MAX_REGION_OPTIONS:
            self.fields["region"].widget = forms.TextInput(attrs={"placeholder": _("屯或村的区划代码"),
                                                                   "inputmode": "numeric"})
        self.fields["grid"].queryset = grids
        self.fields["grid"].required = grid_required


class MemberForm(ResidentFlagsForm):
    name = forms.CharField(label=_("姓名"), max_length=50,
                           error_messages={"required": _("请填写姓名。"), "max_length": _("姓名不能超过 50 个字。")})
    # A blank first choice: an untouched extra row submits nothing and is left out.
    relation = forms.ChoiceField(label=_("与户主关系"), choices=[("", _("请选择")), *Relation.choices],
                                 error_messages={"required": _("请选择与户主关系。")})
    id_number = forms.CharField(label=_("公民身份号码"), max_length=20,
                                widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}),
                                error_messages={"required": _("请填写公民身份号码。")})
    phone = forms.CharField(label=_("联系电话"), max_length=20, required=False,
                            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}))
    # No initial value, so that an untouched extra row stays empty; blank means 汉族.
    ethnicity = forms.CharField(label=_("民族"), max_length=20, required=False,
                                widget=forms.TextInput(attrs={"placeholder": _("汉族")}))

    def clean_id_number(self):
        return citizen_id.parse(self.cleaned_data["id_number"]).number

    def clean_phone(self):
        return phones.parse(self.cleaned_data["phone"])


class BaseMemberFormSet(forms.BaseFormSet):
    """The first row is the 户主 and must be filled; further rows are optional until touched."""

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        kwargs["initial"] = {"relation": Relation.HEAD} if index == 0 else {}
        return kwargs

    def members(self):
        """(form, data) for every filled row, in order."""
        return [
            (form, form.cleaned_data)
            for form in self.forms
            if form.cleaned_data and form.has_changed()
        ]


MemberFormSet = forms.formset_factory(
    MemberForm, formset=BaseMemberFormSet, extra=1, min_num=1, validate_min=True, max_num=30,
    validate_max=True,
)
MEMBER_PREFIX = "members"


def member_row_form(index):
    """A blank row added by the "添加家庭成员" button (htmx)."""
    return MemberForm(prefix=f"{MEMBER_PREFIX}-{index}", use_required_attribute=False, empty_permitted=True)


class HouseholdEditForm(forms.Form):
    number = forms.CharField(label=_("户编号"), max_length=40, required=False)
    address = forms.CharField(label=_("住址"), max_length=200, required=False)
    grid = RegionCodeChoiceField(
        label=_("所属网格"), queryset=Region.objects.none(), required=False, empty_label=_("(未分配)"),
        error_messages={"invalid_choice": _("所属网格须为本村的网格。")},
    )
    poverty_status = forms.ChoiceField(label=_("帮扶类别"), choices=PovertyStatus.choices, required=False)

    def __init__(self, *args, grids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grid"].queryset = grids


class ResidentEditForm(ResidentFlagsForm):
    name = forms.CharField(label=_("姓名"), max_length=50, error_messages={"required": _("请填写姓名。")})
    relation = forms.ChoiceField(label=_("与户主关系"), choices=Relation.choices)
    phone = forms.CharField(
        label=_("联系电话"), max_length=20, required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
        help_text=_("留空表示不修改。"),
    )
    clear_phone = forms.BooleanField(label=_("删除联系电话"), required=False)
    ethnicity = forms.CharField(label=_("民族"), max_length=20, required=False)
    status = forms.ChoiceField(label=_("状态"), choices=ResidentStatus.choices)

    def clean_phone(self):
        return phones.parse(self.cleaned_data["phone"])

    def changes(self):
        """What to pass to update_resident: the phone only when a new one was typed or it is cleared."""
        data = {key: value for key, value in self.cleaned_data.items() if key not in ("phone", "clear_phone")}
        if self.cleaned_data.get("clear_phone"):
            data["phone"] = ""
        elif self.cleaned_data.get("phone"):
            data["phone"] = self.cleaned_data["phone"]
        return data


IMPORT_EXTENSIONS = (".xlsx", ".csv")
MAX_IMPORT_BYTES = 20 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("登记表文件(.xlsx 或 .csv)"),
        error_messages={"required": _("请选择要导入的文件。"), "empty": _("文件是空的。")},
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(IMPORT_EXTENSIONS):
            raise ValidationError(_("只能导入 .xlsx 或 .csv 文件。"))
        if upload.size > MAX_IMPORT_BYTES:
            raise ValidationError(_("文件不能超过 20 MB。"))
        return upload


def put_errors(error, form, formset=None, member_forms=()):
    """Put an action's ValidationError back on the forms that produced the input.

    `member_forms` are the formset rows in the order their data was passed as members.
    """
    for key, messages in error.message_dict.items():
        parts = key.split(".")
        if formset is not None and parts[0] == "members" and len(parts) == 3 and int(parts[1]) < len(member_forms):
            target, field = member_forms[int(parts[1])], parts[2]
        elif parts[0] == "members" and formset is not None:
            for message in messages:
                formset.non_form_errors().append(message)
            continue
        else:
            target, field = form, key
        for message in messages:
            target.add_error(field if field in target.fields else None, message)
