import re

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CLASSES = (r"[a-z]", r"[A-Z]", r"[0-9]", r"[^a-zA-Z0-9]")


class CharacterClassValidator:
    """At least three of: lower-case letters, capitals, digits, other characters."""

    def validate(self, password, user=None):
        if sum(bool(re.search(pattern, password)) for pattern in CLASSES) < 3:
            raise ValidationError(
                _("密码须包含小写字母、大写字母、数字和符号中的至少三类。"),
                code="password_too_simple",
            )

    def get_help_text(self):
        return _("密码须包含小写字母、大写字母、数字和符号中的至少三类。")


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's rule with a Chinese message (Django 5.2's zh-hans catalogue lacks this one)."""

    def get_error_message(self):
        return _("密码太短,至少需要 %(min_length)d 个字符。") % {"min_length": self.min_length}

    def get_help_text(self):
        return _("密码至少需要 %(min_length)d 个字符。") % {"min_length": self.min_length}
