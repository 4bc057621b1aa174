"""/api/v1/contact: assignments, visits, problems, coverage, and 吹哨报到."""

import datetime

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.responses import Status

from xiangzhi.people.models import Household

from . import assignments, coverage, visits, whistles

router = Router(tags=[_("联村联户与吹哨报到")])


# --- assignments --------------------------------------------------------------------


class AssignmentIn(Schema):
    assignee: int = Field(..., description="联系领导的用户编号")
    kind: str = Field(..., description="township 包乡、village 联村、household 联户")
    region: str = Field("", description="包乡、联村时:乡镇或村的代码")
    household: int | None = Field(None, description="联户时:户的编号")
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None


class AssignmentOut(Schema):
    id: int
    assignee_id: int
    assignee: str
    kind: str
    region_code: str
    household_id: int | None
    starts_on: datetime.date
    ends_on: datetime.date | None

    @staticmethod
    def resolve_assignee(obj):
        return str(obj.assignee)

    @staticmethod
    def resolve_region_code(obj):
        return obj.region_id


class EndIn(Schema):
    ends_on: datetime.date | None = None


@router.get("/assignments", response=list[AssignmentOut], summary=_("联系安排"))
@paginate(LimitOffsetPagination)
def list_assignments(request, current: bool = True):
    queryset = assignments.visible_assignments(request.user)
    return (queryset.current() if current else queryset).order_by("region_id", "starts_on", "id")


@router.post("/assignments", response={201: AssignmentOut}, summary=_("安排县乡领导包乡、联村、联户"))
def create_assignment(request, payload: AssignmentIn):
    from xiangzhi.accounts.models import User

    household = None
    if payload.household is not None:
        household = Household.objects.visible_to(request.user, assignments.ASSIGN).filter(pk=payload.household).first()
        if household is None:
            raise Http404
    assignee = User.objects.filter(pk=payload.assignee, is_active=True).first()
    assignment = assignments.assign(
        request.user, assignee=assignee, kind=payload.kind, region_code=payload.region, household=household,
        starts_on=payload.starts_on, ends_on=payload.ends_on,
    )
    return Status(201, assignment)


@router.post("/assignments/{pk}/end", response=AssignmentOut, summary=_("结束联系安排"))
def end_assignment(request, pk: int, payload: EndIn):
    assignment = assignments.get_assignment_for_user(request.user, pk)
    return assignments.end_assignment(request.user, assignment, ends_on=payload.ends_on)


# --- visits and problems ------------------------------------------------------------


class VisitIn(Schema):
    household: int
    visited_on: datetime.date
    findings: str
    problems: str = ""
    problem_deadline: datetime.date | None = Field(None, description="反映问题时的办结期限")
    grid_category: str | None = Field(None, description="转为网格事件时的事件类别编码(该户须已划入网格)")


class VisitOut(Schema):
    id: int
    household_id: int
    region_code: str
    visitor_id: int
    visited_on: datetime.date
    findings: str
    problems: str
    grid_event_id: int | None
    problem_ids: list[int]

    @staticmethod
    def resolve_region_code(obj):
        return obj.region_id

    @staticmethod
    def resolve_problem_ids(obj):
        return [problem.pk for problem in obj.problem_items.all()]


class VisitQuery(Schema):
    region: str = ""
    since: datetime.date | None = None
    until: datetime.date | None = None


@router.get("/visits", response=list[VisitOut], summary=_("联户走访记录"))
@paginate(LimitOffsetPagination)
def list_visits(request, filters: Query[VisitQuery]):
    queryset = visits.visible_visits(request.user).prefetch_related("problem_items")
    if filters.region.strip():
        queryset = queryset.within(filters.region.strip().upper())
    if filters.since:
        queryset = queryset.filter(visited_on__gte=filters.since)
    if filters.until:
        queryset = queryset.filter(visited_on__lte=filters.until)
    return queryset.order_by("-visited_on", "-id")


@router.post("/visits", response={201: VisitOut}, summary=_("记录走访(可反映问题或转网格事件)"))
def create_visit(request, payload: VisitIn):
    household = visits.get_household_to_visit(request.user, payload.household)
    visit = visits.log_visit(
        request.user, household, visited_on=payload.visited_on, findings=payload.findings, problems=payload.problems,
        problem_deadline=payload.problem_deadline, grid_category=payload.grid_category,
    )
    return Status(201, visit)


class ProblemOut(Schema):
    id: int
    visit_id: int
    household_id: int
    region_code: str
    description: str
    owner_id: int
    deadline: datetime.date
    state: str
    overdue: bool
    solved_on: datetime.date | None
    solution: str

    @staticmethod
    def resolve_region_code(obj):
        return obj.region_id

    @staticmethod
    def resolve_overdue(obj):
        return obj.is_overdue


class SolveIn(Schema):
    solution: str
    solved_on: datetime.date | None = None


@router.get("/problems", response=list[ProblemOut], summary=_("走访问题(state: open、overdue、solved、all)"))
@paginate(LimitOffsetPagination)
def list_problems(request, state: str = "open", region: str = ""):
    queryset = visits.visible_problems(request.user)
    if state == "open":
        queryset = queryset.open()
    elif state == "overdue":
        queryset = queryset.overdue()
    elif state == "solved":
        queryset = queryset.filter(state="solved")
    if region.strip():
        queryset = queryset.within(region.strip().upper())
    return queryset.order_by("deadline", "id")


@router.post("/problems/{pk}/solve", response=ProblemOut, summary=_("办结走访问题"))
def solve_problem(request, pk: int, payload: SolveIn):
    problem = visits.get_problem_for_user(request.user, pk)
    return visits.solve_problem(request.user, problem, solution=payload.solution, solved_on=payload.solved_on)


# --- coverage -----------------------------------------------------------------------


class PeriodQuery(Schema):
    region: str = Field("", description="区划代码;不填为当前职务的区划")
    since: datetime.date | None = Field(None, description="默认今年 1 月 1 日")
    until: datetime.date | None = Field(None, description="默认今天")


class CoverageOut(Schema):
    code: str
    name: str
    households: int
    visited: int
    ratio: float | None
    unvisited: int
    open_problems: int
    overdue_problems: int


class CoverageReportOut(Schema):
    region: str
    since: datetime.date
    until: datetime.date
    total: CoverageOut
    units: list[CoverageOut]


def _period(filters):
    from django.core.exceptions import ValidationError

    today = timezone.localdate()
    since, until = filters.since or today.replace(month=1, day=1), filters.until or today
    if until < since:
        raise ValidationError({"until": _("结束日期不能早于开始日期。")})
    return since, until


def _row(row):
    return {"code": row.region.code, "name": row.region.name, "households": row.households, "visited": row.visited,
            "ratio": row.ratio, "unvisited": row.unvisited, "open_problems": row.open_problems,
            "overdue_problems": row.overdue_problems}


@router.get("/coverage", response=CoverageReportOut, summary=_("走访覆盖(期内走访过的户 ÷ 总户数,按下级单位)"))
def get_coverage(request, filters: Query[PeriodQuery]):
    region = coverage.coverage_region(request.user, filters.region)
    since, until = _period(filters)
    rows = coverage.coverage_rows(region, since, until)
    return {"region": region.code, "since": since, "until": until, "total": _row(coverage.total(rows, region)),
            "units": [_row(row) for row in rows]}


class HouseholdOut(Schema):
    id: int
    number: str
    region_code: str
    address: str

    @staticmethod
    def resolve_region_code(obj):
        return obj.region_id


@router.get("/coverage/unvisited", response=list[HouseholdOut], summary=_("期内未走访的户"))
@paginate(LimitOffsetPagination)
def list_unvisited(request, filters: Query[PeriodQuery]):
    region = coverage.coverage_region(request.user, filters.region)
    since, until = _period(filters)
    return coverage.unvisited_households(region, since, until)


# --- whistles -----------------------------------------------------------------------


class WhistleIn(Schema):
    region: str = Field(..., description="吹哨单位:乡镇、村或屯的代码")
    problem: str
    departments: list[str] = Field([], description="乡镇吹哨:县级部门代码")
    members: list[int] = Field([], description="村屯吹哨:本村党员的用户编号")
    report_within: int = Field(..., description="报到时限")
    unit: str = Field("hours", description="hours 或 days")


class CallOut(Schema):
    id: int
    party: str
    department: str
    member_id: int | None
    reported_at: datetime.datetime | None
    reported_by_id: int | None
    action: str
    acted_at: datetime.datetime | None
    late: bool

    @staticmethod
    def resolve_party(obj):
        return obj.party_name

    @staticmethod
    def resolve_late(obj):
        return obj.is_late()


class WhistleOut(Schema):
    id: int
    region_code: str
    level: str
    caller_id: int
    problem: str
    blown_at: datetime.datetime
    report_deadline: datetime.datetime
    state: str
    closed_at: datetime.datetime | None
    closing_note: str
    calls: list[CallOut]

    @staticmethod
    def resolve_region_code(obj):
        return obj.region_id

    @staticmethod
    def resolve_calls(obj):
        calls = list(obj.calls.all())
        for call in calls:
            call.whistle = obj
        return calls


class ActIn(Schema):
    action: str


class CloseIn(Schema):
    note: str


@router.get("/whistles", response=list[WhistleOut], summary=_("吹哨事项(本辖区的,及呼叫我的)"))
@paginate(LimitOffsetPagination)
def list_whistles(request, state: str = ""):
    queryset = whistles.visible_whistles(request.user).prefetch_related("calls")
    if state:
        queryset = queryset.filter(state=state)
    return queryset.order_by("-blown_at", "-id")


@router.post("/whistles", response={201: WhistleOut}, summary=_("吹哨"))
def blow(request, payload: WhistleIn):
    whistle = whistles.blow_whistle(
        request.user, region_code=payload.region, problem=payload.problem, departments=payload.departments,
        members=payload.members, report_within=payload.report_within, unit=payload.unit,
    )
    return Status(201, whistle)


@router.get("/whistles/board", summary=_("吹哨看板:进行中、报到用时中位数、未按时报到"))
def get_board(request, filters: Query[PeriodQuery]):
    since, until = _period(filters)
    data = whistles.board(request.user, since=since, until=until, within=filters.region.strip().upper())
    return {
        "open": [{"id": w.pk, "region_code": w.region_id, "problem": w.problem,
                  "report_deadline": w.report_deadline} for w in data["open"]],
        "calls": data["calls"], "reported": data["reported"], "median_hours": data["median_hours"],
        "late": [{"whistle_id": c.whistle_id, "call_id": c.pk, "party": c.party_name, "reported_at": c.reported_at,
                  "report_deadline": c.whistle.report_deadline} for c in data["late"]],
    }


@router.get("/whistles/{pk}", response=WhistleOut, summary=_("吹哨事项详情"))
def get_whistle(request, pk: int):
    return whistles.get_whistle_for_user(request.user, pk)


@router.post("/whistles/{pk}/calls/{call_pk}/report", response=CallOut, summary=_("报到"))
def report(request, pk: int, call_pk: int):
    whistle = whistles.get_whistle_for_user(request.user, pk)
    return whistles.report(request.user, whistles.get_call(whistle, call_pk))


@router.post("/whistles/{pk}/calls/{call_pk}/act", response=CallOut, summary=_("记录处置情况"))
def act(request, pk: int, call_pk: int, payload: ActIn):
    whistle = whistles.get_whistle_for_user(request.user, pk)
    return whistles.record_action(request.user, whistles.get_call(whistle, call_pk), action=payload.action)


@router.post("/whistles/{pk}/close", response=WhistleOut, summary=_("吹哨人确认办结"))
def close(request, pk: int, payload: CloseIn):
    whistle = whistles.get_whistle_for_user(request.user, pk)
    return whistles.close_whistle(request.user, whistle, note=payload.note)
