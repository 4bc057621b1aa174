"""公共法律服务 pages, phone-first. Thin: a scoped fetch, one action, a response."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xiangzhi.accounts.permissions import can, posts_with_capability, require_capability
from xiangzhi.core.forms import add_action_errors
from xiangzhi.people import citizen_id
from xiangzhi.people.models import Resident
from xiangzhi.regions.models import Level, Region

from . import actions, forms, hotline, queries
from .models import LEGAL_VIEW, LegalLiterate, RequestKind, RosterRole

PER_PAGE = 20


@login_required
@require_GET
def coverage(request):
    require_capability(request.user, LEGAL_VIEW)
    scope = queries.scope_region(request.user, LEGAL_VIEW, request.GET.get("region"))
    return render(request, "legal/coverage.html", {"data": queries.coverage(scope.code)})


# The village page's forms: the key posted as `form` → (form class, the action's field names
# that the form calls otherwise).
VILLAGE_FORMS = {
    "advisor": (forms.AdvisorForm, {}),
    "roster": (forms.RosterForm, {}),
    "literate": (forms.LiterateForm, {"resident": "id_number"}),
    "training": (forms.TrainingForm, {}),
    "site": (forms.SiteForm, {}),
    "activity": (forms.ActivityForm, {}),
}


def _save_village_form(user, region, key, data, files):
    code = region.code
    if key == "advisor":
        actions.set_advisor(user, code, name=data.get("name"), firm=data.get("firm"), phone=data.get("phone"),
                            username=data.get("username"))
    elif key == "roster":
        actions.set_roster_member(user, code, data.get("role"), name=data.get("name"), unit=data.get("unit"),
                                  phone=data.get("phone"))
    elif key == "literate":
        actions.register_literate(user, _village_resident(user, code, data.get("id_number")),
                                  trained_on=data.get("trained_on"))
    elif key == "training":
        literate = LegalLiterate.objects.filter(region=region, pk=_int(data.get("literate"))).first()
        if literate is None:
            raise ValidationError({"literate": _("请选择本村的法律明白人。")})
        actions.add_training(user, literate, date=data.get("date"), topic=data.get("topic"), hours=data.get("hours"))
    elif key == "site":
        actions.add_site(user, code, kind=data.get("kind"), name=data.get("name"), photo=files.get("photo"))
    else:
        actions.log_activity(user, code, kind=data.get("kind"), date=data.get("date"), place=data.get("place"),
                             topic=data.get("topic"), attendance=data.get("attendance"))


@login_required
@require_http_methods(["GET", "POST"])
def village(request, code):
    require_capability(request.user, LEGAL_VIEW)
    region = queries.get_village_for_user(request.user, code)
    detail = queries.village_detail(region)
    posted = request.POST.get("form") if request.method == "POST" else None
    if request.method == "POST" and posted not in VILLAGE_FORMS:
        return HttpResponseBadRequest(_("未知的表单。"))
    page_forms = {}
    for key, (form_class, _renames) in VILLAGE_FORMS.items():
        extra = {"literates": detail["literates"]} if key == "training" else {}
        if key == "advisor" and detail["advisor"]:
            advisor = detail["advisor"]
            extra = {"initial": {"username": advisor.user.username if advisor.user else "", "name": advisor.name,
                                 "firm": advisor.firm, "phone": advisor.phone}}
        bound = (request.POST, request.FILES) if key == posted else ()
        page_forms[key] = form_class(*bound, auto_id=f"{key}_%s", **extra)
    if posted:
        try:
            _save_village_form(request.user, region, posted, request.POST, request.FILES)
        except ValidationError as error:
            add_action_errors(page_forms[posted], error, VILLAGE_FORMS[posted][1])
        else:
            messages.success(request, _("已保存。"))
            return redirect("legal:village", code=code)
    return render(request, "legal/village.html", {
        **detail, "may_manage": can(request.user, actions.MANAGE, code), "forms": page_forms,
        "roster_rows": [(label, detail["roster"].get(value)) for value, label in RosterRole.choices],
    }, status=422 if posted else 200)


def _activity_places(user):
    """The townships and villages where the user may log a 普法 activity."""
    places = Region.objects.none()
    for post in posts_with_capability(user, actions.MANAGE):
        places |= Region.objects.within(post.region_id).filter(level__in=[Level.TOWNSHIP, Level.VILLAGE])
    return places.order_by("code")


@login_required
@require_http_methods(["GET", "POST"])
def activities(request):
    """宪法/民法典进万家 and 送法下乡 held by a township or a village in the user's reach."""
    require_capability(request.user, LEGAL_VIEW)
    may_log = bool(posts_with_capability(request.user, actions.MANAGE))
    form = forms.ScopedActivityForm(request.POST or None, regions=_activity_places(request.user) if may_log else ())
    if request.method == "POST":
        data = request.POST
        try:
            activity = actions.log_activity(
                request.user, data.get("region"), kind=data.get("kind"), date=data.get("date"),
                place=data.get("place"), topic=data.get("topic"), attendance=data.get("attendance"))
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("已记录 %(place)s 的普法活动。") % {"place": activity.region.name})
            return redirect("legal:activities")
    page = Paginator(queries.visible_activities(request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "legal/activities.html", {"page": page, "form": form, "may_log": may_log},
                  status=422 if form.errors else 200)


@login_required
@require_GET
def site_photo(request, pk):
    site = queries.get_site_for_user(request.user, pk)
    return FileResponse(site.photo.open("rb"), content_type=site.content_type)


def _int(value):
    return int(value) if str(value or "").isdigit() else 0


def _village_resident(user, village_code, number):
    """The resident of this village with that citizen ID (the registry is searched by its blind
    index; a number of someone elsewhere is "not found" too)."""
    try:
        parsed = citizen_id.parse(number)
    except ValidationError as error:
        raise ValidationError({"id_number": error.messages}) from None
    resident = Resident.objects.within(village_code).present().filter(
        id_number_index=citizen_id.index(parsed.number)).first()
    if resident is None:
        raise ValidationError({"id_number": _("本村在册村民中没有这个公民身份号码。")})
    return resident


@login_required
@require_GET
def request_list(request):
    if not (posts_with_capability(request.user, actions.ASK) or posts_with_capability(request.user, LEGAL_VIEW)
            or posts_with_capability(request.user, actions.ANSWER)):
        raise PermissionDenied(_("您没有此项操作的权限。"))
    overdue = request.GET.get("overdue") == "1"
    queryset = queries.overdue_requests(request.user) if overdue else queries.visible_requests(request.user)
    page = Paginator(queryset.select_related("region").order_by("state", "due_at", "id"), PER_PAGE).get_page(
        request.GET.get("page"))
    return render(request, "legal/request_list.html", {
        "page": page, "overdue": overdue, "may_ask": bool(posts_with_capability(request.user, actions.ASK)),
    })


@login_required
@require_http_methods(["GET", "POST"])
def ask(request):
    posts = posts_with_capability(request.user, actions.ASK)
    if not posts:
        raise PermissionDenied(_("您没有此项操作的权限。"))
    errors = {}
    if request.method == "POST":
        try:
            help_request = actions.ask_for_help(
                request.user, posts[0].region_id[:actions.VILLAGE_LENGTH],
                kind=request.POST.get("kind"), question=request.POST.get("question"),
            )
        except ValidationError as exc:
            errors = exc.message_dict
        else:
            messages.success(request, _("求助已提交,法律顾问将在期限内答复。"))
            return redirect("legal:request_detail", pk=help_request.pk)
    return render(request, "legal/ask.html", {
        "kinds": RequestKind.choices, "errors": errors, "form": request.POST,
    }, status=422 if errors else 200)


@login_required
@require_GET
def request_detail(request, pk):
    help_request = queries.get_request_for_user(request.user, pk)
    return render(request, "legal/request_detail.html", {
        "item": help_request, "may_answer": can(request.user, actions.ANSWER, help_request.region_id),
    })


@login_required
@require_POST
def request_answer(request, pk):
    help_request = queries.get_request_for_user(request.user, pk)
    try:
        actions.answer_request(request.user, help_request, answer=request.POST.get("answer"))
    except ValidationError as exc:
        return render(request, "legal/request_detail.html", {
            "item": help_request, "may_answer": True, "errors": exc.message_dict, "form": request.POST,
        }, status=422)
    messages.success(request, _("已答复。"))
    return redirect("legal:request_detail", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def hotline_import(request):
    require_capability(request.user, actions.MANAGE)
    scope = queries.scope_region(request.user, actions.MANAGE, request.POST.get("region") or request.GET.get("region"))
    errors, imported = [], None
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            errors = [{"row": 0, "column": "", "message": _("请选择要导入的文件。")}]
        else:
            imported, errors = hotline.import_tickets(request.user, scope.code, upload, upload.name or "")
        if not errors:
            messages.success(request, _("已导入 %(count)d 条工单。") % {"count": imported})
            return redirect("legal:hotline_import")
    return render(request, "legal/hotline_import.html", {
        "scope": scope, "errors": errors, "columns": hotline.COLUMNS,
    }, status=422 if errors else 200)
