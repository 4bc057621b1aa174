"""Star-rating and rectification pages, phone-first. Thin: a scoped fetch, a form, one action, a response."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xiangzhi.accounts.permissions import can, posts_with_capability, require_capability
from xiangzhi.core.forms import add_action_errors
from xiangzhi.regions.models import Level, Region

from . import evaluations, queries, rectifications, screening
from .forms import CloseForm, EvidenceForm, FlagForm, RectificationForm, TaskDoneForm, TaskForm
from .models import (
    CONFIG, RECTIFY, REVIEW, SELF_ASSESS, VIEW, Evaluation, EvaluationState, WeakFlag,
)
from .schemes import COUNTY_LENGTH, configure, scheme_for


def _years():
    return range(timezone.localdate().year, 2014, -1)


@login_required
@require_GET
def overview(request):
    require_capability(request.user, VIEW)
    region = queries.scope_region(request.user, VIEW, request.GET.get("region"))
    year = queries.parse_year(request.GET.get("year"))
    rows = list(queries.visible_evaluations(request.user).within(region.code).filter(year=year)
                .order_by("region_id", "organisation__name"))
    evaluated = {row.organisation_id for row in rows}
    may_assess = [o for o in queries.village_organisations(region.code)
                  if o.pk not in evaluated and can(request.user, SELF_ASSESS, o.region_id)]
    return render(request, "partyrating/overview.html", {
        "region": region, "year": year, "years": _years(), "rows": rows, "may_assess": may_assess,
        "stars": queries.star_counts(Evaluation.objects.visible_to(request.user).within(region.code).filter(year=year)),
        "may_configure": bool(posts_with_capability(request.user, CONFIG)),
    })


def _county_for(user, code):
    county = queries.scope_region(user, CONFIG, code)
    if county.level != Level.COUNTY:
        county = Region.objects.filter(code=county.code[:COUNTY_LENGTH], level=Level.COUNTY).first()
        if county is None:
            raise PermissionDenied(_("星级评定方案按县设置,请在县级岗位下操作。"))
    return county


def _criteria_rows(data, count):
    rows = []
    for number in range(1, count + 1):
        key, label, max_score = (str(data.get(f"{name}_{number}", "")).strip() for name in ("key", "label", "max"))
        if label or max_score:
            rows.append({"key": key, "label": label, "max_score": max_score})
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def scheme(request):
    require_capability(request.user, CONFIG)
    county = _county_for(request.user, request.GET.get("region"))
    year = queries.parse_year(request.POST.get("year") or request.GET.get("year"))
    current = scheme_for(county.code, year)
    errors, values = {}, current.as_dict()
    if request.method == "POST":
        data = request.POST
        values = {"criteria": _criteria_rows(data, len(current.criteria) + 3), "star_bands": data.get("star_bands", ""),
                  **{name: data.get(name) for name in ("secretary_vacant_days", "satisfaction_below",
                                                       "no_new_member_years", "bottom_share")},
                  "last_place": data.get("last_place") == "on", "mass_incident": data.get("mass_incident") == "on"}
        try:
            configure(request.user, county, year, **values)
        except ValidationError as error:
            errors = error.message_dict
        else:
            messages.success(request, _("已保存 %(county)s %(year)s 年度星级评定方案。") % {
                "county": county.name, "year": year})
            return redirect(f"{request.path}?year={year}")
    criteria = list(values["criteria"]) + [{"key": "", "label": "", "max_score": ""}] * 3
    bands = values["star_bands"]
    return render(request, "partyrating/scheme.html", {
        "county": county, "year": year, "years": _years(), "values": values, "errors": errors,
        "criteria": criteria, "bands": ",".join(map(str, bands)) if isinstance(bands, list) else bands,
        "own": current.own,
    }, status=422 if errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def assess(request, organisation, year):
    organisation = queries.organisation_for_user(request.user, SELF_ASSESS, organisation)
    evaluation = Evaluation.objects.filter(organisation=organisation, year=year).first()
    if evaluation is not None and evaluation.state != EvaluationState.DRAFT:
        return redirect("partyrating:evaluation_detail", evaluation.pk)
    criteria = evaluation.criteria if evaluation else scheme_for(organisation.region_id, year).criteria
    errors = {}
    if evaluation:
        values = {f"score_{k}": v for k, v in evaluation.self_scores.items()}
        values.update(satisfaction=evaluation.satisfaction if evaluation.satisfaction is not None else "",
                      mass_incident=evaluation.mass_incident, summary=evaluation.summary)
    else:
        values = {"satisfaction": "", "mass_incident": False, "summary": ""}
    if request.method == "POST":
        data = request.POST
        values = {**{f"score_{c['key']}": data.get(f"score_{c['key']}", "") for c in criteria},
                  "satisfaction": data.get("satisfaction", ""), "mass_incident": data.get("mass_incident") == "on",
                  "summary": data.get("summary", "")}
        try:
            evaluation = evaluations.self_assess(
                request.user, organisation, year, scores={c["key"]: data.get(f"score_{c['key']}") for c in criteria},
                satisfaction=values["satisfaction"], mass_incident=values["mass_incident"], summary=values["summary"])
        except ValidationError as error:
            errors = error.message_dict
        else:
            messages.success(request, _("自评已保存,可上传佐证材料后提交审核。"))
            return redirect("partyrating:evaluation_detail", evaluation.pk)
    rows = [{**c, "name": f"score_{c['key']}", "value": values.get(f"score_{c['key']}", ""),
             "errors": errors.get(f"score_{c['key']}", [])} for c in criteria]
    return render(request, "partyrating/assess.html", {
        "organisation": organisation, "year": year, "criteria": rows, "values": values, "errors": errors,
    }, status=422 if errors else 200)


def _detail(request, evaluation, *, evidence_form=None, review_errors=None, review_values=None, status=200):
    user = request.user
    stage = evaluations.reviewing_stage(user, evaluation)
    scores = evaluation.reviewed_scores or evaluation.self_scores
    review_values = review_values or {}
    rows = [{**c, "name": f"score_{c['key']}", "value": review_values.get(f"score_{c['key']}", scores.get(c["key"], "")),
             "errors": (review_errors or {}).get(f"score_{c['key']}", [])} for c in evaluation.criteria]
    may_assess = evaluation.state == EvaluationState.DRAFT and can(user, SELF_ASSESS, evaluation.region_id)
    labels = {c["key"]: c["label"] for c in evaluation.criteria}
    return render(request, "partyrating/evaluation_detail.html", {
        "evaluation": evaluation, "rows": evaluation.score_rows(),
        "evidence": [(item, labels.get(item.criterion, "")) for item in evaluation.evidence.all()],
        "may_assess": may_assess,
        "evidence_form": evidence_form or EvidenceForm(criteria=evaluation.criteria),
        "stage": stage, "review_rows": rows, "review_errors": review_errors or {},
        "review_opinion": review_values.get("opinion", ""),
        "flags": WeakFlag.objects.filter(organisation=evaluation.organisation, year=evaluation.year),
    }, status=status)


@login_required
@require_GET
def evaluation_detail(request, pk):
    return _detail(request, queries.get_evaluation_for_user(request.user, pk))


@login_required
@require_POST
def evidence_upload(request, pk):
    evaluation = queries.get_evaluation_for_user(request.user, pk)
    form = EvidenceForm(request.POST, request.FILES, criteria=evaluation.criteria)
    form.is_valid()
    try:
        evaluations.add_evidence(request.user, evaluation, request.FILES.get("file"),
                                 criterion=request.POST.get("criterion", ""))
    except ValidationError as error:
        add_action_errors(form, error)
        return _detail(request, evaluation, evidence_form=form, status=422)
    messages.success(request, _("佐证材料已上传。"))
    return redirect("partyrating:evaluation_detail", evaluation.pk)


@login_required
@require_GET
def evidence_download(request, pk, evidence):
    evaluation = queries.get_evaluation_for_user(request.user, pk)
    item = queries.get_evidence_for_user(request.user, evaluation, evidence)
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.name)


@login_required
@require_POST
def evaluation_submit(request, pk):
    evaluation = queries.get_evaluation_for_user(request.user, pk)
    try:
        evaluations.submit(request.user, evaluation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("已提交乡镇审核。"))
    return redirect("partyrating:evaluation_detail", evaluation.pk)


@login_required
@require_POST
def evaluation_review(request, pk):
    evaluation = queries.get_evaluation_for_user(request.user, pk)
    data = request.POST
    values = {key: data.get(key, "") for key in data if key.startswith("score_")}
    values["opinion"] = data.get("opinion", "")
    try:
        evaluations.review(request.user, evaluation, approve=data.get("decision") != "return",
                           scores={c["key"]: data.get(f"score_{c['key']}") for c in evaluation.criteria},
                           opinion=values["opinion"])
    except ValidationError as error:
        return _detail(request, evaluation, review_errors=error.message_dict, review_values=values, status=422)
    messages.success(request, _("审核意见已提交。"))
    return redirect("partyrating:evaluation_detail", evaluation.pk)


def _screening_page(request, *, flag_form=None, status=200):
    user = request.user
    region = queries.scope_region(user, VIEW, request.GET.get("region"))
    year = queries.parse_year(request.GET.get("year"))
    flags = list(queries.flags_within(user, region.code, year))
    grouped = {}
    for item in flags:
        grouped.setdefault(item.organisation, []).append(item)
    open_plans = {row.organisation_id: row for row in queries.visible_rectifications(user).within(region.code).open()}
    may_review = can(user, REVIEW, region.code)
    organisations = list(queries.village_organisations(region.code)) if may_review else []
    return render(request, "partyrating/screening.html", {
        "region": region, "year": year, "years": _years(),
        "groups": [{"organisation": org, "flags": items, "plan": open_plans.get(org.pk)} for org, items in grouped.items()],
        "plans": queries.visible_rectifications(user).within(region.code)[:200],
        "may_review": may_review, "may_rectify": can(user, RECTIFY, region.code),
        "flag_form": flag_form or FlagForm(organisations=organisations),
        "scheme": scheme_for(region.code, year) if len(region.code) >= COUNTY_LENGTH else None,
    }, status=status)


@login_required
@require_GET
def screening_page(request):
    require_capability(request.user, VIEW)
    return _screening_page(request)


@login_required
@require_POST
def screening_run(request):
    require_capability(request.user, REVIEW)
    region = queries.scope_region(request.user, REVIEW, request.POST.get("region"))
    year = queries.parse_year(request.POST.get("year"))
    try:
        found = screening.run_screening(request.user, region, year)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("排查完成:%(n)d 个村党组织触发软弱涣散情形。") % {"n": len(found)})
    return redirect(f"{reverse('partyrating:screening')}?region={region.code}&year={year}")


@login_required
@require_POST
def screening_flag(request):
    require_capability(request.user, REVIEW)
    form = FlagForm(request.POST, organisations=[])
    form.is_valid()
    if not request.POST.get("organisation"):
        form.add_error(None, _("请选择村党组织。"))
        return _screening_page(request, flag_form=form, status=422)
    organisation = queries.organisation_for_user(request.user, REVIEW, request.POST.get("organisation"))
    year = queries.parse_year(request.POST.get("year") or request.GET.get("year"))
    try:
        screening.flag(request.user, organisation, year, trigger=request.POST.get("trigger", ""),
                       reason=request.POST.get("reason", ""))
    except ValidationError as error:
        add_action_errors(form, error)
        return _screening_page(request, flag_form=form, status=422)
    messages.success(request, _("已认定。"))
    return redirect(f"{reverse('partyrating:screening')}?region={organisation.region_id}&year={year}")


@login_required
@require_http_methods(["GET", "POST"])
def rectification_open(request, organisation, year):
    organisation = queries.organisation_for_user(request.user, RECTIFY, organisation)
    flags = WeakFlag.objects.filter(organisation=organisation, year=year)
    initial = {"problems": "\n".join(f"{f.get_trigger_display()}:{f.reason}" for f in flags)}
    form = RectificationForm(request.POST or None, initial=initial)
    if request.method == "POST":
        form.is_valid()
        if not form.errors:
            try:
                plan = rectifications.open_rectification(
                    request.user, organisation, year, problems=form.cleaned_data["problems"],
                    measures=form.cleaned_data["measures"], deadline=form.cleaned_data["deadline"])
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(request, _("整顿方案已建立,请分解任务。"))
                return redirect("partyrating:rectification_detail", plan.pk)
    return render(request, "partyrating/rectification_form.html", {
        "organisation": organisation, "year": year, "flags": flags, "form": form,
    }, status=422 if form.errors else 200)


def _plan_page(request, plan, *, task_form=None, done_form=None, done_task=None, close_form=None, status=200):
    may_manage = plan.state != "passed" and can(request.user, RECTIFY, plan.region_id)
    return render(request, "partyrating/rectification_detail.html", {
        "plan": plan, "tasks": plan.tasks.all(), "may_manage": may_manage,
        "task_form": task_form or TaskForm(), "done_form": done_form or TaskDoneForm(
            initial={"done_on": timezone.localdate()}), "done_task": done_task,
        "close_form": close_form or CloseForm(),
    }, status=status)


@login_required
@require_GET
def rectification_detail(request, pk):
    return _plan_page(request, queries.get_rectification_for_user(request.user, pk))


@login_required
@require_POST
def task_add(request, pk):
    plan = queries.get_rectification_for_user(request.user, pk)
    form = TaskForm(request.POST)
    form.is_valid()
    if not form.errors:
        try:
            rectifications.add_task(request.user, plan, title=form.cleaned_data["title"],
                                    owner=form.cleaned_data["owner"], deadline=form.cleaned_data["deadline"])
        except ValidationError as error:
            add_action_errors(form, error)
    if form.errors:
        return _plan_page(request, plan, task_form=form, status=422)
    messages.success(request, _("任务已添加。"))
    return redirect("partyrating:rectification_detail", plan.pk)


@login_required
@require_POST
def task_done(request, pk, task):
    plan = queries.get_rectification_for_user(request.user, pk)
    item = queries.get_task_for_user(request.user, plan, task)
    form = TaskDoneForm(request.POST, request.FILES)
    form.is_valid()
    if not form.errors:
        try:
            rectifications.complete_task(request.user, item, done_on=form.cleaned_data["done_on"],
                                         note=form.cleaned_data["note"], upload=request.FILES.get("file"))
        except ValidationError as error:
            add_action_errors(form, error)
    if form.errors:
        return _plan_page(request, plan, done_form=form, done_task=item, status=422)
    messages.success(request, _("任务已标记完成。"))
    return redirect("partyrating:rectification_detail", plan.pk)


@login_required
@require_GET
def task_evidence(request, pk, task):
    plan = queries.get_rectification_for_user(request.user, pk)
    item = queries.get_task_for_user(request.user, plan, task)
    if not item.evidence_file:
        raise queries.not_found()
    return FileResponse(item.evidence_file.open("rb"), as_attachment=True, filename=item.evidence_name)


@login_required
@require_POST
def rectification_close(request, pk):
    plan = queries.get_rectification_for_user(request.user, pk)
    form = CloseForm(request.POST)
    form.is_valid()
    if not form.errors:
        try:
            rectifications.close_review(request.user, plan, passed=form.cleaned_data["passed"] != "extend",
                                        opinion=form.cleaned_data["opinion"],
                                        extended_to=form.cleaned_data["extended_to"])
        except ValidationError as error:
            add_action_errors(form, error)
    if form.errors:
        return _plan_page(request, plan, close_form=form, status=422)
    messages.success(request, _("验收意见已提交。"))
    return redirect("partyrating:rectification_detail", plan.pk)

