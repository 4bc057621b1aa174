"""The arguments of POST Service Request, checked before an event is reported."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from xiangzhi.grid.models import Event
from xiangzhi.regions.models import Region

from .formats import Open311Error
from .queries import services_for


class ServiceRequestForm(forms.Form):
    service_code = forms.CharField(error_messages={"required": _("请提供 service_code(事件类别编码,见 services 接口)。")})
    lat = forms.CharField(required=False)
    long = forms.CharField(required=False)
    address_string = forms.CharField(required=False)
    address_id = forms.CharField(required=False)
    # Required and limited by report_event, like every event's description.
    description = forms.CharField(required=False)
    first_name = forms.CharField(required=False)
    last_name = forms.CharField(required=False)

    def __init__(self, data, *, jurisdiction=None):
        super().__init__(data)
        self.jurisdiction = jurisdiction

    def clean_service_code(self):
        code = self.cleaned_data["service_code"]
        # One category by its unique code: the catalogue's ordering (a join) buys nothing here.
        category = services_for(self.jurisdiction).filter(code=code).order_by().first()
        if category is None:
            raise ValidationError(_("service_code“%(code)s”不存在或已停用。"), code="not_found", params={"code": code})
        return category

    def clean_address_id(self):
        """A region code (屯, grid, village …): the platform's addresses are its regions."""
        code = self.cleaned_data["address_id"]
        if not code:
            return None
        # With the village and township above it, which route the event (no query later).
        region = Region.objects.select_related("parent__parent").filter(code=code).first()
        if region is None:
            raise ValidationError(_("address_id“%(code)s”不是已知的区划代码(屯、网格或村的代码)。"), params={"code": code})
        if self.jurisdiction is not None and not region.code.startswith(self.jurisdiction.code):
            raise ValidationError(_("address_id“%(code)s”不在 jurisdiction_id 所指区划内。"), params={"code": code})
        return region

    def clean(self):
        """The spec's "location parameter": lat & long, address_string or address_id. The
        numbers themselves are checked where every event's point is, in report_event."""
        cleaned = super().clean()
        if self.errors:
            return cleaned
        if bool(cleaned.get("lat")) != bool(cleaned.get("long")):
            raise ValidationError(_("lat 与 long 须同时提供。"))
        if not (cleaned.get("lat") or cleaned.get("address_string") or cleaned.get("address_id")):
            raise ValidationError(_("请提供事件位置:lat 与 long、address_string 或 address_id 三者之一。"))
        return cleaned

    @property
    def region(self):
        return self.cleaned_data.get("address_id") or self.jurisdiction

    @property
    def reporter_name(self):
        # 姓在前: last_name is the family name.
        name = f"{self.cleaned_data['last_name']}{self.cleaned_data['first_name']}".strip()
        return name[: Event._meta.get_field("reporter_name").max_length]

    def as_open311_error(self):
        """All problems in one error list: 404 when the service_code does not exist."""
        status = 400
        descriptions = []
        for field, errors in self.errors.as_data().items():
            for error in errors:
                if error.code == "not_found":
                    status = 404
                for message in error.messages:
                    descriptions.append(message if field == "__all__" else _field_message(field, message))
        return Open311Error(status, *descriptions)


def _field_message(field, message):
    return message if field in message else f"{field}:{message}"


# report_event's field names, as the GeoReport arguments a client sent.
ARGUMENT_OF_FIELD = {
    "category": "service_code",
    "region": "jurisdiction_id",
    "household": "address_id",
    "address": "address_string",
    "latitude": "lat",
    "longitude": "long",
    "photos": "media",
    "description": "description",
}


def open311_error_from(error, form):
    """A ValidationError of the reporting action as a 400 error list naming the arguments."""
    if not hasattr(error, "error_dict"):
        return Open311Error(400, *error.messages)
    arguments = {**ARGUMENT_OF_FIELD, "region": "address_id" if form.cleaned_data["address_id"] else "jurisdiction_id"}
    descriptions = []
    for field, messages in error.message_dict.items():
        argument = arguments.get(field, field)
        for message in messages:
            descriptions.append(message if field == "__all__" else _field_message(argument, message))
    return Open311Error(400, *descriptions)
