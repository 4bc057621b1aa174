"""Contact visits (走访): an assignee visits a household in their duty; a problem raised becomes
a tracked item with an owner and a deadline — or, if the household is served by a grid and
the visitor chooses, a grid event handled by the grid module's own life cycle."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import can, require, require_capability
from xiangzhi.core.audit import record_event
from xiangzhi.people.models import Household

from .assignments import ASSIGN, VISIT, my_assignments
from .models import CONTACT_VIEW, Problem, ProblemState, Visit

TEXT_MAX_LENGTH = 2000
OLDEST_VISIT_DAYS = 366
LONGEST_PROBLEM_DAYS = 366


# --- reads --------------------------------------------------------------------------


def visible_visits(user):
    require_capability(user, CONTACT_VIEW)
    return Visit.objects.visible_to(user).select_related("household", "region", "visitor")


def visible_problems(user):
    require_capability(user, CONTACT_VIEW)
    return Problem.objects.visible_to(user).select_related("household", "region", "owner")


def get_problem_for_user(user, pk):
    problem = visible_problems(user).filter(pk=pk).first()
    if problem is None:
        raise Http404(_("未找到该问题。"))
    return problem


def households_to_visit(user, on=None):
    """Households within the user's current assignments."""
    require_capability(user, VISIT)
    assignments = list(my_assignments(user, on))
    if not assignments:
        return Household.objects.none()
    queryset = Household.objects.none()
    for assignment in assignments:
        if assignment.household_id:
            queryset |= Household.objects.filter(pk=assignment.household_id)
        else:
            queryset |= Household.objects.within(assignment.region_id)
    return queryset


def get_household_to_visit(user, pk):
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404(_("未找到该户。")) from None
    household = households_to_visit(user).select_related("region", "grid").filter(pk=pk).first()
    if household is None:
        raise Http404(_("未找到该户。"))
    return household


# --- cleaning -----------------------------------------------------------------------


def _as_date(value, field, missing):
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value.strip())
        except ValueError:
            raise ValidationError({field: _("日期格式应为 年-月-日,如 2025-06-01。")}) from None
    if isinstance(value, datetime.datetime):
        value = timezone.localdate(value) if timezone.is_aware(value) else value.date()
    if not isinstance(value, datetime.date):
        raise ValidationError({field: missing})
    return value


def _text(value, field, missing, label):
    value = (value or "").strip()
    if missing and not value:
        raise ValidationError({field: missing})
    if len(value) > TEXT_MAX_LENGTH:
        raise ValidationError({field: _("%(label)s不能超过 %(max)d 个字。") % {"label": label, "max": TEXT_MAX_LENGTH}})
    return value


def _collect(errors, values, field, clean):
    try:
        values[field] = clean()
    except ValidationError as error:
        errors.update(error.message_dict)


# --- actions ------------------------------------------------------------------------


def log_visit(actor, household, *, visited_on, findings, problems="", problem_deadline=None, grid_category=None):
    """Record a visit. With `problems`: a tracked problem owned by the visitor until
    `problem_deadline`, or — with `grid_category` — a grid event about the household."""
    post = require(actor, VISIT, household.region_id, household.grid_id)
    errors, values = {}, {}
    _collect(errors, values, "visited_on", lambda: _as_date(visited_on, "visited_on", _("请填写走访日期。")))
    _collect(errors, values, "findings", lambda: _text(findings, "findings", _("请填写走访情况。"), _("走访情况")))
    _collect(errors, values, "problems", lambda: _text(problems, "problems", None, _("反映的问题")))
    today = timezone.localdate()
    day = values.get("visited_on")
    if day and day > today:
        errors["visited_on"] = [_("走访日期不能晚于今天。")]
    elif day and day < today - datetime.timedelta(days=OLDEST_VISIT_DAYS):
        errors["visited_on"] = [_("走访日期不能早于一年前。")]
    assignment = None
    if day and "visited_on" not in errors:
        assignment = next((a for a in my_assignments(actor, day) if a.covers(household, day)), None)
        if assignment is None:
            errors["household"] = [_("%(date)s 您没有联系该户所在的乡镇、村或该户,不能记录走访。") % {"date": day}]
    deadline = None
    if values.get("problems") and not grid_category:
        _collect(errors, values, "problem_deadline",
                 lambda: _as_date(problem_deadline, "problem_deadline", _("反映了问题,请填写办结期限。")))
        deadline = values.get("problem_deadline")
        if deadline and deadline < today:
            errors["problem_deadline"] = [_("办结期限不能早于今天。")]
        elif deadline and deadline > today + datetime.timedelta(days=LONGEST_PROBLEM_DAYS):
            errors["problem_deadline"] = [_("办结期限不能超过一年。")]
    if grid_category:
        if not values.get("problems"):
            errors["problems"] = [_("转为网格事件时,请填写反映的问题。")]
        if not household.grid_id:
            errors["grid_category"] = [_("该户尚未划入网格,不能转为网格事件,请改为跟踪办理。")]
    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        event = _report_grid_event(actor, household, values["problems"], grid_category) if grid_category else None
        visit = Visit.objects.create(
            visitor=actor, household=household, region_id=household.region_id[:12], visited_on=day,
            findings=values["findings"], problems=values["problems"], assignment=assignment, grid_event=event,
        )
        record_event(
            actor, "contact_visit.log", visit, region_code=visit.region_id, post=post,
            target_repr=_("联户走访 %(household)s") % {"household": household},
            changes={
                "household": [None, household.pk], "visited_on": [None, day.isoformat()],
                "findings": [None, values["findings"]], "problems": [None, values["problems"]],
                **({"grid_event": [None, event.pk]} if event else {}),
            },
        )
        if values["problems"] and event is None:
            problem = Problem.objects.create(
                visit=visit, household=household, region_id=visit.region_id, description=values["problems"],
                owner=actor, deadline=deadline,
            )
            record_event(
                actor, "contact_problem.raise", problem, region_code=visit.region_id, post=post,
                changes={"description": [None, problem.description], "owner": [None, actor.pk],
                         "deadline": [None, deadline.isoformat()], "state": [None, ProblemState.OPEN]},
            )
    return visit


def _report_grid_event(actor, household, description, category):
    from xiangzhi.grid import events
    from xiangzhi.grid.models import EventSource

    try:
        return events.report_event(actor, category=category, description=description, household=household,
                                   source=EventSource.VISIT)
    except (PermissionDenied, Http404):
        raise ValidationError({"grid_category": _("您不能在该户所在网格上报事件,请改为跟踪办理。")}) from None
    except ValidationError as error:
        messages = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
        raise ValidationError({
            "grid_category": [message for field_messages in messages.values() for message in field_messages]
        }) from None


def solve_problem(actor, problem, *, solution, solved_on=None):
    """Mark a problem solved with how; by its owner, or by one who assigns contact duties here."""
    post = require(actor, VISIT, problem.region_id) if problem.owner_id == actor.pk else None
    if post is None:
        post = require(actor, ASSIGN, problem.region_id)
    errors, values = {}, {}
    _collect(errors, values, "solution", lambda: _text(solution, "solution", _("请填写解决情况。"), _("解决情况")))
    _collect(errors, values, "solved_on",
             lambda: _as_date(solved_on or timezone.localdate(), "solved_on", _("请填写解决日期。")))
    day = values.get("solved_on")
    if day and day > timezone.localdate():
        errors["solved_on"] = [_("解决日期不能晚于今天。")]
    elif day and day < problem.visit.visited_on:
        errors["solved_on"] = [_("解决日期不能早于走访日期 %(date)s。") % {"date": problem.visit.visited_on}]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        updated = Problem.objects.filter(pk=problem.pk, state=ProblemState.OPEN).update(
            state=ProblemState.SOLVED, solved_on=day, solution=values["solution"]
        )
        if not updated:
            raise ValidationError({"__all__": _("该问题已解决,不能重复办结。")})
        record_event(
            actor, "contact_problem.solve", problem, region_code=problem.region_id, post=post,
            changes={"state": [ProblemState.OPEN, ProblemState.SOLVED], "solved_on": [None, day.isoformat()],
                     "solution": ["", values["solution"]]},
        )
    problem.refresh_from_db()
    return problem


def may_solve(user, problem):
    return problem.state == ProblemState.OPEN and (
        (problem.owner_id == user.pk and can(user, VISIT, problem.region_id)) or can(user, ASSIGN, problem.region_id)
    )
