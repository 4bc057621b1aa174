"""Citizen ID numbers (公民身份号码, GB 11643-1999).

18 characters: 6-digit address code, 8-digit birth date, 3-digit sequence (odd for men,
even for women), and a check character computed with ISO 7064 MOD 11-2. Old 15-digit
numbers (2-digit year, no check character) are converted to 18 digits.
"""

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from xiangzhi.core import crypto

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARACTERS = "10X98765432"
EARLIEST_BIRTH = datetime.date(1900, 1, 1)
INDEX_CONTEXT = "citizen_id"


@dataclass(frozen=True)
class CitizenId:
    number: str
    birth_date: datetime.date
    gender: str  # "male" or "female", as people.models.Gender

    @property
    def masked(self):
        return mask(self.number)


def check_character(first17):
    total = sum(int(digit) * weight for digit, weight in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARACTERS[total % 11]


def convert_15_to_18(number):
    first17 = number[:6] + "19" + number[6:]
    return first17 + check_character(first17)


def parse(raw, today=None):
    """Validate and normalise; raise ValidationError with a Chinese message."""
    number = (raw or "").strip().upper().replace(" ", "")
    if not number:
        raise ValidationError(_("请填写公民身份号码。"), code="required")
    if re.fullmatch(r"\d{15}", number):
        number = convert_15_to_18(number)
    elif not re.fullmatch(r"\d{17}[\dX]", number):
        raise ValidationError(_("公民身份号码应为 18 位(最后一位可为 X)或旧版 15 位数字。"), code="format")
    elif check_character(number[:17]) != number[17]:
        raise ValidationError(_("公民身份号码校验位不正确,请核对。"), code="checksum")
    try:
        birth_date = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError(_("公民身份号码中的出生日期不存在。"), code="birth_date") from None
    today = today or datetime.date.today()
    if not EARLIEST_BIRTH <= birth_date <= today:
        raise ValidationError(_("公民身份号码中的出生日期不合理。"), code="birth_date")
    gender = "male" if int(number[16]) % 2 == 1 else "female"
    return CitizenId(number=number, birth_date=birth_date, gender=gender)


def mask(number):
    """450321********1234: the address code and the last four, as shown to most roles."""
    if not number:
        return ""
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def make(address_code, birth_date, sequence, gender):
    """A valid number (for demo data and tests): sequence 0–99, parity set by gender."""
    order = sequence % 100 * 10 + (1 if gender == "male" else 2)
    first17 = f"{address_code[:6]}{birth_date:%Y%m%d}{order:03d}"
    return first17 + check_character(first17)


def index(number):
    """The blind index a Resident is found by (Resident.id_number_index)."""
    return crypto.blind_index(number, INDEX_CONTEXT)


def looks_like_id(text):
    """Whether a search term is meant as a citizen ID (then it is matched exactly)."""
    return bool(re.fullmatch(r"\d{15}|\d{17}[\dXx]", (text or "").strip()))
