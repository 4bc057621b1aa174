"""Phone numbers: mainland mobiles (13x–19x, 11 digits) and landlines with an area code.

A phone is stored encrypted as entered (spaces removed) and found by a blind index of its
digits, so that "0773-1234567" and "07731234567" are the same number.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from xiangzhi.core import crypto

MOBILE = re.compile(r"1[3-9]\d{9}")
# Area codes are 3 or 4 digits starting with 0; local numbers 7 or 8 digits.
LANDLINE = re.compile(r"0\d{2,3}-?\d{7,8}")
INDEX_CONTEXT = "phone"


def normalise(raw):
    return re.sub(r"[\s()]", "", raw or "")


def parse(raw):
    """The phone as it will be stored, or "" when none was given; ValidationError if malformed."""
    phone = normalise(raw)
    if phone.startswith("+86"):
        phone = phone[3:]
    if not phone:
        return ""
    if MOBILE.fullmatch(phone) or LANDLINE.fullmatch(phone):
        return phone
    raise ValidationError(
        _("联系电话格式不正确:手机号为 11 位(1 开头),固定电话如 0773-1234567。"), code="phone"
    )


def looks_like_phone(text):
    phone = normalise(text)
    return bool(MOBILE.fullmatch(phone) or LANDLINE.fullmatch(phone))


def digits(phone):
    return re.sub(r"\D", "", phone)


def index(phone):
    """Blind index for lookups; "" for no phone."""
    if not phone:
        return ""
    return crypto.blind_index(digits(phone), INDEX_CONTEXT)


def mask(phone):
    """138****1234; a landline keeps its area code: 0773-***4567."""
    if not phone:
        return ""
    if "-" in phone:
        area, local = phone.split("-", 1)
        return f"{area}-{'*' * (len(local) - 4)}{local[-4:]}"
    if len(phone) <= 7:
        return "*" * (len(phone) - 4) + phone[-4:]
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]
