"""Checks of typed-in values, each adding a Chinese message under its field to `errors`."""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from xiangzhi.people import phones
from xiangzhi.regions.models import Level, Region


def text(errors, field, label, value, *, max_length, required=True):
    value = (value or "").strip()
    if required and not value:
        errors[field] = _("请填写%(label)s。") % {"label": label}
    elif len(value) > max_length:
        errors[field] = _("%(label)s不能超过 %(max)d 个字。") % {"label": label, "max": max_length}
    return value


def choice(errors, field, label, value, choices):
    if value not in choices.values:
        errors[field] = _("请选择有效的%(label)s。") % {"label": label}
    return value


def phone(errors, field, value):
    try:
        parsed = phones.parse(value)
    except ValidationError as exc:
        errors[field] = exc.messages[0]
        return ""
    if not parsed:
        errors[field] = _("请填写联系电话。")
    return parsed


def past_date(errors, field, label, value):
    """A date not after today (things that already happened)."""
    if isinstance(value, datetime.date):
        day = value
    else:
        try:
            day = datetime.date.fromisoformat(str(value or "").strip())
        except ValueError:
            errors[field] = _("请填写有效的%(label)s(如 2025-05-01)。") % {"label": label}
            return None
    if day > timezone.localdate():
        errors[field] = _("%(label)s不能晚于今天。") % {"label": label}
        return None
    return day


def number(errors, field, label, value, *, minimum, maximum, decimal=False):
    raw = str(value if value is not None else "").strip()
    try:
        parsed = Decimal(raw) if decimal else int(raw)
    except (ValueError, InvalidOperation):
        errors[field] = _("%(label)s须为数字。") % {"label": label}
        return None
    if decimal and not parsed.is_finite():
        errors[field] = _("%(label)s须为数字。") % {"label": label}
        return None
    if not minimum <= parsed <= maximum:
        errors[field] = _("%(label)s须在 %(min)s 到 %(max)s 之间。") % {"label": label, "min": minimum, "max": maximum}
        return None
    return parsed


def region(code, levels, field="region"):
    found = Region.objects.filter(pk=(code or "").strip()).first()
    if found is None or found.level not in levels:
        raise ValidationError({field: _("请选择有效的村或乡镇。") if Level.TOWNSHIP in levels else _("请选择有效的村。")})
    return found


def village(code, field="village"):
    return region(code, (Level.VILLAGE,), field)


def raise_if(errors):
    if errors:
        raise ValidationError(errors)
