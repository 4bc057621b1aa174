"""公共法律服务 pages, phone-first. Thin: a scoped fetch, one action, a response."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xiangzhi.accounts.permissions import can, posts_with_capability, require_capability
from xiangzhi.people import citizen_id
from xiangzhi.people.models import Resident

from . import actions, hotline, queries
from .models import LEGAL_VIEW, ActivityKind, LegalLiterate, RequestKind, RosterRole, SiteKind

PER_PAGE = 20


@login_required
@require_GET
def coverage(request):
    require_capability(request.user, LEGAL_VIEW)
    scope = queries.scope_region(request.user, LEGAL_VIEW, request.GET.get("region"))
    return render(request, "legal/coverage.html", {"data": queries.coverage(scope.code)})


@login_required
@require_http_methods(["GET", "POST"])
def village(request, code):
    require_capability(request.user, LEGAL_VIEW)
    region = queries.get_village_for_user(request.user, code)
    errors, form = {}, {}
    if request.method == "POST":
        form = request.POST
        try:
            kind = form.get("form")
            if kind == "advisor":
                actions.set_advisor(request.user, code, name=form.get("name"), firm=form.get("firm"),
                                    phone=form.get("phone"), username=form.get("username"))
            elif kind == "literate":
                actions.register_literate(request.user, _village_resident(request.user, code, form.get("id_number")),
                                          trained_on=form.get("trained_on"))
            elif kind == "training":
                literate = LegalLiterate.objects.filter(region=region, pk=_int(form.get("literate"))).first()
                if literate is None:
                    raise ValidationError({"literate": _("请选择本村的法律明白人。")})
                actions.add_training(request.user, literate, date=form.get("date"), topic=form.get("topic"),
                                     hours=form.get("hours"))
            elif kind == "site":
                actions.add_site(request.user, code, kind=form.get("kind"), name=form.get("name"),
                                 photo=request.FILES.get("photo"))
            elif kind == "activity":
                actions.log_activity(request.user, code, kind=form.get("kind"), date=form.get("date"),
                                     place=form.get("place"), topic=form.get("topic"),
                                     attendance=form.get("attendance"))
            else:
                actions.set_roster_member(request.user, code, form.get("role"), name=form.get("name"),
                                          unit=form.get("unit"), phone=form.get("phone"))
        except ValidationError as exc:
            errors = exc.message_dict
        else:
            messages.success(request, _("已保存。"))
            return redirect("legal:village", code=code)
    return render(request, "legal/village.html", {
        **queries.village_detail(region), "may_manage": can(request.user, actions.MANAGE, code),
        "errors": errors, "form": form, "roles": RosterRole.choices,
        "site_kinds": SiteKind.choices, "activity_kinds": ActivityKind.choices,
    }, status=422 if errors else 200)


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
