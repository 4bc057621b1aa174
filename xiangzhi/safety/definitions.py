"""Each county's definition of 无案村/降发案村 and its 示范村 criteria; the national defaults."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xiangzhi.accounts.permissions import require
from xiangzhi.core.audit import record_event
from xiangzhi.regions.models import CODE_LENGTHS, Level

from .models import (
    DEFAULT_FEWER_CASE_COUNTS, DEFAULT_NO_CASE_COUNTS, DEFAULT_TARGET_PERCENT, SAFETY_CONFIG, CaseCount,
    SafetyDefinition,
)

COUNTY_LENGTH = CODE_LENGTHS[Level.COUNTY]

# After the national 民主法治示范村(社区)建设指导标准.
DEFAULT_CRITERIA = [
    {"key": "organisation", "label": gettext_lazy("组织健全"), "max_score": 15},
    {"key": "election", "label": gettext_lazy("民主选举"), "max_score": 10},
    {"key": "decision", "label": gettext_lazy("民主决策"), "max_score": 15},
    {"key": "management", "label": gettext_lazy("民主管理"), "max_score": 10},
    {"key": "supervision", "label": gettext_lazy("民主监督"), "max_score": 10},
    {"key": "publicity", "label": gettext_lazy("法治宣传"), "max_score": 15},
    {"key": "lawful_conduct", "label": gettext_lazy("依法办事"), "max_score": 15},
    {"key": "safety", "label": gettext_lazy("平安建设"), "max_score": 10},
]


@dataclass
class Definition:
    county: str
    no_case_counts: list = field(default_factory=lambda: list(DEFAULT_NO_CASE_COUNTS))
    fewer_case_counts: list = field(default_factory=lambda: list(DEFAULT_FEWER_CASE_COUNTS))
    target_percent: int = DEFAULT_TARGET_PERCENT
    criteria: list = field(default_factory=lambda: [dict(item, label=str(item["label"])) for item in DEFAULT_CRITERIA])
    own: bool = False

    @classmethod
    def of(cls, row):
        definition = cls(county=row.region_id, no_case_counts=list(row.no_case_counts),
                         fewer_case_counts=list(row.fewer_case_counts), target_percent=row.target_percent, own=True)
        if row.criteria:
            definition.criteria = list(row.criteria)
        return definition

    def labels(self, names):
        return [CaseCount(name).label for name in names]


def definitions_for(code):
    """{county code: Definition} for every county at or under `code`, or the one above it (1 query)."""
    if len(code) >= COUNTY_LENGTH:
        rows = SafetyDefinition.objects.filter(region_id=code[:COUNTY_LENGTH])
    else:
        rows = SafetyDefinition.objects.filter(region_id__prefix=code)
    return {row.region_id: Definition.of(row) for row in rows}


def definition_of(county_code):
    return definitions_for(county_code).get(county_code) or Definition(county=county_code)


def _clean_counts(value, field_name, *, allow_empty=False):
    if isinstance(value, str):
        value = [item for item in value.split(",") if item]
    names = list(dict.fromkeys(value or []))
    bad = [name for name in names if name not in CaseCount.values]
    if bad:
        raise ValidationError({field_name: _("未知的案件类别:%(names)s。") % {"names": "、".join(map(str, bad))}})
    if not names and not allow_empty:
        raise ValidationError({field_name: _("请至少选择一类案件。")})
    return names


def _clean_criteria(criteria):
    if not criteria:
        return []
    cleaned, keys = [], set()
    for position, item in enumerate(criteria, start=1):
        # A page names its rows itself (blank rows skipped); the API numbers the list.
        number = item.get("row") or position
        label = str(item.get("label") or "").strip()
        key = str(item.get("key") or "").strip() or f"c{number}"
        try:
            max_score = int(item.get("max_score"))
        except (TypeError, ValueError):
            max_score = 0
        if not label or len(label) > 50:
            raise ValidationError({"criteria": _("第 %(n)d 项标准的名称应为 1 至 50 个字。") % {"n": number}})
        if not 1 <= max_score <= 100:
            raise ValidationError({"criteria": _("第 %(n)d 项标准的满分应在 1 至 100 之间。") % {"n": number}})
        if key in keys:
            raise ValidationError({"criteria": _("第 %(n)d 项标准的代码重复。") % {"n": number}})
        keys.add(key)
        cleaned.append({"key": key, "label": label, "max_score": max_score})
    return cleaned


def configure(actor, county, *, no_case_counts, fewer_case_counts, target_percent, criteria=None):
    """Set a county's own definition (县委政法委). `criteria` None keeps the current list."""
    post = require(actor, SAFETY_CONFIG, county.code)
    if county.level != Level.COUNTY:
        raise ValidationError({"county": _("认定口径按县设置,请选择县(市、区)。")})
    errors = {}
    try:
        no_case_counts = _clean_counts(no_case_counts, "no_case_counts")
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        fewer_case_counts = _clean_counts(fewer_case_counts, "fewer_case_counts")
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        target_percent = int(target_percent)
    except (TypeError, ValueError):
        target_percent = -1
    if not 1 <= target_percent <= 100:
        errors["target_percent"] = [_("目标占比应为 1 至 100 之间的整数。")]
    try:
        cleaned_criteria = None if criteria is None else _clean_criteria(criteria)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        row = SafetyDefinition.objects.select_for_update().filter(region=county).first()
        before = Definition.of(row) if row else Definition(county=county.code)
        if row is None:
            row = SafetyDefinition(region=county, updated_by=actor)
        row.no_case_counts = no_case_counts
        row.fewer_case_counts = fewer_case_counts
        row.target_percent = target_percent
        if cleaned_criteria is not None:
            row.criteria = cleaned_criteria
        row.updated_by = actor
        row.save()
        changes = {}
        for name in ("no_case_counts", "fewer_case_counts", "target_percent"):
            old, new = getattr(before, name), getattr(row, name)
            if old != new:
                changes[name] = [old, new]
        if cleaned_criteria is not None and (before.criteria if before.own else []) != row.criteria:
            changes["criteria"] = [before.criteria if before.own else [], row.criteria]
        record_event(actor, "safety.configure", row, region_code=county.code, post=post, changes=changes)
    return row


def _keyed(criteria):
    """Rows typed on the page have no code yet: give each a code no other row of the list uses."""
    taken = {str(item.get("key") or "").strip() for item in criteria}
    counter, keyed = 0, []
    for item in criteria:
        if not str(item.get("key") or "").strip():
            counter += 1
            while f"c{counter}" in taken:
                counter += 1
            taken.add(f"c{counter}")
            item = {**item, "key": f"c{counter}"}
        keyed.append(item)
    return keyed


def set_criteria(actor, county, criteria):
    """Set a county's own 民主法治示范村 criteria (an empty list goes back to the national ones).
    Applications already made keep the criteria they were scored against."""
    post = require(actor, SAFETY_CONFIG, county.code)
    if county.level != Level.COUNTY:
        raise ValidationError({"county": _("评分标准按县设置,请选择县(市、区)。")})
    cleaned = _clean_criteria(_keyed(list(criteria)))
    with transaction.atomic():
        row = SafetyDefinition.objects.select_for_update().filter(region=county).first()
        if row is None:
            defaults = Definition(county=county.code)
            row = SafetyDefinition(region=county, no_case_counts=defaults.no_case_counts,
                                   fewer_case_counts=defaults.fewer_case_counts,
                                   target_percent=defaults.target_percent)
        before = list(row.criteria)
        row.criteria = cleaned
        row.updated_by = actor
        row.save()
        changes = {"criteria": [before, cleaned]} if before != cleaned else {}
        record_event(actor, "safety.criteria", row, region_code=county.code, post=post, changes=changes)
    return row
