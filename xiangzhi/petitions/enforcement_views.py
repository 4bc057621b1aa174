"""综合行政执法 pages: the certificate board and officers, an officer's file with the forms to add
or renew a certificate and to assign a task (refused, with the reason, without a valid certificate)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xiangzhi.accounts.permissions import can, posts_with_capability, require_capability
from xiangzhi.core.forms import add_action_errors
from xiangzhi.regions.models import Region

from . import actions, queries
from .forms import CertificateForm, OfficerForm, RenewForm, TaskForm, find_user

MANAGE = "enforcement.manage"
PER_PAGE = 30


@login_required
@require_GET
def certificates(request):
    require_capability(request.user, "enforcement.view")
    officers = queries.visible_officers(request.user).prefetch_related("certificates")
    page = Paginator(officers, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "petitions/certificates.html", {
        **queries.certificate_board(request.user), "page": page, "officers": page.object_list, "query": "",
        "may_manage": bool(posts_with_capability(request.user, MANAGE)),
    })


@login_required
@require_http_methods(["GET", "POST"])
def officer_add(request):
    require_capability(request.user, MANAGE)
    form = OfficerForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = find_user(data["username"])
            if data["username"].strip() and user is None:
                raise ValidationError({"username": _("没有找到帐号“%(name)s”。") % {"name": data["username"].strip()}})
            region = Region.objects.filter(code=data["region"]).first() if data["region"] else None
            officer = actions.add_officer(request.user, region=region, name=data["name"], user=user)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("执法人员已登记。"))
            return redirect("petitions:officer_detail", officer.pk)
    return render(request, "petitions/officer_add.html", {"form": form}, status=422 if form.errors else 200)


def _officer_forms(request, officer, bound=None):
    if not can(request.user, MANAGE, officer.region_id):
        return {}
    certificates = list(officer.certificates.all())
    built = {
        "certificate": CertificateForm(prefix="certificate"),
        "renew": RenewForm(prefix="renew", certificates=certificates) if certificates else None,
        "task": TaskForm(prefix="task", user=request.user, officer=officer),
    }
    if bound:
        built[bound[0]] = bound[1]
    return built


def _render_officer(request, officer, bound=None):
    return render(request, "petitions/officer_detail.html", {
        "officer": officer, "certificates": officer.certificates.all(),
        "tasks": officer.tasks.select_related("region")[:20],
        "forms": _officer_forms(request, officer, bound),
    }, status=422 if bound else 200)


@login_required
@require_GET
def officer_detail(request, pk):
    return _render_officer(request, queries.get_officer_for_user(request.user, pk))


def _run(request, officer, name, form, action):
    """Validate the posted form, run the action; on refusal show the file with the form's errors."""
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            return None
    return _render_officer(request, officer, (name, form))


@login_required
@require_POST
def officer_step(request, pk, step):
    officer = queries.get_officer_for_user(request.user, pk)
    if step == "certificate":
        form = CertificateForm(request.POST, prefix=step)
        refused = _run(request, officer, step, form, lambda data: actions.add_certificate(
            request.user, officer, number=data["number"], expires_on=data["expires_on"]))
        done = _("执法证已登记。")
    elif step == "renew":
        form = RenewForm(request.POST, prefix=step, certificates=officer.certificates.all())
        refused = _run(request, officer, step, form, lambda data: actions.renew_certificate(
            request.user, _certificate_of(officer, data["certificate"]), expires_on=data["expires_on"]))
        done = _("执法证有效期已延续。")
    elif step == "task":
        form = TaskForm(request.POST, prefix=step, user=request.user, officer=officer)
        refused = _run(request, officer, step, form, lambda data: actions.assign_enforcement_task(
            request.user, officer, region=Region.objects.filter(code=data["region"]).first() if data["region"] else None,
            title=data["title"]))
        done = _("执法任务已分派。")
    else:
        raise Http404(_("没有这个步骤。"))
    if refused is not None:
        return refused
    messages.success(request, done)
    return redirect("petitions:officer_detail", officer.pk)


def _certificate_of(officer, pk):
    certificate = officer.certificates.filter(pk=pk).first() if str(pk).isdigit() else None
    if certificate is None:
        raise ValidationError({"certificate": _("请选择要延续的执法证。")})
    return certificate
