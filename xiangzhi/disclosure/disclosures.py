"""A disclosure's procedure, declared with the workflow core, and its actions.

  draft ──submit──▶ submitted ──countersign (村务监督委员会)──▶ countersigned ──publish──▶ published
    ▲                   │
    └──── returned ◀─return (with reasons)

Publishing needs the counter-signature; it appends the disclosure to the publication log in
the same transaction. A published disclosure is never edited: a correction is a new
disclosure that refers to it, and both stay public.
"""

import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xiangzhi.accounts.permissions import require, require_capability
from xiangzhi.core.audit import diff, record_event
from xiangzhi.core.uploads import sha256_of
from xiangzhi.core.workflow import Transition, Workflow
from xiangzhi.regions.models import Level, Region

from . import calendar as cadence_calendar
from .catalogue import items_for_village
from .generated import generate
from .models import Disclosure, DisclosureAttachment, DisclosureState

DRAFT = "disclosure.draft"
REVIEW = "disclosure.review"
PUBLISH = "disclosure.publish"
LOG_KIND = "disclosure"

TITLE_MAX = 200
BODY_MAX = 20000
PERIOD_MAX = 40
MAX_COLUMNS = 20
MAX_ROWS = 1000
CELL_MAX = 500
MAX_ATTACHMENTS = 10
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024

NOT_EDITABLE_PUBLISHED = gettext_lazy("已公开的内容不能修改;如需更正,请发布一条更正公开。")
NOT_EDITABLE_IN_REVIEW = gettext_lazy("已提交会签的内容不能修改;如需修改,请会签人先退回。")
NOT_COUNTERSIGNED = gettext_lazy("该公开内容尚未经村务监督委员会会签,不能发布。")


# --- the procedure ------------------------------------------------------------------------


def _is_countersigned(disclosure, actor, data):
    if disclosure.state != DisclosureState.COUNTERSIGNED or disclosure.countersigned_by_id is None:
        return str(NOT_COUNTERSIGNED)
    return None


def _record_countersignature(disclosure, actor, data):
    Disclosure.objects.filter(pk=disclosure.pk).update(
        countersigned_by=actor, countersigned_at=disclosure.state_changed_at
    )
    disclosure.countersigned_by, disclosure.countersigned_at = actor, disclosure.state_changed_at
    return {"countersigned_by": [None, str(actor)]}


def _clear_countersignature(disclosure, actor, data):
    Disclosure.objects.filter(pk=disclosure.pk).update(countersigned_by=None, countersigned_at=None)
    disclosure.countersigned_by, disclosure.countersigned_at = None, None
    return None


def _publish(disclosure, actor, data):
    from xiangzhi.translog import log

    published_at = disclosure.state_changed_at
    Disclosure.objects.filter(pk=disclosure.pk).update(published_at=published_at, published_by=actor)
    disclosure.published_at, disclosure.published_by = published_at, actor
    entry = log.append(disclosure, LOG_KIND)
    return {"published_at": [None, published_at.isoformat()], "log_index": [None, entry.index]}


disclosure_workflow = Workflow(
    "disclosure",
    Disclosure,
    states=DisclosureState,
    initial=DisclosureState.DRAFT,
    final=(DisclosureState.PUBLISHED,),
    region=lambda disclosure: disclosure.village_id,
    start_name="draft",
    start_label=gettext_lazy("拟稿"),
    transitions=[
        Transition(
            "submit", gettext_lazy("提交会签"),
            source=(DisclosureState.DRAFT, DisclosureState.RETURNED), target=DisclosureState.SUBMITTED,
            capability=DRAFT,
        ),
        Transition(
            "countersign", gettext_lazy("会签"),
            source=(DisclosureState.SUBMITTED,), target=DisclosureState.COUNTERSIGNED,
            capability=REVIEW, effect=_record_countersignature,
        ),
        Transition(
            "return", gettext_lazy("退回"),
            source=(DisclosureState.SUBMITTED, DisclosureState.COUNTERSIGNED), target=DisclosureState.RETURNED,
            capability=REVIEW, requires_comment=True, effect=_clear_countersignature,
        ),
        # Open from every unpublished state so that publishing too early is refused with the
        # reason (no counter-signature), not a bare "not possible now".
        Transition(
            "publish", gettext_lazy("发布"),
            source=(DisclosureState.DRAFT, DisclosureState.SUBMITTED, DisclosureState.RETURNED,
                    DisclosureState.COUNTERSIGNED),
            target=DisclosureState.PUBLISHED,
            capability=PUBLISH, guards=(_is_countersigned,), effect=_publish,
        ),
    ],
)


# --- input checks ---------------------------------------------------------------------------


def clean_table(table, field="table"):
    """{"columns": [str], "rows": [[str]]} or {} — every cell as text; Chinese errors name
    the row and column."""
    if table in (None, "", {}):
        return {}
    if not isinstance(table, dict) or not isinstance(table.get("columns"), list) or not isinstance(
        table.get("rows", []), list
    ):
        raise ValidationError({field: _("表格须包含表头(columns)和各行(rows)。")})
    columns = [str(column).strip() for column in table["columns"]]
    rows = table.get("rows") or []
    if not columns or not all(columns):
        raise ValidationError({field: _("表头每一列都须有名称。")})
    if len(columns) > MAX_COLUMNS:
        raise ValidationError({field: _("表格最多 %(max)d 列。") % {"max": MAX_COLUMNS}})
    if len(rows) > MAX_ROWS:
        raise ValidationError({field: _("表格最多 %(max)d 行。") % {"max": MAX_ROWS}})
    cleaned = []
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, list) or len(row) != len(columns):
            count = len(row) if isinstance(row, list) else 0
            raise ValidationError({field: _("表格第 %(row)d 行有 %(count)d 列,表头有 %(columns)d 列。") % {
                "row": number, "count": count, "columns": len(columns)}})
        cells = []
        for column, cell in zip(columns, row):
            if isinstance(cell, (dict, list)):
                raise ValidationError({field: _("表格第 %(row)d 行“%(column)s”列须为文字或数字。") % {
                    "row": number, "column": column}})
            text = "" if cell is None else str(cell).strip()
            if len(text) > CELL_MAX:
                raise ValidationError({field: _("表格第 %(row)d 行“%(column)s”列超过 %(max)d 个字。") % {
                    "row": number, "column": column, "max": CELL_MAX}})
            cells.append(text)
        cleaned.append(cells)
    return {"columns": columns, "rows": cleaned}


def parse_table_text(text):
    """A table typed in a text box: one row per line, cells separated by "|" or tabs, the
    first line the header."""
    lines = [line for line in (text or "").splitlines() if line.strip()]
    if not lines:
        return {}
    split = [[cell.strip() for cell in line.replace("\t", "|").split("|")] for line in lines]
    return {"columns": split[0], "rows": split[1:]}


def _checked_attachments(uploads):
    uploads = [upload for upload in uploads if upload]
    if len(uploads) > MAX_ATTACHMENTS:
        raise ValidationError({"attachments": _("附件最多 %(count)d 个。") % {"count": MAX_ATTACHMENTS}})
    checked = []
    for upload in uploads:
        if upload.size > MAX_ATTACHMENT_BYTES:
            raise ValidationError({"attachments": _("附件“%(name)s”超过 20 MB。") % {"name": upload.name}})
        if not upload.size:
            raise ValidationError({"attachments": _("附件“%(name)s”是空文件。") % {"name": upload.name}})
        checked.append((upload, sha256_of(upload)))
    return checked


def _clean_text(values, errors):
    title = (values.get("title") or "").strip()
    body = (values.get("body") or "").strip()
    if len(title) > TITLE_MAX:
        errors["title"] = _("标题不能超过 %(max)d 个字。") % {"max": TITLE_MAX}
    if len(body) > BODY_MAX:
        errors["body"] = _("正文不能超过 %(max)d 个字。") % {"max": BODY_MAX}
    return title, body


def _clean_period(item, period, errors):
    """(label, Period | None)."""
    if item.is_periodic:
        try:
            parsed = cadence_calendar.parse_period(item.cadence, period)
        except ValidationError as error:
            errors.update(error.message_dict)
            return "", None
        return parsed.label, parsed
    label = (period or "").strip()
    if len(label) > PERIOD_MAX:
        errors["period"] = _("公开期间不能超过 %(max)d 个字。") % {"max": PERIOD_MAX}
    return label, None


def _content(item, village, period, title, body, table, errors):
    """The content of a draft: generated for generated items, typed otherwise."""
    label, parsed = _clean_period(item, period, errors)
    if item.generator:
        if table:
            errors["table"] = _("“%(item)s”的表格由账务数据自动生成,不能手工填写。") % {"item": item.name}
        generated = None
        if parsed is not None and "period" not in errors:
            try:
                generated = generate(item, village, parsed)
            except ValidationError as error:
                errors.update(error.message_dict)
        if generated is None:
            return label, title, body, {}, {}
        return label, title or generated["title"], body, generated["table"], generated["figures"]
    try:
        table = clean_table(table)
    except ValidationError as error:
        errors.update(error.message_dict)
        table = {}
    if not title:
        errors["title"] = _("请填写标题。")
    if not body and not table and "table" not in errors:
        errors["body"] = _("请填写正文或表格。")
    return label, title, body, table, {}


def _village(village):
    if isinstance(village, str):
        village = Region.objects.filter(code=village.strip()).first()
    if not isinstance(village, Region) or village.level != Level.VILLAGE:
        raise Http404(_("未找到该村。"))
    return village


def _item_for(village, item, errors):
    pk = getattr(item, "pk", item)
    found = items_for_village(village.code).filter(pk=pk).first() if str(pk or "").isdigit() else None
    if found is None:
        errors["item"] = _("请选择本县公开目录中启用的目录项。")
    return found


# --- actions --------------------------------------------------------------------------------


def draft_disclosure(actor, village, *, item, period="", title="", body="", table=None, attachments=(),
                     corrects=None):
    """A new draft for a village; a finance item's table is generated from the ledger."""
    village = _village(village)
    post = require(actor, DRAFT, village.code)
    errors = {}
    if corrects is not None:
        if not corrects.is_published or corrects.village_id != village.code:
            raise ValidationError({"corrects": _("只能更正本村已公开的内容。")})
        item_obj = corrects.item
        period = corrects.period
    else:
        item_obj = _item_for(village, item, errors)
    title, body = _clean_text({"title": title, "body": body}, errors)
    label, typed_table, table, figures = period, table, {}, {}
    if item_obj is not None:
        label, title, body, table, figures = _content(item_obj, village, period, title, body, typed_table, errors)
        if corrects is None and item_obj.is_periodic and label and "period" not in errors and (
            Disclosure.objects.published().filter(
                village=village, item_id__in=item_obj.counts_for(), period=label, corrects__isnull=True
            ).exists()
        ):
            errors["period"] = _("%(period)s的“%(item)s”已公开;如需更正,请在原公开上发布更正。") % {
                "period": label, "item": item_obj.name}
    try:
        checked = _checked_attachments(attachments)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    disclosure = Disclosure(
        village=village, item=item_obj, period=label, title=title, body=body, table=table, figures=figures,
        corrects=corrects, drafted_by=actor,
    )
    with transaction.atomic():
        disclosure_workflow.start(
            actor, disclosure, post=post,
            changes={"item": [None, item_obj.pk], "period": [None, label], "title": [None, title],
                     **({"corrects": [None, corrects.pk]} if corrects else {})},
        )
        _save_attachments(disclosure, checked)
    return disclosure


def correct_disclosure(actor, original, *, title="", body="", table=None, attachments=()):
    """A correction of a published disclosure: a new draft that refers to it."""
    return draft_disclosure(
        actor, original.village, item=original.item, title=title, body=body, table=table,
        attachments=attachments, corrects=original,
    )


def _save_attachments(disclosure, checked):
    for upload, digest in checked:
        DisclosureAttachment.objects.create(
            disclosure=disclosure, file=upload, name=upload.name[:200], size=upload.size, sha256=digest
        )


def refuse_if_not_editable(disclosure):
    if disclosure.state == DisclosureState.PUBLISHED:
        raise ValidationError(str(NOT_EDITABLE_PUBLISHED), code="published")
    if disclosure.state not in (DisclosureState.DRAFT, DisclosureState.RETURNED):
        raise ValidationError(str(NOT_EDITABLE_IN_REVIEW), code="in_review")


def update_draft(actor, disclosure, *, title=None, body=None, table=None, period=None, attachments=()):
    """Change a draft (or a returned one). A finance draft's table is generated again from
    the ledger as it is now."""
    post = require(actor, DRAFT, disclosure.village_id)
    with transaction.atomic():
        current = Disclosure.objects.select_for_update().select_related("item", "village").get(pk=disclosure.pk)
        refuse_if_not_editable(current)
        errors = {}
        new_title = current.title if title is None else title
        new_body = current.body if body is None else body
        new_title, new_body = _clean_text({"title": new_title, "body": new_body}, errors)
        if current.item.generator:
            new_table = table or {}
        else:
            new_table = current.table if table is None else table
        new_period = current.period if (period is None or current.corrects_id) else period
        label, new_title, new_body, new_table, figures = _content(
            current.item, current.village, new_period, new_title, new_body, new_table, errors
        )
        try:
            checked = _checked_attachments(attachments)
        except ValidationError as error:
            errors.update(error.message_dict)
        if current.attachments.count() + len(attachments or ()) > MAX_ATTACHMENTS:
            errors["attachments"] = _("附件最多 %(count)d 个。") % {"count": MAX_ATTACHMENTS}
        if errors:
            raise ValidationError(errors)
        before = {"title": current.title, "body": current.body, "period": current.period, "table": current.table}
        current.title, current.body, current.period, current.table = new_title, new_body, label, new_table
        if current.item.generator:
            current.figures = figures
        current.save(update_fields=["title", "body", "period", "table", "figures", "updated_at"])
        _save_attachments(current, checked)
        changes = diff(before, {"title": current.title, "body": current.body, "period": current.period,
                                "table": current.table})
        if checked:
            changes["attachments"] = [None, [upload.name for upload, _digest in checked]]
        record_event(actor, "disclosure.update", current, region_code=current.village_id, post=post, changes=changes)
    return current


def submit_disclosure(actor, disclosure, *, comment=""):
    return disclosure_workflow.advance(actor, disclosure, "submit", comment=comment)


def countersign_disclosure(actor, disclosure, *, comment=""):
    return disclosure_workflow.advance(actor, disclosure, "countersign", comment=comment)


def return_disclosure(actor, disclosure, *, reason):
    try:
        return disclosure_workflow.advance(actor, disclosure, "return", comment=reason)
    except ValidationError as error:
        if hasattr(error, "error_dict") and "comment" in error.error_dict:
            raise ValidationError({"reason": _("请填写退回的理由。")}) from None
        raise


def publish_disclosure(actor, disclosure, *, comment=""):
    return disclosure_workflow.advance(actor, disclosure, "publish", comment=comment)


# --- queries ----------------------------------------------------------------------------------


def visible_disclosures(user):
    return Disclosure.objects.visible_to(user).select_related(
        "village", "item", "drafted_by", "countersigned_by", "published_by", "corrects"
    )


def get_disclosure_for_user(user, pk):
    """403 without disclosure.view anywhere, 404 outside the user's scope."""
    require_capability(user, Disclosure.view_capability)
    disclosure = visible_disclosures(user).filter(pk=pk).first() if str(pk).isdigit() else None
    if disclosure is None:
        raise Http404(_("未找到该记录。"))
    return disclosure


def public_disclosures(village_code):
    """What anyone may read: the village's published disclosures."""
    return (
        Disclosure.objects.published().filter(village_id=village_code)
        .select_related("village", "item", "countersigned_by", "corrects")
    )


def get_public_disclosure(village_code, pk):
    disclosure = public_disclosures(village_code).filter(pk=pk).first() if str(pk).isdigit() else None
    if disclosure is None:
        raise Http404(_("未找到该记录。"))
    return disclosure


# --- the publication log -------------------------------------------------------------------------


def canonical(disclosure):
    """What a villager reads, as the log stores it."""
    village = disclosure.village
    return {
        "village_code": village.code,
        "village_name": village.name,
        "item": disclosure.item.name,
        "category": disclosure.item.category,
        "period": disclosure.period,
        "title": disclosure.title,
        "body": disclosure.body,
        "table": disclosure.table or {},
        "published_at": disclosure.published_at.isoformat() if disclosure.published_at else None,
        "corrects": str(disclosure.corrects_id) if disclosure.corrects_id else None,
        "attachments": [
            {"name": attachment.name, "sha256": _file_sha256(attachment)}
            for attachment in disclosure.attachments.order_by("id")
        ],
    }


def _file_sha256(attachment):
    digest = hashlib.sha256()
    with attachment.file.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


def public_url(disclosure):
    return reverse("portal:disclosure", args=[disclosure.village_id, disclosure.pk])
