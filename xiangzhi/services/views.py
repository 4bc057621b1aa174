"""Application pages: apply (phone-first, nothing the registry knows is typed), 我的申请, an
application with its history and the steps the user may take, the office queue, the result
document, the public verification page, consultation slots. Thin: scoped fetch, one action."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xiangzhi.accounts.permissions import posts_with_capability, require_capability
from xiangzhi.core.forms import add_action_errors
from xiangzhi.core.workflow import history
from xiangzhi.people import citizen_id
from xiangzhi.people.masking import mask_name
from xiangzhi.people.models import Resident
from xiangzhi.regions.models import Region

from . import actions, catalogue, consultations, forms, queries
from .models import ApplicationState, Booking, ConsultationSlot
from .uploads import uploads_from

PER_PAGE = 20


def _proxy_resident(user, item, number):
    """The resident of one of the 代办员's villages with that citizen ID, found by its blind index."""
    try:
        parsed = citizen_id.parse(number)
    except ValidationError as error:
        raise ValidationError({"id_number": error.messages}) from None
    villages = [post.region_id for post in posts_with_capability(user, actions.PROXY)]
    for code in villages:
        resident = Resident.objects.within(code).present().filter(
            id_number_index=citizen_id.index(parsed.number)).select_related("household", "region").first()
        if resident is not None:
            return resident
    raise ValidationError({"id_number": _("本村在册村民中没有这个公民身份号码。")})


@login_required
@require_http_methods(["GET", "POST"])
def apply(request, pk):
    """A villager applies for themself; with ?proxy=1 a 代办员 applies for a villager of the village,
    found by citizen ID. The applicant's name, ID (masked), household and address come from the registry."""
    item = catalogue.get_item_for_user(request.user, pk, active_only=True)
    as_proxy = request.GET.get("proxy") == "1"
    require_capability(request.user, actions.PROXY if as_proxy else actions.APPLY)
    materials = list(item.materials.all())
    lookup = forms.ProxyLookupForm(request.POST or request.GET or None) if as_proxy else None
    form = forms.ApplyForm(request.POST or None, request.FILES or None, materials=materials)
    resident = None if as_proxy else request.user.resident
    status = 200
    if as_proxy and (request.GET.get("id_number") or request.method == "POST"):
        try:
            resident = _proxy_resident(request.user, item, lookup.data.get("id_number"))
        except ValidationError as error:
            add_action_errors(lookup, error)
            status = 422
    if request.method == "POST" and status == 200:
        try:
            app = actions.apply(request.user, item, resident=resident if as_proxy else None,
                                note=request.POST.get("note"), uploads=uploads_from(request.FILES))
        except ValidationError as error:
            add_action_errors(form, error, {"resident": "note"})
            status = 422
        else:
            messages.success(request, _("申请已提交,办理期限至 %(deadline)s。") % {
                "deadline": app.deadline.astimezone().strftime("%Y-%m-%d")})
            return redirect("services:application", pk=app.pk)
    return render(request, "services/apply.html", {
        "item": item, "form": form, "lookup": lookup, "resident": resident, "as_proxy": as_proxy,
    }, status=status)


@login_required
@require_GET
def mine(request):
    page = Paginator(queries.my_applications(request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "services/mine.html", {"page": page})


def _application_context(user, app):
    office_steps = []
    if app.office_id in queries.handling_offices(user):
        office_steps = [t for t in actions.application_workflow.allowed_transitions(user, app)
                        if t.name in actions.OFFICE_STEPS
                        and (t.name != "forward" or not app.is_last_step)
                        and (t.name != "complete" or app.is_last_step)
                        and (t.name != "request_materials" or not hasattr(app, "notice"))]
    own = user.resident_id == app.applicant_id or app.proxy_id == user.pk or app.applied_by_id == user.pk
    may_supply = own and app.state == ApplicationState.MATERIALS_NEEDED
    offices = set(queries.handling_offices(user))
    bookings = list(app.bookings.select_related("slot"))
    for booking in bookings:
        # The office that published the slot records whether it took place, once it has started.
        booking.may_record = booking.state == "booked" and booking.slot.office_id in offices and booking.slot.started
        booking.may_cancel = own and booking.state == "booked" and not booking.slot.started
    steps = list(history(app))
    for entry in steps:
        entry.label = actions.application_workflow.step_label(entry.transition)
    return {
        "app": app, "steps": steps, "files": list(app.files.all()),
        "notice": getattr(app, "notice", None), "result": getattr(app, "result", None),
        "office_steps": {t.name: t for t in office_steps}, "materials": list(app.item.materials.all()),
        "own": own, "may_supply": may_supply,
        "may_rate": own and app.state == ApplicationState.COMPLETED and app.rating is None,
        "rating_form": forms.RatingForm(),
        "bookings": bookings,
        "open_slots": list(consultations.open_slots(app)) if own and app.is_open else [],
    }


@login_required
@require_GET
def application(request, pk):
    app = queries.get_application_for_user(request.user, pk)
    return render(request, "services/application.html", _application_context(request.user, app))


@login_required
@require_POST
def step(request, pk, name):
    app = queries.get_application_for_user(request.user, pk)
    if name not in (*actions.OFFICE_STEPS, "supply"):
        return HttpResponseBadRequest(_("未知的操作。"))
    try:
        actions.take_step(
            request.user, app, name, comment=request.POST.get("comment", ""),
            materials=[int(value) for value in request.POST.getlist("materials") if value.isdigit()],
            uploads=uploads_from(request.FILES),
            result={"title": request.POST.get("title", ""), "body": request.POST.get("body", "")},
        )
    except ValidationError as error:
        context = _application_context(request.user, app)
        context["errors"] = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
        return render(request, "services/application.html", context, status=422)
    messages.success(request, _("已%(step)s。") % {"step": actions.application_workflow.step_label(name)})
    return redirect("services:application", pk=app.pk)


@login_required
@require_POST
def rate(request, pk):
    app = queries.get_application_for_user(request.user, pk)
    try:
        actions.rate(request.user, app, score=request.POST.get("score"), comment=request.POST.get("comment", ""))
    except ValidationError as error:
        context = _application_context(request.user, app)
        context["rating_form"] = forms.RatingForm(request.POST)
        add_action_errors(context["rating_form"], error)
        return render(request, "services/application.html", context, status=422)
    messages.success(request, _("感谢您的评价。"))
    return redirect("services:application", pk=app.pk)


@login_required
@require_GET
def result_download(request, pk):
    app = queries.get_application_for_user(request.user, pk)
    document = getattr(app, "result", None)
    if document is None:
        raise Http404(_("该申请尚未出具结果。"))
    verify_url = request.build_absolute_uri(f"/services/verify/?code={document.code}")
    html = render_to_string("services/result_document.html", {"app": app, "document": document,
                                                              "verify_url": verify_url})
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="result-{document.code}.html"'
    return response


@login_required
@require_GET
def file_download(request, pk, file_pk):
    app = queries.get_application_for_user(request.user, pk)
    stored = app.files.filter(pk=file_pk).first()
    if stored is None:
        raise Http404(_("未找到该材料。"))
    return FileResponse(stored.file.open("rb"), content_type=stored.content_type, as_attachment=True,
                        filename=stored.original_name)


def _office_context(user, request, slot_form=None):
    overdue = request.GET.get("overdue") == "1"
    rows = queries.queue(user, overdue=overdue, state=request.GET.get("state", ""))
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    offices = queries.handling_offices(user)
    return {
        "page": page, "overdue": overdue, "overview": queries.overview(user),
        "query": "overdue=1" if overdue else "", "offices": offices,
        "office_names": dict(Region.objects.filter(code__in=offices).values_list("code", "name")),
        "slot_form": slot_form or forms.SlotForm(),
        "slots": ConsultationSlot.objects.filter(office_id__in=offices)
        .prefetch_related("bookings__application__applicant").order_by("-starts_at")[:20],
    }


@login_required
@require_GET
def office(request):
    """The office's queue (overdue filter) and per-office statistics over the user's scope."""
    if not (posts_with_capability(request.user, "service.handle") or posts_with_capability(request.user, "service.view")):
        raise PermissionDenied(_("您没有此项操作的权限。"))
    return render(request, "services/office.html", _office_context(request.user, request))


@require_GET
def verify(request):
    """Public: anyone checks a result document's code and sees its essentials (no ID numbers)."""
    code = request.GET.get("code", "")
    document = queries.find_document(code) if code else None
    masked = mask_name(document.application.applicant.name) if document else ""
    return render(request, "services/verify.html", {"code": code, "document": document, "checked": bool(code),
                                                    "masked_name": masked},
                  status=404 if code and document is None else 200)


# --- remote consultation ---------------------------------------------------------------------


@login_required
@require_POST
def slot_publish(request):
    form = forms.SlotForm(request.POST)
    try:
        consultations.publish_slot(request.user, request.POST.get("office", ""),
                                   starts_at=request.POST.get("starts_at"), minutes=request.POST.get("minutes"))
    except ValidationError as error:
        add_action_errors(form, error)
        return render(request, "services/office.html", _office_context(request.user, request, form), status=422)
    messages.success(request, _("已发布视频办理时段。"))
    return redirect("services:office")


def _refused(request, app, error):
    """The application page again, with the refusal on top (422)."""
    context = _application_context(request.user, app)
    context["errors"] = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
    return render(request, "services/application.html", context, status=422)


@login_required
@require_POST
def booking_new(request, pk):
    app = queries.get_application_for_user(request.user, pk)
    slot = ConsultationSlot.objects.filter(pk=_int(request.POST.get("slot")), office_id=app.office_id).first()
    try:
        if slot is None:
            raise ValidationError({"slot": _("请选择当前办理单位尚未开始的时段。")})
        consultations.book(request.user, app, slot)
    except ValidationError as error:
        return _refused(request, app, error)
    messages.success(request, _("已预约视频办理。"))
    return redirect("services:application", pk=app.pk)


@login_required
@require_POST
def booking_close(request, pk, booking_pk, outcome):
    app = queries.get_application_for_user(request.user, pk)
    booking = Booking.objects.filter(pk=booking_pk, application=app).select_related("slot").first()
    if booking is None or outcome not in ("cancel", "held", "no_show"):
        raise Http404(_("未找到该预约。"))
    try:
        if outcome == "cancel":
            consultations.cancel(request.user, booking)
        else:
            consultations.record_outcome(request.user, booking, held=outcome == "held")
    except ValidationError as error:
        return _refused(request, app, error)
    messages.success(request, _("已保存。"))
    return redirect("services:application", pk=app.pk)


def _int(value):
    return int(value) if str(value or "").isdigit() else 0
