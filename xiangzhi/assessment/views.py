"""Assessment pages, phone-first. Thin: a scoped fetch, a form, one action, a response."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xiangzhi.accounts.permissions import posts_with_capability, require_capability
from xiangzhi.core.forms import add_action_errors

from . import actions, queries
from .forms import ReviseForm, SchemeForm, VetoForm
from .models import ASSESSMENT_MANAGE, ASSESSMENT_VIEW, UnitVeto
from .vetoes import allowed_vetoes


@login_required
@require_GET
def index(request):
    may_manage = bool(posts_with_capability(request.user, ASSESSMENT_MANAGE))
    if not may_manage:
        require_capability(request.user, ASSESSMENT_VIEW)
    return render(request, "assessment/index.html", {
        "may_manage": may_manage,
        "schemes": queries.schemes_for(request.user) if may_manage else [],
        "results": queries.own_results(request.user),
    })


def _scheme_form(request, *, scheme=None):
    return SchemeForm(request.POST or None, targets=queries.target_choices(scheme.plan_key if scheme else None),
                      items=list(scheme.items.all()) if scheme else [], new=scheme is None,
                      initial={"title": scheme.title, "vetoes": scheme.vetoes} if scheme else {})


@login_required
@require_http_methods(["GET", "POST"])
def scheme_create(request):
    county = queries.county_for(request.user)
    form = _scheme_form(request)
    if request.method == "POST":
        data = form.data
        try:
            scheme = actions.create_scheme(request.user, county, year=data.get("year"), level=data.get("level"),
                                           title=data.get("title"), items=form.item_values(),
                                           vetoes=data.getlist("vetoes"))
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("已建立考核方案:%(title)s。") % {"title": scheme.title})
            return redirect("assessment:scheme_detail", pk=scheme.pk)
    return render(request, "assessment/scheme_form.html", {"form": form, "county": county},
                  status=422 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def scheme_edit(request, pk):
    scheme = queries.get_scheme_for_user(request.user, pk)
    form = _scheme_form(request, scheme=scheme)
    if request.method == "POST":
        try:
            actions.update_scheme(request.user, scheme, title=form.data.get("title"), items=form.item_values(),
                                  vetoes=form.data.getlist("vetoes"))
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("已保存方案,请重新计算结果。"))
            return redirect("assessment:scheme_detail", pk=scheme.pk)
    return render(request, "assessment/scheme_form.html", {"form": form, "county": scheme.region, "scheme": scheme},
                  status=422 if form.errors else 200)


def _detail(request, scheme, *, veto_form=None, revise_form=None, errors=(), status=200):
    vetoes = allowed_vetoes()
    scheme_vetoes = [vetoes[key] for key in scheme.vetoes if key in vetoes]
    return render(request, "assessment/scheme_detail.html", {
        "scheme": scheme, "items": list(scheme.items.all()), "scheme_vetoes": scheme_vetoes,
        "unit_vetoes": list(scheme.unit_vetoes.select_related("region")),
        "veto_form": veto_form or VetoForm(units=queries.assessed_units(scheme), vetoes=scheme_vetoes),
        "revise_form": revise_form or ReviseForm(), "results": queries.ranking(scheme), "errors": errors,
    }, status=status)


@login_required
@require_GET
def scheme_detail(request, pk):
    return _detail(request, queries.get_scheme_for_user(request.user, pk))


@login_required
@require_POST
def veto_record(request, pk):
    scheme = queries.get_scheme_for_user(request.user, pk)
    vetoes = allowed_vetoes()
    form = VetoForm(request.POST, units=queries.assessed_units(scheme),
                    vetoes=[vetoes[key] for key in scheme.vetoes if key in vetoes])
    try:
        actions.record_veto(request.user, scheme, region_code=form.data.get("region"),
                            veto_key=form.data.get("veto_key"), reason=form.data.get("reason"),
                            evidence=form.data.get("evidence"))
    except ValidationError as error:
        add_action_errors(form, error)
        return _detail(request, scheme, veto_form=form, status=422)
    messages.success(request, _("已记录一票否决,请重新计算结果。"))
    return redirect("assessment:scheme_detail", pk=scheme.pk)


@login_required
@require_POST
def veto_withdraw(request, pk):
    veto = UnitVeto.objects.filter(pk=pk, scheme__in=queries.schemes_for(request.user)).first()
    if veto is None:
        raise queries.not_found()
    try:
        actions.withdraw_veto(request.user, veto)
    except ValidationError as error:
        return _detail(request, veto.scheme, errors=error.messages, status=422)
    messages.success(request, _("已撤销该否决记录,请重新计算结果。"))
    return redirect("assessment:scheme_detail", pk=veto.scheme_id)


def _step(request, pk, action, done):
    scheme = queries.get_scheme_for_user(request.user, pk)
    try:
        action(request.user, scheme)
    except ValidationError as error:
        return _detail(request, scheme, errors=error.messages, status=422)
    messages.success(request, done)
    return redirect("assessment:scheme_detail", pk=scheme.pk)


@login_required
@require_POST
def scheme_compute(request, pk):
    return _step(request, pk, actions.compute_results, _("已按指标数据计算考核结果。"))


@login_required
@require_POST
def scheme_publish(request, pk):
    return _step(request, pk, actions.publish_scheme, _("已发布,各被考核单位可以查看本单位的结果。"))


@login_required
@require_POST
def scheme_revise(request, pk):
    scheme = queries.get_scheme_for_user(request.user, pk)
    form = ReviseForm(request.POST)
    try:
        revision = actions.revise_scheme(request.user, scheme, reason=form.data.get("reason"))
    except ValidationError as error:
        add_action_errors(form, error)
        return _detail(request, scheme, revise_form=form, status=422)
    messages.success(request, _("已建立更正版本(第 %(v)d 版),修改并计算后发布。") % {"v": revision.version})
    return redirect("assessment:scheme_detail", pk=revision.pk)


@login_required
@require_GET
def result_detail(request, pk):
    result = queries.get_result_for_user(request.user, pk)
    unit_vetoes = list(result.scheme.unit_vetoes.filter(region_id=result.region_id))
    return render(request, "assessment/result_detail.html", {
        "result": result, "scheme": result.scheme, "unit_vetoes": unit_vetoes})
