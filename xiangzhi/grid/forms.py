"""Forms of the event pages: reporting, each step of the life cycle, comments, the list's filters.

They only shape input; what is allowed is decided by the actions in events.py.
"""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xiangzhi.accounts.capabilities import ROLE_CAPABILITIES
from xiangzhi.accounts.models import Post
from xiangzhi.accounts.permissions import posts_with_capability
from xiangzhi.regions.models import Level, Region

from .events import HANDLE, REPORT, handler_grid
from .models import EventCategory, EventState, Urgency

MAX_PLACES = 500


# --- choices ---------------------------------------------------------------------------------


def category_choices(county_code, *, empty=True, with_main=False):
    """Active leaf categories for the county, grouped by 大类, as <optgroup>s; `with_main` adds
    each 大类 itself at the head of its group (for filtering by it)."""
    leaves = (
        EventCategory.objects.active().leaves().for_county(county_code)
        .filter(parent__active=True).select_related("parent")
        .order_by("parent__order", "parent__code", "order", "code")
    )
    groups = {}
    for category in leaves:
        label, group = groups.setdefault(category.parent_id, (category.parent.name, []))
        if with_main and not group:
            group.append((str(category.parent_id), _("%(name)s(全部)") % {"name": label}))
        group.append((str(category.pk), category.name))
    choices = [("", "—")] if empty else []
    return choices + list(groups.values())


def place_options(user):
    """The places the user may report for: under each reporting post, the village (or grid),
    its 屯 and grids; a township post lists its villages and theirs."""
    query = Q()
    for post in posts_with_capability(user, REPORT):
        region = post.region
        if region.level in (Level.GRID, Level.NATURAL_VILLAGE):
            query |= Q(code=region.code)
        elif region.level in (Level.VILLAGE, Level.TOWNSHIP):
            query |= Q(code__prefix=region.code, level__in=(Level.VILLAGE, Level.NATURAL_VILLAGE, Level.GRID))
    if not query:
        return []
    regions = Region.objects.filter(query).select_related("parent").order_by("code")[:MAX_PLACES]
    options = []
    for region in regions:
        if region.level in (Level.NATURAL_VILLAGE, Level.GRID):
            options.append((region.code, f"{region.parent.name} › {region.name}"))
        else:
            options.append((region.code, region.name))
    return options


def default_county(user):
    posts = posts_with_capability(user, REPORT) or posts_with_capability(user, "grid.event.view")
    return posts[0].region_id[:6] if posts and len(posts[0].region_id) >= 6 else None


def handler_candidates(event):
    """People who may be assigned the event: holding grid.event.handle over its handling unit."""
    region = event.handler_region_id
    codes = [region[:length] for length in (6, 9, 12) if length <= len(region)]
    roles = [role for role, capabilities in ROLE_CAPABILITIES.items() if HANDLE in capabilities]
    query = Q(region_id__in=codes)
    grid = handler_grid(event)
    if grid:
        query |= Q(region_id=grid)
    posts = (
        Post.objects.active().filter(query, role__in=roles, user__is_active=True)
        .select_related("user", "region").order_by("-region_id", "user__username")
    )
    seen, choices = set(), []
    for post in posts:
        if post.user_id not in seen:
            seen.add(post.user_id)
            choices.append((str(post.user_id), f"{post.user} · {post}"))
    return choices


# --- reporting -------------------------------------------------------------------------------


class EventReportForm(forms.Form):
    category = forms.ChoiceField(
        label=_("事件类别"), error_messages={"required": _("请选择事件类别。"), "invalid_choice": _("没有该事件类别。")}
    )
    description = forms.CharField(
        label=_("事件描述"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000,
        error_messages={"required": _("请填写事件描述。"), "max_length": _("事件描述不能超过 2000 个字。")},
    )
    urgency = forms.ChoiceField(label=_("紧急程度"), choices=Urgency.choices, initial=Urgency.NORMAL)
    region = forms.ChoiceField(
        label=_("发生地"), required=False,
        error_messages={"invalid_choice": _("只能上报您所在村(网格)范围内的事件,请从列表中选择发生地。")},
    )
    household = forms.IntegerField(label=_("涉及户"), required=False, widget=forms.Select)
    address = forms.CharField(label=_("详细位置(可不填)"), max_length=200, required=False)
    latitude = forms.CharField(label=_("纬度"), required=False, max_length=20)
    longitude = forms.CharField(label=_("经度"), required=False, max_length=20)

    def __init__(self, *args, user, households=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = category_choices(default_county(user))
        places = place_options(user)
        self.fields["region"].choices = places
        if places and not self.is_bound:
            self.initial.setdefault("region", places[0][0])
        self.fields["household"].widget.choices = [("", _("(不涉及具体的户)"))] + [
            (str(household.pk), label) for household, label in households
        ]
        for name in ("latitude", "longitude"):
            self.fields[name].widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})


# --- steps -----------------------------------------------------------------------------------


class StepForm(forms.Form):
    seen_state = forms.CharField(widget=forms.HiddenInput, required=False)
    comment = forms.CharField(label=_("意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)

    def __init__(self, *args, event=None, **kwargs):
        super().__init__(*args, **kwargs)
        if event is not None and not self.is_bound:
            self.initial["seen_state"] = event.state


class CommentRequiredStepForm(StepForm):
    comment_label = _("意见")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Required-ness is the action's rule (its message names the step); the browser helps.
        self.fields["comment"].label = self.comment_label
        self.fields["comment"].widget.attrs["required"] = True


class ResolveForm(CommentRequiredStepForm):
    comment_label = _("办理结果")


class ReturnForm(CommentRequiredStepForm):
    comment_label = _("需要报告人补充的内容")


class ResubmitForm(CommentRequiredStepForm):
    comment_label = _("补充的情况")


class TransferForm(CommentRequiredStepForm):
    comment_label = _("不属于本单位职责的理由")


class AssignForm(StepForm):
    assignee = forms.ChoiceField(label=_("承办人"), required=False)

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, event=event, **kwargs)
        self.fields["assignee"].choices = [("", "—")] + handler_candidates(event)


RATINGS = [(str(value), label) for value, label in (
    (5, _("5 分 非常满意")), (4, _("4 分 满意")), (3, _("3 分 基本满意")), (2, _("2 分 不满意")), (1, _("1 分 很不满意")),
)]


class ConfirmForm(StepForm):
    rating = forms.ChoiceField(label=_("满意度评价"), choices=RATINGS, widget=forms.RadioSelect, required=False)


class MergeForm(StepForm):
    merge_into = forms.CharField(
        label=_("合并到事件编号"), required=False, max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


STEP_FORMS = {
    "accept": StepForm, "assign": AssignForm, "start": StepForm, "resolve": ResolveForm,
    "confirm": ConfirmForm, "reopen": StepForm, "return": ReturnForm, "resubmit": ResubmitForm,
    "transfer": TransferForm, "merge": MergeForm,
}


def step_form(name, event, data=None):
    """The form of one step; prefixed by the step so that a page can hold all of them."""
    return STEP_FORMS[name](data, event=event, prefix=name)


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("留言"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000,
        error_messages={"required": _("请填写留言内容。"), "max_length": _("留言不能超过 2000 个字。")},
    )


# --- the list's filters ------------------------------------------------------------------------


class EventFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("状态"), required=False, choices=[("", _("全部状态"))] + EventState.choices)
    category = forms.ChoiceField(label=_("类别"), required=False)
    overdue = forms.BooleanField(label=_("只看超期"), required=False)

    def __init__(self, *args, county_code, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("全部类别"))] + category_choices(
            county_code, empty=False, with_main=True
        )
        self.fields["category"].widget.attrs["aria-label"] = _("类别")
