"""/api/v1/socialorgs: the social-organisation registry, their activities in villages,
政府购买服务 projects with their steps and acceptance, township 社会工作服务站 and their coverage."""

import datetime

from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from xiangzhi.accounts.permissions import require_capability

from . import actions, purchases, queries
from .models import VIEW

router = Router(tags=["socialorgs"])


class OrganisationOut(Schema):
    id: int
    name: str
    kind: str
    kind_label: str
    credit_code: str
    registration_authority: str
    registered_on: datetime.date
    legal_representative: str
    contact_phone: str
    region: str
    villages: list[str]
    state: str
    deregistered_on: datetime.date | None


    @staticmethod
    def resolve_kind_label(obj):
        return obj.get_kind_display()

    @staticmethod
    def resolve_region(obj):
        return obj.region_id

    @staticmethod
    def resolve_villages(obj):
        return sorted(village.code for village in obj.villages.all())


class OrganisationFields(Schema):
    name: str
    kind: str
    credit_code: str
    registration_authority: str
    registered_on: str
    legal_representative: str
    contact_phone: str
    villages: list[str] = []


class OrganisationIn(OrganisationFields):
    region: str


@router.get("/organisations", response=list[OrganisationOut], summary=_("社会组织名录(可按名称、代码、类别查找)"))
@paginate(LimitOffsetPagination)
def organisations(request, q: str = "", kind: str = ""):
    require_capability(request.user, VIEW)
    return queries.organisations_for(request.user, text=q, kind=kind).prefetch_related("villages")


@router.post("/organisations", response={201: OrganisationOut}, summary=_("登记社会组织"))
def register_organisation(request, payload: OrganisationIn):
    data = payload.dict()
    organisation = actions.register_organisation(request.user, data.pop("region"), **data)
    return Status(201, organisation)


@router.get("/organisations/{pk}", response=OrganisationOut, summary=_("社会组织详情"))
def organisation(request, pk: int):
    return queries.get_organisation_for_user(request.user, pk)


@router.put("/organisations/{pk}", response=OrganisationOut, summary=_("修改社会组织登记信息"))
def update_organisation(request, pk: int, payload: OrganisationFields):
    organisation = queries.get_organisation_for_user(request.user, pk)
    return actions.update_organisation(request.user, organisation, **payload.dict())


class DeregisterIn(Schema):
    deregistered_on: str


@router.post("/organisations/{pk}/deregister", response=OrganisationOut, summary=_("注销社会组织"))
def deregister_organisation(request, pk: int, payload: DeregisterIn):
    organisation = queries.get_organisation_for_user(request.user, pk)
    return actions.deregister_organisation(request.user, organisation, **payload.dict())


class ActivityOut(Schema):
    id: int
    organisation_id: int
    organisation: str
    village: str
    date: datetime.date
    title: str
    participants: int
    description: str

    @staticmethod
    def resolve_organisation(obj):
        return obj.organisation.name

    @staticmethod
    def resolve_village(obj):
        return obj.region_id


class ActivityIn(Schema):
    organisation_id: int
    village: str
    date: str
    title: str
    participants: int | str
    description: str = ""


@router.get("/activities", response=list[ActivityOut], summary=_("社会组织在村活动"))
@paginate(LimitOffsetPagination)
def activities(request, organisation: int | None = None, village: str = ""):
    require_capability(request.user, VIEW)
    rows = queries.activities_for(request.user)
    if organisation:
        rows = rows.filter(organisation_id=organisation)
    if village:
        rows = rows.within(village)
    return rows


@router.post("/activities", response={201: ActivityOut}, summary=_("记录社会组织在村活动"))
def record_activity(request, payload: ActivityIn):
    organisation = queries.get_organisation_for_user(request.user, payload.organisation_id)
    data = payload.dict()
    del data["organisation_id"]
    activity = actions.record_activity(request.user, organisation, data.pop("village"), **data)
    return Status(201, activity)


class DeliverableOut(Schema):
    index: int
    text: str
    met: bool


class StepOut(Schema):
    transition: str
    label: str
    state: str
    actor: str
    comment: str
    occurred_at: datetime.datetime


class ProjectOut(Schema):
    id: int
    county: str
    title: str
    department: str
    provider_id: int
    provider: str
    budget_fen: int
    starts_on: datetime.date
    ends_on: datetime.date
    served: list[str]
    deliverables: list[DeliverableOut]
    state: str
    state_label: str
    created_by: str
    accepted_on: datetime.date | None
    acceptance_result: str
    accepted_by: str | None
    history: list[StepOut]


def _project_out(project):
    project.refresh_from_db()
    return {
        "id": project.pk, "county": project.region_id, "title": project.title, "department": project.department,
        "provider_id": project.provider_id, "provider": project.provider.name, "budget_fen": project.budget_fen,
        "starts_on": project.starts_on, "ends_on": project.ends_on,
        "served": sorted(place.code for place in project.served.all()),
        "deliverables": project.deliverable_rows(), "state": project.state,
        "state_label": project.get_state_display(), "created_by": str(project.created_by),
        "accepted_on": project.accepted_on, "acceptance_result": project.acceptance_result,
        "accepted_by": str(project.accepted_by) if project.accepted_by_id else None,
        "history": [{"transition": row["step"].transition, "label": str(row["label"]), "state": row["step"].to_state,
                     "actor": str(row["step"].actor or ""), "comment": row["step"].comment,
                     "occurred_at": row["step"].occurred_at} for row in purchases.history(project)],
    }


class ProjectSummaryOut(Schema):
    id: int
    county: str
    title: str
    provider: str
    budget_fen: int
    starts_on: datetime.date
    ends_on: datetime.date
    state: str

    @staticmethod
    def resolve_county(obj):
        return obj.region_id

    @staticmethod
    def resolve_provider(obj):
        return obj.provider.name


class ProjectIn(Schema):
    county: str
    title: str
    department: str
    provider_id: int
    budget: str
    starts_on: str
    ends_on: str
    served: list[str]
    deliverables: list[str]


@router.get("/projects", response=list[ProjectSummaryOut], summary=_("政府购买服务项目"))
@paginate(LimitOffsetPagination)
def projects(request, state: str = ""):
    require_capability(request.user, VIEW)
    rows = queries.projects_for(request.user)
    if state:
        rows = rows.filter(state=state)
    return rows


@router.post("/projects", response={201: ProjectOut}, summary=_("登记政府购买服务项目"))
def create_project(request, payload: ProjectIn):
    data = payload.dict()
    provider = queries.pick_organisation(request.user, data.pop("provider_id"), "provider")
    project = purchases.create_project(request.user, data.pop("county"), provider=provider, **data)
    return Status(201, _project_out(project))


@router.get("/projects/{pk}", response=ProjectOut, summary=_("政府购买服务项目详情与办理记录"))
def project(request, pk: int):
    return _project_out(queries.get_project_for_user(request.user, pk))


class StepIn(Schema):
    step: str  # contract (签订合同) or begin (开始实施)
    comment: str = ""


@router.post("/projects/{pk}/steps", response=ProjectOut, summary=_("项目签约或开始实施"))
def project_step(request, pk: int, payload: StepIn):
    project = queries.get_project_for_user(request.user, pk)
    purchases.advance_project(request.user, project, payload.step, comment=payload.comment)
    return _project_out(project)


class AcceptanceIn(Schema):
    passed: bool
    accepted_on: str
    result: str
    deliverables_met: list[int] = []


@router.post("/projects/{pk}/acceptance", response=ProjectOut, summary=_("项目验收(须由登记人以外的人员进行)"))
def project_acceptance(request, pk: int, payload: AcceptanceIn):
    project = queries.get_project_for_user(request.user, pk)
    purchases.accept_project(request.user, project, **payload.dict())
    return _project_out(project)


class StationOut(Schema):
    id: int
    township: str
    name: str
    opened_on: datetime.date
    operator_id: int | None
    operator: str | None
    staff_count: int
    closed_on: datetime.date | None


def _station_out(station):
    return {
        "id": station.pk, "township": station.region_id, "name": station.name, "opened_on": station.opened_on,
        "operator_id": station.operator_id, "operator": station.operator.name if station.operator_id else None,
        "staff_count": station.staff_count, "closed_on": station.closed_on,
    }


class StationFields(Schema):
    name: str
    staff_count: int | str
    operator_id: int | None = None


class StationIn(StationFields):
    township: str
    opened_on: str


class CloseIn(Schema):
    closed_on: str


@router.post("/stations", response={201: StationOut}, summary=_("登记乡镇社会工作服务站"))
def open_station(request, payload: StationIn):
    operator = queries.pick_organisation(request.user, payload.operator_id, "operator")
    station = actions.open_station(request.user, payload.township, name=payload.name, opened_on=payload.opened_on,
                                   staff_count=payload.staff_count, operator=operator)
    return Status(201, _station_out(station))


@router.get("/stations/{pk}", response=StationOut, summary=_("社会工作服务站详情"))
def station(request, pk: int):
    return _station_out(queries.get_station_for_user(request.user, pk))


@router.put("/stations/{pk}", response=StationOut, summary=_("修改社会工作服务站"))
def update_station(request, pk: int, payload: StationFields):
    station = queries.get_station_for_user(request.user, pk)
    operator = queries.pick_organisation(request.user, payload.operator_id, "operator")
    return _station_out(actions.update_station(request.user, station, name=payload.name,
                                               staff_count=payload.staff_count, operator=operator))


@router.post("/stations/{pk}/close", response=StationOut, summary=_("撤销社会工作服务站"))
def close_station(request, pk: int, payload: CloseIn):
    station = queries.get_station_for_user(request.user, pk)
    return _station_out(actions.close_station(request.user, station, closed_on=payload.closed_on))


class CoverageRowOut(Schema):
    township: str
    name: str
    station: StationOut | None


class CoverageOut(Schema):
    region: str
    day: datetime.date
    townships: int
    covered: int
    rows: list[CoverageRowOut]


@router.get("/coverage", response=CoverageOut, summary=_("各乡镇社会工作服务站覆盖情况"))
def coverage(request, region: str | None = None):
    data = queries.coverage(queries.scope_region(request.user, region).code)
    return {
        "region": data["region"].code, "day": data["day"], "townships": len(data["rows"]),
        "covered": len(data["covered"]),
        "rows": [{"township": row["township"].code, "name": row["township"].name,
                  "station": _station_out(row["station"]) if row["station"] else None} for row in data["rows"]],
    }
