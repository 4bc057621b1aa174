"""Personal data on public pages (every module's): a name shows only its first character, and
public text may not carry a citizen ID."""

import re

# An 18-digit citizen ID (last character a digit or X) anywhere in a text.
CITIZEN_ID_PATTERN = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")


def mask_name(name):
    """"张三丰" -> "张**": the surname stays, the length of the given name does not show."""
    name = (name or "").strip()
    if not name:
        return ""
    return name[0] + "**"


def contains_citizen_id(text):
    return bool(CITIZEN_ID_PATTERN.search(text or ""))
