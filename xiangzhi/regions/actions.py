"""Every change to regions below a village and to designations."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import require
from xiangzhi.core.audit import record_event

from .models import (
    CODE_LENGTHS,
    GRID_MARK,
    SUBUNIT_LEVELS,
    Designation,
    DesignationLevel,
    DesignationTitle,
    Level,
    Region,
)
from .search import spell

MANAGE_SUBUNITS = "region.manage_subunits"
GRANT = "designation.grant"
NAME_MAX_LENGTH = 100
# How each kind of subunit extends its village's code: a mark, then a number of this width.
SUBUNIT_CODES = {
    Level.NATURAL_VILLAGE: ("", 3),
    Level.GRID: (GRID_MARK, 2),
}
ALLOCATION_ATTEMPTS = 5


def add_natural_village(actor, village, name):
    """Register a 自然村/屯: code = village code + the next free number 001…999."""
    return _add_subunit(actor, village, Level.NATURAL_VILLAGE, name)


def add_grid(actor, village, name):
    """Register a 网格: code = village code + "W" + the next free number 01…99."""
    return _add_subunit(actor, village, Level.GRID, name)


def _add_subunit(actor, village, level, name):
    post = require(actor, MANAGE_SUBUNITS, village.code)
    if village.level != Level.VILLAGE:
        raise ValidationError({"village": _("只能在村(社区)下添加自然村/屯或网格。")})
    name = _clean_name(name)
    with transaction.atomic():
        # Cadres of one village add subunits one at a time: the lock makes the name check
        # and the choice of code see each other's rows (SQLite serialises writers anyway).
        Region.objects.select_for_update().filter(pk=village.pk).first()
        _check_name_free(village, level, name)
        pinyin, initials = spell(name)
        for _attempt in range(ALLOCATION_ATTEMPTS):
            code = _next_free_code(village, level)
            try:
                with transaction.atomic():
                    unit = Region.objects.create(
                        code=code, name=name, level=level, parent=village, pinyin=pinyin, initials=initials,
                    )
                break
            except IntegrityError:
                # Someone took the code or the name between our read and our write.
                _check_name_free(village, level, name)
        else:
            raise ValidationError({"name": _("编号分配冲突,请重试。")})
        record_event(
            actor, f"regions.add_{level}", unit, region_code=unit.code, post=post,
            changes={"code": [None, unit.code], "name": [None, name], "parent": [None, village.code]},
        )
    return unit


def rename_subunit(actor, region, name):
    """Rename a 屯 or a grid; its code stays."""
    post = require(actor, MANAGE_SUBUNITS, region.code)
    if region.level not in SUBUNIT_LEVELS:
        raise ValidationError({"region": _("只有自然村/屯和网格可以在此改名。")})
    name = _clean_name(name)
    with transaction.atomic():
        unit = Region.objects.select_for_update().get(pk=region.pk)
        if unit.name == name:
            return unit
        _check_name_free(unit.parent, unit.level, name, exclude=unit.code)
        old_name = unit.name
        unit.name = name
        unit.pinyin, unit.initials = spell(name)
        unit.save(update_fields=["name", "pinyin", "initials", "updated_at"])
        record_event(
            actor, "regions.rename_subunit", unit, region_code=unit.code, post=post,
            changes={"name": [old_name, name]},
        )
    return unit


def _clean_name(name):
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("名称不能为空。")})
    if len(name) > NAME_MAX_LENGTH:
        raise ValidationError({"name": _("名称不能超过 %(max)d 个字。") % {"max": NAME_MAX_LENGTH}})
    return name


def _check_name_free(village, level, name, exclude=None):
    taken = Region.objects.filter(parent=village, level=level, name=name)
    if exclude:
        taken = taken.exclude(code=exclude)
    if taken.exists():
        raise ValidationError(
            {"name": _("本村已有名为“%(name)s”的%(kind)s。") % {"name": name, "kind": Level(level).label}}
        )


def _next_free_code(village, level):
    mark, width = SUBUNIT_CODES[level]
    stem = village.code + mark
    taken = {
        code[len(stem):]
        for code in Region.objects.within(stem).values_list("code", flat=True)
        if len(code) == CODE_LENGTHS[level]
    }
    for number in range(1, 10**width):
        suffix = f"{number:0{width}d}"
        if suffix not in taken:
            return stem + suffix
    raise ValidationError({"name": _("本村的%(kind)s编号已用完。") % {"kind": Level(level).label}})


def grant_designation(actor, region, *, title, level, year, granted_on, document_number=""):
    """Record a title granted to a place (民主法治示范村 …)."""
    post = require(actor, GRANT, region.code)
    document_number = (document_number or "").strip()
    _check_designation(title, level, year, granted_on, document_number)
    designation = Designation(
        region=region, title=title, level=level, year=year, granted_on=granted_on,
        document_number=document_number, granted_by=actor,
    )
    duplicate = ValidationError(
        {"title": _("%(region)s已有 %(year)s 年度%(level)s“%(title)s”称号。") % {
            "region": region.name, "year": year, "level": designation.get_level_display(),
            "title": designation.get_title_display(),
        }}
    )
    with transaction.atomic():
        if Designation.objects.filter(region=region, title=title, level=level, year=year).exists():
            raise duplicate
        try:
            with transaction.atomic():
                designation.save()
        except IntegrityError:
            raise duplicate from None
        record_event(
            actor, "designation.grant", designation, region_code=region.code, post=post,
            changes={
                "title": [None, title], "level": [None, level], "year": [None, year],
                "granted_on": [None, granted_on.isoformat()], "document_number": [None, document_number],
            },
        )
    return designation


def _check_designation(title, level, year, granted_on, document_number):
    errors = {}
    if title not in DesignationTitle.values:
        errors["title"] = _("请选择称号。")
    if level not in DesignationLevel.values:
        errors["level"] = _("请选择级别。")
    this_year = timezone.localdate().year
    if not isinstance(year, int) or not 2000 <= year <= this_year + 1:
        errors["year"] = _("年度应在 2000 至 %(max)d 之间。") % {"max": this_year + 1}
    if granted_on is None:
        errors["granted_on"] = _("请填写授予日期。")
    elif granted_on > timezone.localdate():
        errors["granted_on"] = _("授予日期不能晚于今天。")
    if len(document_number) > 100:
        errors["document_number"] = _("文号不能超过 100 个字。")
    if errors:
        raise ValidationError(errors)


def revoke_designation(actor, designation, reason):
    """Withdraw a title; the row stays, with when, why and by whom."""
    post = require(actor, GRANT, designation.region_id)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写撤销理由。")})
    with transaction.atomic():
        designation = Designation.objects.select_for_update().get(pk=designation.pk)
        if designation.revoked_on is not None:
            raise ValidationError(
                {"reason": _("该称号已于 %(date)s 撤销。") % {"date": designation.revoked_on.isoformat()}}
            )
        designation.revoked_on = timezone.localdate()
        designation.revoke_reason = reason
        designation.revoked_by = actor
        designation.save(update_fields=["revoked_on", "revoke_reason", "revoked_by"])
        record_event(
            actor, "designation.revoke", designation, region_code=designation.region_id, post=post,
            changes={"revoked_on": [None, designation.revoked_on.isoformat()], "revoke_reason": ["", reason]},
        )
    return designation
