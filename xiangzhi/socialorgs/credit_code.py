"""统一社会信用代码 (GB 32100-2015): 18 characters from a 31-character set, the last a check
character over the first 17.

Lower-case letters are accepted and read as capitals (people copy codes from certificates by
hand); `normalise` gives the form stored. Everything else — a wrong length, a letter the
standard leaves out (I O Z S V), a wrong check character — is refused with a Chinese message.
"""

from django.utils.translation import gettext as _

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
VALUES = {char: value for value, char in enumerate(CHARSET)}
# Position i (0-based) of the first 17 characters weighs 3^i mod 31.
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
LENGTH = 18


def normalise(code):
    """The code as stored: surrounding and inner spaces removed, letters in capitals."""
    return "".join(str(code or "").split()).upper()


def check_character(first17):
    """The check character of the first 17 characters (all from CHARSET)."""
    total = sum(VALUES[char] * weight for char, weight in zip(first17, WEIGHTS))
    return CHARSET[(31 - total % 31) % 31]


def validate(code):
    """None when `code` is a valid 统一社会信用代码 (after `normalise`), else a Chinese message."""
    code = normalise(code)
    if not code:
        return _("请填写统一社会信用代码。")
    if len(code) != LENGTH:
        return _("统一社会信用代码应为 18 位，现为 %(n)d 位。") % {"n": len(code)}
    bad = [char for char in code if char not in VALUES]
    if bad:
        return _("统一社会信用代码含有不允许的字符“%(chars)s”(不使用字母 I、O、Z、S、V)。") % {
            "chars": "".join(dict.fromkeys(bad)),
        }
    expected = check_character(code[:17])
    if code[17] != expected:
        return _("统一社会信用代码校验位不正确(第 18 位应为 %(expected)s)。") % {"expected": expected}
    return None
