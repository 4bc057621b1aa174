"""/api/v1/children: 儿童主任 (list, appoint, end), coverage per region (directors and counts),
the village's flagged minors, children's cases (list, open, read, update, close) and their visits.

Anything naming a child follows access.py: carers and the case's guardians only; a case is a 404
for everyone else. Guardians read a case without the carers' findings and follow-up notes."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from xiangzhi.people.models import Resident
from xiangzhi.people.queries import page_of

from . import actions, queries
from .access import COVERAGE, care_post, may_care, may_read_cases
from .models import ChildDirector, flag_categories

router = Router(tags=["children"])


# --- 儿童主任 ------------------------------------------------------------------------------


class DirectorOut(Schema):
    id: int
    village: str
    village_name: str
    name: str
    username: str | None
    appointed_on: datetime.date
    ended_on: datetime.date | None
    end_reason: str
    current: bool


def _director_out(director):
    return {
        "id": director.pk, "village": director.village_id, "village_name": director.village.name,
        "name": director.name, "username": director.user.username if director.user_id else None,
        "appointed_on": director.appointed_on, "ended_on": director.ended_on, "end_reason": director.end_reason,
        "current": director.is_current(),
    }


@router.get("/directors", response=list[DirectorOut], summary=_("儿童主任(辖区内,含历任)"))
def list_directors(request, region: str | None = None, current: bool = False):
    scope = queries.scope_region(request.user, region)
    directors = ChildDirector.objects.visible_to(request.user, COVERAGE).within(scope.code)
    if current:
        directors = directors.current()
    return [_director_out(director) for director in
            directors.select_related("village", "user").order_by("village_id", "-appointed_on", "-id")[:1000]]


class DirectorIn(Schema):
    village: str
    appointed_on: str = ""
    id_number: str = ""
    username: str = ""


@router.post("/directors", response={201: DirectorOut}, summary=_("任命村儿童主任(本村成年村民或平台账号)"))
def appoint_director(request, payload: DirectorIn):
    data = payload.dict()
    director = actions.appoint_director(request.user, data.pop("village"), **data)
    return Status(201, _director_out(director))


class EndDirectorIn(Schema):
    ended_on: str = ""
    reason: str = ""


@router.post("/directors/{pk}/end", response=DirectorOut, summary=_("儿童主任离任"))
def end_director(request, pk: int, payload: EndDirectorIn):
    director = queries.get_director_for_user(request.user, pk)
    return _director_out(actions.end_director(request.user, director, **payload.dict()))


# --- Coverage (no child named) ----------------------------------------------------------------


class UnitOut(Schema):
    code: str
    name: str
    villages: int
    covered: int
    percent: float | None
    cases: int


class VillageOut(Schema):
    code: str
    name: str
    director: str | None
    cases: int


class CoverageOut(Schema):
    region: str
    day: datetime.date
    villages: int
    covered: int
    percent: float | None
    cases: int
    units: list[UnitOut]
    rows: list[VillageOut]


@router.get("/coverage", response=CoverageOut, summary=_("儿童主任配备情况与关爱中儿童人数"))
def coverage(request, region: str | None = None):
    data = queries.coverage(queries.scope_region(request.user, region).code)
    return {
        "region": data["region"].code, "day": data["day"], **data["summary"], "units": data["children"],
        "rows": [{"code": row["code"], "name": row["name"], "cases": row["cases"],
                  "director": row["director"].name if row["director"] else None} for row in data["villages"]],
    }


# --- Children: carers and guardians ---------------------------------------------------------


class MinorOut(Schema):
    id: int
    name: str
    birth_date: datetime.date
    place: str
    categories: list[str]
    has_case: bool


@router.get("/villages/{code}/minors", response=list[MinorOut], summary=_("村民登记中标记的本村未成年人(儿童主任、乡镇民政)"))
def flagged_minors(request, code: str):
    village = queries.get_carer_village(request.user, code)
    return [{"id": minor.pk, "name": minor.name, "birth_date": minor.birth_date, "place": minor.region.name,
             "categories": [str(value) for value in flag_categories(minor, minor.household_low_income)],
             "has_case": minor.has_case} for minor in queries.flagged_minors(village.code)]


class PersonOut(Schema):
    id: int
    name: str
    relation: str


class CaseOut(Schema):
    id: int
    village: str
    child_id: int
    child_name: str
    birth_date: datetime.date
    category: str
    category_label: str
    state: str
    director: str
    opened_on: datetime.date
    closed_on: datetime.date | None


class VisitOut(Schema):
    id: int
    date: datetime.date
    kind: str
    findings: str | None
    help_given: str
    follow_up: str | None
    recorded_by: str


class CaseDetailOut(CaseOut):
    needs: str
    close_reason: str
    guardians: list[PersonOut]
    visits: list[VisitOut]


def _case_out(case):
    return {
        "id": case.pk, "village": case.village_id, "child_id": case.child_id, "child_name": case.child.name,
        "birth_date": case.child.birth_date, "category": case.category, "category_label": case.get_category_display(),
        "state": case.state, "director": case.director.name, "opened_on": case.opened_on, "closed_on": case.closed_on,
    }


def _visit_out(visit, carer):
    return {"id": visit.pk, "date": visit.date, "kind": visit.kind, "help_given": visit.help_given,
            "findings": visit.findings if carer else None, "follow_up": visit.follow_up if carer else None,
            "recorded_by": str(visit.recorded_by)}


def _detail_out(user, case):
    carer = may_care(user, case.village_id)
    return {**_case_out(case), "needs": case.needs, "close_reason": case.close_reason,
            "guardians": [{"id": person.pk, "name": person.name, "relation": person.get_relation_display()}
                          for person in case.guardians.all()],
            "visits": [_visit_out(visit, carer) for visit in queries.visits_of(case)]}


@router.get("/cases", response=list[CaseOut], summary=_("儿童关爱档案(儿童主任、乡镇民政、监护人)"))
def list_cases(request, state: str | None = None, village: str | None = None, page: int = 1):
    if not may_read_cases(request.user):
        raise PermissionDenied(_("只有儿童主任、乡镇民政工作人员和监护人可以查看儿童关爱档案。"))
    cases = page_of(queries.cases_for(request.user, village=village, state=state), page)
    return [_case_out(case) for case in cases.items]


class CaseIn(Schema):
    child: int | None = None
    village: str = ""
    id_number: str = ""
    category: str = ""
    guardians: list[int] = []
    needs: str = ""


def _child_for(user, payload):
    if payload.child is not None:
        child = Resident.objects.filter(pk=payload.child).first()
        if child is None:
            care_post(user, payload.village or "")
            raise ValidationError({"child": _("未找到该儿童,请从本村名单中选择。")})
        care_post(user, child.region_id[:12])
        return child
    if not payload.id_number.strip():
        raise ValidationError({"child": _("请选择儿童,或填写儿童的公民身份号码和所在村。")})
    village = queries.get_carer_village(user, payload.village)
    return actions.village_resident(village.code, payload.id_number)


@router.post("/cases", response={201: CaseDetailOut}, summary=_("为留守或困境儿童建立关爱档案"))
def open_case(request, payload: CaseIn):
    child = _child_for(request.user, payload)
    case = actions.open_case(request.user, child, category=payload.category, guardians=payload.guardians,
                             needs=payload.needs)
    return Status(201, _detail_out(request.user, queries.get_case_for_user(request.user, case.pk)))


@router.get("/cases/{pk}", response=CaseDetailOut, summary=_("儿童关爱档案详情(查阅留痕)"))
def case_detail(request, pk: int):
    case = queries.get_case_for_user(request.user, pk)
    actions.record_case_view(request.user, case)
    return _detail_out(request.user, case)


class CaseUpdateIn(Schema):
    guardians: list[int] = []
    needs: str = ""


@router.put("/cases/{pk}", response=CaseDetailOut, summary=_("修改监护人和关爱需求"))
def update_case(request, pk: int, payload: CaseUpdateIn):
    case = queries.get_case_for_user(request.user, pk)
    actions.update_case(request.user, case, **payload.dict())
    return _detail_out(request.user, queries.get_case_for_user(request.user, pk))


class CloseIn(Schema):
    closed_on: str = ""
    reason: str = ""


@router.post("/cases/{pk}/close", response=CaseDetailOut, summary=_("结案"))
def close_case(request, pk: int, payload: CloseIn):
    case = queries.get_case_for_user(request.user, pk)
    actions.close_case(request.user, case, **payload.dict())
    return _detail_out(request.user, queries.get_case_for_user(request.user, pk))


@router.get("/cases/{pk}/visits", response=list[VisitOut], summary=_("走访记录"))
def list_visits(request, pk: int):
    case = queries.get_case_for_user(request.user, pk)
    carer = may_care(request.user, case.village_id)
    return [_visit_out(visit, carer) for visit in queries.visits_of(case)]


class VisitIn(Schema):
    date: str = ""
    kind: str = ""
    findings: str = ""
    help_given: str = ""
    follow_up: str = ""


@router.post("/cases/{pk}/visits", response={201: VisitOut}, summary=_("记录走访(家访或电话)"))
def record_visit(request, pk: int, payload: VisitIn):
    case = queries.get_case_for_user(request.user, pk)
    visit = actions.record_visit(request.user, case, **payload.dict())
    return Status(201, _visit_out(visit, True))

