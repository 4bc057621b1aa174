"""/api/v1/petitions: 信访代办, the restricted special-population registry, enforcement
certificates and centres. Special-population records outside the caller's reach are 404,
and lists simply do not contain them; every read of the registry is audited."""

import datetime

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from xiangzhi.accounts.models import User
from xiangzhi.accounts.permissions import require_capability
from xiangzhi.people.queries import get_resident_for_user
from xiangzhi.regions.models import Region

from . import actions, queries

router = Router(tags=[_("信访代办与特殊人群")])


def _region(code):
    return Region.objects.filter(code=code).first() if code else None


# --- special populations ----------------------------------------------------------------------


class VisitOut(Schema):
    kind: str
    visited_on: datetime.date
    note: str


class SpecialOut(Schema):
    id: int
    village: str
    name: str
    category: str
    risk_level: str
    helper: str | None

    @staticmethod
    def resolve_village(person):
        return person.region_id

    @staticmethod
    def resolve_name(person):
        return person.resident.name

    @staticmethod
    def resolve_helper(person):
        return str(person.helper) if person.helper_id else None


class SpecialDetailOut(SpecialOut):
    visits: list[VisitOut]

    @staticmethod
    def resolve_visits(person):
        return list(person.visits.all())


class SpecialIn(Schema):
    resident_id: int
    category: str = ""
    risk_level: str = ""
    helper_id: int | None = None


class VisitIn(Schema):
    kind: str = ""
    visited_on: str | None = None
    note: str = ""


@router.get("/special", response=list[SpecialOut], summary=_("特殊人群记录(仅指定岗位可见,查看留痕)"))
def list_special(request):
    persons = list(queries.visible_special(request.user))
    actions.audit_special_view(request.user, persons, what="list")
    return persons


@router.post("/special", response={201: SpecialDetailOut}, summary=_("登记特殊人群记录(司法所)"))
def register_special(request, payload: SpecialIn):
    resident = get_resident_for_user(request.user, payload.resident_id)
    helper = User.objects.filter(pk=payload.helper_id).first() if payload.helper_id else None
    person = actions.register_special_person(
        request.user, resident=resident, category=payload.category, risk_level=payload.risk_level, helper=helper)
    return Status(201, queries.get_special_for_user(request.user, person.pk))


@router.get("/special/{int:person_id}", response=SpecialDetailOut, summary=_("特殊人群记录详情(查看留痕)"))
def get_special(request, person_id: int):
    person = queries.get_special_for_user(request.user, person_id)
    actions.audit_special_view(request.user, [person], what="view")
    return person


@router.post("/special/{int:person_id}/visits", response={201: SpecialDetailOut}, summary=_("记录监管/帮扶走访"))
def add_visit(request, person_id: int, payload: VisitIn):
    person = queries.get_special_for_user(request.user, person_id)
    actions.record_special_visit(request.user, person, kind=payload.kind, visited_on=payload.visited_on,
                                 note=payload.note)
    return Status(201, person)


# --- petitions ----------------------------------------------------------------------------------


class PetitionOut(Schema):
    id: int
    village: str
    petitioner: str
    respondent_name: str
    subject: str
    state: str
    state_label: str
    received_on: datetime.date
    routing_due: datetime.date
    accepted_on: datetime.date | None
    handling_due: datetime.date | None
    extension_days: int
    extension_reason: str
    replied_on: datetime.date | None
    review_request_until: datetime.date | None
    review_requested_on: datetime.date | None
    reviewed_on: datetime.date | None
    recheck_request_until: datetime.date | None
    recheck_requested_on: datetime.date | None
    rechecked_on: datetime.date | None
    due_on: datetime.date | None
    overdue: bool
    same_matter_as_id: int | None

    @staticmethod
    def resolve_village(petition):
        return petition.region_id

    @staticmethod
    def resolve_petitioner(petition, context):
        # The person complained about never learns who petitioned (queries.petitioner_label).
        return queries.petitioner_label(petition, context["request"].user)

    @staticmethod
    def resolve_state_label(petition):
        return str(petition.get_state_display())

    @staticmethod
    def resolve_overdue(petition):
        return petition.is_overdue()


class PetitionIn(Schema):
    village: str = ""
    petitioner_id: int | None = None
    subject: str = ""
    facts: str = ""
    received_on: str | None = None
    respondent_name: str = ""
    respondent_user_id: int | None = None
    same_matter_as_id: int | None = None


class StepIn(Schema):
    on: str | None = None


class ExtendIn(Schema):
    days: int | None = None
    reason: str = ""


class RouteIn(Schema):
    routed_to: str = ""
    on: str | None = None


class OverdueOut(Schema):
    township: str
    name: str
    count: int


def _petition(request, pk):
    return queries.get_petition_for_user(request.user, pk)


@router.get("/petitions", response=list[PetitionOut],
            summary=_("信访代办事项,分页(overdue=true 只列逾期;state 按状态)"))
@paginate
def list_petitions(request, overdue: bool = False, state: str = ""):
    require_capability(request.user, "petition.view")
    queryset = queries.visible_petitions(request.user)
    if state:
        queryset = queryset.filter(state=state)
    if overdue:
        queryset = queryset.overdue()
    return queryset


@router.get("/petitions/overdue-by-township", response=list[OverdueOut], summary=_("逾期信访事项(按乡镇)"))
def overdue_by_township(request):
    require_capability(request.user, "petition.view")
    return [{"township": code, "name": name, "count": count}
            for code, name, count in queries.overdue_by_township(request.user)]


@router.post("/petitions", response={201: PetitionOut}, summary=_("代办员登记信访事项"))
def register_petition(request, payload: PetitionIn):
    village = _region(payload.village)
    petitioner = None
    if payload.petitioner_id is not None:
        petitioner = get_resident_for_user(request.user, payload.petitioner_id)
    same = None
    if payload.same_matter_as_id is not None:
        same = queries.get_petition_for_user(request.user, payload.same_matter_as_id)
    respondent = User.objects.filter(pk=payload.respondent_user_id).first() if payload.respondent_user_id else None
    petition = actions.register_petition(
        request.user, village=village, petitioner=petitioner, subject=payload.subject, facts=payload.facts,
        received_on=payload.received_on, respondent_name=payload.respondent_name, respondent_user=respondent,
        same_matter_as=same,
    )
    return Status(201, _petition(request, petition.pk))


@router.get("/petitions/{int:petition_id}", response=PetitionOut, summary=_("信访代办事项详情"))
def get_petition(request, petition_id: int):
    return _petition(request, petition_id)


@router.post("/petitions/{int:petition_id}/extend", response=PetitionOut, summary=_("延长办理期限(一次,≤30 日,附理由)"))
def extend(request, petition_id: int, payload: ExtendIn):
    actions.extend_petition(request.user, queries.get_petition_for_user(request.user, petition_id),
                            days=payload.days, reason=payload.reason)
    return _petition(request, petition_id)


@router.post("/petitions/{int:petition_id}/route", response=PetitionOut, summary=_("转送有权处理的机关"))
def route(request, petition_id: int, payload: RouteIn):
    actions.route_petition(request.user, queries.get_petition_for_user(request.user, petition_id),
                           routed_to=payload.routed_to, on=payload.on)
    return _petition(request, petition_id)


@router.post("/petitions/{int:petition_id}/steps/{step}", response=PetitionOut,
             summary=_("步骤:accept / reply / request_review / answer_review / request_recheck / answer_recheck"))
def step(request, petition_id: int, step: str, payload: StepIn):
    petition = queries.get_petition_for_user(request.user, petition_id)
    if step not in actions.PETITION_STEPS:
        raise Http404(_("没有这个步骤。"))
    actions.PETITION_STEPS[step](request.user, petition, on=payload.on)
    return _petition(request, petition_id)


# --- enforcement ----------------------------------------------------------------------------------


class CertificateOut(Schema):
    number: str
    expires_on: datetime.date


class OfficerOut(Schema):
    id: int
    region: str
    name: str
    user_id: int | None
    certificates: list[CertificateOut]

    @staticmethod
    def resolve_region(officer):
        return officer.region_id

    @staticmethod
    def resolve_certificates(officer):
        return list(officer.certificates.all())


class OfficerIn(Schema):
    region: str = ""
    name: str = ""
    user_id: int | None = None


class CertificateIn(Schema):
    number: str = ""
    expires_on: str | None = None


class TaskIn(Schema):
    region: str = ""
    title: str = ""


class TaskOut(Schema):
    id: int
    officer_id: int
    region: str
    title: str

    @staticmethod
    def resolve_region(task):
        return task.region_id


class CertificateRowOut(Schema):
    officer_id: int
    officer: str
    number: str
    expires_on: datetime.date

    @staticmethod
    def resolve_officer(certificate):
        return certificate.officer.name


class BoardOut(Schema):
    expired: list[CertificateRowOut]
    expiring: list[CertificateRowOut]


@router.get("/officers", response=list[OfficerOut], summary=_("综合行政执法人员,分页"))
@paginate
def list_officers(request):
    require_capability(request.user, "enforcement.view")
    return queries.visible_officers(request.user).prefetch_related("certificates")


@router.get("/officers/certificates", response=BoardOut, summary=_("已过期和 30 日内到期的执法证"))
def certificate_board(request):
    require_capability(request.user, "enforcement.view")
    return queries.certificate_board(request.user)


@router.post("/officers", response={201: OfficerOut}, summary=_("登记执法人员"))
def add_officer(request, payload: OfficerIn):
    user = User.objects.filter(pk=payload.user_id).first() if payload.user_id else None
    officer = actions.add_officer(request.user, region=_region(payload.region), name=payload.name, user=user)
    return Status(201, officer)


@router.post("/officers/{int:officer_id}/certificates", response={201: OfficerOut}, summary=_("登记执法证"))
def add_certificate(request, officer_id: int, payload: CertificateIn):
    officer = queries.get_officer_for_user(request.user, officer_id)
    actions.add_certificate(request.user, officer, number=payload.number, expires_on=payload.expires_on)
    return Status(201, officer)


class RenewIn(Schema):
    expires_on: str | None = None


@router.post("/officers/{int:officer_id}/certificates/{int:certificate_id}/renew", response=OfficerOut,
             summary=_("延续执法证有效期"))
def renew_certificate(request, officer_id: int, certificate_id: int, payload: RenewIn):
    officer = queries.get_officer_for_user(request.user, officer_id)
    certificate = officer.certificates.filter(pk=certificate_id).first()
    if certificate is None:
        raise Http404(_("未找到该记录。"))
    actions.renew_certificate(request.user, certificate, expires_on=payload.expires_on)
    return officer


@router.post("/officers/{int:officer_id}/tasks", response={201: TaskOut}, summary=_("分派执法任务(须持有效执法证)"))
def assign_task(request, officer_id: int, payload: TaskIn):
    officer = queries.get_officer_for_user(request.user, officer_id)
    task = actions.assign_enforcement_task(request.user, officer, region=_region(payload.region), title=payload.title)
    return Status(201, task)


# --- centres ----------------------------------------------------------------------------------------


class CentreOut(Schema):
    id: int
    region: str
    kind: str
    name: str
    standardised: bool
    standardised_on: datetime.date | None

    @staticmethod
    def resolve_region(centre):
        return centre.region_id


class CentreIn(Schema):
    region: str = ""
    kind: str = ""
    name: str = ""
    standardised: bool = False
    standardised_on: str | None = None


class StandardisationIn(Schema):
    standardised: bool = False
    standardised_on: str | None = None


class ShareOut(Schema):
    level: str
    kind: str
    kind_label: str
    total: int
    done: int
    share: float


@router.get("/centres", response=list[CentreOut], summary=_("综治中心与矛调中心,分页"))
@paginate
def list_centres(request):
    require_capability(request.user, "petition.view")
    return queries.visible_centres(request.user)


@router.get("/centres/share/{county}", response=list[ShareOut], summary=_("县内规范化建设完成比例"))
def centre_share(request, county: str):
    require_capability(request.user, "petition.view")
    return queries.standardisation_share(request.user, county)


@router.post("/centres", response={201: CentreOut}, summary=_("登记中心"))
def register_centre(request, payload: CentreIn):
    centre = actions.register_centre(
        request.user, region=_region(payload.region), kind=payload.kind, name=payload.name,
        standardised=payload.standardised, standardised_on=payload.standardised_on)
    return Status(201, centre)


@router.post("/centres/{int:centre_id}/standardisation", response=CentreOut, summary=_("更新规范化建设状态"))
def set_standardisation(request, centre_id: int, payload: StandardisationIn):
    centre = queries.visible_centres(request.user).filter(pk=centre_id).first()
    if centre is None:
        raise Http404(_("未找到该记录。"))
    return actions.set_centre_standardisation(
        request.user, centre, standardised=payload.standardised, standardised_on=payload.standardised_on)

