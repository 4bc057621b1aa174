"""Every change to pilot and demonstration cases. Each takes the acting user first, checks
pilot.manage in the case's region, runs in one transaction and writes an audit event.

Who does what (the rule the pages and the API share):
- a pilot.manage post covering the case's region (the township for its villages, the county
  for its townships and villages and itself, the city and the region above) writes the case,
  uploads its documents and photos, submits it, and may withdraw it once published;
- publishing (and returning a submitted case for changes) needs a pilot.manage post at a level
  ABOVE the case's region: a county's own case is published by the city or the region, a
  township's by the county, a village's by its township or the county. Nobody publishes
  their own level's story.
- cases of the first three kinds are published with the regions.Designation granted for them:
  one already granted is picked, or one is granted in the same step (designation.grant).
Only a draft is edited; a submitted case goes back to draft when returned; a withdrawn case
stays withdrawn (its story and reason are kept)."""

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xiangzhi.accounts.permissions import can, posts_with_capability, require
from xiangzhi.core import inputs
from xiangzhi.core.audit import diff, record_event, snapshot
from xiangzhi.core.workflow import Transition, Workflow
from xiangzhi.regions.actions import GRANT, grant_designation
from xiangzhi.regions.models import Designation, DesignationLevel, Level, Region

from .models import KIND_LEVELS, CaseFile, CaseKind, CaseState, CaseTag, FileKind, PilotCase
from .uploads import check_file

MANAGE = "pilot.manage"
MAX_FILES = 20
MAX_TAGS = 8
TAG_MAX_LENGTH = 20
TAG_SEPARATORS = re.compile(r"[,,、;;\s]+")
CASE_FIELDS = ["region", "kind", "title", "summary", "body", "year", "designation"]


def _publish_effect(case, actor, data):
    before = snapshot(case, ["designation", "published_at"])
    designation = data.get("designation") or case.designation
    grant = data.get("grant")
    if grant is not None:
        try:
            designation = grant_designation(actor, case.region, title=case.designation_title, **grant)
        except ValidationError as error:
            renames = {"title": "designation", "year": "grant_year"}
            raise ValidationError({renames.get(field, field): messages
                                   for field, messages in error.message_dict.items()}) from None
    case.designation = designation
    case.published_at = timezone.now()
    case.save(update_fields=["designation", "published_at", "updated_at"])
    return diff(before, snapshot(case, ["designation", "published_at"]))


def _withdraw_effect(case, actor, data):
    old = case.withdraw_reason
    case.withdraw_reason = data["reason"]
    case.save(update_fields=["withdraw_reason", "updated_at"])
    return {"withdraw_reason": [old, case.withdraw_reason]}


case_workflow = Workflow(
    "pilot_case", PilotCase, states=CaseState, initial=CaseState.DRAFT, final=(CaseState.WITHDRAWN,),
    start_name="draft", start_label=gettext_lazy("起草"),
    transitions=[
        Transition("submit", gettext_lazy("提交审核"), source=(CaseState.DRAFT,), target=CaseState.SUBMITTED,
                   capability=MANAGE),
        Transition("publish", gettext_lazy("审核发布"), source=(CaseState.SUBMITTED,), target=CaseState.PUBLISHED,
                   capability=MANAGE, effect=_publish_effect),
        Transition("return", gettext_lazy("退回修改"), source=(CaseState.SUBMITTED,), target=CaseState.DRAFT,
                   capability=MANAGE, requires_comment=True),
        Transition("withdraw", gettext_lazy("撤回"), source=(CaseState.PUBLISHED,), target=CaseState.WITHDRAWN,
                   capability=MANAGE, requires_comment=True, effect=_withdraw_effect),
    ],
)


# --- who may ---------------------------------------------------------------------------------


def publishing_post(user, case):
    """A pilot.manage post of the user above the case's region, or None."""
    for post in posts_with_capability(user, MANAGE):
        if case.region_id.startswith(post.region_id) and len(post.region_id) < len(case.region_id):
            return post
    return None


def may_manage(user, case):
    return can(user, MANAGE, case.region_id)


def may_publish(user, case):
    return publishing_post(user, case) is not None


def _require_publisher(actor, case):
    require(actor, MANAGE, case.region_id)
    if publishing_post(actor, case) is None:
        raise PermissionDenied(_("案例须由上级审核发布:%(region)s的案例不能由本级发布或退回。")
                               % {"region": case.region.name})


# --- checks ----------------------------------------------------------------------------------


def parse_tags(value):
    if isinstance(value, (list, tuple)):
        value = " ".join(str(item) for item in value)
    tags = []
    for tag in TAG_SEPARATORS.split(value or ""):
        tag = tag.strip().strip("#")
        if tag and tag not in tags:
            tags.append(tag)
    return tags


def _check_tags(errors, value):
    tags = parse_tags(value)
    if len(tags) > MAX_TAGS:
        errors["tags"] = _("标签最多 %(count)d 个。") % {"count": MAX_TAGS}
    long = [tag for tag in tags if len(tag) > TAG_MAX_LENGTH]
    if long:
        errors["tags"] = _("标签“%(tag)s”超过 %(max)d 个字。") % {"tag": long[0], "max": TAG_MAX_LENGTH}
    return tags


def _region(code):
    region = Region.objects.filter(pk=(code or "").strip()).first()
    if region is None or region.level not in (Level.COUNTY, Level.TOWNSHIP, Level.VILLAGE):
        raise ValidationError({"region": _("请选择有效的县、乡镇或村。")})
    return region


def _check_designation(errors, designation, region, kind):
    """A picked designation must be the in-force title of this kind granted to this place."""
    if designation is None:
        return None
    title = PilotCase(kind=kind).designation_title
    if title is None:
        errors["designation"] = _("“县特色亮点/品牌案例”不关联称号。")
    elif designation.region_id != region.code or designation.title != title or not designation.in_force:
        errors["designation"] = _("请选择%(region)s已获得且未撤销的“%(title)s”称号。") % {
            "region": region.name, "title": title.label}
    return designation


def _clean_case(errors, region, *, kind, title, summary, body, year, tags, designation):
    values = {
        "kind": inputs.choice(errors, "kind", _("类别"), kind, CaseKind),
        "title": inputs.text(errors, "title", _("标题"), title, max_length=100),
        "summary": inputs.text(errors, "summary", _("摘要"), summary, max_length=300),
        "body": inputs.text(errors, "body", _("正文"), body, max_length=20000),
        "year": inputs.number(errors, "year", _("年度"), year, minimum=2000, maximum=timezone.localdate().year),
    }
    if "kind" not in errors:
        if region.level not in KIND_LEVELS[kind]:
            levels = "、".join(str(Level(level).label) for level in KIND_LEVELS[kind])
            errors["region"] = _("“%(kind)s”案例应登记在%(levels)s,%(region)s不是。") % {
                "kind": CaseKind(kind).label, "levels": levels, "region": region.name}
        values["designation"] = _check_designation(errors, designation, region, kind)
    return values, _check_tags(errors, tags)


def _designation(designation_id):
    """The Designation with that id (None for an empty value); the scope check is the case's."""
    raw = str(designation_id if designation_id is not None else "").strip()
    if not raw:
        return None
    found = Designation.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
    if found is None:
        raise ValidationError({"designation": _("没有这个称号记录。")})
    return found


def _set_tags(case, tags):
    CaseTag.objects.filter(case=case).exclude(name__in=tags).delete()
    existing = set(CaseTag.objects.filter(case=case).values_list("name", flat=True))
    CaseTag.objects.bulk_create([CaseTag(case=case, name=tag) for tag in tags if tag not in existing])


def _refuse_unless_draft(case):
    if case.state != CaseState.DRAFT:
        raise ValidationError(_("只有草稿可以修改;该案例当前为“%(state)s”。") % {"state": case.state_label})


def _locked(case):
    return PilotCase.objects.select_for_update().select_related("region").get(pk=case.pk)


# --- writing ---------------------------------------------------------------------------------


def create_case(actor, region_code, *, kind, title, summary, body, year, tags="", designation_id=None):
    region = _region(region_code)
    post = require(actor, MANAGE, region.code)
    errors = {}
    designation = None
    try:
        designation = _designation(designation_id)
    except ValidationError as error:
        errors.update({field: messages[0] for field, messages in error.message_dict.items()})
    values, tag_list = _clean_case(errors, region, kind=kind, title=title, summary=summary, body=body, year=year,
                                   tags=tags, designation=designation)
    inputs.raise_if(errors)
    case = PilotCase(region=region, created_by=actor, **values)
    with transaction.atomic():
        case_workflow.start(actor, case, post=post, changes={
            key: [None, value] for key, value in snapshot(case, CASE_FIELDS).items() if key != "body"
        } | {"tags": [None, tag_list]})
        _set_tags(case, tag_list)
    return case


def update_case(actor, case, *, kind, title, summary, body, year, tags="", designation_id=None):
    """Rewrite a draft (its place stays: a case belongs to where it happened)."""
    post = require(actor, MANAGE, case.region_id)
    errors = {}
    designation = None
    try:
        designation = _designation(designation_id)
    except ValidationError as error:
        errors.update({field: messages[0] for field, messages in error.message_dict.items()})
    values, tag_list = _clean_case(errors, case.region, kind=kind, title=title, summary=summary, body=body,
                                   year=year, tags=tags, designation=designation)
    inputs.raise_if(errors)
    with transaction.atomic():
        current = _locked(case)
        _refuse_unless_draft(current)
        before = snapshot(current, CASE_FIELDS)
        old_tags = list(current.tags.values_list("name", flat=True))
        for field, value in values.items():
            setattr(current, field, value)
        current.save(update_fields=[*values, "updated_at"])
        _set_tags(current, tag_list)
        changes = diff(before, snapshot(current, CASE_FIELDS))
        if "body" in changes:
            changes["body"] = [len(before["body"]), len(current.body)]
        if old_tags != tag_list:
            changes["tags"] = [old_tags, tag_list]
        record_event(actor, "pilot_case.update", current, region_code=current.region_id, post=post, changes=changes)
    case.refresh_from_db()
    return case


def delete_case(actor, case):
    """Delete a draft (with its files); a case that was ever submitted is withdrawn instead."""
    post = require(actor, MANAGE, case.region_id)
    with transaction.atomic():
        current = _locked(case)
        _refuse_unless_draft(current)
        files = list(current.files.all())
        record_event(actor, "pilot_case.delete", current, region_code=current.region_id, post=post,
                     changes={"title": [current.title, None], "files": [len(files), 0]})
        current.delete()
        stored = [item.file.name for item in files]
        transaction.on_commit(lambda: [CaseFile._meta.get_field("file").storage.delete(name) for name in stored])


def add_file(actor, case, *, kind, title, upload):
    post = require(actor, MANAGE, case.region_id)
    errors = {}
    inputs.choice(errors, "kind", _("类型"), kind, FileKind)
    title = inputs.text(errors, "title", _("材料标题"), title, max_length=100)
    inputs.raise_if(errors)
    content_type, extension, digest = check_file(upload, kind)
    with transaction.atomic():
        current = _locked(case)
        _refuse_unless_draft(current)
        if current.files.count() >= MAX_FILES:
            raise ValidationError({"file": _("每个案例最多 %(count)d 个文件和照片。") % {"count": MAX_FILES}})
        item = CaseFile(case=current, kind=kind, title=title, content_type=content_type, size=upload.size,
                        sha256=digest, uploaded_by=actor)
        # The stored name is the digest, never the uploader's file name.
        item.file.save(f"{digest[:32]}.{extension}", upload, save=False)
        item.save()
        record_event(actor, "pilot_case.add_file", current, region_code=current.region_id, post=post,
                     changes={"file": [None, f"{item.get_kind_display()}:{title}({upload.size} 字节)"]})
    return item


def remove_file(actor, item):
    case = item.case
    post = require(actor, MANAGE, case.region_id)
    with transaction.atomic():
        current = _locked(case)
        _refuse_unless_draft(current)
        name = item.file.name
        record_event(actor, "pilot_case.remove_file", current, region_code=current.region_id, post=post,
                     changes={"file": [f"{item.get_kind_display()}:{item.title}", None]})
        CaseFile.objects.filter(pk=item.pk).delete()
        transaction.on_commit(lambda: item.file.storage.delete(name))


def _advance(actor, case, name, **kwargs):
    try:
        case_workflow.advance(actor, case, name, **kwargs)
    except Exception:
        case.refresh_from_db()
        raise
    case.refresh_from_db()
    return case


def submit_case(actor, case, *, comment=""):
    require(actor, MANAGE, case.region_id)
    return _advance(actor, case, "submit", comment=comment)


def _reason(reason, label):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写%(label)s。") % {"label": label}})
    if len(reason) > 500:
        raise ValidationError({"reason": _("%(label)s不能超过 500 个字。") % {"label": label}})
    return reason


def return_case(actor, case, *, reason):
    _require_publisher(actor, case)
    reason = _reason(reason, _("退回理由"))
    return _advance(actor, case, "return", comment=reason)


def withdraw_case(actor, case, *, reason):
    require(actor, MANAGE, case.region_id)
    reason = _reason(reason, _("撤回理由"))
    return _advance(actor, case, "withdraw", comment=reason, data={"reason": reason})


def _grant_values(errors, grant):
    level = inputs.choice(errors, "level", _("称号级别"), grant.get("level"), DesignationLevel)
    year = inputs.number(errors, "grant_year", _("授予年度"), grant.get("year"), minimum=2000,
                         maximum=timezone.localdate().year)
    granted_on = inputs.past_date(errors, "granted_on", _("授予日期"), grant.get("granted_on"))
    document_number = inputs.text(errors, "document_number", _("文号"), grant.get("document_number"),
                                  max_length=100, required=False)
    return {"level": level, "year": year, "granted_on": granted_on, "document_number": document_number}


def publish_case(actor, case, *, designation_id=None, grant=None, comment=""):
    """Publish a submitted case (by a post above its region). A case of the first three kinds
    needs its designation: the one linked in the draft, one picked now (`designation_id`), or
    one granted now (`grant`: level, year, granted_on, document_number; designation.grant)."""
    _require_publisher(actor, case)
    errors = {}
    designation = None
    grant_values = None
    if case.needs_designation:
        if grant:
            if not can(actor, GRANT, case.region_id):
                errors["designation"] = _("您无权登记授予称号,请选择%(region)s已获得的称号。") % {
                    "region": case.region.name}
            else:
                grant_values = _grant_values(errors, grant)
        else:
            try:
                designation = _designation(designation_id)
            except ValidationError as error:
                errors.update({field: messages[0] for field, messages in error.message_dict.items()})
            designation = _check_designation(errors, designation or case.designation, case.region, case.kind)
            if designation is None and not errors:
                errors["designation"] = _("发布“%(kind)s”案例须关联所获称号:请选择%(region)s已获得的称号,或登记授予。") % {
                    "kind": case.get_kind_display(), "region": case.region.name}
    inputs.raise_if(errors)
    return _advance(actor, case, "publish", comment=comment,
                    data={"designation": designation, "grant": grant_values})
