"""/api/v1/customs: 一约四会 coverage, 红白事 standards and declarations with statistics, volunteer
teams/activities/sign-ups/hours, cultural events and heritage items, civilized-village shares."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from xiangzhi.accounts.permissions import posts_with_capability, require_capability
from xiangzhi.people.models import Household

from . import actions, queries
from .models import CULTURE_VIEW, CUSTOMS_VIEW, HeritageItem, VolunteerTeam

router = Router(tags=["customs"])


def _scope(request, capability, code):
    require_capability(request.user, capability)
    return queries.scope_region(request.user, capability, code)


# --- coverage -------------------------------------------------------------------------------


class BodyShareOut(Schema):
    kind: str
    label: str
    count: int
    percent: float


class ShareOut(Schema):
    villages: int
    bodies: list[BodyShareOut]
    charter: int
    charter_percent: float
    complete: int
    complete_percent: float


class VillageCoverageOut(Schema):
    code: str
    name: str
    bodies: list[str]
    charter: bool
    complete: bool


class CoverageOut(Schema):
    region: str
    summary: ShareOut
    villages: list[VillageCoverageOut]


@router.get("/coverage", response=CoverageOut, summary=_("一约四会覆盖情况"))
def coverage(request, region: str | None = None):
    scope = _scope(request, CUSTOMS_VIEW, region)
    data = queries.coverage(scope.code)
    for row in data["villages"]:
        row["bodies"] = sorted(row["bodies"])
        row["charter"] = row["charter"]
    return {"region": scope.code, "summary": data["summary"], "villages": data["villages"]}


class CivilizedOut(Schema):
    code: str
    name: str
    villages: int
    civilized: int
    percent: float


@router.get("/civilized", response=list[CivilizedOut], summary=_("各县文明村镇(县级及以上)占比"))
def civilized(request, region: str | None = None):
    return queries.civilized_shares(_scope(request, CUSTOMS_VIEW, region).code)


# --- 红白事 ----------------------------------------------------------------------------------


class StandardIn(Schema):
    village: str = ""
    effective_from: datetime.date | None = None
    max_tables: int | None = None
    max_guests: int | None = None
    max_gift_fen: int | None = None
    max_cost_fen: int | None = None


class StandardOut(Schema):
    id: int
    village: str
    effective_from: datetime.date
    max_tables: int
    max_guests: int
    max_gift_fen: int
    max_cost_fen: int

    @staticmethod
    def resolve_village(standard):
        return standard.region_id


@router.get("/standards", response=list[StandardOut], summary=_("红白事标准(各版本)"))
def list_standards(request, village: str | None = None):
    from .models import CustomsStandard

    require_capability(request.user, CUSTOMS_VIEW)
    queryset = CustomsStandard.objects.visible_to(request.user)
    if village:
        queryset = queryset.filter(region_id=village)
    return list(queryset[:200])


@router.post("/standards", response={201: StandardOut}, summary=_("制定红白事标准(金额单位:分)"))
def set_standard(request, payload: StandardIn):
    standard = actions.set_standard(request.user, payload.village, **payload.dict(exclude={"village"}))
    return Status(201, standard)


class DeclarationIn(Schema):
    household: int | None = None
    kind: str = ""
    event_date: datetime.date | None = None
    tables: int | None = None
    guests: int | None = None
    gift_per_guest_fen: int | None = None
    total_cost_fen: int | None = None
    note: str = ""


class DeclarationOut(Schema):
    id: int
    village: str
    household: int
    kind: str
    event_date: datetime.date
    tables: int
    guests: int
    gift_per_guest_fen: int
    total_cost_fen: int
    note: str
    standard_id: int | None
    over_standard: bool
    exceeded: list[str]
    created_at: datetime.datetime

    @staticmethod
    def resolve_village(declaration):
        return declaration.region_id

    @staticmethod
    def resolve_household(declaration):
        return declaration.household_id


@router.get("/declarations", response=list[DeclarationOut], summary=_("红白事申报列表"))
@paginate
def list_declarations(request, year: int | None = None, over_standard: bool | None = None):
    if not (posts_with_capability(request.user, CUSTOMS_VIEW) or posts_with_capability(request.user, actions.DECLARE)):
        require_capability(request.user, CUSTOMS_VIEW)
    queryset = queries.visible_declarations(request.user)
    if year:
        queryset = queryset.in_year(year)
    if over_standard is not None:
        queryset = queryset.filter(over_standard=over_standard)
    return queryset.order_by("-event_date", "-id")


@router.post("/declarations", response={201: DeclarationOut},
             summary=_("申报红白事:村民为本户申报(不填 household),村干部为本村某户登记"))
def declare(request, payload: DeclarationIn):
    household = None
    if payload.household is not None:
        household = Household.objects.visible_to(request.user).select_related("region").filter(
            pk=payload.household).first()
        if household is None:
            require_capability(request.user, actions.MANAGE)
            raise ValidationError({"household": _("未找到该户。")})
    data = payload.dict(exclude={"household"})
    return Status(201, actions.declare_event(request.user, household=household, **data))


@router.get("/declarations/{int:declaration_id}", response=DeclarationOut, summary=_("红白事申报详情"))
def get_declaration(request, declaration_id: int):
    return queries.get_declaration_for_user(request.user, declaration_id)


class StatUnitOut(Schema):
    unit: str | None = None
    name: str
    count: int
    over: int
    over_percent: float
    avg_tables: float | None
    avg_cost_yuan: float | None


class StatisticsOut(Schema):
    region: str
    year: int
    total: StatUnitOut
    units: list[StatUnitOut]


@router.get("/statistics", response=StatisticsOut, summary=_("移风易俗年度统计"))
def statistics(request, region: str | None = None, year: int | None = None):
    scope = _scope(request, CUSTOMS_VIEW, region)
    data = queries.statistics(scope.code, year or queries.this_year())
    return {"region": scope.code, "year": data["year"], "total": data["total"], "units": data["units"]}


# --- volunteer service ----------------------------------------------------------------------


class TeamIn(Schema):
    region: str = ""
    name: str = ""


class TeamOut(Schema):
    id: int
    region_id: str
    name: str


@router.get("/teams", response=list[TeamOut], summary=_("志愿服务队"))
def list_teams(request):
    return list(VolunteerTeam.objects.visible_to(request.user)[:500])


@router.post("/teams", response={201: TeamOut}, summary=_("成立志愿服务队"))
def create_team(request, payload: TeamIn):
    return Status(201, actions.create_team(request.user, payload.region, name=payload.name))


class ActivityIn(Schema):
    team: int | None = None
    title: str = ""
    starts_at: str = ""
    place: str = ""
    for_minors: bool = False


class SignupOut(Schema):
    id: int
    resident_id: int
    name: str
    age: int | None
    is_minor: bool
    attended: bool | None
    hours: float
    points: int

    @staticmethod
    def resolve_name(signup):
        return signup.display_name

    @staticmethod
    def resolve_hours(signup):
        return float(signup.hours)


class ActivityOut(Schema):
    id: int
    team_id: int
    region_id: str
    title: str
    starts_at: datetime.datetime
    place: str
    for_minors: bool
    organiser: str

    @staticmethod
    def resolve_organiser(activity):
        return str(activity.organiser)


class ActivityDetailOut(ActivityOut):
    signups: list[SignupOut]

    @staticmethod
    def resolve_signups(activity):
        return activity.signups_shown


def _detail(request, activity_id):
    activity = queries.get_activity_for_user(request.user, activity_id)
    activity.signups_shown = queries.signups_for(request.user, activity)
    return activity


@router.get("/activities", response=list[ActivityOut], summary=_("志愿服务活动"))
@paginate
def list_activities(request):
    return queries.visible_activities(request.user).select_related("organiser").order_by("-starts_at", "-id")


@router.post("/activities", response={201: ActivityDetailOut}, summary=_("发布志愿服务活动(for_minors:春泥计划)"))
def create_activity(request, payload: ActivityIn):
    team = VolunteerTeam.objects.visible_to(request.user).filter(pk=payload.team or 0).first()
    if team is None:
        require_capability(request.user, actions.VOLUNTEER_MANAGE)
        raise ValidationError({"team": _("请选择服务队。")})
    activity = actions.create_activity(request.user, team, title=payload.title, starts_at=payload.starts_at,
                                       place=payload.place, for_minors=payload.for_minors)
    return Status(201, _detail(request, activity.pk))


@router.get("/activities/{int:activity_id}", response=ActivityDetailOut, summary=_("活动详情与报名(未成年人信息仅组织者和监护人可见)"))
def get_activity(request, activity_id: int):
    return _detail(request, activity_id)


class SignupIn(Schema):
    resident: int | None = None


@router.post("/activities/{int:activity_id}/signups", response={201: ActivityDetailOut}, summary=_("报名"))
def sign_up(request, activity_id: int, payload: SignupIn):
    activity = queries.get_activity_for_user(request.user, activity_id)
    actions.sign_up(request.user, activity, actions.resident_for_signup(request.user, payload.resident))
    return Status(201, _detail(request, activity_id))


class VerifyIn(Schema):
    attended: bool = True
    hours: float | str = 0


@router.post("/signups/{int:signup_id}/verify", response=ActivityDetailOut, summary=_("组织者核实到场并记录时长"))
def verify(request, signup_id: int, payload: VerifyIn):
    signup = queries.get_signup_for_user(request.user, signup_id)
    actions.verify_attendance(request.user, signup, attended=payload.attended, hours=payload.hours)
    return _detail(request, signup.activity_id)


# --- culture --------------------------------------------------------------------------------


class EventIn(Schema):
    region: str = ""
    kind: str = ""
    title: str = ""
    starts_at: str = ""
    place: str = ""
    description: str = ""


class EventOut(Schema):
    id: int
    region_id: str
    kind: str
    title: str
    starts_at: datetime.datetime
    place: str
    description: str


@router.get("/events", response=list[EventOut], summary=_("文化活动日历(即将举办)"))
def list_events(request, region: str | None = None):
    scope = _scope(request, CULTURE_VIEW, region)
    return list(queries.events_for(scope.code)[:200])


@router.post("/events", response={201: EventOut}, summary=_("登记文化活动"))
def create_event(request, payload: EventIn):
    return Status(201, actions.add_cultural_event(request.user, payload.region, **payload.dict(exclude={"region"})))


class HeritageIn(Schema):
    region: str = ""
    kind: str = ""
    name: str = ""
    level: str = ""
    year: int | None = None
    description: str = ""


class HeritageOut(Schema):
    id: int
    region_id: str
    kind: str
    name: str
    level: str
    year: int
    description: str


@router.get("/heritage", response=list[HeritageOut], summary=_("文化遗产名录"))
def list_heritage(request, region: str | None = None):
    scope = _scope(request, CULTURE_VIEW, region)
    return list(HeritageItem.objects.within(scope.code).order_by("kind", "name")[:500])


@router.post("/heritage", response={201: HeritageOut}, summary=_("登记文化遗产"))
def create_heritage(request, payload: HeritageIn):
    return Status(201, actions.add_heritage_item(request.user, payload.region, **payload.dict(exclude={"region"})))

