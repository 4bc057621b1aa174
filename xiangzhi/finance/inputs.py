"""Reading typed values for the finance actions, with Chinese messages naming the field.

Each reader returns the clean value or records the message in `errors` (a dict the
action raises as one ValidationError), so a form shows every mistake at once.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .money import parse_yuan


def text(errors, data, field, label, *, max_length, required=True):
    value = (data.get(field) or "")
    value = str(value).strip()
    if required and not value:
        errors[field] = _("请填写%(label)s。") % {"label": label}
    elif len(value) > max_length:
        errors[field] = _("%(label)s不能超过 %(max)d 个字。") % {"label": label, "max": max_length}
    return value


def choice(errors, data, field, label, choices):
    value = str(data.get(field) or "").strip()
    if not value:
        errors[field] = _("请选择%(label)s。") % {"label": label}
    elif value not in dict(choices):
        errors[field] = _("%(label)s“%(value)s”不在可选范围内。") % {"label": label, "value": value}
    return value


def date(errors, data, field, label, *, required=True):
    value = data.get(field)
    if isinstance(value, datetime.date):
        return value
    raw = str(value or "").strip()
    if not raw:
        if required:
            errors[field] = _("请填写%(label)s。") % {"label": label}
        return None
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        errors[field] = _("%(label)s“%(value)s”不是有效的日期(格式 2026-03-01)。") % {"label": label, "value": raw}
        return None


def amount(errors, data, field, label, *, positive=True, required=True):
    value = data.get(field)
    if not required and (value is None or str(value).strip() == ""):
        return None
    try:
        return parse_yuan(value, field, positive=positive, label=label)
    except ValidationError as error:
        errors[field] = error.message_dict[field][0]
        return None


def raise_if(errors):
    if errors:
        raise ValidationError(errors)


def fen(errors, value, field, label, *, positive=True, required=True):
    """An amount already in fen (an API integer, or a form's parsed yuan)."""
    from .money import MAX_FEN

    if value is None or value == "":
        if required:
            errors[field] = _("请填写%(label)s。") % {"label": label}
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        errors[field] = _("%(label)s不是有效的金额。") % {"label": label}
        return None
    if positive and value <= 0:
        errors[field] = _("%(label)s必须大于零。") % {"label": label}
    elif value < 0:
        errors[field] = _("%(label)s不能为负数。") % {"label": label}
    elif value > MAX_FEN:
        errors[field] = _("%(label)s超出允许范围。") % {"label": label}
    return value
