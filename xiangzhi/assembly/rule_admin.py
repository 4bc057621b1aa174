"""A county changing its quorum and outcome rules (county_department, assembly.rules)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import require
from xiangzhi.core.audit import record_event
from xiangzhi.regions.models import Level, Region

from .rules import default_rule
from .models import Body, Comparison, PassBase, QuorumBase, QuorumRule

RULES = "assembly.rules"
FRACTION_FIELDS = ("quorum", "alt_quorum", "pass")
EDITABLE = (
    "quorum_numerator", "quorum_denominator", "quorum_comparison", "quorum_base",
    "alt_quorum_numerator", "alt_quorum_denominator", "alt_quorum_comparison", "alt_quorum_base",
    "pass_numerator", "pass_denominator", "pass_comparison", "pass_base", "legal_basis",
)


def county_rules(county_code):
    """Every body's rule as it applies in the county: its own row, else the default (one query
    for both; a default missing from a flushed table is built as default_rule builds it)."""
    own, shared = {}, {}
    for rule in QuorumRule.objects.filter(Q(county_id=county_code) | Q(county__isnull=True)):
        (own if rule.county_id else shared)[rule.body] = rule
    return [own.get(body) or shared.get(body) or default_rule(body) for body in Body.values]


def _check(values):
    errors = {}
    for prefix in FRACTION_FIELDS:
        numerator, denominator = values.get(f"{prefix}_numerator"), values.get(f"{prefix}_denominator")
        if prefix == "alt_quorum" and not numerator:
            continue
        if not isinstance(denominator, int) or denominator < 1:
            errors[f"{prefix}_denominator"] = _("分母须为正整数。")
        elif not isinstance(numerator, int) or numerator < 0 or numerator > denominator:
            errors[f"{prefix}_numerator"] = _("分子须为 0 至分母之间的整数。")
    for field, choices in (("quorum_comparison", Comparison), ("pass_comparison", Comparison),
                           ("quorum_base", QuorumBase), ("pass_base", PassBase)):
        if values.get(field) not in choices.values:
            errors[field] = _("不是可选的值。")
    if values.get("alt_quorum_numerator"):
        if values.get("alt_quorum_comparison") not in Comparison.values:
            errors["alt_quorum_comparison"] = _("不是可选的值。")
        if values.get("alt_quorum_base") not in QuorumBase.values:
            errors["alt_quorum_base"] = _("不是可选的值。")
    if not (values.get("pass_numerator") or 0):
        errors["pass_numerator"] = _("通过比例不能为零。")
    if not (values.get("legal_basis") or "").strip():
        errors["legal_basis"] = _("请填写法律依据。")
    if errors:
        raise ValidationError(errors)


def set_rule(actor, *, county, body, **values):
    """The county's rule for `body` becomes `values` (fields of EDITABLE). Returns the rule."""
    county_code = getattr(county, "pk", county)
    post = require(actor, RULES, county_code)
    if not Region.objects.filter(pk=county_code, level=Level.COUNTY).exists():
        raise ValidationError({"county": _("请选择县。")})
    if body not in Body.values:
        raise ValidationError({"body": _("请选择会议类型。")})
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise ValidationError({"__all__": _("不能修改:%(fields)s。") % {"fields": "、".join(sorted(unknown))}})
    with transaction.atomic():
        current = (QuorumRule.objects.select_for_update().filter(county_id=county_code, body=body).first()
                   or default_rule(body))
        merged = {field: getattr(current, field) for field in EDITABLE}
        merged.update(values)
        if not merged.get("alt_quorum_numerator"):
            merged.update(alt_quorum_numerator=None, alt_quorum_denominator=None,
                          alt_quorum_comparison="", alt_quorum_base="")
        _check(merged)
        before = {field: getattr(current, field) for field in EDITABLE}
        rule, _created = QuorumRule.objects.update_or_create(
            county_id=county_code, body=body, defaults={**merged, "updated_by": actor})
        record_event(actor, "quorum_rule.update", rule, region_code=county_code, post=post,
                     changes={f: [before[f], merged[f]] for f in EDITABLE if before[f] != merged[f]})
    return rule
