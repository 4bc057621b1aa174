"""A village's points rules (积分细则): drafting a version, its items, and adopting it by a vote.

A version is drafted (its items may change), then adopted: by a passed resolution of the
村民会议 or 村民代表会议 (assembly.resolutions.passed_resolution), or — where no meeting record
is kept on the platform — with the adoption date and body recorded. Adopting a version
supersedes the one in force; items of a superseded version stay, since entries cite them.
"""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import require
from xiangzhi.assembly.models import Body
from xiangzhi.assembly.resolutions import passed_resolution
from xiangzhi.core.audit import record_event
from xiangzhi.regions.models import Level, Region

from .models import AdoptionBody, RuleItem, RuleSet, RuleSetState

MANAGE = "points.rules"
ADOPTING_BODIES = (Body.VILLAGERS_ASSEMBLY, Body.REPRESENTATIVES)
CODE_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
MAX_ITEM_POINTS = 1000


# --- reads ---------------------------------------------------------------------------------


def rule_set_in_force(village_code):
    return RuleSet.objects.filter(village_id=village_code, state=RuleSetState.ADOPTED).first()


def item_in_force(village_code, code):
    return (
        RuleItem.objects.filter(rule_set__village_id=village_code, rule_set__state=RuleSetState.ADOPTED, code=code)
        .select_related("rule_set").first()
    )


def points_for(village_code, code):
    """(rule_item, points) of the item `code` in the village's rules in force, or None when the
    village has no rules in force or they have no such item (e.g. "volunteer_hour")."""
    item = item_in_force(village_code, code)
    if item is None:
        return None
    return item, item.points


def get_rule_set_for_user(user, pk, capability=None):
    rule_set = RuleSet.objects.visible_to(user, capability).filter(pk=pk).select_related("village").first() \
        if str(pk).isdigit() else None
    if rule_set is None:
        raise Http404(_("未找到该积分细则。"))
    return rule_set


# --- writes --------------------------------------------------------------------------------


def _village(code):
    village = Region.objects.filter(code=code, level=Level.VILLAGE).first()
    if village is None:
        raise ValidationError({"village": _("“%(code)s”不是村(社区)的区划代码。") % {"code": code}})
    return village


def create_draft(actor, village_code, *, title):
    """A new draft version; it starts with the items of the version in force, if any."""
    village = _village(village_code)
    post = require(actor, MANAGE, village.code)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("请填写细则名称。")})
    if len(title) > 100:
        raise ValidationError({"title": _("细则名称不能超过 100 个字。")})
    with transaction.atomic():
        # Serialise version numbering per village on the village row.
        Region.objects.select_for_update().filter(code=village.code).first()
        if RuleSet.objects.filter(village=village, state=RuleSetState.DRAFT).exists():
            raise ValidationError({"title": _("本村已有一份草案,请先修改或通过该草案。")})
        version = (RuleSet.objects.filter(village=village).aggregate(top=Max("version"))["top"] or 0) + 1
        rule_set = RuleSet.objects.create(village=village, version=version, title=title, created_by=actor)
        current = rule_set_in_force(village.code)
        if current is not None:
            RuleItem.objects.bulk_create([
                RuleItem(rule_set=rule_set, code=item.code, name=item.name, points=item.points,
                         evidence_required=item.evidence_required)
                for item in current.items.all()
            ])
        record_event(actor, "points.rules.draft", rule_set, region_code=village.code, changes={
            "version": [None, version], "title": [None, title],
        }, post=post)
    return rule_set


def _check_draft(rule_set):
    if rule_set.state != RuleSetState.DRAFT:
        raise ValidationError({"rule_set": _("该细则的状态是“%(state)s”,不能修改;请起草新版本。") % {
            "state": rule_set.get_state_display()}})


def add_item(actor, rule_set, *, code, name, points, evidence_required=False):
    post = require(actor, MANAGE, rule_set.village_id)
    code = (code or "").strip()
    name = (name or "").strip()
    errors = {}
    if not CODE_PATTERN.match(code):
        errors["code"] = _("代码须以小写字母开头,只含小写字母、数字和下划线,最长 40 位,如 meeting_attendance。")
    if not name:
        errors["name"] = _("请填写项目名称。")
    elif len(name) > 100:
        errors["name"] = _("项目名称不能超过 100 个字。")
    if not isinstance(points, int) or isinstance(points, bool) or points == 0 or abs(points) > MAX_ITEM_POINTS:
        errors["points"] = _("分值须为非零整数,加分为正、扣分为负,绝对值不超过 %(max)s。") % {"max": MAX_ITEM_POINTS}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        rule_set = RuleSet.objects.select_for_update().get(pk=rule_set.pk)
        _check_draft(rule_set)
        if rule_set.items.filter(code=code).exists():
            raise ValidationError({"code": _("本版细则已有代码为“%(code)s”的项目。") % {"code": code}})
        item = RuleItem.objects.create(
            rule_set=rule_set, code=code, name=name, points=points, evidence_required=bool(evidence_required)
        )
        record_event(actor, "points.rules.item_add", item, region_code=rule_set.village_id, changes={
            "code": [None, code], "name": [None, name], "points": [None, points],
            "evidence_required": [None, bool(evidence_required)],
        }, post=post)
    return item


def remove_item(actor, item):
    post = require(actor, MANAGE, item.rule_set.village_id)
    with transaction.atomic():
        rule_set = RuleSet.objects.select_for_update().get(pk=item.rule_set_id)
        _check_draft(rule_set)
        record_event(actor, "points.rules.item_remove", item, region_code=rule_set.village_id, changes={
            "code": [item.code, None], "points": [item.points, None],
        }, post=post)
        item.delete()


def adopt(actor, rule_set, *, resolution_id=None, adopted_on=None, body=""):
    """Put a draft in force, superseding the version in force.

    With `resolution_id`: the passed resolution of the 村民会议/村民代表会议 that adopted it (its
    meeting date and body are taken from the record). Without: `adopted_on` and `body`."""
    post = require(actor, MANAGE, rule_set.village_id)
    resolution = None
    if resolution_id not in (None, ""):
        resolution = passed_resolution(rule_set.village_id, resolution_id, bodies=ADOPTING_BODIES)
        body = resolution.meeting.body
        adopted_on = resolution.meeting.meets_on
    else:
        errors = {}
        if body not in AdoptionBody.values:
            errors["body"] = _("请选择通过细则的会议:村民会议或村民代表会议。")
        if adopted_on is None:
            errors["adopted_on"] = _("请填写通过日期(或选择会议决议)。")
        elif adopted_on > timezone.localdate():
            errors["adopted_on"] = _("通过日期不能晚于今天。")
        if errors:
            raise ValidationError(errors)
    with transaction.atomic():
        locked = list(RuleSet.objects.select_for_update().filter(village_id=rule_set.village_id).order_by("pk"))
        rule_set = next(candidate for candidate in locked if candidate.pk == rule_set.pk)
        _check_draft(rule_set)
        if not rule_set.items.exists():
            raise ValidationError({"rule_set": _("细则还没有任何积分项目,不能通过。")})
        now = timezone.now()
        previous = next((candidate for candidate in locked if candidate.state == RuleSetState.ADOPTED), None)
        if previous is not None:
            previous.state = RuleSetState.SUPERSEDED
            previous.superseded_at = now
            previous.save(update_fields=["state", "superseded_at"])
            record_event(actor, "points.rules.supersede", previous, region_code=previous.village_id, changes={
                "state": [RuleSetState.ADOPTED, RuleSetState.SUPERSEDED],
            }, post=post)
        rule_set.state = RuleSetState.ADOPTED
        rule_set.adopted_by_body = body
        rule_set.adopted_on = adopted_on
        rule_set.resolution = resolution
        rule_set.save(update_fields=["state", "adopted_by_body", "adopted_on", "resolution"])
        record_event(actor, "points.rules.adopt", rule_set, region_code=rule_set.village_id, changes={
            "state": [RuleSetState.DRAFT, RuleSetState.ADOPTED], "adopted_by_body": ["", body],
            "adopted_on": [None, adopted_on.isoformat()], "resolution": [None, resolution.pk if resolution else None],
            "supersedes": [None, previous.pk if previous else None],
        }, post=post)
    return rule_set
