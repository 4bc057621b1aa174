"""Versioned power lists: adopt the default, copy the active version into a draft, edit the
draft's items and steps, activate it (the old version is superseded in the same transaction).

Only a draft can change. Every edit locks its list row and checks, under the lock, that the
list is still a draft, so an edit never lands in a version someone has just activated.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Prefetch
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xiangzhi.accounts.models import Role
from xiangzhi.accounts.permissions import require, require_capability
from xiangzhi.core.audit import diff, record_event, snapshot
from xiangzhi.regions.models import Level, Region

from .defaults import default_items
from .models import Category, LimitUnit, ListState, PowerItem, PowerList, PowerStep

MANAGE = "power.list.manage"
LIST_LEVELS = (Level.TOWNSHIP, Level.VILLAGE)
MAX_TIME_LIMIT = 365

ITEM_FIELDS = (
    "code", "name", "category", "legal_basis", "responsible", "responsible_role",
    "time_limit", "time_limit_unit", "required_evidence", "negative_list", "public", "order",
)
STEP_FIELDS = (
    "order", "name", "responsible", "responsible_role", "time_limit_days", "evidence_required",
    "evidence_description",
)
TEXT_LIMITS = {
    "code": 20, "name": 100, "responsible": 100, "legal_basis": 2000, "required_evidence": 2000,
    "negative_list": 2000, "evidence_description": 200,
}
ITEM_LABELS = {
    "code": gettext_lazy("事项编号"),
    "name": gettext_lazy("事项名称"),
    "category": gettext_lazy("类别"),
    "legal_basis": gettext_lazy("法律政策依据"),
    "responsible": gettext_lazy("责任主体"),
    "responsible_role": gettext_lazy("责任角色"),
    "time_limit": gettext_lazy("办理时限"),
    "time_limit_unit": gettext_lazy("时限单位"),
    "required_evidence": gettext_lazy("所需材料"),
    "negative_list": gettext_lazy("负面清单"),
}
STEP_LABELS = {
    "order": gettext_lazy("顺序"),
    "name": gettext_lazy("步骤名称"),
    "responsible": gettext_lazy("责任人"),
    "responsible_role": gettext_lazy("责任角色"),
    "time_limit_days": gettext_lazy("步骤时限"),
    "evidence_description": gettext_lazy("证明材料"),
}


# --- reads ----------------------------------------------------------------------------


def visible_lists(user):
    return PowerList.objects.visible_to(user).select_related("region", "adopted_by")


def get_list_for_user(user, pk):
    require_capability(user, PowerList.view_capability)
    power_list = visible_lists(user).filter(pk=pk).first()
    if power_list is None:
        raise Http404(_("未找到该记录。"))
    return power_list


def items_with_steps(power_list):
    return list(
        power_list.items.annotate(step_count=Count("steps")).order_by("order", "id")
    )


def get_item_for_user(user, pk):
    require_capability(user, PowerItem.view_capability)
    item = (
        PowerItem.objects.visible_to(user).select_related("power_list__region")
        .prefetch_related(Prefetch("steps", queryset=PowerStep.objects.order_by("order", "id")))
        .filter(pk=pk).first()
    )
    if item is None:
        raise Http404(_("未找到该记录。"))
    return item


def get_step_for_user(user, pk):
    require_capability(user, PowerItem.view_capability)
    step = PowerStep.objects.select_related("item__power_list__region").filter(pk=pk).first()
    if step is None or not PowerItem.objects.visible_to(user).filter(pk=step.item_id).exists():
        raise Http404(_("未找到该记录。"))
    return step


def versions_of(region_code):
    return list(PowerList.objects.filter(region_id=region_code).order_by("-version"))


def active_list(region_code):
    return PowerList.objects.active().filter(region_id=region_code).select_related("region").first()


# --- validation -----------------------------------------------------------------------


def _text(values, field, labels, errors, *, required=True):
    value = str(values.get(field) or "").strip()
    if required and not value:
        errors[field] = _("请填写%(label)s。") % {"label": labels[field]}
    elif len(value) > TEXT_LIMITS.get(field, 100):
        errors[field] = _("%(label)s不能超过 %(max)d 个字。") % {
            "label": labels[field], "max": TEXT_LIMITS.get(field, 100),
        }
    return value


def _number(values, field, labels, errors, *, minimum, maximum, default=None):
    raw = values.get(field)
    if raw in (None, ""):
        if default is not None:
            return default
        errors[field] = _("请填写%(label)s。") % {"label": labels[field]}
        return None
    try:
        number = int(str(raw).strip())
    except (TypeError, ValueError):
        errors[field] = _("%(label)s须为整数。") % {"label": labels[field]}
        return None
    if not minimum <= number <= maximum:
        errors[field] = _("%(label)s须在 %(min)d 到 %(max)d 之间。") % {
            "label": labels[field], "min": minimum, "max": maximum,
        }
        return None
    return number


def _choice(values, field, labels, errors, choices, *, required=True):
    value = str(values.get(field) or "").strip()
    if not value and not required:
        return ""
    if value not in choices.values:
        errors[field] = _("请选择有效的%(label)s。") % {"label": labels[field]}
    return value


def _flag(value):
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "on", "yes")
    return bool(value)


def clean_item(values, *, power_list, item=None):
    """The item's fields from `values`, or a ValidationError naming each bad field in Chinese."""
    errors = {}
    cleaned = {
        "code": _text(values, "code", ITEM_LABELS, errors),
        "name": _text(values, "name", ITEM_LABELS, errors),
        "category": _choice(values, "category", ITEM_LABELS, errors, Category),
        "legal_basis": _text(values, "legal_basis", ITEM_LABELS, errors),
        "responsible": _text(values, "responsible", ITEM_LABELS, errors),
        "responsible_role": _choice(values, "responsible_role", ITEM_LABELS, errors, Role, required=False),
        "time_limit": _number(values, "time_limit", ITEM_LABELS, errors, minimum=1, maximum=MAX_TIME_LIMIT),
        "time_limit_unit": _choice(values, "time_limit_unit", ITEM_LABELS, errors, LimitUnit),
        "required_evidence": _text(values, "required_evidence", ITEM_LABELS, errors, required=False),
        "negative_list": "\n".join(
            line.strip() for line in _text(values, "negative_list", ITEM_LABELS, errors, required=False).splitlines()
            if line.strip()
        ),
        "public": _flag(values.get("public", True)),
    }
    if "code" not in errors:
        clash = power_list.items.filter(code=cleaned["code"])
        if item is not None:
            clash = clash.exclude(pk=item.pk)
        if clash.exists():
            errors["code"] = _("本清单已有编号为 %(code)s 的事项。") % {"code": cleaned["code"]}
    if errors:
        raise ValidationError(errors)
    return cleaned


def clean_step(values, *, item, step=None):
    errors = {}
    next_order = (item.steps.aggregate(last=Max("order"))["last"] or 0) + 1
    cleaned = {
        "order": _number(
            values, "order", STEP_LABELS, errors, minimum=1, maximum=99,
            default=step.order if step is not None else next_order,
        ),
        "name": _text(values, "name", STEP_LABELS, errors),
        "responsible": _text(values, "responsible", STEP_LABELS, errors),
        "responsible_role": _choice(values, "responsible_role", STEP_LABELS, errors, Role, required=False),
        "time_limit_days": _number(
            values, "time_limit_days", STEP_LABELS, errors, minimum=0, maximum=MAX_TIME_LIMIT, default=0
        ),
        "evidence_required": _flag(values.get("evidence_required", False)),
        "evidence_description": _text(values, "evidence_description", STEP_LABELS, errors, required=False),
    }
    if cleaned["evidence_required"] and not cleaned["evidence_description"] and "evidence_description" not in errors:
        errors["evidence_description"] = _("须上传证明材料的步骤请写明所需的证明材料。")
    if cleaned["order"] is not None and "order" not in errors:
        clash = item.steps.filter(order=cleaned["order"])
        if step is not None:
            clash = clash.exclude(pk=step.pk)
        taken = clash.first()
        if taken is not None:
            errors["order"] = _("顺序 %(order)d 已被步骤“%(name)s”占用。") % {
                "order": cleaned["order"], "name": taken.name,
            }
    if errors:
        raise ValidationError(errors)
    return cleaned


def read_only_message(power_list):
    return _("第 %(version)d 版清单%(state)s,不能修改;请创建新版本后在草稿中修改。") % {
        "version": power_list.version, "state": power_list.get_state_display(),
    }


def _locked_draft(power_list):
    """The list row, locked; refused unless it is (still) a draft."""
    locked = PowerList.objects.select_for_update().filter(pk=power_list.pk).first()
    if locked is None:
        raise ValidationError(_("该清单草稿已被删除。"))
    if locked.state != ListState.DRAFT:
        raise ValidationError(read_only_message(locked))
    return locked


# --- actions: lists -------------------------------------------------------------------


def _create_items(power_list, items):
    for order, values in enumerate(items, start=1):
        steps = values.get("steps", ())
        fields = {name: values[name] for name in ITEM_FIELDS if name in values}
        fields.setdefault("order", order)
        item = PowerItem.objects.create(power_list=power_list, **fields)
        PowerStep.objects.bulk_create([PowerStep(item=item, **step) for step in steps])


def _default_steps(steps):
    return [
        {
            "order": order, "name": name, "responsible": responsible, "responsible_role": role,
            "time_limit_days": days, "evidence_required": evidence_required, "evidence_description": evidence,
        }
        for order, (name, responsible, role, days, evidence_required, evidence) in enumerate(steps, start=1)
    ]


def adopt_default_list(actor, region, *, note=""):
    """A township or village without a list adopts the default one as version 1, in force now."""
    region = region if isinstance(region, Region) else Region.objects.filter(code=str(region or "").strip()).first()
    if region is None:
        raise ValidationError({"region": _("请选择乡镇或村。")})
    post = require(actor, MANAGE, region.code)
    if region.level not in LIST_LEVELS:
        raise ValidationError({"region": _("小微权力清单只能由乡镇或村制定,“%(name)s”不是。") % {"name": region.name}})
    note = (note or "").strip()[:300] or _("采用默认小微权力清单")
    now = timezone.now()
    try:
        with transaction.atomic():
            if PowerList.objects.filter(region=region).exists():
                raise ValidationError({"region": _("%(name)s已有小微权力清单,请通过新版本修改。") % {"name": region.name}})
            power_list = PowerList.objects.create(
                region=region, version=1, state=ListState.ACTIVE, adopted_at=now, adopted_by=actor,
                adoption_note=note, created_by=actor,
            )
            items = [
                {**{k: v for k, v in item.items() if k not in ("levels", "steps")}, "steps": _default_steps(item["steps"])}
                for item in default_items(region.level)
            ]
            _create_items(power_list, items)
            record_event(
                actor, "power_list.adopt", power_list, region_code=region.code, post=post,
                changes={"version": [None, 1], "state": [None, ListState.ACTIVE], "items": [None, len(items)]},
            )
    except IntegrityError:
        raise ValidationError({"region": _("%(name)s已有小微权力清单,请通过新版本修改。") % {"name": region.name}}) from None
    return power_list


def start_new_version(actor, power_list, *, note=""):
    """Copy the region's active version (with its items and steps) into a new draft version."""
    post = require(actor, MANAGE, power_list.region_id)
    try:
        with transaction.atomic():
            source = PowerList.objects.select_for_update().filter(
                region_id=power_list.region_id, state=ListState.ACTIVE
            ).first()
            if source is None:
                raise ValidationError(_("没有现行版本可以复制。"))
            draft = PowerList.objects.drafts().filter(region_id=power_list.region_id).first()
            if draft is not None:
                raise ValidationError(_("已有第 %(version)d 版草稿,请先修改并生效或删除它。") % {"version": draft.version})
            version = (PowerList.objects.filter(region_id=source.region_id).aggregate(v=Max("version"))["v"] or 0) + 1
            draft = PowerList.objects.create(
                region_id=source.region_id, version=version, state=ListState.DRAFT, based_on=source,
                adoption_note=(note or "").strip()[:300], created_by=actor,
            )
            items = []
            for item in source.items.prefetch_related("steps").order_by("order", "id"):
                values = snapshot(item, ITEM_FIELDS)
                values["steps"] = [snapshot(step, STEP_FIELDS) for step in item.steps.all()]
                items.append(values)
            _create_items(draft, items)
            record_event(
                actor, "power_list.new_version", draft, region_code=draft.region_id, post=post,
                changes={"version": [source.version, version], "state": [None, ListState.DRAFT]},
            )
    except IntegrityError:
        raise ValidationError(_("已有草稿版本,请刷新后重试。")) from None
    return draft


def activate_list(actor, power_list, *, note=""):
    """Put a draft in force; the version in force until now is superseded in the same transaction."""
    post = require(actor, MANAGE, power_list.region_id)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("请填写生效说明(如通过的会议及日期)。")})
    if len(note) > 300:
        raise ValidationError({"note": _("生效说明不能超过 300 个字。")})
    now = timezone.now()
    try:
        with transaction.atomic():
            draft = _locked_draft(power_list)
            items = list(draft.items.annotate(step_count=Count("steps")).order_by("order", "id"))
            if not items:
                raise ValidationError(_("草稿中没有任何事项,不能生效。"))
            empty = [item.name for item in items if not item.step_count]
            if empty:
                raise ValidationError(_("事项“%(name)s”没有办理步骤,不能生效。") % {"name": empty[0]})
            previous = PowerList.objects.select_for_update().filter(
                region_id=draft.region_id, state=ListState.ACTIVE
            ).first()
            if previous is not None:
                PowerList.objects.filter(pk=previous.pk).update(state=ListState.SUPERSEDED, superseded_at=now)
            PowerList.objects.filter(pk=draft.pk).update(
                state=ListState.ACTIVE, adopted_at=now, adopted_by=actor, adoption_note=note
            )
            record_event(
                actor, "power_list.activate", draft, region_code=draft.region_id, post=post,
                changes={
                    "state": [ListState.DRAFT, ListState.ACTIVE], "adoption_note": [None, note],
                    "superseded_version": [None, previous.version if previous else None],
                },
            )
    except IntegrityError:
        raise ValidationError(_("另一版本刚刚生效,请刷新后重试。")) from None
    power_list.refresh_from_db()
    return power_list


def discard_draft(actor, power_list):
    post = require(actor, MANAGE, power_list.region_id)
    with transaction.atomic():
        draft = _locked_draft(power_list)
        PowerStep.objects.filter(item__power_list=draft).delete()
        PowerItem.objects.filter(power_list=draft).delete()
        record_event(
            actor, "power_list.discard", draft, region_code=draft.region_id, post=post,
            changes={"version": [draft.version, None]},
        )
        draft.delete()


# --- actions: items and steps (drafts only) -------------------------------------------


def add_item(actor, power_list, values):
    post = require(actor, MANAGE, power_list.region_id)
    with transaction.atomic():
        draft = _locked_draft(power_list)
        cleaned = clean_item(values, power_list=draft)
        cleaned["order"] = (draft.items.aggregate(last=Max("order"))["last"] or 0) + 1
        item = PowerItem.objects.create(power_list=draft, **cleaned)
        record_event(
            actor, "power_item.add", item, region_code=draft.region_id, post=post,
            changes={name: [None, value] for name, value in snapshot(item, ITEM_FIELDS).items()},
        )
    return item


def update_item(actor, item, values):
    post = require(actor, MANAGE, item.power_list.region_id)
    with transaction.atomic():
        draft = _locked_draft(item.power_list)
        cleaned = clean_item(values, power_list=draft, item=item)
        before = snapshot(item, ITEM_FIELDS)
        for name, value in cleaned.items():
            setattr(item, name, value)
        changes = diff(before, snapshot(item, ITEM_FIELDS))
        if changes:
            item.save(update_fields=list(changes))
            record_event(actor, "power_item.update", item, region_code=draft.region_id, post=post, changes=changes)
    return item


def remove_item(actor, item):
    post = require(actor, MANAGE, item.power_list.region_id)
    with transaction.atomic():
        draft = _locked_draft(item.power_list)
        record_event(
            actor, "power_item.remove", item, region_code=draft.region_id, post=post,
            changes={"code": [item.code, None], "name": [item.name, None]},
        )
        item.steps.all().delete()
        item.delete()


def add_step(actor, item, values):
    post = require(actor, MANAGE, item.power_list.region_id)
    with transaction.atomic():
        draft = _locked_draft(item.power_list)
        cleaned = clean_step(values, item=item)
        step = PowerStep.objects.create(item=item, **cleaned)
        record_event(
            actor, "power_step.add", step, region_code=draft.region_id, post=post,
            changes={name: [None, value] for name, value in snapshot(step, STEP_FIELDS).items()},
        )
    return step


def update_step(actor, step, values):
    post = require(actor, MANAGE, step.item.power_list.region_id)
    with transaction.atomic():
        draft = _locked_draft(step.item.power_list)
        cleaned = clean_step(values, item=step.item, step=step)
        before = snapshot(step, STEP_FIELDS)
        for name, value in cleaned.items():
            setattr(step, name, value)
        changes = diff(before, snapshot(step, STEP_FIELDS))
        if changes:
            step.save(update_fields=list(changes))
            record_event(actor, "power_step.update", step, region_code=draft.region_id, post=post, changes=changes)
    return step


def remove_step(actor, step):
    post = require(actor, MANAGE, step.item.power_list.region_id)
    with transaction.atomic():
        draft = _locked_draft(step.item.power_list)
        record_event(
            actor, "power_step.remove", step, region_code=draft.region_id, post=post,
            changes={"order": [step.order, None], "name": [step.name, None]},
        )
        step.delete()
