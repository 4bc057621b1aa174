"""Schema validation errors from Ninja/pydantic, told in Chinese and keyed by field."""

from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "missing": _("此字段为必填项。"),
    "string_too_long": _("内容过长。"),
    "string_too_short": _("内容过短。"),
    "int_parsing": _("须为整数。"),
    "int_type": _("须为整数。"),
    "bool_parsing": _("须为是或否。"),
    "bool_type": _("须为是或否。"),
    "date_from_datetime_parsing": _("日期格式应为 YYYY-MM-DD。"),
    "date_parsing": _("日期格式应为 YYYY-MM-DD。"),
    "date_type": _("日期格式应为 YYYY-MM-DD。"),
    "enum": _("不是可选的值。"),
    "literal_error": _("不是可选的值。"),
    "string_type": _("须为文本。"),
    "list_type": _("须为列表。"),
    "dict_type": _("须为对象。"),
    "json_invalid": _("不是有效的 JSON。"),
    "model_attributes_type": _("请求体须为 JSON 对象。"),
    "greater_than_equal": _("数值过小。"),
    "less_than_equal": _("数值过大。"),
}


def schema_errors_in_chinese(errors):
    result = {}
    for error in errors:
        location = [str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path", "payload")]
        field = ".".join(location) or "__all__"
        kind = error.get("type", "")
        message = MESSAGES.get(kind)
        if message is None:
            ctx_error = (error.get("ctx") or {}).get("error")
            message = str(ctx_error) if ctx_error else _("格式不正确。")
        result.setdefault(field, []).append(message)
    return result
