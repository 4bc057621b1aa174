"""Every change to an assessment: the county sets a scheme, records vetoes, computes, publishes, and
corrects a published scheme by a new version. Each checks the post, runs in one transaction and is
audited."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import require
from xiangzhi.core.audit import record_event
from xiangzhi.regions.models import LEVEL_ORDER, Level, Region
from xiangzhi.targets import registry
from xiangzhi.targets.models import IndicatorValue
from xiangzhi.targets.plans import DEFAULT_PLAN, PlanError, load_plan

from . import scoring
from .models import ASSESSED_LEVELS, ASSESSMENT_MANAGE, Result, Scheme, SchemeItem, SchemeStatus, UnitVeto, grade_for
from .vetoes import allowed_vetoes

MAX_TEXT = 2000


def current_plan_key():
    return getattr(settings, "XIANGZHI_PLAN", DEFAULT_PLAN)


def plan_targets(plan_key):
    """{target key: Target} of the plan; a plan file that cannot be read refuses the scheme."""
    try:
        return {target.key: target for target in load_plan(plan_key).targets()}
    except PlanError as error:
        raise ValidationError({"items": str(error)}) from None


# --- validation -------------------------------------------------------------------------------

def _clean_year(value):
    try:
        year = int(value)
    except (TypeError, ValueError):
        year = None
    if year is None or not 2000 <= year <= timezone.localdate().year + 1:
        raise ValidationError({"year": _("考核年度应为 2000 年至明年之间的年份。")})
    return year


def _clean_level(value):
    if value not in ASSESSED_LEVELS:
        raise ValidationError({"level": _("考核对象应为乡镇(街道)或村(社区)。")})
    return value


def _clean_title(value):
    title = str(value or "").strip()
    if not 1 <= len(title) <= 100:
        raise ValidationError({"title": _("请填写方案名称(100 字以内)。")})
    return title


def _clean_vetoes(keys):
    allowed = allowed_vetoes()
    keys = list(dict.fromkeys(str(key).strip() for key in (keys or []) if str(key).strip()))
    refused = [key for key in keys if key not in allowed]
    if refused:
        raise ValidationError({"vetoes": _(
            "「%(keys)s」不在一票否决允许清单内:只有中央或自治区有明确要求的事项才能一票否决。") % {
            "keys": "、".join(refused)}})
    return keys


def _item_label(number, target=None):
    if target is None:
        return _("第 %(n)d 项") % {"n": number}
    return _("第 %(n)d 项「%(title)s」") % {"n": number, "title": target.title}


def _clean_items(items, plan_key, level):
    """SchemeItem field values for each item, checked against the plan and the registry."""
    targets = plan_targets(plan_key)
    cleaned, seen, total = [], set(), 0
    for position, item in enumerate(items or [], start=1):
        number = int(item.get("row") or position)
        key = str(item.get("target") or "").strip()
        target = targets.get(key)
        if target is None:
            raise ValidationError({"items": _("%(item)s:规划中没有目标「%(key)s」。") % {
                "item": _item_label(number), "key": key or "—"}})
        label = _item_label(number, target)
        if target.pending:
            raise ValidationError({"items": _("%(item)s 待接入(所属模块尚未上线,没有数据),不能列入考核。") % {
                "item": label}})
        indicator = registry.get(target.indicator)
        if indicator is None:
            raise ValidationError({"items": _("%(item)s 的指标 %(key)s 未登记,不能计分。") % {
                "item": label, "key": target.indicator}})
        if LEVEL_ORDER.index(indicator.level) < LEVEL_ORDER.index(level):
            raise ValidationError({"items": _("%(item)s 按%(level)s统计,不能用于考核%(assessed)s。") % {
                "item": label, "level": Level(indicator.level).label, "assessed": Level(level).label}})
        if key in seen:
            raise ValidationError({"items": _("%(item)s 重复列入。") % {"item": label}})
        seen.add(key)
        try:
            weight = int(str(item.get("weight")).strip())
        except (TypeError, ValueError):
            weight = 0
        if not 1 <= weight <= 100:
            raise ValidationError({"items": _("%(item)s 的权重应为 1 至 100 之间的整数。") % {"item": label}})
        total += weight
        share = scoring.is_share(indicator)
        target_value = _clean_target_value(item.get("target_value"), target, share, label)
        bands = item.get("bands")
        bands = scoring.DEFAULT_BANDS if bands in (None, "", []) else bands
        try:
            bands = scoring.clean_bands(bands, label)
        except ValidationError as error:
            raise ValidationError({"items": error.messages}) from None
        cleaned.append({
            "position": len(cleaned) + 1, "target_key": key, "indicator": target.indicator,
            "title": target.title, "comparator": target.comparator, "target_value": target_value,
            "is_share": share, "weight": weight, "bands": bands,
        })
    if not cleaned:
        raise ValidationError({"items": _("请至少列入一个考核项目。")})
    if total != 100:
        raise ValidationError({"items": _("各项权重合计应为 100,现为 %(total)d。") % {"total": total}})
    return cleaned


def _clean_target_value(value, target, share, label):
    """The unit's target: shares in % (default: the plan's), counts as numbers (required: the
    plan's counts are for the whole region, a county sets each unit's own)."""
    if value in (None, ""):
        if not share:
            raise ValidationError({"items": _("%(item)s 是数量指标,规划目标是全区合计,请填写对每个单位的目标值。") % {
                "item": label}})
        return float(target.value)
    try:
        number = float(str(value).strip().rstrip("%"))
    except ValueError:
        number = -1
    if share:
        if not 0 < number <= 100:
            raise ValidationError({"items": _("%(item)s 的目标值应为 0 至 100 之间的百分比。") % {"item": label}})
        return number / 100
    if number <= 0:
        raise ValidationError({"items": _("%(item)s 的目标值应为正数。") % {"item": label}})
    return number


def _collect(*checks):
    """Run each (function, value) check; raise every field's error at once."""
    values, errors = [], {}
    for check, *args in checks:
        try:
            values.append(check(*args))
        except ValidationError as error:
            errors.update(error.message_dict)
            values.append(None)
    if errors:
        raise ValidationError(errors)
    return values


def _require_draft(scheme):
    if not scheme.is_draft:
        raise ValidationError({"__all__": _("方案已发布,不能修改;如需更正,请发布更正版本并说明理由。")})


def _write_items(scheme, items):
    scheme.items.all().delete()
    SchemeItem.objects.bulk_create(SchemeItem(scheme=scheme, **item) for item in items)


def _items_snapshot(scheme):
    return [[item.target_key, item.weight, item.target_value, item.bands] for item in scheme.items.all()]


def _discard_results(scheme):
    """Results computed before a change no longer match the scheme: compute again."""
    scheme.results.all().delete()
    scheme.computed_at = None


# --- actions ----------------------------------------------------------------------------------

def create_scheme(actor, county, *, year, level, title, items, vetoes=()):
    post = require(actor, ASSESSMENT_MANAGE, county.code)
    if county.level != Level.COUNTY:
        raise ValidationError({"__all__": _("考核方案由县(市、区)制定,请在县级岗位下操作。")})
    plan_key = current_plan_key()
    year, level, title = _collect((_clean_year, year), (_clean_level, level), (_clean_title, title))
    items, vetoes = _collect((_clean_items, items, plan_key, level), (_clean_vetoes, vetoes))
    with transaction.atomic():
        if Scheme.objects.select_for_update().filter(region=county, year=year, level=level).exists():
            raise ValidationError({"year": _("%(county)s %(year)d 年度%(level)s考核方案已存在,请修改原方案或发布更正版本。") % {
                "county": county.name, "year": year, "level": Level(level).label}})
        scheme = Scheme.objects.create(region=county, year=year, level=level, title=title, plan_key=plan_key,
                                       vetoes=vetoes, created_by=actor)
        _write_items(scheme, items)
        record_event(actor, "assessment.create", scheme, region_code=county.code, post=post, changes={
            "title": [None, title], "year": [None, year], "level": [None, level],
            "items": [None, _items_snapshot(scheme)], "vetoes": [None, vetoes]})
    return scheme


def update_scheme(actor, scheme, *, title, items, vetoes=()):
    post = require(actor, ASSESSMENT_MANAGE, scheme.region_id)
    title, items, vetoes = _collect((_clean_title, title), (_clean_items, items, scheme.plan_key, scheme.level),
                                    (_clean_vetoes, vetoes))
    with transaction.atomic():
        scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
        _require_draft(scheme)
        before = {"title": scheme.title, "items": _items_snapshot(scheme), "vetoes": scheme.vetoes}
        dropped = set(scheme.vetoes) - set(vetoes)
        if dropped and scheme.unit_vetoes.filter(veto_key__in=dropped).exists():
            raise ValidationError({"vetoes": _("已有单位按该否决事项被否决,请先撤销该否决记录。")})
        scheme.title, scheme.vetoes = title, vetoes
        _write_items(scheme, items)
        _discard_results(scheme)
        scheme.save(update_fields=["title", "vetoes", "computed_at"])
        after = {"title": title, "items": _items_snapshot(scheme), "vetoes": vetoes}
        changes = {key: [before[key], after[key]] for key in before if before[key] != after[key]}
        record_event(actor, "assessment.update", scheme, region_code=scheme.region_id, post=post, changes=changes)
    return scheme


def record_veto(actor, scheme, *, region_code, veto_key, reason, evidence):
    """The county finds an assessed unit under one of the scheme's vetoes, with reason and evidence."""
    post = require(actor, ASSESSMENT_MANAGE, scheme.region_id)
    _require_draft(scheme)
    errors = {}
    unit = Region.objects.filter(pk=str(region_code or "").strip(), level=scheme.level).first()
    if unit is None or not unit.code.startswith(scheme.region_id):
        errors["region"] = [_("请选择本县的被考核单位。")]
    if veto_key not in scheme.vetoes:
        errors["veto_key"] = [_("请选择本方案列明的一票否决事项。")]
    reason, evidence = str(reason or "").strip(), str(evidence or "").strip()
    if not reason or len(reason) > MAX_TEXT:
        errors["reason"] = [_("请填写否决理由(2000 字以内)。")]
    if not evidence or len(evidence) > MAX_TEXT:
        errors["evidence"] = [_("请填写依据材料(文号、通报或案卷,2000 字以内)。")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
        _require_draft(scheme)
        if scheme.unit_vetoes.filter(region=unit, veto_key=veto_key).exists():
            raise ValidationError({"veto_key": _("该单位已按此事项被否决。")})
        veto = UnitVeto.objects.create(scheme=scheme, region=unit, veto_key=veto_key, reason=reason,
                                       evidence=evidence, recorded_by=actor)
        _discard_results(scheme)
        scheme.save(update_fields=["computed_at"])
        record_event(actor, "assessment.veto", veto, region_code=unit.code, post=post, changes={
            "veto_key": [None, veto_key], "reason": [None, reason], "evidence": [None, evidence]})
    return veto


def withdraw_veto(actor, veto):
    post = require(actor, ASSESSMENT_MANAGE, veto.scheme.region_id)
    with transaction.atomic():
        scheme = Scheme.objects.select_for_update().get(pk=veto.scheme_id)
        _require_draft(scheme)
        record_event(actor, "assessment.veto_withdraw", veto, region_code=veto.region_id, post=post, changes={
            "veto_key": [veto.veto_key, None], "reason": [veto.reason, None]})
        veto.delete()
        _discard_results(scheme)
        scheme.save(update_fields=["computed_at"])


def compute_results(actor, scheme):
    """Each assessed unit's score from the rollup rows of the scheme's year; vetoed units 不合格."""
    post = require(actor, ASSESSMENT_MANAGE, scheme.region_id)
    with transaction.atomic():
        scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
        _require_draft(scheme)
        items = list(scheme.items.all())
        indicators = {}
        for item in items:
            indicator = registry.get(item.indicator)
            if indicator is None:
                raise ValidationError({"__all__": _("指标 %(key)s 已不再登记,请修改方案。") % {"key": item.indicator}})
            indicators[item.indicator] = indicator
        units = list(Region.objects.within(scheme.region_id).at_level(scheme.level).order_by("code"))
        if not units:
            raise ValidationError({"__all__": _("本县没有可考核的%(level)s。") % {"level": Level(scheme.level).label}})
        rows = _rows(scheme, indicators, {unit.code for unit in units})
        vetoes = {}
        for veto in scheme.unit_vetoes.all():
            vetoes.setdefault(veto.region_id, []).append(veto.veto_key)
        now = timezone.now()
        results = [_result(scheme, unit, items, indicators, rows.get(unit.code, {}), vetoes.get(unit.code, []), now)
                   for unit in units]
        _rank(results)
        before = scheme.results.count()
        scheme.results.all().delete()
        Result.objects.bulk_create(results)
        scheme.computed_at = now
        scheme.save(update_fields=["computed_at"])
        record_event(actor, "assessment.compute", scheme, region_code=scheme.region_id, post=post,
                     changes={"results": [before, len(results)]})
    return results


def _rows(scheme, indicators, codes):
    """{unit code: {indicator: {period: (numerator, denominator)}}} from one query."""
    periods = {key for indicator in indicators.values() for key in scoring.year_periods(indicator, scheme.year)}
    query = (IndicatorValue.objects.filter(indicator__in=list(indicators), period__in=periods,
                                           region__prefix=scheme.region_id)
             .values_list("region_id", "indicator", "period", "numerator", "denominator"))
    rows = {}
    for code, indicator, period, numerator, denominator in query:
        if code in codes:
            rows.setdefault(code, {}).setdefault(indicator, {})[period] = (numerator, denominator)
    return rows


def _result(scheme, unit, items, indicators, unit_rows, veto_keys, now):
    details, score = [], 0.0
    for item in items:
        value = scoring.yearly_value(indicators[item.indicator], unit_rows.get(item.indicator, {}), scheme.year)
        reached = scoring.reach(value, item.target_value, item.comparator)
        band, points_percent = scoring.band_for(reached, item.bands)
        points = round(item.weight * points_percent / 100, 2)
        score += points
        details.append({
            "target": item.target_key, "title": item.title, "indicator": item.indicator, "weight": item.weight,
            "comparator": item.comparator, "target_value": item.target_value, "is_share": item.is_share,
            "value": value, "reach": reached, "band": None if band is None else band + 1, "points": points,
        })
    vetoed = bool(veto_keys)
    score = round(score, 2)
    return Result(scheme=scheme, region=unit, score=score, vetoed=vetoed, grade=grade_for(score, vetoed),
                  rank=0, details=details, computed_at=now)


def _rank(results):
    """Rank by score, vetoed units after every other; equal scores share a rank."""
    ordered = sorted(results, key=lambda result: (result.vetoed, -result.score, result.region_id))
    previous = None
    for position, result in enumerate(ordered, start=1):
        key = (result.vetoed, result.score)
        result.rank = previous[1] if previous and previous[0] == key else position
        previous = (key, result.rank)


def publish_scheme(actor, scheme):
    """Publish once: the assessed units see their results; the version it corrects is replaced."""
    post = require(actor, ASSESSMENT_MANAGE, scheme.region_id)
    with transaction.atomic():
        scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
        _require_draft(scheme)
        if scheme.computed_at is None or not scheme.results.exists():
            raise ValidationError({"__all__": _("请先计算考核结果,核对后再发布。")})
        if scheme.supersedes_id:
            Scheme.objects.filter(pk=scheme.supersedes_id).update(status=SchemeStatus.SUPERSEDED)
        scheme.status, scheme.published_at = SchemeStatus.PUBLISHED, timezone.now()
        scheme.save(update_fields=["status", "published_at"])
        record_event(actor, "assessment.publish", scheme, region_code=scheme.region_id, post=post,
                     changes={"status": [SchemeStatus.DRAFT.value, SchemeStatus.PUBLISHED.value]})
    return scheme


def revise_scheme(actor, scheme, *, reason):
    """A correction of a published scheme: a new draft version, copied, that says why."""
    post = require(actor, ASSESSMENT_MANAGE, scheme.region_id)
    reason = str(reason or "").strip()
    if not reason or len(reason) > MAX_TEXT:
        raise ValidationError({"reason": _("请填写更正理由(2000 字以内)。")})
    with transaction.atomic():
        scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
        if scheme.status != SchemeStatus.PUBLISHED:
            raise ValidationError({"__all__": _("只有已发布的现行方案才能发布更正版本。")})
        if Scheme.objects.filter(region_id=scheme.region_id, year=scheme.year, level=scheme.level,
                                 status=SchemeStatus.DRAFT).exists():
            raise ValidationError({"__all__": _("已有一个待发布的更正版本。")})
        revision = Scheme.objects.create(
            region_id=scheme.region_id, year=scheme.year, level=scheme.level, title=scheme.title,
            plan_key=scheme.plan_key, version=scheme.version + 1, supersedes=scheme, correction_reason=reason,
            vetoes=list(scheme.vetoes), created_by=actor)
        SchemeItem.objects.bulk_create(
            SchemeItem(scheme=revision, position=item.position, target_key=item.target_key,
                       indicator=item.indicator, title=item.title, comparator=item.comparator,
                       target_value=item.target_value, is_share=item.is_share, weight=item.weight,
                       bands=item.bands)
            for item in scheme.items.all())
        UnitVeto.objects.bulk_create(
            UnitVeto(scheme=revision, region_id=veto.region_id, veto_key=veto.veto_key, reason=veto.reason,
                     evidence=veto.evidence, recorded_by=veto.recorded_by)
            for veto in scheme.unit_vetoes.all())
        record_event(actor, "assessment.revise", revision, region_code=scheme.region_id, post=post,
                     changes={"version": [scheme.version, revision.version], "correction_reason": [None, reason]})
    return revision
