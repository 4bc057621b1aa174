"""The county's configuration pages: categories, responsibility matrix, deadlines, calendar.
Each page lists what holds in the county (shared rows read-only) and posts one change to
one action in grid/config.py."""

import datetime
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from xiangzhi.accounts.models import Department
from xiangzhi.core.forms import add_action_errors

from . import config
from .models import CalendarDay, DeadlineRule, EventCategory, HandlerLevel, ResponsibilityRule, Urgency

# Suggestions for the matrix's department field (a free text: 科室 of a township too).
DEPARTMENT_SUGGESTIONS = [_label for _value, _label in Department.choices] + [
    gettext_lazy("综治中心"), gettext_lazy("应急管理"), gettext_lazy("自然资源"), gettext_lazy("生态环境"),
    gettext_lazy("市场监管"), gettext_lazy("住房城乡建设"), gettext_lazy("交通运输"), gettext_lazy("卫生健康"),
    gettext_lazy("消防救援"),
]


def county_of_request(request):
    return config.county_for(request.user, (request.POST.get("county") or request.GET.get("county") or "").strip())


def back(name, county, request, **params):
    """Redirect to a config page, keeping the county when the user picked one."""
    if request.POST.get("county") or request.GET.get("county"):
        params["county"] = county.code
    url = reverse(name)
    return redirect(f"{url}?{urlencode(params)}" if params else url)


def page_context(request, county, tab):
    return {
        "county": county,
        "counties": config.config_counties(request.user),
        "tab": tab,
        "county_param": county.code if (request.GET.get("county") or request.POST.get("county")) else "",
    }


# --- categories -----------------------------------------------------------------------------


class CategoryAddForm(forms.Form):
    parent = forms.ChoiceField(label=gettext_lazy("大类"),
                               error_messages={"required": gettext_lazy("请选择平台统一的大类。"),
                                               "invalid_choice": gettext_lazy("请选择平台统一的大类。")})
    name = forms.CharField(label=gettext_lazy("小类名称"), max_length=config.CATEGORY_NAME_MAX,
                           error_messages={"required": gettext_lazy("请填写类别名称。"),
                                           "max_length": gettext_lazy("类别名称不能超过 50 个字。")})
    code = forms.CharField(label=gettext_lazy("编码(可不填)"), required=False, max_length=config.CATEGORY_CODE_MAX,
                           help_text=gettext_lazy("Open311 服务编码,只含小写字母、数字和下划线;不填则自动生成。"))
    description = forms.CharField(label=gettext_lazy("说明"), required=False, max_length=500,
                                  widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, parents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].choices = [("", _("请选择"))] + [(p.code, p.name) for p in parents]


class CategoryRenameForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("名称"), max_length=config.CATEGORY_NAME_MAX,
                           error_messages={"required": gettext_lazy("请填写类别名称。"),
                                           "max_length": gettext_lazy("类别名称不能超过 50 个字。")})


def categories_context(request, county, add_form=None, errors=None):
    all_categories = list(config.categories_for(county).order_by("order", "code"))
    groups = [c for c in all_categories if c.parent_id is None]
    children = {}
    for category in all_categories:
        if category.parent_id:
            children.setdefault(category.parent_id, []).append(category)
    shared_groups = [group for group in groups if group.county_id is None and group.active]
    return {
        **page_context(request, county, "categories"),
        "groups": [(group, children.get(group.pk, [])) for group in groups],
        "add_form": add_form or CategoryAddForm(parents=shared_groups),
        "errors": errors or [],
    }


@login_required
@require_http_methods(["GET"])
def categories(request):
    county = county_of_request(request)
    return render(request, "grid/config/categories.html", categories_context(request, county))


@login_required
@require_POST
def category_add(request):
    county = county_of_request(request)
    parents = EventCategory.objects.filter(parent__isnull=True, county__isnull=True, active=True)
    form = CategoryAddForm(request.POST, parents=parents)
    if form.is_valid():
        try:
            category = config.add_category(request.user, county, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("已新增类别“%(name)s”(编码 %(code)s)。") % {
                "name": category.name, "code": category.code})
            return back("grid:config", county, request)
    return render(request, "grid/config/categories.html", categories_context(request, county, add_form=form))


@login_required
@require_POST
def category_update(request, pk):
    county = county_of_request(request)
    category = config.get_visible_category(county, pk)
    errors = []
    if "active" in request.POST:
        changes = {"active": request.POST["active"] == "1"}
    else:
        form = CategoryRenameForm(request.POST)
        changes = {"name": form.cleaned_data["name"]} if form.is_valid() else None
        errors = [message for field_errors in form.errors.values() for message in field_errors]
    if changes is not None:
        try:
            category = config.update_category(request.user, county, category, **changes)
        except ValidationError as error:
            errors = [message for messages_ in error.message_dict.values() for message in messages_]
    if errors:
        return render(request, "grid/config/categories.html", categories_context(request, county, errors=errors))
    messages.success(request, _("已保存类别“%(name)s”。") % {"name": category.name})
    return back("grid:config", county, request)


# --- the matrix -----------------------------------------------------------------------------


def category_choices(county):
    """Grouped choices: each 大类 (its rule holds for its 小类 without their own) and its 小类."""
    choices = []
    usable = list(config.usable_categories(county).order_by("order", "code"))
    children = {}
    for category in usable:
        if category.parent_id:
            children.setdefault(category.parent_id, []).append(category)
    for group in (c for c in usable if c.parent_id is None):
        options = [(group.code, _("%(name)s(整个大类)") % {"name": group.name})]
        options += [(child.code, child.name) for child in children.get(group.pk, [])]
        choices.append((group.name, options))
    return [("", _("请选择"))] + choices


class RuleForm(forms.Form):
    category = forms.ChoiceField(label=gettext_lazy("事件类别"),
                                 error_messages={"required": gettext_lazy("请选择本县可用的事件类别。"),
                                                 "invalid_choice": gettext_lazy("请选择本县可用的事件类别。")})
    level = forms.ChoiceField(label=gettext_lazy("处置层级"), choices=HandlerLevel.choices,
                              error_messages={"required": gettext_lazy("请选择处置层级。")})
    department = forms.CharField(label=gettext_lazy("责任部门/科室"), required=False, max_length=30,
                                 widget=forms.TextInput(attrs={"list": "department-suggestions"}))
    office = forms.CharField(label=gettext_lazy("责任单位名称"), required=False, max_length=100)

    def __init__(self, *args, county, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = category_choices(county)


@login_required
@require_http_methods(["GET", "POST"])
def matrix(request):
    county = county_of_request(request)
    form = RuleForm(request.POST or None, county=county)
    if request.method == "POST" and form.is_valid():
        try:
            config.save_rule(request.user, county, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("已保存职责矩阵。"))
            return back("grid:config_matrix", county, request)
    return render(request, "grid/config/matrix.html", {
        **page_context(request, county, "matrix"),
        "rules": config.rules_of(county), "form": form, "suggestions": DEPARTMENT_SUGGESTIONS,
    })


@login_required
@require_POST
def rule_remove(request, pk):
    county = county_of_request(request)
    rule = config.get_own(ResponsibilityRule, county, pk)
    config.remove_rule(request.user, county, rule)
    messages.success(request, _("已删除该责任单位。"))
    return back("grid:config_matrix", county, request)


# --- deadlines ------------------------------------------------------------------------------


class DeadlineForm(forms.Form):
    category = forms.ChoiceField(label=gettext_lazy("事件类别"),
                                 error_messages={"required": gettext_lazy("请选择本县可用的事件类别。"),
                                                 "invalid_choice": gettext_lazy("请选择本县可用的事件类别。")})
    urgency = forms.ChoiceField(label=gettext_lazy("紧急程度"), choices=Urgency.choices,
                                error_messages={"required": gettext_lazy("请选择紧急程度。")})
    accept_days = forms.IntegerField(label=gettext_lazy("受理时限(工作日)"), min_value=0,
                                     max_value=config.MAX_ACCEPT_DAYS,
                                     error_messages={"required": gettext_lazy("请填写受理时限。"),
                                                     "invalid": gettext_lazy("受理时限须为整数。"),
                                                     "min_value": gettext_lazy("受理时限不能小于 0。"),
                                                     "max_value": gettext_lazy("受理时限不能超过 30 个工作日。")})
    resolve_days = forms.IntegerField(label=gettext_lazy("办结时限(工作日)"), min_value=1,
                                      max_value=config.MAX_RESOLVE_DAYS,
                                      error_messages={"required": gettext_lazy("请填写办结时限。"),
                                                      "invalid": gettext_lazy("办结时限须为整数。"),
                                                      "min_value": gettext_lazy("办结时限至少 1 个工作日。"),
                                                      "max_value": gettext_lazy("办结时限不能超过 365 个工作日。")})

    def __init__(self, *args, county, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = category_choices(county)


@login_required
@require_http_methods(["GET", "POST"])
def deadlines(request):
    county = county_of_request(request)
    form = DeadlineForm(request.POST or None, county=county, initial={"urgency": Urgency.NORMAL})
    if request.method == "POST" and form.is_valid():
        try:
            config.save_deadline(request.user, county, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("已保存本县时限。"))
            return back("grid:config_deadlines", county, request)
    return render(request, "grid/config/deadlines.html", {
        **page_context(request, county, "deadlines"), "rows": config.deadline_table(county), "form": form,
    })


@login_required
@require_POST
def deadline_remove(request, pk):
    county = county_of_request(request)
    rule = config.get_own(DeadlineRule, county, pk)
    config.remove_deadline(request.user, county, rule)
    messages.success(request, _("已恢复统一时限。"))
    return back("grid:config_deadlines", county, request)


# --- calendar -------------------------------------------------------------------------------


class CalendarForm(forms.Form):
    date = forms.DateField(label=gettext_lazy("日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                           error_messages={"required": gettext_lazy("请填写日期。"),
                                           "invalid": gettext_lazy("日期格式应为 年-月-日,如 2025-10-01。")})
    is_workday = forms.TypedChoiceField(
        label=gettext_lazy("类型"), coerce=lambda value: value == "1",
        choices=[("0", gettext_lazy("放假")), ("1", gettext_lazy("调休上班"))],
        error_messages={"required": gettext_lazy("请选择放假或调休上班。")},
    )
    name = forms.CharField(label=gettext_lazy("名称"), max_length=50,
                           error_messages={"required": gettext_lazy("请填写名称,如“壮族三月三”。")})


def year_param(request):
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = timezone.localdate().year
    return min(max(year, 2000), 2100)


@login_required
@require_http_methods(["GET", "POST"])
def calendar(request):
    county = county_of_request(request)
    form = CalendarForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            day = config.add_calendar_day(request.user, county, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("已添加 %(date)s %(name)s。") % {"date": day.date.isoformat(), "name": day.name})
            return back("grid:config_calendar", county, request, year=day.date.year)
    year = form.cleaned_data["date"].year if form.is_bound and form.is_valid() else year_param(request)
    return render(request, "grid/config/calendar.html", {
        **page_context(request, county, "calendar"),
        "days": config.calendar_of(county, year), "form": form, "year": year,
        "years": [year - 1, year + 1], "today": datetime.date.today(),
    })


@login_required
@require_POST
def calendar_remove(request, pk):
    county = county_of_request(request)
    day = config.get_own(CalendarDay, county, pk)
    config.remove_calendar_day(request.user, county, day)
    messages.success(request, _("已删除 %(date)s。") % {"date": day.date.isoformat()})
    return back("grid:config_calendar", county, request, year=day.date.year)
