"""The log's public pages (no login): what the log is, and one entry checked on the server."""

import json

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import queries
from .log import registered_kinds
from .models import LogEntry
from .verification import bundle, check_entry


# Chinese names for the keys publishing apps put in canonical(obj); others show as-is.
FIELD_LABELS = {
    "title": "标题", "body": "正文", "content": "内容", "category": "类别", "published_at": "公开时间",
    "region": "地区代码", "region_code": "地区代码", "region_name": "地区", "village": "村",
    "village_code": "村代码", "village_name": "村", "period": "期间", "table": "表格", "tables": "表格",
    "attachments": "附件", "corrects": "更正的条目", "result": "结果", "result_label": "办理结果",
    "result_text": "结果说明", "item": "事项", "item_code": "事项编号", "item_name": "事项",
    "list_region": "清单所属地区", "list_version": "清单版本", "applicant": "申请人", "subject": "事由",
    "name": "名称", "level": "层级", "amount": "金额", "concluded_at": "办结时间", "steps": "步骤",
    "completed_on": "完成日期", "sha256": "SHA-256",
}


def _kind_label(kind):
    registered = registered_kinds().get(kind)
    return registered.label if registered else kind


@require_GET
def index(request):
    head = queries.latest_head()
    region = request.GET.get("region", "").strip()
    entries = LogEntry.objects.order_by("-index").only("index", "kind", "region_code", "created_at")
    if region:
        entries = entries.filter(region_code__prefix=region)
    page = Paginator(entries, 20).get_page(request.GET.get("page"))
    for entry in page:
        entry.kind_label = _kind_label(entry.kind)
    return render(request, "translog/index.html", {
        "head": head,
        "head_signature_ok": queries.head_is_signed_correctly(head),
        "key": queries.key_json(),
        "page": page,
        "region": region,
    })


def _public_url(entry):
    registered = registered_kinds().get(entry.kind)
    if registered is None or registered.public_url is None:
        return ""
    model = registered.model
    obj = model._default_manager.filter(pk=model._meta.pk.to_python(entry.object_id)).first()
    return registered.public_url(obj) if obj is not None else ""


@require_GET
def entry(request, index):
    log_entry = queries.get_entry(index)
    check = check_entry(log_entry)
    content = json.loads(log_entry.data_bytes.decode("utf-8"))
    return render(request, "translog/entry.html", {
        "entry": log_entry,
        "kind_label": _kind_label(log_entry.kind),
        "content_rows": [
            (FIELD_LABELS.get(key, key), *_readable(value))
            for key, value in content.items() if key not in ("kind", "id")
        ],
        "public_url": _public_url(log_entry),
        "check": check,
        "raw_text": log_entry.data_bytes.decode("utf-8"),
        "key": queries.key_json(),
    })


@require_GET
def entry_bundle(request, index):
    check = check_entry(queries.get_entry(index))
    response = JsonResponse(bundle(check), json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="xiangzhi-log-{index}.json"'
    return response


def _readable(value):
    """(shape, value) for the template: a {"columns", "rows"} table, a list of records or of
    plain values, or text."""
    if isinstance(value, dict) and set(value) == {"columns", "rows"}:
        return "table", value
    if isinstance(value, list) and all(isinstance(item, dict) for item in value):
        return "records", [[(FIELD_LABELS.get(key, key), item[key]) for key in item] for item in value]
    if isinstance(value, (dict, list)):
        return "text", json.dumps(value, ensure_ascii=False, indent=1)
    return "text", "" if value is None else str(value)
