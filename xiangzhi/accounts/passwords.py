import re

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
