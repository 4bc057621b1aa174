"""The county's configuration of grid management: its own event categories under the shared
大类, the responsibility matrix, deadline overrides and its holidays and 调休 working days.

Shared rows (no county) come with the platform and are read-only here; a county adds,
changes and removes only its own. Every change needs "grid.config" on the county and is
audited.
"""

import datetime
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import posts_with_capability, require
from xiangzhi.core.audit import diff, record_event, snapshot
from xiangzhi.regions.models import CODE_LENGTHS, Level, Region

from .models import CalendarDay, DeadlineRule, EventCategory, HandlerLevel, ResponsibilityRule, Urgency

CONFIG = "grid.config"
COUNTY_CODE_LENGTH = CODE_LENGTHS[Level.COUNTY]
CATEGORY_NAME_MAX = 50
CATEGORY_CODE_MAX = 40
CODE_PATTERN = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
MAX_ACCEPT_DAYS = 30
MAX_RESOLVE_DAYS = 365


# --- which county -------------------------------------------------------------------------


def config_counties(user):
    """The counties the user configures: the county of each post holding grid.config."""
    codes = sorted({post.region_id[:COUNTY_CODE_LENGTH] for post in posts_with_capability(user, CONFIG)
                    if len(post.region_id) >= COUNTY_CODE_LENGTH})
    return list(Region.objects.filter(code__in=codes, level=Level.COUNTY).order_by("code"))


def county_for(user, code=None):
    """The county a page or call configures: the asked one (404 if not the user's), or the
    user's only one. 403 without grid.config anywhere."""
    if not posts_with_capability(user, CONFIG):
        raise PermissionDenied(_("您没有此项操作的权限。"))
    counties = config_counties(user)
    if code:
        county = next((county for county in counties if county.code == code), None)
        if county is None:
            raise Http404(_("未找到该县。"))
        return county
    if not counties:
        raise Http404(_("未找到该县。"))
    return counties[0]


def _require(actor, county):
    if not isinstance(county, Region) or county.level != Level.COUNTY:
        raise Http404(_("未找到该县。"))
    return require(actor, CONFIG, county.code)


def _locked(queryset, county, pk):
    """The county's row as it is now, locked for the change (None if someone removed it)."""
    return queryset.select_for_update().filter(pk=pk, county=county).first()


def categories_for(county):
    """The shared taxonomy and the county's own categories, 大类 first in order."""
    return EventCategory.objects.for_county(county.code).select_related("parent", "county")


def usable_categories(county):
    """Categories a rule may name: active, shared or the county's own."""
    return categories_for(county).active()


def _category_for_rule(county, category, field="category"):
    if isinstance(category, EventCategory):
        category = category.pk
    found = None
    if category not in (None, ""):
        text = str(category).strip()
        lookup = {"pk": int(text)} if text.isdigit() else {"code": text}
        found = usable_categories(county).filter(**lookup).first()
    if found is None:
        raise ValidationError({field: _("请选择本县可用的事件类别。")})
    return found


# --- categories ---------------------------------------------------------------------------


def _clean_name(name):
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("请填写类别名称。")})
    if len(name) > CATEGORY_NAME_MAX:
        raise ValidationError({"name": _("类别名称不能超过 %(max)d 个字。") % {"max": CATEGORY_NAME_MAX}})
    return name


def get_visible_category(county, pk):
    """A category the county sees (shared or its own), or 404."""
    category = categories_for(county).filter(pk=pk).first() if str(pk).isdigit() else None
    if category is None:
        raise Http404(_("未找到该类别。"))
    return category


def _own_category(actor, county, category):
    post = _require(actor, county)
    if category.county_id is None:
        raise ValidationError({"category": _("“%(name)s”是平台统一的类别,不能修改;可以新增本县的小类。") % {
            "name": category.name}})
    if category.county_id != county.code:
        raise Http404(_("未找到该类别。"))
    return post


def _new_code(parent, county, code):
    code = (code or "").strip().lower()
    if code:
        if len(code) > CATEGORY_CODE_MAX or not CODE_PATTERN.match(code) or not code.startswith(parent.code + "."):
            raise ValidationError({"code": _(
                "编码须以“%(parent)s.”开头,只含小写字母、数字和下划线,不超过 %(max)d 个字符,如 %(parent)s.%(example)s。"
            ) % {"parent": parent.code, "max": CATEGORY_CODE_MAX, "example": "local_1"}})
        if EventCategory.objects.filter(code=code).exists():
            raise ValidationError({"code": _("编码“%(code)s”已被使用。") % {"code": code}})
        return code
    # Codes are Open311 service codes: stable, ASCII, unique across counties.
    taken = set(EventCategory.objects.filter(code__startswith=f"{parent.code}.c{county.code}_")
                .values_list("code", flat=True))
    number = 1
    while f"{parent.code}.c{county.code}_{number}" in taken:
        number += 1
    return f"{parent.code}.c{county.code}_{number}"


def add_category(actor, county, *, parent, name, code="", description=""):
    """A county's own 小类 under a shared 大类."""
    post = _require(actor, county)
    errors = {}
    if isinstance(parent, EventCategory):
        parent = parent.pk
    text = str(parent or "").strip()
    lookup = {"pk": int(text)} if text.isdigit() else {"code": text}
    parent_category = (
        EventCategory.objects.filter(parent__isnull=True, county__isnull=True, active=True).filter(**lookup).first()
        if text else None
    )
    if parent_category is None:
        errors["parent"] = _("请选择平台统一的大类。")
    try:
        name = _clean_name(name)
    except ValidationError as error:
        errors.update(error.message_dict)
    description = (description or "").strip()
    if len(description) > 500:
        errors["description"] = _("说明不能超过 500 个字。")
    if not errors and EventCategory.objects.filter(parent=parent_category, name=name).for_county(county.code).exists():
        errors["name"] = _("“%(parent)s”下已有“%(name)s”。") % {"parent": parent_category.name, "name": name}
    if not errors:
        try:
            code = _new_code(parent_category, county, code)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    last = parent_category.children.order_by("-order").values_list("order", flat=True).first() or parent_category.order
    try:
        with transaction.atomic():
            category = EventCategory.objects.create(
                code=code, name=name, parent=parent_category, county=county, description=description,
                order=last + 1,
            )
            record_event(
                actor, "grid_category.add", category, region_code=county.code, post=post,
                changes={"code": [None, code], "name": [None, name], "parent": [None, parent_category.code]},
            )
    except IntegrityError:
        raise ValidationError({"code": _("编码“%(code)s”已被使用。") % {"code": code}}) from None
    return category


def update_category(actor, county, category, *, name=None, active=None, description=None):
    """Rename, describe, deactivate or reactivate one of the county's own categories."""
    post = _own_category(actor, county, category)
    values = {}
    if name is not None:
        values["name"] = _clean_name(name)
        if (EventCategory.objects.filter(parent_id=category.parent_id, name=values["name"])
                .for_county(county.code).exclude(pk=category.pk).exists()):
            raise ValidationError({"name": _("同一大类下已有“%(name)s”。") % {"name": values["name"]}})
    if description is not None:
        values["description"] = description.strip()
        if len(values["description"]) > 500:
            raise ValidationError({"description": _("说明不能超过 500 个字。")})
    if active is not None:
        values["active"] = bool(active)
    with transaction.atomic():
        category = EventCategory.objects.select_for_update().get(pk=category.pk)
        before = snapshot(category, values)
        for field, value in values.items():
            setattr(category, field, value)
        changed = diff(before, snapshot(category, values))
        if changed:
            category.save(update_fields=list(changed))
            action = "grid_category.update"
            if list(changed) == ["active"]:
                action = "grid_category.activate" if category.active else "grid_category.deactivate"
            record_event(actor, action, category, region_code=county.code, post=post, changes=changed)
    return category


# --- the responsibility matrix ------------------------------------------------------------


def save_rule(actor, county, *, category, level, department="", office=""):
    """Set who handles a category at a level in the county (adds the row or changes it)."""
    post = _require(actor, county)
    errors = {}
    try:
        category = _category_for_rule(county, category)
    except ValidationError as error:
        errors.update(error.message_dict)
    if level not in HandlerLevel.values:
        errors["level"] = _("处置层级须为以下之一:%(labels)s。") % {
            "labels": "、".join(str(label) for label in HandlerLevel.labels)}
    department = (department or "").strip()
    office = (office or "").strip()
    if len(department) > 30:
        errors["department"] = _("责任部门/科室不能超过 30 个字。")
    if len(office) > 100:
        errors["office"] = _("责任单位名称不能超过 100 个字。")
    if not department and not office:
        errors["department"] = _("请填写责任部门/科室或责任单位名称。")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        rule = (ResponsibilityRule.objects.select_for_update()
                .filter(county=county, category=category, level=level).first())
        if rule is None:
            try:
                with transaction.atomic():
                    rule = ResponsibilityRule.objects.create(
                        county=county, category=category, level=level, department=department, office=office
                    )
            except IntegrityError:
                raise ValidationError({"level": _("该类别在此层级已有责任单位,请刷新后再改。")}) from None
            record_event(
                actor, "grid_rule.add", rule, region_code=county.code, post=post,
                target_repr=f"{category} · {rule.get_level_display()}",
                changes={"category": [None, category.code], "level": [None, level],
                         "department": [None, department], "office": [None, office]},
            )
            return rule
        before = snapshot(rule, ("department", "office"))
        rule.department, rule.office = department, office
        changed = diff(before, snapshot(rule, ("department", "office")))
        if changed:
            rule.save(update_fields=list(changed))
            record_event(actor, "grid_rule.update", rule, region_code=county.code, post=post,
                         target_repr=f"{category} · {rule.get_level_display()}", changes=changed)
    return rule


def _remove_own(actor, county, queryset, row, action, describe):
    """Delete one of the county's own configuration rows, audited with its last values.
    `describe(row)` gives (target_repr, {field: value}) for the audit event."""
    post = _require(actor, county)
    if row.county_id != county.code:
        raise Http404(_("未找到该记录。"))
    with transaction.atomic():
        row = _locked(queryset, county, row.pk)
        if row is not None:
            queryset.model.objects.filter(pk=row.pk).delete()
            label, values = describe(row)
            record_event(actor, action, row, region_code=county.code, post=post, target_repr=label,
                         changes={field: [value, None] for field, value in values.items()})


def remove_rule(actor, county, rule):
    _remove_own(actor, county, ResponsibilityRule.objects.select_related("category"), rule, "grid_rule.remove",
                lambda rule: (f"{rule.category} · {rule.get_level_display()}", {
                    "category": rule.category.code, "level": rule.level,
                    "department": rule.department, "office": rule.office}))


def rules_of(county):
    return (ResponsibilityRule.objects.filter(county=county)
            .select_related("category", "category__parent").order_by("category__order", "category__code", "level"))


# --- deadlines ----------------------------------------------------------------------------


def _clean_days(value, field, label, low, high):
    try:
        days = int(value)
    except (TypeError, ValueError):
        raise ValidationError({field: _("%(label)s须为整数。") % {"label": label}}) from None
    if not low <= days <= high:
        raise ValidationError({field: _("%(label)s须在 %(low)d 到 %(high)d 个工作日之间。") % {
            "label": label, "low": low, "high": high}})
    return days


def save_deadline(actor, county, *, category, urgency, accept_days, resolve_days):
    """The county's own time limits for a category and urgency (overriding the shared ones)."""
    post = _require(actor, county)
    errors = {}
    try:
        category = _category_for_rule(county, category)
    except ValidationError as error:
        errors.update(error.message_dict)
    if urgency not in Urgency.values:
        errors["urgency"] = _("紧急程度须为以下之一:%(labels)s。") % {
            "labels": "、".join(str(label) for label in Urgency.labels)}
    for field, label, value, high in (
        ("accept_days", _("受理时限"), accept_days, MAX_ACCEPT_DAYS),
        ("resolve_days", _("办结时限"), resolve_days, MAX_RESOLVE_DAYS),
    ):
        try:
            if field == "accept_days":
                accept_days = _clean_days(value, field, label, 0, high)
            else:
                resolve_days = _clean_days(value, field, label, 1, high)
        except ValidationError as error:
            errors.update(error.message_dict)
    if "accept_days" not in errors and "resolve_days" not in errors and accept_days > resolve_days:
        errors["accept_days"] = _("受理时限不能长于办结时限。")
    if errors:
        raise ValidationError(errors)
    fields = ("accept_days", "resolve_days")
    with transaction.atomic():
        rule = (DeadlineRule.objects.select_for_update()
                .filter(county=county, category=category, urgency=urgency).first())
        label = f"{category} · {Urgency(urgency).label}"
        if rule is None:
            rule = DeadlineRule.objects.create(
                county=county, category=category, urgency=urgency, accept_days=accept_days, resolve_days=resolve_days
            )
            record_event(
                actor, "grid_deadline.add", rule, region_code=county.code, post=post, target_repr=label,
                changes={"category": [None, category.code], "urgency": [None, urgency],
                         "accept_days": [None, accept_days], "resolve_days": [None, resolve_days]},
            )
            return rule
        before = snapshot(rule, fields)
        rule.accept_days, rule.resolve_days = accept_days, resolve_days
        changed = diff(before, snapshot(rule, fields))
        if changed:
            rule.save(update_fields=list(changed))
            record_event(actor, "grid_deadline.update", rule, region_code=county.code, post=post,
                         target_repr=label, changes=changed)
    return rule


def remove_deadline(actor, county, rule):
    """Drop the county's override: the shared time limits apply again."""
    _remove_own(actor, county, DeadlineRule.objects.select_related("category"), rule, "grid_deadline.remove",
                lambda rule: (f"{rule.category} · {rule.get_urgency_display()}", {
                    "category": rule.category.code, "urgency": rule.urgency,
                    "accept_days": rule.accept_days, "resolve_days": rule.resolve_days}))


def deadline_table(county):
    """For each active category (大类 and 小类) and urgency: the shared and the county's rule."""
    rules = DeadlineRule.objects.filter(Q(county__isnull=True) | Q(county=county)).select_related("category")
    by_key = {(rule.category_id, rule.urgency, rule.county_id): rule for rule in rules}
    rows = []
    for category in usable_categories(county).order_by("order", "code"):
        for urgency in Urgency:
            rows.append({
                "category": category,
                "urgency": urgency,
                "shared": by_key.get((category.pk, urgency.value, None)),
                "own": by_key.get((category.pk, urgency.value, county.code)),
            })
    return rows


# --- the calendar -------------------------------------------------------------------------


def _clean_date(value):
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value.strip())
        except ValueError:
            raise ValidationError({"date": _("日期格式应为 年-月-日,如 2025-10-01。")}) from None
    if not isinstance(value, datetime.date):
        raise ValidationError({"date": _("请填写日期。")})
    return value


def add_calendar_day(actor, county, *, date, is_workday, name=""):
    """A county holiday on a weekday, or a weekend day worked (调休) in the county."""
    post = _require(actor, county)
    date = _clean_date(date)
    is_workday = bool(is_workday)
    name = (name or "").strip()
    errors = {}
    # A county row only makes sense where it changes the day: a holiday on a working day, a
    # working day on a day off (by its weekday, or by the shared calendar).
    shared = CalendarDay.objects.filter(county__isnull=True, date=date).first()
    already_workday = shared.is_workday if shared else date.weekday() < 5
    if is_workday and already_workday:
        errors["is_workday"] = _("%(date)s 本来就是工作日,无需设为调休上班。") % {"date": date.isoformat()}
    elif not is_workday and not already_workday:
        errors["is_workday"] = _("%(date)s 本来就休息,无需设为节假日。") % {"date": date.isoformat()}
    if not name:
        errors["name"] = _("请填写名称,如“壮族三月三”。")
    elif len(name) > 50:
        errors["name"] = _("名称不能超过 50 个字。")
    if CalendarDay.objects.filter(county=county, date=date).exists():
        errors["date"] = _("本县已设置了 %(date)s。") % {"date": date.isoformat()}
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            day = CalendarDay.objects.create(county=county, date=date, is_workday=is_workday, name=name)
            record_event(
                actor, "grid_calendar.add", day, region_code=county.code, post=post,
                target_repr=f"{date.isoformat()} {name}",
                changes={"date": [None, date.isoformat()], "is_workday": [None, is_workday], "name": [None, name]},
            )
    except IntegrityError:
        raise ValidationError({"date": _("本县已设置了 %(date)s。") % {"date": date.isoformat()}}) from None
    return day


def remove_calendar_day(actor, county, day):
    _remove_own(actor, county, CalendarDay.objects.all(), day, "grid_calendar.remove",
                lambda day: (f"{day.date.isoformat()} {day.name}", {
                    "date": day.date.isoformat(), "is_workday": day.is_workday, "name": day.name}))


def calendar_of(county, year):
    """The year's marked days: shared and the county's own (the county's win on a date)."""
    days = CalendarDay.objects.filter(Q(county__isnull=True) | Q(county=county), date__year=year)
    by_date = {}
    for day in days.order_by("date"):
        if day.date not in by_date or day.county_id:
            by_date[day.date] = day
    return [by_date[date] for date in sorted(by_date)]


def get_own(model, county, pk):
    """A county's own row of a config model (404 for shared rows, other counties', unknown ids)."""
    row = model.objects.filter(pk=pk, county=county).first() if str(pk).isdigit() else None
    if row is None:
        raise Http404(_("未找到该记录。"))
    return row
