"""政府购买服务 projects: the county registers a project with its provider, budget, period,
places served and deliverables; it moves planned → contracted → in progress → accepted or
failed through the workflow core (history rows and audit events). The acceptance (验收)
records the date, the result and which deliverables were met, and is taken by someone other
than the person who registered the project."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xiangzhi.accounts.permissions import require
from xiangzhi.core import inputs
from xiangzhi.core.workflow import Transition, Workflow
from xiangzhi.finance.money import parse_yuan
from xiangzhi.regions.models import Level, Region

from .actions import any_date
from .models import OrganisationState, ProjectState, PurchaseProject

PURCHASE = "purchase.manage"
MAX_DELIVERABLES = 30
ACCEPTANCE_STEPS = ("accept", "fail")


def _not_by_creator(project, actor, data):
    if actor is not None and actor.pk == project.created_by_id:
        return _("验收须由项目登记人(%(name)s)以外的人员进行。") % {"name": project.created_by}
    return None


def _record_acceptance(project, actor, data):
    project.accepted_on = data["accepted_on"]
    project.acceptance_result = data["result"]
    project.deliverables_met = data["met"]
    project.accepted_by = actor
    project.save(update_fields=["accepted_on", "acceptance_result", "deliverables_met", "accepted_by"])
    return {"accepted_on": [None, data["accepted_on"].isoformat()], "deliverables_met": [[], data["met"]]}


_acceptance = {"source": (ProjectState.IN_PROGRESS,), "capability": PURCHASE, "guards": (_not_by_creator,),
               "effect": _record_acceptance, "requires_comment": True}
project_workflow = Workflow(
    "purchase_project", PurchaseProject, states=ProjectState, initial=ProjectState.PLANNED,
    final=(ProjectState.ACCEPTED, ProjectState.FAILED),
    start_label=gettext_lazy("登记"),
    transitions=[
        Transition("contract", gettext_lazy("签订合同"), source=(ProjectState.PLANNED,),
                   target=ProjectState.CONTRACTED, capability=PURCHASE),
        Transition("begin", gettext_lazy("开始实施"), source=(ProjectState.CONTRACTED,),
                   target=ProjectState.IN_PROGRESS, capability=PURCHASE),
        Transition("accept", gettext_lazy("验收合格"), target=ProjectState.ACCEPTED, **_acceptance),
        Transition("fail", gettext_lazy("验收不合格"), target=ProjectState.FAILED, **_acceptance),
    ],
)


def deliverable_lines(value):
    """Deliverables typed one per line, or given as a list."""
    lines = value.splitlines() if isinstance(value, str) else list(value or [])
    return [str(line).strip() for line in lines if str(line).strip()]


def _served(errors, county, codes):
    codes = list(dict.fromkeys(code.strip() for code in (codes or []) if code and code.strip()))
    found = {region.code: region for region in Region.objects.filter(
        pk__in=codes, level__in=(Level.TOWNSHIP, Level.VILLAGE))}
    outside = [code for code in codes if code not in found or not code.startswith(county.code)]
    if not codes:
        errors["served"] = _("请选择至少一个服务的村或乡镇。")
    elif outside:
        errors["served"] = _("服务的村或乡镇须在%(county)s:%(codes)s 不是。") % {
            "county": county.name, "codes": "、".join(outside),
        }
    return [found[code] for code in codes if code in found]


def create_project(actor, county_code, *, title, department, provider, budget, starts_on, ends_on, served,
                   deliverables):
    county = Region.objects.filter(pk=(county_code or "").strip(), level=Level.COUNTY).first()
    if county is None:
        raise ValidationError({"county": _("请选择有效的县。")})
    post = require(actor, PURCHASE, county.code)
    errors = {}
    values = {
        "title": inputs.text(errors, "title", _("项目名称"), title, max_length=100),
        "department": inputs.text(errors, "department", _("购买部门"), department, max_length=100),
        "starts_on": any_date(errors, "starts_on", _("服务期开始日期"), starts_on),
        "ends_on": any_date(errors, "ends_on", _("服务期结束日期"), ends_on),
    }
    try:
        values["budget_fen"] = parse_yuan(budget, "budget", label=_("预算金额"))
    except ValidationError as error:
        errors.update({field: messages[0] for field, messages in error.message_dict.items()})
    if values["starts_on"] and values["ends_on"] and values["ends_on"] < values["starts_on"]:
        errors["ends_on"] = _("服务期结束日期不能早于开始日期。")
    if provider is None:
        errors["provider"] = _("请选择承接组织。")
    elif provider.state != OrganisationState.ACTIVE:
        errors["provider"] = _("“%(name)s”已注销，不能承接项目。") % {"name": provider.name}
    elif not provider.region_id.startswith(county.code):
        errors["provider"] = _("承接组织须在%(county)s登记。") % {"county": county.name}
    places = _served(errors, county, served)
    lines = deliverable_lines(deliverables)
    if not lines:
        errors["deliverables"] = _("请填写服务成果(每行一项)。")
    elif len(lines) > MAX_DELIVERABLES or any(len(line) > 200 for line in lines):
        errors["deliverables"] = _("服务成果最多 %(n)d 项，每项不超过 200 字。") % {"n": MAX_DELIVERABLES}
    inputs.raise_if(errors)
    project = PurchaseProject(region=county, provider=provider, deliverables=lines, created_by=actor, **values)
    with transaction.atomic():
        project_workflow.start(actor, project, post=post, changes={
            "title": [None, values["title"]], "provider": [None, provider.pk],
            "budget_fen": [None, values["budget_fen"]], "deliverables": [None, lines],
            "served": [None, [place.code for place in places]],
        })
        project.served.set(places)
    return project


def advance_project(actor, project, step, *, comment=""):
    """签订合同 or 开始实施; the acceptance steps go through accept_project."""
    if step in ACCEPTANCE_STEPS:
        raise ValidationError(_("验收请填写验收记录。"))
    project_workflow.advance(actor, project, step, comment=comment)
    return project


def accept_project(actor, project, *, passed, accepted_on, result, deliverables_met=()):
    """验收: the date, the result (验收意见) and the deliverables met (their positions in the
    list); passed → 验收合格, else 验收不合格."""
    require(actor, PURCHASE, project.region_id)
    errors = {}
    day = inputs.past_date(errors, "accepted_on", _("验收日期"), accepted_on)
    if day and day < project.starts_on:
        errors["accepted_on"] = _("验收日期不能早于服务期开始日期(%(day)s)。") % {
            "day": project.starts_on.isoformat()}
    result = inputs.text(errors, "result", _("验收意见"), result, max_length=2000)
    met = []
    for value in deliverables_met or ():
        index = int(value) if str(value).strip().isdigit() else -1
        if not 0 <= index < len(project.deliverables):
            errors["deliverables_met"] = _("达成的服务成果须从本项目的服务成果中选择。")
            break
        met.append(index)
    inputs.raise_if(errors)
    step = "accept" if passed else "fail"
    project_workflow.advance(actor, project, step, comment=result,
                             data={"accepted_on": day, "result": result, "met": sorted(set(met))})
    return project


def allowed_steps(user, project):
    """The plain steps (not the acceptance) this user may take now."""
    return [transition for transition in project_workflow.allowed_transitions(user, project)
            if transition.name not in ACCEPTANCE_STEPS]


def history(project):
    """The project's steps with their labels and the state each led to."""
    return [{"step": step, "label": project_workflow.step_label(step.transition),
             "state": project_workflow.state_label(step.to_state)} for step in project_workflow.history(project)]
