"""/api/v1/legal: coverage and gaps, advisors and 三官一律, 法律明白人 and training, publicity
sites, requests for help, 12348 hotline import, 普法 activities."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status, UploadedFile

from xiangzhi.accounts.permissions import posts_with_capability, require_capability
from xiangzhi.people.queries import get_resident_for_user

from . import actions, hotline, queries
from .models import LEGAL_VIEW

router = Router(tags=["legal"])


def _scope(request, code):
    require_capability(request.user, LEGAL_VIEW)
    return queries.scope_region(request.user, LEGAL_VIEW, code)


class ShareOut(Schema):
    key: str
    label: str
    count: int
    percent: float
    target: int
    met: bool


class SummaryOut(Schema):
    villages: int
    shares: list[ShareOut]
    roster_complete: int
    roster_percent: float


class ChildOut(SummaryOut):
    code: str
    name: str


class VillageRowOut(Schema):
    code: str
    name: str
    advisor: bool
    roster_complete: bool
    roster_missing: list[str]
    literate: bool
    site: bool


class CoverageOut(Schema):
    region: str
    summary: SummaryOut
    children: list[ChildOut]
    gaps: list[VillageRowOut]


@router.get("/coverage", response=CoverageOut, summary=_("法律顾问、法律明白人、宣传阵地覆盖率与缺口"))
def coverage(request, region: str | None = None):
    data = queries.coverage(_scope(request, region).code)
    return {**data, "region": data["region"].code}


class AdvisorIn(Schema):
    name: str = ""
    firm: str
    phone: str
    username: str = ""


class AdvisorOut(Schema):
    village: str
    name: str
    firm: str
    phone: str
    username: str | None


def _advisor_out(advisor):
    return {"village": advisor.region_id, "name": advisor.name, "firm": advisor.firm, "phone": advisor.phone,
            "username": advisor.user.username if advisor.user_id else None}


@router.put("/villages/{code}/advisor", response=AdvisorOut, summary=_("设定村法律顾问"))
def set_advisor(request, code: str, payload: AdvisorIn):
    return _advisor_out(actions.set_advisor(request.user, code, **payload.dict()))


class RosterIn(Schema):
    name: str
    unit: str
    phone: str


class RosterOut(Schema):
    role: str
    role_label: str
    name: str
    unit: str
    phone: str


def _roster_out(member):
    return {"role": member.role, "role_label": member.get_role_display(), "name": member.name,
            "unit": member.unit, "phone": member.phone}


@router.put("/villages/{code}/roster/{role}", response=RosterOut, summary=_("设定三官一律成员"))
def set_roster(request, code: str, role: str, payload: RosterIn):
    return _roster_out(actions.set_roster_member(request.user, code, role, **payload.dict()))


class VillageOut(Schema):
    code: str
    name: str
    advisor: AdvisorOut | None
    roster: list[RosterOut]
    literates: int
    sites: int
    overdue_requests: int


@router.get("/villages/{code}", response=VillageOut, summary=_("村公共法律服务概况"))
def village(request, code: str):
    data = queries.village_detail(queries.get_village_for_user(request.user, code))
    return {
        "code": code, "name": data["village"].name,
        "advisor": _advisor_out(data["advisor"]) if data["advisor"] else None,
        "roster": [_roster_out(member) for member in data["roster"].values()],
        "literates": len(data["literates"]), "sites": len(data["sites"]), "overdue_requests": data["overdue"],
    }


class LiterateIn(Schema):
    resident_id: int
    trained_on: str


class LiterateOut(Schema):
    id: int
    village: str
    name: str
    trained_on: datetime.date
    trainings: int


def _literate_out(literate):
    return {"id": literate.pk, "village": literate.region_id, "name": literate.resident.name,
            "trained_on": literate.trained_on, "trainings": literate.trainings.count()}


@router.post("/literates", response={201: LiterateOut}, summary=_("登记法律明白人"))
def register_literate(request, payload: LiterateIn):
    resident = get_resident_for_user(request.user, payload.resident_id)
    return Status(201, _literate_out(actions.register_literate(request.user, resident, trained_on=payload.trained_on)))


class TrainingIn(Schema):
    date: str
    topic: str
    hours: str


@router.post("/literates/{pk}/trainings", response={201: LiterateOut}, summary=_("添加培训记录"))
def add_training(request, pk: int, payload: TrainingIn):
    literate = queries.get_literate_for_user(request.user, pk)
    actions.add_training(request.user, literate, **payload.dict())
    return Status(201, _literate_out(literate))


class SiteOut(Schema):
    id: int
    village: str
    kind: str
    kind_label: str
    name: str


@router.post("/villages/{code}/sites", response={201: SiteOut}, summary=_("登记法治文化宣传阵地(含照片)"))
def add_site(request, code: str, kind: str = Form(...), name: str = Form(...), photo: UploadedFile = File(None)):
    site = actions.add_site(request.user, code, kind=kind, name=name, photo=photo)
    return Status(201, {"id": site.pk, "village": site.region_id, "kind": site.kind,
                        "kind_label": site.get_kind_display(), "name": site.name})


class AskIn(Schema):
    kind: str
    question: str


class RequestOut(Schema):
    id: int
    village: str
    kind: str
    kind_label: str
    question: str
    state: str
    asked_at: datetime.datetime
    due_at: datetime.datetime
    overdue: bool
    answer: str
    answered_at: datetime.datetime | None


def _request_out(help_request):
    return {"id": help_request.pk, "village": help_request.region_id, "kind": help_request.kind,
            "kind_label": help_request.get_kind_display(), "question": help_request.question,
            "state": help_request.state, "asked_at": help_request.asked_at, "due_at": help_request.due_at,
            "overdue": help_request.is_overdue(), "answer": help_request.answer,
            "answered_at": help_request.answered_at}


@router.post("/requests", response={201: RequestOut}, summary=_("村民提出法律求助"))
def ask(request, payload: AskIn):
    posts = posts_with_capability(request.user, actions.ASK)
    if not posts:
        require_capability(request.user, actions.ASK)
    village = posts[0].region_id[:actions.VILLAGE_LENGTH]
    return Status(201, _request_out(actions.ask_for_help(request.user, village, **payload.dict())))


@router.get("/requests", response=list[RequestOut], summary=_("法律求助列表(overdue=1 只看逾期)"))
def request_list(request, overdue: bool = False):
    queryset = queries.overdue_requests(request.user) if overdue else queries.visible_requests(request.user)
    return [_request_out(item) for item in queryset.order_by("due_at", "id")[:200]]


class AnswerIn(Schema):
    answer: str


@router.post("/requests/{pk}/answer", response=RequestOut, summary=_("法律顾问答复求助"))
def answer(request, pk: int, payload: AnswerIn):
    help_request = queries.get_request_for_user(request.user, pk)
    return _request_out(actions.answer_request(request.user, help_request, answer=payload.answer))


class ImportOut(Schema):
    imported: int


@router.post("/hotline/import", response={201: ImportOut}, summary=_("导入12348热线工单(CSV/Excel,全部成功才保存)"))
def import_hotline(request, region: str = Form(...), file: UploadedFile = File(...)):
    scope = _scope(request, region)
    count, errors = hotline.import_tickets(request.user, scope.code, file, file.name or "")
    if errors:
        raise ValidationError({"file": [f"第{e['row']}行 {e['column']}:{e['message']}" for e in errors]})
    return Status(201, {"imported": count})


class ActivityIn(Schema):
    region: str
    kind: str
    date: str
    place: str
    topic: str
    attendance: str


class ActivityOut(Schema):
    id: int
    region: str
    kind: str
    kind_label: str
    date: datetime.date
    place: str
    topic: str
    attendance: int


def _activity_out(activity):
    return {"id": activity.pk, "region": activity.region_id, "kind": activity.kind,
            "kind_label": activity.get_kind_display(), "date": activity.date, "place": activity.place,
            "topic": activity.topic, "attendance": activity.attendance}


@router.post("/activities", response={201: ActivityOut}, summary=_("登记普法活动"))
def log_activity(request, payload: ActivityIn):
    data = payload.dict()
    return Status(201, _activity_out(actions.log_activity(request.user, data.pop("region"), **data)))


@router.get("/activities", response=list[ActivityOut], summary=_("普法活动"))
def activity_list(request, region: str | None = None):
    from .models import LegalActivity

    scope = _scope(request, region)
    return [_activity_out(item) for item in LegalActivity.objects.visible_to(request.user).within(scope.code)[:200]]
