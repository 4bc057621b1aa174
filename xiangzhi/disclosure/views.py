"""Cadre pages of 三务公开: list, draft, detail with its steps, edit, correct, answer,
the village's cadence calendar, the township's compliance and the county's catalogue."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from xiangzhi.accounts.permissions import can, require, require_capability
from xiangzhi.core.forms import add_action_errors

from . import catalogue, compliance, disclosures, questions
from .disclosures import disclosure_workflow
from .forms import (
    AnswerDaysForm, AnswerForm, AskForm, CatalogueItemForm, CommentForm, CorrectForm, DraftForm, EditForm, ReturnForm,
)
from .models import DisclosureState

PER_PAGE = 20
# Action fields the forms call otherwise.
FORM_FIELDS = {"table": "table_text"}
STEP_FORMS = {"submit": CommentForm, "countersign": CommentForm, "return": ReturnForm, "publish": CommentForm}


# --- list, calendar ----------------------------------------------------------------------------


@login_required
@require_GET
def disclosure_list(request):
    require_capability(request.user, "disclosure.view")
    state = request.GET.get("state", "")
    queryset = disclosures.visible_disclosures(request.user)
    if state in DisclosureState.values:
        queryset = queryset.filter(state=state)
    page = Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
    for disclosure in page.object_list:
        disclosure.state_label = disclosure_workflow.state_label(disclosure.state)
    try:
        village = compliance.village_for_calendar(request.user)
        calendar = compliance.village_calendar(village)
    except Http404:
        village, calendar = None, None
    return render(request, "disclosure/list.html", {
        "page": page, "state": state, "states": DisclosureState.choices,
        "query": f"state={state}" if state else "",
        "village": village, "calendar": calendar,
        "can_draft": village is not None and can(request.user, disclosures.DRAFT, village.code),
    })


@login_required
@require_GET
def village_calendar(request):
    village = compliance.village_for_calendar(request.user, request.GET.get("village", "").strip())
    return render(request, "disclosure/calendar.html", {
        "village": village, "calendar": compliance.village_calendar(village),
    })


@login_required
@require_GET
def compliance_page(request):
    region = compliance.compliance_region_for(request.user, request.GET.get("region", "").strip())
    return render(request, "disclosure/compliance.html", {"region": region, **compliance.compliance_of(region)})


# --- draft, detail, steps ----------------------------------------------------------------------


@login_required
def disclosure_create(request):
    village = compliance.village_for_calendar(
        request.user, (request.GET.get("village") or request.POST.get("village") or "").strip(), disclosures.DRAFT
    )
    items = list(catalogue.items_for_village(village.code))
    if request.method == "POST":
        form = DraftForm(request.POST, items=items)
        if form.is_valid():
            data = form.cleaned_data
            try:
                disclosure = disclosures.draft_disclosure(
                    request.user, village, item=data["item"], period=data["period"], title=data["title"],
                    body=data["body"], table=disclosures.parse_table_text(data["table_text"]),
                    attachments=request.FILES.getlist("attachments"),
                )
            except ValidationError as error:
                add_action_errors(form, error, FORM_FIELDS)
            else:
                messages.success(request, _("草稿已保存,请核对后提交会签。"))
                return redirect("disclosure:detail", disclosure.pk)
    else:
        form = DraftForm(items=items, initial={"item": request.GET.get("item"), "period": request.GET.get("period", "")})
    return render(request, "disclosure/create.html", {"form": form, "village": village})


def _detail_context(request, disclosure, step_forms=None):
    step_forms = dict(step_forms or {})
    allowed = disclosure_workflow.allowed_transitions(request.user, disclosure)
    for transition in allowed:
        step_forms.setdefault(transition.name, STEP_FORMS[transition.name]())
    history = list(disclosure_workflow.history(disclosure))
    for step in history:
        step.label = disclosure_workflow.step_label(step.transition)
    entry = None
    if disclosure.is_published:
        from xiangzhi.translog.log import entry_for

        entry = entry_for(disclosure, disclosures.LOG_KIND)
    question_list = questions.public_questions(disclosure) if disclosure.is_published else []
    can_answer = can(request.user, questions.ANSWER, disclosure.village_id)
    return {
        "disclosure": disclosure,
        "state_label": disclosure_workflow.state_label(disclosure.state),
        "steps": [(transition, step_forms[transition.name]) for transition in allowed],
        "history": history,
        "entry": entry,
        "questions": question_list,
        "answer_form": AnswerForm() if can_answer else None,
        "can_edit": disclosure.is_editable and can(request.user, disclosures.DRAFT, disclosure.village_id),
        "can_correct": disclosure.is_published and can(request.user, disclosures.DRAFT, disclosure.village_id),
        "corrections": list(disclosure.corrections.order_by("created_at")),
    }


@login_required
@require_GET
def disclosure_detail(request, pk):
    disclosure = disclosures.get_disclosure_for_user(request.user, pk)
    return render(request, "disclosure/detail.html", _detail_context(request, disclosure))


@login_required
@require_POST
def disclosure_step(request, pk, step):
    disclosure = disclosures.get_disclosure_for_user(request.user, pk)
    form_class = STEP_FORMS.get(step)
    if form_class is None:
        raise Http404(_("未找到该记录。"))
    form = form_class(request.POST)
    if form.is_valid():
        try:
            if step == "return":
                disclosures.return_disclosure(request.user, disclosure, reason=form.cleaned_data["reason"])
            else:
                action = {"submit": disclosures.submit_disclosure, "countersign": disclosures.countersign_disclosure,
                          "publish": disclosures.publish_disclosure}[step]
                action(request.user, disclosure, comment=form.cleaned_data["comment"])
        except ValidationError as error:
            add_action_errors(form, error, FORM_FIELDS)
        else:
            messages.success(request, _("已%(step)s。") % {"step": disclosure_workflow.transition(step).label})
            return redirect("disclosure:detail", disclosure.pk)
    disclosure = disclosures.get_disclosure_for_user(request.user, pk)
    context = _detail_context(request, disclosure, {step: form})
    if not any(transition.name == step for transition, _form in context["steps"]):
        context["page_errors"] = form.non_field_errors() or [_("当前状态下不能执行此操作。")]
    return render(request, "disclosure/detail.html", context, status=422)


@login_required
def disclosure_edit(request, pk):
    disclosure = disclosures.get_disclosure_for_user(request.user, pk)
    require(request.user, disclosures.DRAFT, disclosure.village_id)
    if not disclosure.is_editable:
        message = disclosures.NOT_EDITABLE_PUBLISHED if disclosure.is_published else disclosures.NOT_EDITABLE_IN_REVIEW
        context = _detail_context(request, disclosure)
        context["page_errors"] = [message]
        return render(request, "disclosure/detail.html", context, status=422)
    table_text = "\n".join(" | ".join(row) for row in [
        disclosure.table.get("columns", []), *disclosure.table.get("rows", [])] if row) if disclosure.table else ""
    if request.method == "POST":
        form = EditForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                disclosures.update_draft(
                    request.user, disclosure, title=data["title"], body=data["body"], period=data["period"],
                    table=None if disclosure.item.generator else disclosures.parse_table_text(data["table_text"]),
                    attachments=request.FILES.getlist("attachments"),
                )
            except ValidationError as error:
                add_action_errors(form, error, FORM_FIELDS)
            else:
                messages.success(request, _("已保存。"))
                return redirect("disclosure:detail", disclosure.pk)
    else:
        form = EditForm(initial={"period": disclosure.period, "title": disclosure.title, "body": disclosure.body,
                                 "table_text": table_text})
    return render(request, "disclosure/edit.html", {"form": form, "disclosure": disclosure})


@login_required
def disclosure_correct(request, pk):
    original = disclosures.get_disclosure_for_user(request.user, pk)
    require(request.user, disclosures.DRAFT, original.village_id)
    if request.method == "POST":
        form = CorrectForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                correction = disclosures.correct_disclosure(
                    request.user, original, title=data["title"], body=data["body"],
                    table=disclosures.parse_table_text(data["table_text"]),
                    attachments=request.FILES.getlist("attachments"),
                )
            except ValidationError as error:
                add_action_errors(form, error, FORM_FIELDS)
            else:
                messages.success(request, _("更正草稿已保存,会签后发布。"))
                return redirect("disclosure:detail", correction.pk)
    else:
        form = CorrectForm(initial={"title": _("关于“%(title)s”的更正") % {"title": original.title}})
    return render(request, "disclosure/correct.html", {"form": form, "original": original})


# --- questions ---------------------------------------------------------------------------------


@login_required
@require_POST
def ask(request, pk):
    disclosure = disclosures.Disclosure.objects.published().filter(pk=pk).first()
    if disclosure is None:
        raise Http404(_("未找到该记录。"))
    form = AskForm(request.POST)
    if form.is_valid():
        try:
            questions.ask_question(request.user, disclosure, text=form.cleaned_data["text"])
        except ValidationError as error:
            add_action_errors(form, error, FORM_FIELDS)
        else:
            messages.success(request, _("问题已提交,村干部将在期限内答复。"))
            return redirect("portal:disclosure", disclosure.village_id, disclosure.pk)
    from xiangzhi.portal.views import disclosure_context, public_disclosure

    context = disclosure_context(request, public_disclosure(disclosure.village_id, disclosure.pk))
    context["ask_form"] = form
    return render(request, "portal/disclosure.html", context, status=422)


@login_required
@require_POST
def answer(request, pk):
    question = questions.get_question_for_user(request.user, pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            questions.answer_question(request.user, question, answer=form.cleaned_data["answer"])
        except ValidationError as error:
            add_action_errors(form, error, FORM_FIELDS)
        else:
            messages.success(request, _("已答复。"))
            return redirect("disclosure:detail", question.disclosure_id)
    disclosure = disclosures.get_disclosure_for_user(request.user, question.disclosure_id)
    context = _detail_context(request, disclosure)
    context["answer_form"] = form
    context["answer_question_id"] = question.pk
    return render(request, "disclosure/detail.html", context, status=422)


# --- the catalogue -------------------------------------------------------------------------------


def _catalogue_context(region, form=None, days_form=None, editing=None):
    items = list(catalogue.items_of(region.code).select_related("replaces"))
    return {
        "region": region, "items": items, "form": form or CatalogueItemForm(), "editing": editing,
        "days_form": days_form or AnswerDaysForm(initial={"answer_days": catalogue.answer_days_for(region.code)}),
        "is_county": len(region.code) == catalogue.COUNTY_LENGTH,
    }


@login_required
@require_GET
def catalogue_page(request):
    region = catalogue.catalogue_region_for(request.user, request.GET.get("region", "").strip())
    return render(request, "disclosure/catalogue.html", _catalogue_context(region))


@login_required
@require_POST
def catalogue_add(request):
    region = catalogue.catalogue_region_for(request.user, request.POST.get("region", "").strip())
    form = CatalogueItemForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            catalogue.add_item(request.user, region, category=data["category"], name=data["name"],
                               cadence=data["cadence"], legal_basis=data["legal_basis"],
                               generator=data["generator"], order=data["order"])
        except ValidationError as error:
            add_action_errors(form, error, FORM_FIELDS)
        else:
            messages.success(request, _("已新增目录项。"))
            return redirect(f"{_catalogue_url()}?region={region.code}")
    return render(request, "disclosure/catalogue.html", _catalogue_context(region, form=form), status=422)


@login_required
def catalogue_edit(request, pk):
    region = catalogue.catalogue_region_for(request.user, (request.GET.get("region") or request.POST.get("region")
                                                           or "").strip())
    item = catalogue.get_item_in(region.code, pk)
    if request.method == "POST":
        form = CatalogueItemForm(request.POST)
        if form.is_valid():
            try:
                catalogue.update_item(request.user, region, item, **form.cleaned_data)
            except ValidationError as error:
                add_action_errors(form, error, FORM_FIELDS)
            else:
                messages.success(request, _("已保存目录项。"))
                return redirect(f"{_catalogue_url()}?region={region.code}")
        return render(request, "disclosure/catalogue_edit.html", {"region": region, "item": item, "form": form},
                      status=422)
    form = CatalogueItemForm(initial={
        "category": item.category, "name": item.name, "cadence": item.cadence, "legal_basis": item.legal_basis,
        "generator": item.generator, "order": item.order, "active": item.active,
    })
    return render(request, "disclosure/catalogue_edit.html", {"region": region, "item": item, "form": form})


def _catalogue_url():
    from django.urls import reverse

    return reverse("disclosure:catalogue")


@login_required
@require_POST
def answer_days(request):
    region = catalogue.catalogue_region_for(request.user, request.POST.get("region", "").strip())
    form = AnswerDaysForm(request.POST)
    if form.is_valid():
        try:
            catalogue.set_answer_days(request.user, region, form.cleaned_data["answer_days"])
        except ValidationError as error:
            add_action_errors(form, error, FORM_FIELDS)
        else:
            messages.success(request, _("已保存答复期限。"))
            return redirect(f"{_catalogue_url()}?region={region.code}")
    return render(request, "disclosure/catalogue.html", _catalogue_context(region, days_form=form), status=422)
